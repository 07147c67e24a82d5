"""Calendar feeds, read back with an independent parser and expander (icalendar + recurring_ical_events):
the occurrence dates, moved and cancelled meetings, GMT and BST, stable UIDs and revocable tokens."""

import datetime as dt
import re

import icalendar
import recurring_ical_events

from accord.governance import services
from accord.governance.models import CalendarFeed
from accord.partners.models import Role

from .conftest import LONDON


def _feed_url(world, persona="leader_a", scope="partnership"):
    client = world.client(persona)
    client.post(f"/p/{world.partnership.pk}/meetings/calendar/new/", {"scope": scope})
    page = client.get(f"/p/{world.partnership.pk}/meetings/calendar/").content.decode()
    return re.search(r"http://testserver(/calendar/[^<\s]+\.ics)", page).group(1)


def _occurrences(body: bytes, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)):
    cal = icalendar.Calendar.from_ical(body)
    return sorted(recurring_ical_events.of(cal).between(start, end), key=lambda e: e["DTSTART"].dt)


def test_the_partnership_feed_expands_to_the_meetings_with_moves_and_cancellations(world, series, client):
    manager = world.users["manager"]
    moved = series.meetings.get(original_start__date=dt.date(2024, 3, 5))
    services.meeting_move(actor=manager, meeting=moved, start=dt.datetime(2024, 3, 7, 14, tzinfo=LONDON),
                          end=dt.datetime(2024, 3, 7, 16, tzinfo=LONDON), notify=False)
    cancelled = series.meetings.get(original_start__date=dt.date(2024, 8, 6))
    services.meeting_cancel(actor=manager, meeting=cancelled, notify=False)

    response = client.get(_feed_url(world))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = _occurrences(response.content)
    starts = [e["DTSTART"].dt for e in events]
    assert [s.date() for s in starts] == [
        dt.date(2024, 1, 2), dt.date(2024, 2, 6), dt.date(2024, 3, 7), dt.date(2024, 4, 2), dt.date(2024, 5, 7),
        dt.date(2024, 6, 4), dt.date(2024, 7, 2), dt.date(2024, 9, 3), dt.date(2024, 10, 1),
        dt.date(2024, 11, 5), dt.date(2024, 12, 3)]  # 6 August is cancelled, 5 March moved to the 7th
    utc_hours = {s.date(): s.astimezone(dt.UTC).hour for s in starts}
    assert utc_hours[dt.date(2024, 1, 2)] == 10  # GMT
    assert utc_hours[dt.date(2024, 4, 2)] == 9  # BST, the Tuesday after the clocks go forward (31 March)
    assert utc_hours[dt.date(2024, 10, 1)] == 9  # still BST
    assert utc_hours[dt.date(2024, 11, 5)] == 10  # GMT again after 27 October
    assert utc_hours[dt.date(2024, 3, 7)] == 14  # the moved meeting, at 14:00 GMT
    assert {str(e["UID"]) for e in events} == {series.uid}

    cal = icalendar.Calendar.from_ical(response.content)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    master, *overrides = cal.walk("VEVENT")
    assert master["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=1TU"
    assert master["DTSTART"].params["TZID"] == "Europe/London"
    exdates = [d.dt for ex in ([master["EXDATE"]] if not isinstance(master["EXDATE"], list) else master["EXDATE"])
               for d in ex.dts]
    assert exdates == [dt.datetime(2024, 8, 6, 10, tzinfo=LONDON)]
    assert [o["RECURRENCE-ID"].dt for o in overrides] == [dt.datetime(2024, 3, 5, 10, tzinfo=LONDON)]


def test_the_uid_is_stable_from_one_fetch_to_the_next(world, series, client):
    url = _feed_url(world)
    first = icalendar.Calendar.from_ical(client.get(url).content)
    services.series_materialise(series)
    second = icalendar.Calendar.from_ical(client.get(url).content)
    assert [str(e["UID"]) for e in first.walk("VEVENT")] == [str(e["UID"]) for e in second.walk("VEVENT")]


def test_a_revoked_or_unknown_token_answers_404(world, series, client):
    url = _feed_url(world)
    assert client.get(url).status_code == 200
    feed = CalendarFeed.objects.get()
    token = url.rsplit("/", 1)[1][:-4]
    assert feed.token_hash != token and token not in feed.token_hash  # only the hash is stored
    world.client("leader_a").post(f"/p/{world.partnership.pk}/meetings/calendar/{feed.pk}/revoke/")
    assert client.get(url).status_code == 404
    assert client.get("/calendar/not-a-real-token.ics").status_code == 404


def test_someone_elses_feed_cannot_be_revoked(world, series):
    _feed_url(world, "leader_a")
    feed = CalendarFeed.objects.get()
    response = world.client("leader_b").post(f"/p/{world.partnership.pk}/meetings/calendar/{feed.pk}/revoke/")
    assert response.status_code == 404
    feed.refresh_from_db()
    assert feed.active


def test_a_feed_stops_when_its_owner_loses_access(world, series, client):
    url = _feed_url(world, "staff_a")
    Role.objects.filter(user=world.users["staff_a"]).delete()
    assert client.get(url).status_code == 404


def test_the_personal_feed_holds_only_series_the_person_is_expected_at(world, series, client):
    services.series_create(actor=world.users["manager"], partnership=world.partnership, title="Staff forum",
                           rrule="FREQ=WEEKLY;BYDAY=TH", starts_on=dt.date(2024, 1, 1), senior_leaders_expected=False,
                           extra_attendees=[world.people["staff_a"]], notify=False)
    mine = icalendar.Calendar.from_ical(client.get(_feed_url(world, "leader_b", "person")).content)
    assert {str(e["SUMMARY"]) for e in mine.walk("VEVENT")} == {"Leaders' meeting (Test partnership)"}
    everything = icalendar.Calendar.from_ical(client.get(_feed_url(world, "leader_b")).content)
    assert len({str(e["UID"]) for e in everything.walk("VEVENT")}) == 2


def test_funders_get_no_feed(world, series):
    response = world.client("funder").post(f"/p/{world.partnership.pk}/meetings/calendar/new/",
                                           {"scope": "partnership"})
    assert response.status_code == 403
    assert not CalendarFeed.objects.exists()


def _personal_dates(client, url):
    return [e["DTSTART"].dt.date() for e in _occurrences(client.get(url).content, dt.date(2023, 1, 1),
                                                          dt.date(2030, 1, 1))]


def test_the_personal_feed_offers_only_meetings_after_the_person_joined(world, client):
    from accord.partners.models import Person

    Person.objects.filter(pk=world.people["leader_b"].pk).update(start_date=dt.date(2024, 6, 15))
    series = services.series_create(
        actor=world.users["manager"], partnership=world.partnership, title="Leaders' meeting",
        rrule="FREQ=MONTHLY;BYDAY=1TU", starts_on=dt.date(2024, 1, 1), start_time=dt.time(10, 0),
        time_zone="Europe/London", duration_minutes=120, notify=False)
    dates = _personal_dates(client, _feed_url(world, "leader_b", "person"))
    assert dates[0] == dt.date(2024, 7, 2)  # not January to June, before they joined
    assert len(dates) == series.meetings.filter(original_start__date__gte=dt.date(2024, 7, 1)).count()
    uids = {str(e["UID"]) for e in icalendar.Calendar.from_ical(
        client.get(_feed_url(world, "leader_b", "person")).content).walk("VEVENT")}
    assert len(uids) == len(dates) and all(u.endswith(series.uid) for u in uids)  # one stable UID per meeting


def test_the_personal_feed_stops_when_the_person_left_and_drops_cancelled_meetings(world, series, client):
    from accord.partners.models import Person

    url = _feed_url(world, "leader_a", "person")
    assert _personal_dates(client, url)[:3] == [dt.date(2024, 1, 2), dt.date(2024, 2, 6), dt.date(2024, 3, 5)]
    # the end date is recorded after the meetings were held: their attendance rows stay as they were
    Person.objects.filter(pk=world.people["leader_a"].pk).update(end_date=dt.date(2024, 5, 31))
    services.meeting_cancel(actor=world.users["manager"], meeting=series.meetings.get(
        original_start__date=dt.date(2024, 2, 6)), notify=False)
    assert _personal_dates(client, url) == [dt.date(2024, 1, 2), dt.date(2024, 3, 5), dt.date(2024, 4, 2),
                                           dt.date(2024, 5, 7)]
    # the partnership feed still offers the whole series
    assert len(_occurrences(client.get(_feed_url(world, "manager")).content)) == 11


def test_a_moved_meeting_keeps_its_uid_in_the_personal_feed(world, series, client):
    url = _feed_url(world, "leader_b", "person")
    before = {str(e["UID"]) for e in icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")}
    moved = series.meetings.get(original_start__date=dt.date(2024, 3, 5))
    services.meeting_move(actor=world.users["manager"], meeting=moved, start=dt.datetime(2024, 3, 7, 14, tzinfo=LONDON),
                          end=dt.datetime(2024, 3, 7, 16, tzinfo=LONDON), notify=False)
    cal = icalendar.Calendar.from_ical(client.get(url).content)
    assert {str(e["UID"]) for e in cal.walk("VEVENT")} == before
    assert dt.date(2024, 3, 7) in [e["DTSTART"].dt.date() for e in cal.walk("VEVENT")]
