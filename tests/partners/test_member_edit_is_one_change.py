"""Editing a member changes its organisation and its membership together or not at all."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from accord.core.models import AuditEntry
from accord.partners import services
from accord.partners.models import Organisation


def _form(org: Organisation, **extra: Any) -> dict[str, Any]:
    return {"org-name": "Alpha Renamed", "org-kind": org.kind, "org-org_id": org.org_id,
            "org-website": org.website, "org-focus": org.focus, "m-joined": "2024-01-01", "m-left": "",
            "m-local_role": "", **extra}


def test_a_refused_membership_leaves_the_organisation_unchanged(world, monkeypatch):
    org = world.org_a
    entries = AuditEntry.objects.count()

    def refuse(**kwargs: Any) -> None:
        raise ValidationError("The membership could not be saved.")

    monkeypatch.setattr(services, "membership_update", refuse)
    page = world.client("manager").post(f"/p/{world.partnership.pk}/organisations/{org.pk}/edit/", _form(org))
    assert page.status_code == 200 and "The membership could not be saved." in page.content.decode()
    org.refresh_from_db()
    assert org.name != "Alpha Renamed"  # the organisation's rename was rolled back with the membership
    assert AuditEntry.objects.count() == entries


def test_an_accepted_edit_changes_both(world):
    org = world.org_a
    response = world.client("manager").post(f"/p/{world.partnership.pk}/organisations/{org.pk}/edit/",
                                            _form(org, **{"m-local_role": "Host"}))
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name == "Alpha Renamed"
    assert world.partnership.memberships.get(organisation=org).local_role == "Host"
