"""An organisation another partnership uses in any way (not only as a member: as a funding stream's
funder, a funder role's organisation, ...) has shared facts one partnership may not change under it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accord.accounts.models import User
from accord.core.models import AuditEntry
from accord.delivery.models import FundingStream
from accord.partners import selectors, services
from accord.partners.models import Organisation, Role

ORG_ID = "GB-CHC-200001"


def _b_uses_as_funding_stream_funder(world) -> Organisation:
    org = Organisation.objects.create(name="Big Foundation", kind="funder", org_id=ORG_ID)
    FundingStream.objects.create(partnership=world.other, title="B grant", funder=org, amount=1000,
                                 start=dt.date(2024, 1, 1), end=dt.date(2026, 1, 1))
    return org


def _b_uses_as_funder_role(world) -> Organisation:
    org = Organisation.objects.create(name="Big Foundation", kind="funder", org_id=ORG_ID)
    grants = User.objects.create_user("grants@example.org", "pw-Long-enough-1")
    Role.objects.create(partnership=world.other, user=grants, role=Role.FUNDER, organisation=org)
    return org


FORM = {"org-name": "Renamed by A", "org-kind": "company", "org-org_id": ORG_ID,
        "org-website": "https://evil.example", "org-focus": "x", "m-joined": "2024-02-01", "m-local_role": ""}


@pytest.mark.parametrize("uses", [_b_uses_as_funding_stream_funder, _b_uses_as_funder_role])
def test_a_cannot_change_an_organisation_b_uses_without_a_membership(world, uses):
    org = uses(world)
    assert set(selectors.partnerships_referring_to(org)) == {world.other}
    client, pk = world.client("manager"), world.partnership.pk
    added = client.post(f"/p/{pk}/members/add/", {**FORM, "org-name": "whatever", "org-kind": "funder",
                                                  "org-website": "", "org-focus": ""})
    assert added.status_code == 302
    assert selectors.shared_elsewhere(org, world.partnership)
    page = client.get(f"/p/{pk}/organisations/{org.pk}/edit/").content.decode()
    assert "only a site administrator" in page and "disabled" in page
    client.post(f"/p/{pk}/organisations/{org.pk}/edit/", FORM)
    org.refresh_from_db()
    assert (org.name, org.kind, org.website) == ("Big Foundation", "funder", "")
    assert not AuditEntry.objects.filter(action="partners.organisation.changed").exists()

    org.name = "Renamed by A"
    with pytest.raises(ValidationError, match="Only a site administrator"):
        services.organisation_save(actor=world.users["manager"], organisation=org, partnership=world.partnership)
    assert Organisation.objects.get(pk=org.pk).name == "Big Foundation"


def test_a_site_administrators_change_is_in_the_trail_of_every_partnership_using_it(world):
    org = _b_uses_as_funding_stream_funder(world)
    boss = world.users["manager"]
    boss.is_superuser = True
    boss.save()
    client, pk = world.client("manager"), world.partnership.pk
    assert client.post(f"/p/{pk}/members/add/", {**FORM, "org-name": "x", "org-kind": "funder"}).status_code == 302
    assert client.post(f"/p/{pk}/organisations/{org.pk}/edit/", FORM).status_code == 302
    org.refresh_from_db()
    assert org.name == "Renamed by A"
    for p in (world.partnership, world.other):
        entry = AuditEntry.objects.get(partnership=p, action="partners.organisation.changed")
        assert entry.actor == boss and entry.data["name"] == ["Big Foundation", "Renamed by A"]


def test_an_organisation_only_a_funder_role_here_uses_is_not_shared(world):
    assert set(selectors.partnerships_referring_to(world.funder_org)) == {world.partnership}
    assert not selectors.shared_elsewhere(world.funder_org, world.partnership)
    assert selectors.shared_elsewhere(world.funder_org, world.other)


def test_every_relation_to_an_organisation_inside_a_partnership_is_counted():
    refs = {(model._meta.label, field) for model, field, _ in selectors._organisation_references()}
    for expected in [("partners.Membership", "organisation"), ("partners.Role", "organisation"),
                     ("partners.Person", "organisation"), ("delivery.FundingStream", "funder"),
                     ("delivery.FundingStream_partners", "organisation"), ("governance.Position", "organisation")]:
        assert expected in refs
