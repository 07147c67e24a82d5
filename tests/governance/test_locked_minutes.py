"""Approved minutes are locked: no new agenda item, note, decision or action on that meeting, whether
from the pages or the API (one rule, in the service both call). Partners can still give positions
on its decisions and update its actions, and corrections are amendments."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accord.governance import services
from accord.governance.models import Action, AgendaItem, Decision, Note

from .conftest import meeting_on


@pytest.fixture
def locked(world, series):
    manager = world.users["manager"]
    january, february = meeting_on(series, dt.date(2024, 1, 2)), meeting_on(series, dt.date(2024, 2, 6))
    services.agenda_item_add(actor=manager, meeting=january, title="Referral pathway")
    services.decision_add(actor=manager, meeting=january, proposal="Adopt the form", needs_consensus=True)
    services.action_add(actor=manager, meeting=january, title="Send data", owner=world.people["leader_b"],
                        due=dt.date(2024, 2, 1))
    services.minutes_approve(actor=manager, meeting=january, at_meeting=february)
    january.refresh_from_db()
    return january


def _counts(meeting):
    return (AgendaItem.objects.filter(meeting=meeting).count(), Note.objects.filter(meeting=meeting).count(),
            Decision.objects.filter(meeting=meeting).count(), Action.objects.filter(meeting=meeting).count())


def test_the_services_refuse_new_records_on_locked_minutes(world, locked):
    manager, before = world.users["manager"], _counts(locked)
    attempts = [
        lambda: services.agenda_item_add(actor=manager, meeting=locked, title="Late item"),
        lambda: services.note_add(actor=manager, meeting=locked, text="Late note"),
        lambda: services.decision_add(actor=manager, meeting=locked, proposal="Late decision"),
        lambda: services.action_add(actor=manager, meeting=locked, title="Late action",
                                    owner=world.people["leader_a"], due=dt.date(2024, 3, 1)),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="approved and are locked"):
            attempt()
    assert _counts(locked) == before


def test_the_pages_refuse_them_with_the_message_and_save_nothing(world, locked):
    client, base, before = world.client("manager"), f"/p/{world.partnership.pk}/meetings/{locked.pk}", _counts(locked)
    posts = {
        "agenda/add/": {"title": "Late item", "minutes_allotted": "15"},
        "notes/add/": {"text": "Late note"},
        "decisions/add/": {"proposal": "Late decision"},
        "actions/add/": {"title": "Late action", "owner": world.people["leader_a"].pk, "due": "2024-03-01"},
    }
    for path, data in posts.items():
        response = client.post(f"{base}/{path}", data)
        assert response.status_code == 200, path
        assert "approved and are locked" in response.content.decode(), path
    assert _counts(locked) == before
    page = client.get(locked.get_absolute_url()).content.decode()
    assert "Add an agenda item" not in page and "Add a note" not in page and "Amend the minutes" in page


def test_the_api_refuses_them_with_422(world, locked):
    client, base, before = world.client("manager"), f"/api/partnerships/{world.partnership.pk}/meetings/{locked.pk}", \
        _counts(locked)
    posts = {
        "agenda": {"title": "Late item"},
        "notes": {"text": "Late note"},
        "decisions": {"proposal": "Late decision"},
        "actions": {"title": "Late action", "owner_id": world.people["leader_a"].pk, "due": "2024-03-01"},
    }
    for path, data in posts.items():
        response = client.post(f"{base}/{path}", data, content_type="application/json")
        assert response.status_code == 422, path
        assert "approved and are locked" in str(response.json()["detail"]), path
    assert _counts(locked) == before


def test_positions_and_action_updates_still_go_on_after_approval(world, locked):
    decision, action = locked.decisions.get(), locked.actions.get()
    services.position_record(actor=world.users["leader_a"], decision=decision, organisation=world.org_a,
                             stance="agree")
    services.action_update(actor=world.users["leader_b"], action=action, status="done",
                           completed_on=dt.date(2024, 1, 30))
    assert decision.positions.count() == 1
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
