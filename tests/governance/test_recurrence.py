"""A series is made of the meetings its RFC 5545 rule gives, at local wall-clock time; bad rules are refused."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accord.governance import services
from accord.governance.models import Meeting, MeetingSeries

from .conftest import LONDON


def _create(world, **kw):
    args = {"actor": world.users["manager"], "partnership": world.partnership, "title": "Board",
            "rrule": "FREQ=MONTHLY;BYDAY=1TU", "starts_on": dt.date(2024, 1, 1), "notify": False, **kw}
    return services.series_create(**args)


def test_meetings_fall_on_the_first_tuesday_at_ten_london_time(series):
    first = list(series.meetings.order_by("start")[:8])
    assert [m.local_start.date() for m in first] == [
        dt.date(2024, 1, 2), dt.date(2024, 2, 6), dt.date(2024, 3, 5), dt.date(2024, 4, 2),
        dt.date(2024, 5, 7), dt.date(2024, 6, 4), dt.date(2024, 7, 2), dt.date(2024, 8, 6)]
    assert all(m.local_start.time() == dt.time(10, 0) for m in first)
    # stored in UTC: 10:00 GMT is 10:00Z in winter, 10:00 BST is 09:00Z in summer
    assert first[0].start.astimezone(dt.UTC).hour == 10
    assert first[4].start.astimezone(dt.UTC).hour == 9
    assert all(m.end - m.start == dt.timedelta(hours=2) for m in first)


def test_senior_leaders_of_each_member_are_expected_by_default(world, series):
    meeting = series.meetings.first()
    expected = {a.person.name: a.senior for a in meeting.attendance.select_related("person")}
    assert expected == {"Leader A": True, "Leader B": True}


def test_materialising_again_makes_no_duplicates(series):
    count = series.meetings.count()
    assert services.series_materialise(series) == 0
    assert series.meetings.count() == count


def test_moving_one_meeting_keeps_its_original_start_and_the_rest(world, series):
    meeting = series.meetings.get(original_start__date=dt.date(2024, 3, 5))
    others = list(series.meetings.exclude(pk=meeting.pk).values_list("start", flat=True))
    services.meeting_move(actor=world.users["manager"], meeting=meeting,
                          start=dt.datetime(2024, 3, 7, 14, tzinfo=LONDON), end=dt.datetime(2024, 3, 7, 16, tzinfo=LONDON),
                          notify=False)
    meeting.refresh_from_db()
    assert meeting.original_start == dt.datetime(2024, 3, 5, 10, tzinfo=LONDON)
    assert meeting.local_start == dt.datetime(2024, 3, 7, 14, tzinfo=LONDON)
    assert meeting.is_moved and meeting.sequence == 1
    assert list(series.meetings.exclude(pk=meeting.pk).values_list("start", flat=True)) == others
    services.series_materialise(series)  # extending the series does not bring the old slot back
    assert not series.meetings.filter(start=dt.datetime(2024, 3, 5, 10, tzinfo=LONDON)).exists()


def test_a_move_that_ends_before_it_starts_is_refused(world, series):
    meeting = series.meetings.first()
    with pytest.raises(ValidationError, match="ends before it starts"):
        services.meeting_move(actor=world.users["manager"], meeting=meeting,
                              start=dt.datetime(2024, 1, 3, 14, tzinfo=LONDON),
                              end=dt.datetime(2024, 1, 3, 13, tzinfo=LONDON), notify=False)
    meeting.refresh_from_db()
    assert not meeting.is_moved


@pytest.mark.parametrize("rule,message", [
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "never produces a meeting"),
    ("FREQ=MONTHLY;BYDAY=1TU;UNTIL=20231201T000000Z", "never produces a meeting"),
    ("FREQ=MONTHLY;BYDAY=9XX", "not a recurrence rule we can read"),
    ("FREQ=HOURLY", "FREQ=DAILY, WEEKLY, MONTHLY or YEARLY"),
    ("DTSTART:20240101T100000\nRRULE:FREQ=MONTHLY", "only the rule"),
    ("", "Give a recurrence"),
])
def test_bad_rules_are_refused_and_save_nothing(world, rule, message):
    with pytest.raises(ValidationError, match=message):
        _create(world, rrule=rule)
    assert not MeetingSeries.objects.exists() and not Meeting.objects.exists()


def test_an_end_before_the_start_is_refused(world):
    with pytest.raises(ValidationError, match="end date is before the start date"):
        _create(world, ends_on=dt.date(2023, 12, 1))
    assert not MeetingSeries.objects.exists()


def test_an_end_date_bounds_the_series(world):
    series = _create(world, ends_on=dt.date(2024, 6, 30))
    assert series.meetings.count() == 6
    assert series.meetings.last().local_start.date() == dt.date(2024, 6, 4)


def test_an_unknown_time_zone_is_refused(world):
    with pytest.raises(ValidationError, match="not a time zone"):
        _create(world, time_zone="Mars/Olympus")


def test_the_daily_task_brings_a_new_leader_into_coming_meetings(world, series):
    from accord.governance import tasks
    from accord.partners.models import Person

    today = dt.date.today()
    old = world.people["leader_b"]
    old.end_date = today + dt.timedelta(days=40)
    old.save()
    new = Person.objects.create(partnership=world.partnership, organisation=world.org_b, name="New Leader B", seniority="senior_leader",
                                start_date=today + dt.timedelta(days=41))
    tasks.extend_series.call_local()
    later = series.meetings.filter(start__date__gt=today + dt.timedelta(days=45)).first()
    sooner = series.meetings.filter(start__date__gt=today, start__date__lt=today + dt.timedelta(days=40)).first()
    assert {a.person for a in later.attendance.filter(organisation=world.org_b)} == {new}
    assert {a.person for a in sooner.attendance.filter(organisation=world.org_b)} == {old}
    past = series.meetings.get(original_start__date=dt.date(2024, 2, 6))
    assert {a.person for a in past.attendance.filter(organisation=world.org_b)} == {old}
