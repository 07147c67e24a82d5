"""A leader's departure becomes a change event and a handover where the change is made (partners'
person_save, used by the People page, invitations and the API; the admin's Person page), in the same
transaction, rather than from a hidden post_save hook."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from accord.accounts.models import User
from accord.core import registry
from accord.health.models import ChangeEvent, Handover
from tests.conftest import PASSWORD


def _left(world: Any) -> list[ChangeEvent]:
    return list(ChangeEvent.objects.filter(partnership=world.partnership, kind="leader_left"))


def _person_form(person: Any, **extra: Any) -> dict[str, Any]:
    return {"name": person.name, "organisation": person.organisation_id, "job_title": person.job_title,
            "seniority": person.seniority, "email": person.email, "start_date": person.start_date.isoformat(),
            "end_date": "", **extra}


def test_the_people_page_records_the_departure_and_opens_a_handover(world, fake):
    leader = world.people["leader_b"]
    response = world.client("manager").post(f"/p/{world.partnership.pk}/people/{leader.pk}/edit/",
                                            _person_form(leader, end_date="2026-01-31"))
    assert response.status_code == 302
    assert [(e.date, e.person_id) for e in _left(world)] == [(dt.date(2026, 1, 31), leader.pk)]
    assert Handover.objects.filter(partnership=world.partnership, leaving=leader).exists()


def test_the_admin_person_page_does_the_same(world, fake, settings):
    settings.ACCORD_REQUIRE_2FA_FOR = []
    leader = world.people["leader_b"]
    admin = Client()
    admin.force_login(User.objects.create_superuser("root@example.org", PASSWORD))
    form = {**_person_form(leader, end_date="2026-01-31"), "partnership": world.partnership.pk, "user": ""}
    response = admin.post(f"/admin/partners/person/{leader.pk}/change/", form)
    assert response.status_code == 302, response.content[:800]
    assert len(_left(world)) == 1
    assert Handover.objects.filter(partnership=world.partnership, leaving=leader).exists()


def test_a_failing_follow_up_leaves_the_person_unchanged(world, fake, monkeypatch):
    def broken(person: Any) -> None:
        raise RuntimeError("health is down")

    monkeypatch.setitem(registry.PERSON_FOLLOW_UPS, "health", broken)
    leader = world.people["leader_b"]
    with pytest.raises(RuntimeError):
        world.client("manager").post(f"/p/{world.partnership.pk}/people/{leader.pk}/edit/",
                                     _person_form(leader, end_date="2026-01-31"))
    leader.refresh_from_db()
    assert leader.end_date is None  # one transaction: the change and what follows it, or neither


def test_health_registers_its_follow_up():
    from accord.health.services import derive_person_events

    assert registry.PERSON_FOLLOW_UPS.get("health") is derive_person_events
