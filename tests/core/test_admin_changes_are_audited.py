"""A site administrator's change through Django's admin is in the audit trail of every partnership it
touches: for a shared organisation, each partnership that refers to it; for a person, their partnership."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from accord.accounts.models import User
from accord.core.models import AuditEntry
from accord.partners.models import Membership, Organisation, Person
from tests.conftest import PASSWORD


@pytest.fixture
def admin_client(db, settings) -> Client:
    settings.ACCORD_REQUIRE_2FA_FOR = []
    client = Client()
    client.force_login(User.objects.create_superuser("root@example.org", PASSWORD))
    return client


def test_renaming_a_shared_organisation_in_the_admin_is_in_both_trails(world, admin_client):
    org = Organisation.objects.create(name="Shared Trust", kind="charity")
    for partnership in (world.partnership, world.other):
        Membership.objects.create(partnership=partnership, organisation=org, joined=dt.date(2024, 1, 1))
    answer = admin_client.post(f"/admin/partners/organisation/{org.pk}/change/",
                               {"name": "Renamed Trust", "kind": "charity", "org_id": "", "website": "", "focus": ""})
    assert answer.status_code == 302, answer.content[:500]
    entries = AuditEntry.objects.filter(action="admin.organisation.changed", object_id=str(org.pk))
    assert {e.partnership_id for e in entries} == {world.partnership.pk, world.other.pk}
    assert all(e.actor.email == "root@example.org" and "name" in e.data for e in entries)


def test_deleting_a_person_in_the_admin_is_in_their_partnership_trail(world, admin_client):
    person = Person.objects.filter(partnership=world.partnership).first()
    answer = admin_client.post(f"/admin/partners/person/{person.pk}/delete/", {"post": "yes"})
    assert answer.status_code == 302
    entry = AuditEntry.objects.get(action="admin.person.deleted", object_id=str(person.pk))
    assert entry.partnership_id == world.partnership.pk


def test_every_partnership_record_in_the_admin_is_audited(world, admin_client):
    """Each admin page of a model that belongs to a partnership records its changes (core.admin.AuditedAdmin)."""
    from django.contrib import admin

    from accord.core.admin import AuditedAdmin, partnerships_of

    for model, model_admin in admin.site._registry.items():
        reaches = model._meta.label == "partners.Organisation" or any(
            f.many_to_one and f.related_model is not None and f.related_model._meta.label == "partners.Partnership"
            for f in model._meta.concrete_fields) or model._meta.label == "partners.Partnership"
        read_only = model._meta.label == "core.AuditEntry"  # the trail itself: nobody changes it
        if reaches and not read_only:
            assert isinstance(model_admin, AuditedAdmin), f"{model._meta.label}'s admin page is not audited"
    assert partnerships_of(Person.objects.filter(partnership=world.other).first()) == [world.other]
