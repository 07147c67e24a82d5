"""Meetings across the clock changes: a local time the clocks skip, or pass twice, has one meaning.

The rule (docs/governance.md, as RFC 5545 §3.3.5 says calendar programs read it): a time that does
not exist (spring) is read with the offset in force before the change, so 01:30 in London on the
spring Sunday is 02:30 BST; a time that happens twice (autumn) is its first occurrence (BST).
A meeting lasts its length in elapsed minutes, whatever the clocks do during it.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from accord.governance import ical, services

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")

# (zone, local start time, spring-forward Sunday, fall-back Sunday, UTC offset that day in spring, autumn).
# London changes at 01:00 UTC, so 01:30 is skipped in spring and repeated in autumn. New York changes at
# 02:00 local: 02:30 is skipped in spring (and single in autumn); 01:30 is repeated in autumn.
CHANGES = [
    ("Europe/London", dt.time(1, 30), dt.date(2025, 3, 30), dt.date(2025, 10, 26), 0, 1),
    ("Europe/London", dt.time(1, 30), dt.date(2026, 3, 29), dt.date(2026, 10, 25), 0, 1),
    ("Europe/London", dt.time(1, 30), dt.date(2027, 3, 28), dt.date(2027, 10, 31), 0, 1),
    ("America/New_York", dt.time(2, 30), dt.date(2025, 3, 9), dt.date(2025, 11, 2), -5, -5),
    ("America/New_York", dt.time(1, 30), dt.date(2026, 3, 8), dt.date(2026, 11, 1), -5, -4),
    ("America/New_York", dt.time(2, 30), dt.date(2027, 3, 14), dt.date(2027, 11, 7), -5, -5),
]


def _weekly(world, zone: str, at: dt.time, year: int):
    """A weekly Sunday series of 60-minute meetings through the whole year, made up to its end."""
    series = services.series_create(
        actor=world.users["manager"], partnership=world.partnership, title=f"Night shift {zone} {year}",
        rrule="FREQ=WEEKLY;BYDAY=SU", starts_on=dt.date(year, 1, 1), ends_on=dt.date(year, 12, 31),
        start_time=at, time_zone=zone, duration_minutes=60, notify=False)
    # the daily task extends series the same way, so this also covers a series growing past a change
    services.series_materialise(series, until=dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC))
    return series


def _on(series, day: dt.date):
    return next(m for m in series.meetings.all() if m.local_start.date() == day)


@pytest.mark.parametrize("zone,at,spring,autumn,spring_offset,autumn_offset", CHANGES)
def test_a_weekly_series_crosses_both_changes_with_one_meeting_a_week_each_an_hour_long(
        world, zone, at, spring, autumn, spring_offset, autumn_offset):
    series = _weekly(world, zone, at, spring.year)
    meetings = list(series.meetings.order_by("start"))
    assert len(meetings) == len({m.local_start.date() for m in meetings}) == 52
    assert all(m.end - m.start == dt.timedelta(minutes=60) for m in meetings)

    on_spring = _on(series, spring)  # skipped or not, read with the offset before the change (winter time)
    assert on_spring.start == dt.datetime.combine(spring, at, tzinfo=dt.timezone(dt.timedelta(hours=spring_offset)))
    wall = dt.datetime.combine(spring, at)
    skipped = on_spring.local_start.replace(tzinfo=None) != wall
    assert not skipped or on_spring.local_start.replace(tzinfo=None) == wall + dt.timedelta(hours=1)
    assert skipped == (at == dt.time(2, 30) or zone == "Europe/London")

    on_autumn = _on(series, autumn)  # a repeated time is the first of the two: still summer time
    assert on_autumn.start == dt.datetime.combine(autumn, at, tzinfo=dt.timezone(dt.timedelta(hours=autumn_offset)))
    assert on_autumn.end - on_autumn.start == dt.timedelta(minutes=60)
    before, after = _on(series, autumn - dt.timedelta(days=7)), _on(series, autumn + dt.timedelta(days=7))
    assert before.local_start.time() == after.local_start.time() == at


@pytest.mark.parametrize("zone,at,spring,autumn,spring_offset,autumn_offset", CHANGES)
def test_the_feed_shows_every_meeting_of_the_series_as_sixty_minutes_at_the_stored_time(
        world, zone, at, spring, autumn, spring_offset, autumn_offset):
    series = _weekly(world, zone, at, spring.year)
    body = ical.feed([series], name="Test")
    cal = icalendar.Calendar.from_ical(body)
    master = cal.walk("VEVENT")[0]
    assert master["DTSTART"].params["TZID"] == zone
    assert master["DURATION"].dt == dt.timedelta(minutes=60) and "DTEND" not in master
    events = recurring_ical_events.of(cal).between(dt.date(spring.year, 1, 1), dt.date(spring.year + 1, 1, 1))
    by_utc = {e["DTSTART"].dt.astimezone(dt.UTC): e for e in events}
    stored = {m.start.astimezone(dt.UTC): m for m in series.meetings.all()}
    assert set(by_utc) == set(stored)
    # A DURATION in hours and minutes is exact (elapsed) time, RFC 5545 §3.3.6: each meeting ends 60
    # minutes after it starts. (A DTEND would make the first meeting's wall-clock length the rule.)


def test_a_cancelled_or_moved_meeting_on_the_spring_change_is_left_out_of_the_feed(world):
    series = _weekly(world, "Europe/London", dt.time(1, 30), 2026)
    manager = world.users["manager"]
    services.meeting_cancel(actor=manager, meeting=_on(series, dt.date(2026, 3, 29)), notify=False)
    moved = _on(series, dt.date(2026, 10, 25))
    start = dt.datetime(2026, 10, 26, 9, 0, tzinfo=LONDON)
    services.meeting_move(actor=manager, meeting=moved, start=start, end=start + dt.timedelta(minutes=60),
                          notify=False)
    cal = icalendar.Calendar.from_ical(ical.feed([series], name="Test"))
    events = recurring_ical_events.of(cal).between(dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    days = sorted(e["DTSTART"].dt.date() for e in events)
    assert dt.date(2026, 3, 29) not in days and dt.date(2026, 10, 25) not in days
    assert dt.date(2026, 10, 26) in days and len(days) == 51


def test_a_meeting_moved_onto_the_autumn_change_keeps_its_length_in_the_feed_and_invitation(world):
    series = _weekly(world, "Europe/London", dt.time(10, 0), 2026)
    meeting = _on(series, dt.date(2026, 10, 18))
    start = dt.datetime(2026, 10, 25, 1, 30, tzinfo=LONDON)  # the first 01:30 (BST)
    services.meeting_move(actor=world.users["manager"], meeting=meeting, start=start,
                          end=start.astimezone(dt.UTC) + dt.timedelta(minutes=60), notify=False)
    meeting.refresh_from_db()
    assert meeting.start == dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)
    for body in (ical.feed([series], name="Test"), ical.meeting_message(meeting, method="REQUEST")):
        cal = icalendar.Calendar.from_ical(body)
        override = [e for e in cal.walk("VEVENT") if "RECURRENCE-ID" in e][0]
        assert override["DTSTART"].dt.astimezone(dt.UTC) == meeting.start
        assert override["DTEND"].dt.astimezone(dt.UTC) == meeting.end


def test_a_meeting_in_the_second_of_the_repeated_hours_is_published_at_that_instant(world):
    series = _weekly(world, "Europe/London", dt.time(10, 0), 2026)
    meeting = _on(series, dt.date(2026, 10, 18))
    start = dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)  # 01:30 GMT, the second 01:30 in London
    services.meeting_move(actor=world.users["manager"], meeting=meeting, start=start,
                          end=start + dt.timedelta(minutes=60), notify=False)
    meeting.refresh_from_db()
    cal = icalendar.Calendar.from_ical(ical.meeting_message(meeting, method="REQUEST"))
    event = cal.walk("VEVENT")[0]
    assert event["DTSTART"].dt.astimezone(dt.UTC) == start
    assert event["DTEND"].dt.astimezone(dt.UTC) == start + dt.timedelta(minutes=60)


def test_the_series_page_and_meeting_page_answer_for_a_series_at_half_past_one(world):
    series = _weekly(world, "Europe/London", dt.time(1, 30), 2026)
    client = world.client("manager")
    assert client.get(series.get_absolute_url()).status_code == 200
    response = client.get(_on(series, dt.date(2026, 3, 29)).get_absolute_url())
    assert response.status_code == 200
    assert "02:30" in response.content.decode() or "2:30" in response.content.decode()


def test_creating_a_half_past_one_series_through_the_page_does_not_fail(world):
    client = world.client("manager")
    response = client.post(f"/p/{world.partnership.pk}/meetings/series/new/", {
        "title": "Night", "rrule": "FREQ=WEEKLY;BYDAY=SU", "starts_on": "2026-03-01", "ends_on": "2026-04-30",
        "start_time": "01:30", "duration_minutes": "60", "time_zone": "Europe/London", "place": "",
        "video_link": "", "senior_leaders_expected": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]


def test_the_api_reads_a_move_without_a_zone_as_local_time_by_the_same_rule(world):
    series = _weekly(world, "Europe/London", dt.time(10, 0), 2026)
    meeting = _on(series, dt.date(2026, 3, 22))
    response = world.client("manager").post(
        f"/api/partnerships/{world.partnership.pk}/meetings/{meeting.pk}/move",
        {"start": "2026-03-29T01:30:00", "end": "2026-03-29T03:30:00"}, content_type="application/json")
    assert response.status_code == 200, response.content
    meeting.refresh_from_db()
    assert meeting.start == dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC)  # 02:30 BST
    assert meeting.end == dt.datetime(2026, 3, 29, 2, 30, tzinfo=dt.UTC)  # 03:30 BST: an hour of elapsed time


def test_the_series_page_lists_coming_dates_at_the_time_they_are_held(world):
    series = services.series_create(
        actor=world.users["manager"], partnership=world.partnership, title="Clocks",
        rrule="FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", starts_on=dt.date(2026, 1, 1), start_time=dt.time(1, 30),
        time_zone="Europe/London", duration_minutes=60, notify=False)  # the last Sunday of March: the change
    page = world.client("manager").get(series.get_absolute_url()).content.decode()
    assert "Sunday 28 March 2027, 02:30" in page and "28 March 2027, 01:30" not in page


def test_the_data_migration_gives_meetings_stored_an_hour_too_long_their_length_back(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("accord.governance.migrations.0002_meeting_lengths_across_clock_changes")
    series = _weekly(world, "Europe/London", dt.time(1, 30), 2026)
    autumn = _on(series, dt.date(2026, 10, 25))
    autumn.end = autumn.start + dt.timedelta(minutes=120)  # as the old code stored it
    autumn.save()
    moved = _on(series, dt.date(2026, 10, 18))
    services.meeting_move(actor=world.users["manager"], meeting=moved, start=moved.start,
                          end=moved.start + dt.timedelta(minutes=90), notify=False)  # made longer on purpose
    migration.fix_lengths(apps, None)
    autumn.refresh_from_db()
    moved.refresh_from_db()
    assert autumn.end - autumn.start == dt.timedelta(minutes=60)
    assert moved.end - moved.start == dt.timedelta(minutes=90)
