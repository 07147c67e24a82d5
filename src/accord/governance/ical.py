"""iCalendar (RFC 5545) for feeds and invitations, generated with the `icalendar` library.

A series is one VEVENT with its RRULE and a stable UID; a cancelled meeting is an EXDATE in feeds
(and a METHOD:CANCEL with its RECURRENCE-ID in e-mail); a moved meeting is an override VEVENT with
the same UID and RECURRENCE-ID = its original start. Times carry their TZID and a VTIMEZONE.

The series' length is a DURATION (elapsed time, RFC 5545 §3.8.2.5), not a DTEND, so every
occurrence lasts as long across a clock change. A time the clocks pass twice is written locally
only when it is the first of the two (how calendar programs read it); the second is written in UTC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from email.utils import parseaddr

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.lib.mail import absolute

from . import recurrence
from .models import Meeting, MeetingSeries

PRODID = "-//Accord//Governance meetings//EN"


def _calendar(method: str | None = None, name: str | None = None) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    return cal


def _local(at: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """`at` as a local time with its TZID, or in UTC when that local time would be read as another instant
    (the second of two repeated times in autumn)."""
    local = at.astimezone(tz)
    return local if recurrence.instant(local) == at.astimezone(dt.UTC) else at.astimezone(dt.UTC)


def _event(series: MeetingSeries, *, start: dt.datetime, end: dt.datetime | None = None,
           duration: dt.timedelta | None = None, sequence: int, place: str, link: str,
           url: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", series.uid)
    event.add("dtstamp", timezone.now().astimezone(dt.UTC))
    event.add("summary", f"{series.title} ({series.partnership.name})")
    event.add("dtstart", start)
    if end is not None:
        event.add("dtend", end)
    else:
        event.add("duration", duration)
    event.add("sequence", sequence)
    if place or link:
        event.add("location", place or link)
    description = _("Details, agenda and papers: %(url)s") % {"url": url}
    if link:
        description += "\n" + _("Join online: %(link)s") % {"link": link}
    event.add("description", description)
    event.add("url", url)
    return event


def _master(series: MeetingSeries, meetings: Sequence[Meeting], *, with_exdates: bool) -> icalendar.Event:
    rule = recurrence.for_series(series)
    start = rule.first
    event = _event(series, start=start, duration=dt.timedelta(minutes=series.duration_minutes),
                   sequence=series.sequence, place=series.place, link=series.video_link,
                   url=absolute(series.get_absolute_url()))
    recur = icalendar.vRecur.from_ical(rule.text)
    if rule.until_utc is not None:
        recur["UNTIL"] = [rule.until_utc]
    event.add("rrule", recur)
    cancelled = [_local(m.original_start, rule.zone) for m in meetings if m.is_cancelled]
    if with_exdates and cancelled:
        event.add("exdate", cancelled)
    return event


def _override(meeting: Meeting, *, cancelled: bool = False) -> icalendar.Event:
    series = meeting.series
    tz = meeting.tz
    event = _event(series, start=_local(meeting.start, tz), end=_local(meeting.end, tz),
                   sequence=meeting.sequence, place=meeting.where, link=meeting.link,
                   url=absolute(meeting.get_absolute_url()))
    event.add("recurrence-id", _local(meeting.original_start, tz))
    if cancelled:
        event.add("status", "CANCELLED")
    return event


def _needs_override(meeting: Meeting) -> bool:
    s = meeting.series
    return (meeting.is_moved or meeting.end - meeting.start != dt.timedelta(minutes=s.duration_minutes)
            or (meeting.place and meeting.place != s.place) or (meeting.video_link and meeting.video_link != s.video_link)
            or meeting.sequence > s.sequence)


def _finish(cal: icalendar.Calendar, years: Iterable[int]) -> bytes:
    years = list(years) or [timezone.now().year]
    cal.add_missing_timezones(first_date=dt.date(min(years) - 1, 1, 1), last_date=dt.date(max(years) + 5, 1, 1))
    return cal.to_ical()


def _add_series(cal: icalendar.Calendar, series: MeetingSeries,
                attendees: Sequence[tuple[str, str]] | None = None) -> set[int]:
    """The series' master event (RRULE, EXDATEs for cancelled meetings) and an override per moved one.
    With `attendees` (an invitation), each event also names the organiser and the attendees."""
    meetings = list(series.meetings.all())
    events = [_master(series, meetings, with_exdates=True)]
    events += [_override(m) for m in meetings if not m.is_cancelled and _needs_override(m)]
    for event in events:
        cal.add_component(event if attendees is None else _itip(event, attendees))
    return {series.starts_on.year} | {m.start.year for m in meetings}


def feed(series_list: Iterable[MeetingSeries], *, name: str) -> bytes:
    """A subscription feed of several series."""
    cal = _calendar(name=name)
    years: set[int] = set()
    for series in series_list:
        years |= _add_series(cal, series)
    return _finish(cal, years)


def personal_feed(meetings: Iterable[Meeting], *, name: str) -> bytes:
    """A person's own feed: one event per meeting they are expected at, and no others.

    A series' RRULE would also offer the meetings before they joined and after they left, so each
    meeting is its own event, with a UID of its own that stays the same when it moves (its original
    start and the series' UID). Cancelled meetings are left out."""
    cal = _calendar(name=name)
    years: set[int] = set()
    for meeting in meetings:
        if meeting.is_cancelled:
            continue
        event = _override(meeting)
        del event["recurrence-id"]
        event["uid"] = f"{meeting.original_start.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}-{meeting.series.uid}"
        cal.add_component(event)
        years.add(meeting.start.year)
    return _finish(cal, years)


def _itip(event: icalendar.Event, attendees: Sequence[tuple[str, str]]) -> icalendar.Event:
    """RFC 5546 asks an invitation to name its organiser and attendees. RSVP=TRUE: calendar programs then offer
    to reply, and e-mail the METHOD:REPLY to the organiser: ACCORD_REPLIES_ADDRESS when set (a mailbox piped
    to `accord receive_mail` or a webhook, services/inbound.py), else the address Accord sends from. A reply
    uploaded by the manager is read by services/replies.replies_from_ical."""
    address = (settings.ACCORD_REPLIES_ADDRESS.strip() or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
               or "accord@localhost")
    event.add("organizer", icalendar.vCalAddress(f"mailto:{address}"), parameters={"CN": "Accord"})
    for name, email in attendees:
        event.add("attendee", icalendar.vCalAddress(f"mailto:{email}"),
                  parameters={"CN": name, "ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"})
    return event


def series_request(series: MeetingSeries, attendees: Sequence[tuple[str, str]] = ()) -> bytes:
    """METHOD:REQUEST inviting people to the whole series."""
    cal = _calendar("REQUEST")
    return _finish(cal, _add_series(cal, series, attendees))


def series_cancel(series: MeetingSeries, attendees: Sequence[tuple[str, str]] = ()) -> bytes:
    """METHOD:CANCEL of the whole series (its UID): every meeting of it leaves the calendars it was sent to."""
    cal = _calendar("CANCEL")
    meetings = list(series.meetings.all())
    event = _master(series, meetings, with_exdates=False)
    event["sequence"] = icalendar.vInt(series.sequence + 1)
    event.add("status", "CANCELLED")
    cal.add_component(_itip(event, attendees))
    return _finish(cal, {series.starts_on.year} | {m.start.year for m in meetings})


def meeting_message(meeting: Meeting, *, method: str, attendees: Sequence[tuple[str, str]] = ()) -> bytes:
    """METHOD:REQUEST (moved, or someone invited to it alone) or METHOD:CANCEL (cancelled) for one occurrence,
    by its RECURRENCE-ID."""
    cal = _calendar(method)
    event = _override(meeting, cancelled=method == "CANCEL")
    # Someone invited to this meeting alone also gets it again when the series changes: never older than the series.
    event["sequence"] = icalendar.vInt(max(meeting.sequence, meeting.series.sequence))
    cal.add_component(_itip(event, attendees))
    return _finish(cal, [meeting.start.year, meeting.original_start.year])
