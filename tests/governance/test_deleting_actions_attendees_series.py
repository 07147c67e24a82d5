"""An action, someone added to one meeting, or a whole series set up by mistake can be removed: asked first,
audited, refused with the reason once the record is fixed (approved minutes, an action done, a meeting with
records), the same from the API, and (actions, attendees) undone for a while."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from accord.core import undo
from accord.core.models import AuditEntry
from accord.governance import services
from accord.governance.models import Action, Attendance, Meeting, MeetingSeries

from .conftest import meeting_on

JAN, FEB = dt.date(2024, 1, 2), dt.date(2024, 2, 6)


@pytest.fixture
def action(world, series):
    return services.action_add(actor=None, meeting=meeting_on(series, JAN), title="Send data",
                               owner=world.people["leader_b"], due=dt.date(2024, 2, 1))


def test_an_action_is_deleted_after_asking_and_undone(world, action):
    client, p = world.client("manager"), world.partnership.pk
    assert "Delete the action</button>" in client.get(f"/p/{p}/meetings/actions/{action.pk}/delete/").content.decode()
    response = client.post(f"/p/{p}/meetings/actions/{action.pk}/delete/", follow=True)
    assert ">Undo</button>" in response.content.decode() and not Action.objects.filter(pk=action.pk).exists()
    entry = AuditEntry.objects.get(action="governance.action.deleted", partnership=world.partnership)
    undo.undo(actor=world.users["manager"], entry=entry)
    assert Action.objects.get(pk=action.pk).title == "Send data"


def test_an_action_done_or_under_approved_minutes_is_not_deleted(world, series, action):
    client, p = world.client("manager"), world.partnership.pk
    services.action_update(actor=None, action=action, status="done", completed_on=dt.date(2024, 1, 20))
    response = client.delete(f"/api/partnerships/{p}/actions/{action.pk}")
    assert response.status_code == 422 and "Set it back to open" in response.json()["detail"]
    services.action_update(actor=None, action=action, status="open")
    services.minutes_approve(actor=None, meeting=meeting_on(series, JAN), at_meeting=meeting_on(series, FEB))
    assert "approved" in client.get(f"/p/{p}/meetings/actions/{action.pk}/delete/").content.decode()
    assert client.delete(f"/api/partnerships/{p}/actions/{action.pk}").status_code == 422
    assert Action.objects.filter(pk=action.pk).exists()


def test_only_the_manager_deletes_an_action(world, action):
    p = world.partnership.pk
    for persona in ("leader_b", "staff_b", "funder"):
        assert world.client(persona).post(f"/p/{p}/meetings/actions/{action.pk}/delete/").status_code == 403
        assert world.client(persona).delete(f"/api/partnerships/{p}/actions/{action.pk}").status_code == 403
    assert world.client("outsider").delete(f"/api/partnerships/{p}/actions/{action.pk}").status_code == 404
    assert Action.objects.filter(pk=action.pk).exists()


def _coming(series) -> Meeting:
    return series.meetings.filter(start__gt=timezone.now()).order_by("start").first()


@pytest.fixture
def future_series(world):
    return services.series_create(actor=None, partnership=world.partnership, title="Board", notify=False,
                                  rrule="FREQ=MONTHLY;BYDAY=1TU", starts_on=timezone.localdate())


def test_someone_added_by_mistake_is_removed_told_and_put_back(world, future_series, settings,
                                                              django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    meeting, staff = _coming(future_series), world.people["staff_a"]
    row = services.attendee_add(actor=None, meeting=meeting, person=staff, notify=False)
    client, p = world.client("manager"), world.partnership.pk
    assert f"/p/{p}/meetings/attendance/{row.pk}/remove/" in client.get(meeting.get_absolute_url()).content.decode()
    with_cancel = client.get(f"/p/{p}/meetings/attendance/{row.pk}/remove/").content.decode()
    assert "invitation is withdrawn" in with_cancel
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.delete(f"/api/partnerships/{p}/meetings/{meeting.pk}/attendees/{staff.pk}")
    assert response.status_code == 200 and not Attendance.objects.filter(pk=row.pk).exists()
    assert [m.to for m in mail.outbox] == [[staff.email]] and "METHOD:CANCEL" in mail.outbox[0].attachments[0][1]
    assert "invitation to Board" in mail.outbox[0].body and "withdrawn" in mail.outbox[0].subject
    undo.undo(actor=world.users["manager"], entry=AuditEntry.objects.get(pk=response.json()["entry_id"]))
    assert Attendance.objects.get(pk=row.pk).person == staff


def test_someone_the_series_expects_is_not_removed_from_one_meeting(world, future_series):
    meeting = _coming(future_series)
    row = meeting.attendance.get(person=world.people["leader_b"])
    p = world.partnership.pk
    response = world.client("manager").delete(
        f"/api/partnerships/{p}/meetings/{meeting.pk}/attendees/{row.person_id}")
    assert response.status_code == 422 and "expected at every meeting" in response.json()["detail"]
    assert world.client("leader_b").post(f"/p/{p}/meetings/attendance/{row.pk}/remove/").status_code == 403
    assert Attendance.objects.filter(pk=row.pk).exists()


def test_a_series_set_up_by_mistake_is_deleted_and_everyone_told(world, future_series, settings,
                                                                 django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client, p = world.client("manager"), world.partnership.pk
    assert "Delete the series</button>" in client.get(f"/p/{p}/meetings/series/{future_series.pk}/delete/").content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/p/{p}/meetings/series/{future_series.pk}/delete/")
    assert not MeetingSeries.objects.filter(pk=future_series.pk).exists()
    assert not Meeting.objects.filter(series_id=future_series.pk).exists()
    assert {m.to[0] for m in mail.outbox} == {world.people["leader_a"].email, world.people["leader_b"].email}
    assert "METHOD:CANCEL" in mail.outbox[0].attachments[0][1] and "series was removed" in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="governance.series.deleted", partnership=world.partnership).exists()


def test_a_series_with_records_is_not_deleted(world, series, action):
    client, p = world.client("manager"), world.partnership.pk
    assert "give the series an end date" in client.get(f"/p/{p}/meetings/series/{series.pk}/delete/").content.decode()
    response = client.delete(f"/api/partnerships/{p}/meeting-series/{series.pk}")
    assert response.status_code == 422 and "has records" in response.json()["detail"]
    assert world.client("leader_a").delete(f"/api/partnerships/{p}/meeting-series/{series.pk}").status_code == 403
    assert MeetingSeries.objects.filter(pk=series.pk).exists()
