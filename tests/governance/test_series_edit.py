"""Changing a series: its place, who is expected, or its end (meetings after it leave the calendars)."""

import datetime as dt

import icalendar
import pytest
import recurring_ical_events
from django.core.exceptions import ValidationError

from accord.governance import ical, services

from .conftest import meeting_on


def test_ending_a_series_removes_later_meetings_from_the_feed(world, series):
    services.series_update(actor=world.users["manager"], series=series, ends_on=dt.date(2024, 6, 30),
                           place="Online", notify=False)
    assert [m.local_start.date() for m in series.meetings.all()][-1] == dt.date(2024, 6, 4)
    cal = icalendar.Calendar.from_ical(ical.feed([series], name="test"))
    dates = [e["DTSTART"].dt.date() for e in recurring_ical_events.of(cal).between(dt.date(2024, 1, 1),
                                                                                    dt.date(2026, 1, 1))]
    assert dates[-1] == dt.date(2024, 6, 4) and len(dates) == 6
    assert str(cal.walk("VEVENT")[0]["LOCATION"]) == "Online"
    assert series.sequence == 1


def test_a_series_cannot_end_before_a_meeting_with_records(world, series):
    services.action_add(actor=world.users["manager"], meeting=meeting_on(series, dt.date(2024, 9, 3)), title="Do",
                        owner=world.people["leader_a"], due=dt.date(2024, 10, 1))
    count = series.meetings.count()
    with pytest.raises(ValidationError, match="3 September 2024 already has records"):
        services.series_update(actor=world.users["manager"], series=series, ends_on=dt.date(2024, 6, 30),
                               notify=False)
    assert series.meetings.count() == count


def test_an_end_before_the_start_is_refused_on_the_page(world, series):
    url = f"/p/{world.partnership.pk}/meetings/series/{series.pk}/edit/"
    response = world.client("manager").post(url, {"title": "Leaders", "ends_on": "2023-06-30",
                                                  "senior_leaders_expected": "on"})
    assert response.status_code == 200 and "end date is before the start date" in response.content.decode()
    series.refresh_from_db()
    assert series.ends_on is None and series.title == "Leaders' meeting"
    assert world.client("leader_a").post(url, {"title": "Mine"}).status_code == 403


def test_adding_someone_to_the_series_expects_them_at_coming_meetings(world, series, smtp,
                                                                      django_capture_on_commit_callbacks):
    url = f"/p/{world.partnership.pk}/meetings/series/{series.pk}/edit/"
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("manager").post(url, {"title": "Leaders' meeting", "senior_leaders_expected": "on",
                                                      "extra_attendees": [world.people["staff_b"].pk]})
    assert response.status_code == 302
    coming = series.meetings.filter(start__gt=dt.datetime.now(dt.UTC)).first()
    assert coming.attendance.filter(person=world.people["staff_b"], expected=True).exists()
    assert not meeting_on(series, dt.date(2024, 1, 2)).attendance.filter(person=world.people["staff_b"]).exists()
    assert sorted(str(m["To"]) for m in smtp.messages) == ["leader_a@example.org", "leader_b@example.org",
                                                           "staff_b@example.org"]
