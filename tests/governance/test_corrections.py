"""Correcting a meeting's record: notes, agenda items and decisions can be deleted (and the delete undone
for a while), actions reassigned and re-dated, a cancelled meeting reinstated; all refused with the
reason once the minutes are approved, from the services, the pages and the API alike, and each audited."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accord.core.models import AuditEntry
from accord.governance import services
from accord.governance.models import Action, AgendaItem, Decision, Meeting, Note, Position
from accord.governance.services import corrections

from .conftest import meeting_on

JAN, FEB = dt.date(2024, 1, 2), dt.date(2024, 2, 6)


@pytest.fixture
def record(world, series):
    manager = world.users["manager"]
    meeting = meeting_on(series, JAN)
    item = services.agenda_item_add(actor=manager, meeting=meeting, title="Referral pathway")
    note = services.note_add(actor=manager, meeting=meeting, text="Beta to share the numbers", item=item)
    decision = services.decision_add(actor=manager, meeting=meeting, proposal="Adopt the form", item=item)
    services.position_record(actor=manager, decision=decision, organisation=world.org_a, stance="agree")
    action = services.action_add(actor=manager, meeting=meeting, title="Send data", owner=world.people["leader_b"],
                                 due=dt.date(2024, 2, 1), item=item)
    return meeting, item, note, decision, action


def _approve(series):
    services.minutes_approve(actor=None, meeting=meeting_on(series, JAN), at_meeting=meeting_on(series, FEB))


def test_a_deleted_note_is_audited_and_undone_by_its_author(world, record):
    meeting, _, note, _, _ = record
    manager, text, item_id = world.users["manager"], note.text, note.item_id
    note_pk = note.pk
    entry = corrections.note_delete(actor=manager, note=note)
    assert not Note.objects.filter(pk=note_pk).exists()
    assert entry.action == "governance.note.deleted" and entry.data["note"] == "Beta to share the numbers"
    from accord.core import undo

    with pytest.raises(ValidationError, match="Only the person who made"):
        undo.undo(actor=world.users["leader_a"], entry=entry)
    undo.undo(actor=manager, entry=entry)
    back = Note.objects.get(pk=note_pk)
    assert back.text == text and back.item_id == item_id
    assert AuditEntry.objects.filter(action="governance.note.restored", data__undoes=entry.pk).exists()
    with pytest.raises(ValidationError, match="already been undone"):
        undo.undo(actor=manager, entry=entry)


def test_undo_is_offered_only_for_a_while(world, record, settings):
    from accord.core import undo

    note_pk = record[2].pk
    entry = corrections.note_delete(actor=world.users["manager"], note=record[2])
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=entry.created_at - dt.timedelta(minutes=16))
    entry.refresh_from_db()
    with pytest.raises(ValidationError, match="15 minutes"):
        undo.undo(actor=world.users["manager"], entry=entry)
    assert not Note.objects.filter(pk=note_pk).exists()


def test_deleting_an_agenda_item_keeps_its_outcomes_and_undo_puts_them_back_under_it(world, record):
    from accord.core import undo

    meeting, item, note, decision, action = record
    item_pk = item.pk
    entry = corrections.agenda_item_delete(actor=world.users["manager"], item=item)
    assert Note.objects.get(pk=note.pk).item_id is None and Action.objects.get(pk=action.pk).item_id is None
    undo.undo(actor=world.users["manager"], entry=entry)
    assert AgendaItem.objects.get(pk=item_pk).title == "Referral pathway"
    assert Decision.objects.get(pk=decision.pk).item_id == item_pk and Note.objects.get(pk=note.pk).item_id == item_pk


def test_a_deleted_decision_comes_back_with_its_positions(world, record):
    from accord.core import undo

    decision = record[3]
    decision_pk = decision.pk
    entry = corrections.decision_delete(actor=world.users["manager"], decision=decision)
    assert entry.data["positions"] == 1 and not Position.objects.filter(decision_id=decision_pk).exists()
    undo.undo(actor=world.users["manager"], entry=entry)
    assert Position.objects.get(decision_id=decision_pk).stance == "agree"


def test_approved_minutes_lock_every_delete_and_the_undo(world, series, record):
    _, item, note, decision, _ = record
    manager = world.users["manager"]
    entry = corrections.note_delete(actor=manager, note=Note.objects.get(pk=note.pk))
    _approve(series)
    for attempt in (lambda: corrections.agenda_item_delete(actor=manager, item=item),
                    lambda: corrections.decision_delete(actor=manager, decision=decision)):
        with pytest.raises(ValidationError, match="minutes of .* were approved"):
            attempt()
    from accord.core import undo

    with pytest.raises(ValidationError, match="were approved"):
        undo.undo(actor=manager, entry=entry)
    assert AgendaItem.objects.filter(pk=item.pk).exists() and Decision.objects.filter(pk=decision.pk).exists()


def test_an_action_is_reassigned_and_redated_with_the_change_audited(world, record):
    action = record[4]
    corrections.action_correct(actor=world.users["manager"], action=action, owner=world.people["staff_a"],
                               due=dt.date(2024, 3, 1))
    action.refresh_from_db()
    assert (action.owner, action.organisation, action.due) == (world.people["staff_a"], world.org_a,
                                                               dt.date(2024, 3, 1))
    entry = AuditEntry.objects.get(action="governance.action.corrected")
    assert entry.data["owner"] == ["Leader B", "Staff A"] and entry.data["due"] == ["2024-02-01", "2024-03-01"]


def test_an_action_is_not_redated_before_its_meeting_nor_once_done(world, record):
    action = record[4]
    with pytest.raises(ValidationError, match="before its meeting"):
        corrections.action_correct(actor=None, action=action, due=dt.date(2023, 12, 1))
    with pytest.raises(ValidationError, match="another partnership|Choose people"):
        corrections.action_correct(actor=None, action=action, owner=world.people["outsider"])
    services.action_update(actor=None, action=action, status="done", completed_on=dt.date(2024, 1, 20))
    with pytest.raises(ValidationError, match="is done"):
        corrections.action_correct(actor=None, action=action, due=dt.date(2024, 3, 1))
    action.refresh_from_db()
    assert action.due == dt.date(2024, 2, 1) and action.owner == world.people["leader_b"]


def test_a_cancelled_meeting_is_reinstated(world, series):
    meeting = meeting_on(series, FEB)
    services.meeting_cancel(actor=None, meeting=meeting, notify=False)
    corrections.meeting_reinstate(actor=world.users["manager"], meeting=meeting, notify=False)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED and meeting.sequence == 2
    assert AuditEntry.objects.filter(action="governance.meeting.reinstated").count() == 1
    with pytest.raises(ValidationError, match="not cancelled"):
        corrections.meeting_reinstate(actor=None, meeting=meeting, notify=False)


# ---- pages -------------------------------------------------------------------------------------------

def test_the_page_asks_before_deleting_then_offers_undo(world, record):
    meeting, _, note, _, _ = record
    client, url = world.client("manager"), f"/p/{world.partnership.pk}/meetings/notes/{note.pk}/delete/"
    page = client.get(url).content.decode()
    assert "Delete this note?" in page and "Beta to share the numbers" in page and Note.objects.filter(pk=note.pk)
    page = client.post(url, follow=True).content.decode()
    assert "The note is deleted." in page and ">Undo</button>" in page
    entry = AuditEntry.objects.get(action="governance.note.deleted")
    client.post(f"/p/{world.partnership.pk}/undo/{entry.pk}/", {"next": meeting.get_absolute_url()})
    assert Note.objects.filter(pk=note.pk).exists()


def test_the_pages_refuse_on_approved_minutes_with_the_reason(world, series, record):
    _, item, note, decision, _ = record
    _approve(series)
    client, base = world.client("manager"), f"/p/{world.partnership.pk}/meetings"
    for path in (f"notes/{note.pk}", f"agenda/{item.pk}", f"decisions/{decision.pk}"):
        page = client.get(f"{base}/{path}/delete/").content.decode()
        assert "were approved" in page and "Delete the" not in page, path
        page = client.post(f"{base}/{path}/delete/", follow=True).content.decode()
        assert "were approved" in page, path
    assert Note.objects.filter(pk=note.pk).exists() and Decision.objects.filter(pk=decision.pk).exists()


def test_cancelling_a_meeting_asks_first(world, series):
    meeting = meeting_on(series, FEB)
    client, url = world.client("manager"), f"/p/{world.partnership.pk}/meetings/{meeting.pk}/cancel/"
    page = client.get(url).content.decode()
    assert "Cancel the meeting" in page and "e-mailed a cancellation" in page
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED


def test_only_the_manager_corrects(world, record):
    _, _, note, _, action = record
    for persona in ("leader_a", "staff_b", "funder"):
        client = world.client(persona)
        assert client.post(f"/p/{world.partnership.pk}/meetings/notes/{note.pk}/delete/").status_code == 403
        assert client.post(f"/p/{world.partnership.pk}/meetings/actions/{action.pk}/correct/",
                           {"owner": world.people["staff_a"].pk, "due": "2024-03-01"}).status_code == 403
    assert Note.objects.filter(pk=note.pk).exists()


def test_the_action_page_reassigns(world, record):
    action = record[4]
    client = world.client("manager")
    response = client.post(f"/p/{world.partnership.pk}/meetings/actions/{action.pk}/correct/",
                           {"owner": world.people["staff_b"].pk, "due": "2024-02-20"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.owner == world.people["staff_b"] and action.due == dt.date(2024, 2, 20)


# ---- API -----------------------------------------------------------------------------------------------

def test_the_api_deletes_and_undoes(world, record):
    note = record[2]
    client = world.client("manager")
    response = client.delete(f"/api/partnerships/{world.partnership.pk}/notes/{note.pk}")
    assert response.status_code == 200 and response.json()["undo_until"]
    entry_id = response.json()["entry_id"]
    response = client.post(f"/api/partnerships/{world.partnership.pk}/undo/{entry_id}")
    assert response.status_code == 200 and Note.objects.filter(pk=note.pk).exists()


def test_the_api_refuses_on_approved_minutes_with_422_and_changes_nothing(world, series, record):
    _, item, note, decision, _ = record
    _approve(series)
    client, base = world.client("manager"), f"/api/partnerships/{world.partnership.pk}"
    for path in (f"notes/{note.pk}", f"agenda-items/{item.pk}", f"decisions/{decision.pk}"):
        response = client.delete(f"{base}/{path}")
        assert response.status_code == 422 and "were approved" in response.json()["detail"], path
    assert Note.objects.filter(pk=note.pk).exists() and AgendaItem.objects.filter(pk=item.pk).exists()


def test_the_api_reassigns_reinstates_and_refuses_another_partnerships_person(world, series, record):
    action = record[4]
    client, base = world.client("manager"), f"/api/partnerships/{world.partnership.pk}"
    response = client.post(f"{base}/actions/{action.pk}/correction", {"owner_id": world.people["outsider"].pk},
                           content_type="application/json")
    assert response.status_code == 422 and "owner_id" in str(response.json())
    response = client.post(f"{base}/actions/{action.pk}/correction",
                           {"owner_id": world.people["staff_a"].pk, "due": "2024-03-04"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["due"] == "2024-03-04"
    meeting = meeting_on(series, FEB)
    services.meeting_cancel(actor=None, meeting=meeting, notify=False)
    response = client.post(f"{base}/meetings/{meeting.pk}/reinstate")
    assert response.status_code == 200 and response.json()["status"] == "scheduled"
    response = client.post(f"{base}/meetings/{meeting.pk}/reinstate")
    assert response.status_code == 422 and "not cancelled" in response.json()["detail"]


def test_stopping_a_calendar_address_asks_first(world):
    from accord.governance.models import CalendarFeed

    feed, _ = services.feed_issue(actor=world.users["leader_a"], partnership=world.partnership, scope="partnership")
    client, url = world.client("leader_a"), f"/p/{world.partnership.pk}/meetings/calendar/{feed.pk}/revoke/"
    assert "Stop the address" in client.get(url).content.decode()
    assert CalendarFeed.objects.get(pk=feed.pk).active
    client.post(url)
    assert not CalendarFeed.objects.get(pk=feed.pk).active
