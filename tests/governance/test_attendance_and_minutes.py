"""Attendance is recorded for the people expected (or added); minutes are drafted, approved at a later
meeting and locked, and a later correction is a visible amendment beside the original."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accord.governance import services
from accord.governance.models import Attendance

from .conftest import meeting_on


def _rows(meeting):
    return {a.person.name: (a.status, a.delegate_name) for a in meeting.attendance.select_related("person")}


def test_attendance_is_recorded_with_a_named_delegate(world, series):
    meeting = meeting_on(series, dt.date(2024, 2, 6))
    services.attendance_record(actor=world.users["manager"], meeting=meeting, records=[
        (world.people["leader_a"], "attended", ""), (world.people["leader_b"], "delegate", "Bea Deputy")])
    assert _rows(meeting) == {"Leader A": ("attended", ""), "Leader B": ("delegate", "Bea Deputy")}


def test_attendance_for_someone_not_expected_is_refused_and_saves_nothing(world, series):
    meeting = meeting_on(series, dt.date(2024, 2, 6))
    with pytest.raises(ValidationError, match="Staff A is not expected at this meeting. Add them"):
        services.attendance_record(actor=world.users["manager"], meeting=meeting, records=[
            (world.people["leader_a"], "attended", ""), (world.people["staff_a"], "attended", "")])
    assert _rows(meeting) == {"Leader A": ("", ""), "Leader B": ("", "")}
    services.attendee_add(actor=world.users["manager"], meeting=meeting, person=world.people["staff_a"])
    services.attendance_record(actor=world.users["manager"], meeting=meeting,
                               records=[(world.people["staff_a"], "attended", "")])
    assert _rows(meeting)["Staff A"] == ("attended", "")
    assert not meeting.attendance.get(person=world.people["staff_a"]).expected


def test_someone_outside_the_partnership_cannot_be_added(world, series):
    meeting = meeting_on(series, dt.date(2024, 2, 6))
    with pytest.raises(ValidationError, match="recorded in this partnership"):  # and not named
        services.attendee_add(actor=world.users["manager"], meeting=meeting, person=world.people["outsider"])


def test_a_delegate_must_be_named(world, series):
    meeting = meeting_on(series, dt.date(2024, 2, 6))
    with pytest.raises(ValidationError, match="Name the delegate Leader B sent"):
        services.attendance_record(actor=world.users["manager"], meeting=meeting,
                                   records=[(world.people["leader_b"], "delegate", " ")])


def test_before_a_meeting_only_apologies_can_be_recorded(world, series):
    meeting = series.meetings.filter(start__gt=dt.datetime.now(dt.UTC)).first()
    with pytest.raises(ValidationError, match="has not started yet"):
        services.attendance_record(actor=world.users["manager"], meeting=meeting,
                                   records=[(world.people["leader_a"], "attended", "")])
    services.attendance_record(actor=world.users["manager"], meeting=meeting,
                               records=[(world.people["leader_a"], "apologies", "")])
    assert meeting.attendance.get(person=world.people["leader_a"]).status == Attendance.Status.APOLOGIES


def test_the_attendance_page_reports_the_problem_and_saves_nothing(world, series):
    meeting = meeting_on(series, dt.date(2024, 2, 6))
    url = f"/p/{world.partnership.pk}/meetings/{meeting.pk}/attendance/"
    a, b = world.people["leader_a"].pk, world.people["leader_b"].pk
    response = world.client("manager").post(url, {f"status-{a}": "attended", f"status-{b}": "delegate"})
    assert response.status_code == 200 and "Name the delegate Leader B sent" in response.content.decode()
    assert _rows(meeting)["Leader A"] == ("", "")
    response = world.client("manager").post(url, {f"status-{a}": "attended", f"status-{b}": "delegate",
                                                  f"delegate-{b}": "Bea Deputy"})
    assert response.status_code == 302
    assert _rows(meeting)["Leader B"] == ("delegate", "Bea Deputy")


def test_minutes_are_locked_once_approved_and_corrected_by_amendment(world, series):
    manager = world.users["manager"]
    january, february = meeting_on(series, dt.date(2024, 1, 2)), meeting_on(series, dt.date(2024, 2, 6))
    item = services.agenda_item_add(actor=manager, meeting=january, title="Referral pathway", minutes_allotted=30,
                                    owner=world.people["leader_b"], papers=["https://example.org/paper.pdf"])
    services.minutes_save(actor=manager, item=item, text="Agreed to pilot in two areas.")
    with pytest.raises(ValidationError, match="later meeting"):
        services.minutes_approve(actor=manager, meeting=february, at_meeting=january)
    services.minutes_approve(actor=manager, meeting=january, at_meeting=february)
    january.refresh_from_db()
    assert january.minutes_locked and january.minutes_approved_at == february

    with pytest.raises(ValidationError, match="approved and are locked"):
        services.minutes_save(actor=manager, item=item, text="Agreed to pilot in three areas.")
    item.refresh_from_db()
    assert item.minutes == "Agreed to pilot in two areas."

    services.minutes_amend(actor=manager, item=item, text="Agreed to pilot in three areas.",
                           reason="The count was wrong")
    item.refresh_from_db()
    assert item.minutes == "Agreed to pilot in two areas."  # the original stays
    page = world.client("staff_b").get(january.get_absolute_url()).content.decode()
    assert "Agreed to pilot in two areas." in page
    assert "Amendment" in page and "The count was wrong" in page and "three areas" in page


def test_an_agenda_paper_must_be_a_web_address(world, series):
    meeting = meeting_on(series, dt.date(2024, 1, 2))
    with pytest.raises(ValidationError, match="not a web address"):
        services.agenda_item_add(actor=world.users["manager"], meeting=meeting, title="Budget",
                                 papers=["budget.xlsx"])
    assert not meeting.agenda.exists()


def test_a_meeting_with_recorded_attendance_cannot_be_cancelled(world, series):
    meeting = meeting_on(series, dt.date(2024, 2, 6))
    services.attendance_record(actor=world.users["manager"], meeting=meeting,
                               records=[(world.people["leader_a"], "attended", "")])
    with pytest.raises(ValidationError, match="took place"):
        services.meeting_cancel(actor=world.users["manager"], meeting=meeting, notify=False)


def test_minutes_are_approved_from_the_later_meetings_page(world, series):
    january, february = meeting_on(series, dt.date(2024, 1, 2)), meeting_on(series, dt.date(2024, 2, 6))
    page = world.client("manager").get(february.get_absolute_url()).content.decode()
    assert "Approve the minutes of Leaders&#x27; meeting, 2 January 2024" in page
    url = f"/p/{world.partnership.pk}/meetings/{february.pk}/approve-minutes/"
    assert world.client("leader_a").post(url, {"earlier": january.pk}).status_code == 403
    assert world.client("manager").post(url, {"earlier": "x"}).status_code == 404
    assert world.client("manager").post(url, {"earlier": january.pk}).status_code == 302
    january.refresh_from_db()
    assert january.minutes_locked and january.minutes_approved_at == february


def test_a_small_register_is_one_form_as_before(world, series):
    meeting = meeting_on(series, dt.date(2024, 2, 6))
    html = world.client("manager").get(f"/p/{world.partnership.pk}/meetings/{meeting.pk}/attendance/").content.decode()
    assert "Save attendance" in html and 'role="search"' not in html and "Save this page" not in html
    assert f'name="status-{world.people["leader_a"].pk}"' in html and f'name="status-{world.people["leader_b"].pk}"' in html


def test_a_large_register_is_searched_and_saved_a_page_at_a_time(world, series, settings):
    settings.ACCORD_PAGE_SIZE = 1  # the two leaders are "a national board"
    meeting = meeting_on(series, dt.date(2024, 2, 6))
    url = f"/p/{world.partnership.pk}/meetings/{meeting.pk}/attendance/"
    a, b = world.people["leader_a"].pk, world.people["leader_b"].pk
    client = world.client("manager")
    html = client.get(url).content.decode()
    assert "2 people expected: not recorded 2." in html and 'role="search"' in html and "Page 1 of 2" in html
    assert f'name="status-{a}"' in html and f'name="status-{b}"' not in html
    found = client.get(url, {"who": "Beta"}).content.decode()
    assert f'name="status-{b}"' in found and f'name="status-{a}"' not in found
    response = client.post(url + "?who=Beta", {f"status-{b}": "apologies"})
    assert response.status_code == 302 and response["Location"] == url + "?who=Beta"  # back to go on
    assert _rows(meeting) == {"Leader A": ("", ""), "Leader B": ("apologies", "")}  # the others as they were
    left = client.get(url, {"show": "unrecorded"}).content.decode()
    assert f'name="status-{a}"' in left and f'name="status-{b}"' not in left
    # a person of another meeting or partnership sent with the page is never looked at
    client.post(url, {f"status-{a}": "attended", f"status-{world.people['outsider'].pk}": "attended"})
    assert _rows(meeting)["Leader A"] == ("attended", "")
