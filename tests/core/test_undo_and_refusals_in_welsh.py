"""Undo's messages and the 403 page's refusals speak the page's language; the English is as it was."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.utils import translation

from accord.core import policy, undo
from accord.health import corrections, services
from accord.partners.models import Role


@pytest.fixture
def deleted(world):
    event = services.event_create(
        actor=None,
        partnership=world.partnership,
        kind="policy_change",
        date=dt.date(2024, 5, 1),
        note="New duty.",
    )
    return corrections.event_delete(actor=world.users["manager"], event=event)


def test_undo_is_refused_and_done_in_welsh(world, deleted):
    other_manager = world.users["leader_a"]
    Role.objects.filter(partnership=world.partnership, user=other_manager).update(role=Role.MANAGER)
    policy.forget(other_manager)
    url = f"/p/{world.partnership.pk}/undo/{deleted.pk}/"
    refused = html.unescape(world.client("leader_a").post(url + "?lang=cy", follow=True).content.decode())
    assert "Dim ond y person a wnaeth y newid hwn all ei ddadwneud." in refused
    assert "Only the person who made this change" not in refused
    done = html.unescape(world.client("manager").post(url + "?lang=cy", follow=True).content.decode())
    assert "Wedi'i ddadwneud:" in done and "Undone:" not in done
    again = html.unescape(world.client("manager").post(url + "?lang=en", follow=True).content.decode())
    assert "This change has already been undone." in again


@pytest.mark.parametrize(
    ("minutes", "english", "welsh"),
    [
        (1, "Undo is offered for 1 minute after a change", "am 1 munud ar ôl newid"),
        (2, "Undo is offered for 2 minutes after a change", "am 2 funud ar ôl newid"),
        (10, "Undo is offered for 10 minutes after a change", "am 10 munud ar ôl newid"),
    ],
)
def test_too_late_to_undo_takes_plurals(world, deleted, settings, minutes, english, welsh):
    settings.ACCORD_UNDO_MINUTES = minutes
    later = deleted.created_at + dt.timedelta(minutes=minutes + 1)
    with translation.override("en"):
        assert undo.refusal(deleted, world.users["manager"], now=later).startswith(english)
    with translation.override("cy"):
        assert welsh in undo.refusal(deleted, world.users["manager"], now=later)


def test_the_403_page_says_why_in_welsh(world):
    client = world.client("staff_a")
    welsh = html.unescape(client.get(f"/p/{world.partnership.pk}/audit/", {"lang": "cy"}).content.decode())
    assert "Dim ond rheolwr y bartneriaeth all weld y trywydd archwilio." in welsh
    assert "Only the partnership manager" not in welsh
    english = html.unescape(client.get(f"/p/{world.partnership.pk}/audit/", {"lang": "en"}).content.decode())
    assert "Only the partnership manager can see the audit trail." in english
