"""Calendar replies that arrive by e-mail: when an invitee presses Accept or Decline in Outlook, Gmail or
Apple Calendar, their calendar program e-mails an iTIP METHOD:REPLY (RFC 5546, a text/calendar part) to
the invitation's ORGANIZER (ACCORD_REPLIES_ADDRESS). The mail server hands the raw message to Accord
through `accord receive_mail` (a pipe) or the inbound-mail webhook; both call `receive`.

What is recorded goes through the same code as a reply the manager uploads (replies.replies_from_events),
with three narrower rules, because anyone can send an e-mail:
- the reply must name exactly one attendee, and that attendee's address must be the message's From
  address: a message changes only the reply of the address it comes from (see the README, "Calendar
  replies by e-mail", for how far that address is trusted);
- that address must be on the list of the meeting the UID (and RECURRENCE-ID) names; a reply to the
  whole series counts for each coming meeting of it where that address is expected;
- a reply is recorded as given at its DTSTAMP (never later than now), and one no newer than the reply
  already recorded changes nothing: the same message delivered twice records once, and a late message
  never undoes a newer answer.
Anything else (unknown UID, cancelled meeting, not METHOD:REPLY, not expected, unreadable) is ignored
with a logged reason, and, when it names a meeting, an entry in that partnership's audit trail.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import logging
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import getaddresses
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.utils import timezone

from accord.core.audit import log_action

from ..models import Meeting, MeetingSeries
from . import replies

log = logging.getLogger("accord.governance.inbound")

CALENDAR_TYPES = ("text/calendar", "application/ics")
VIA = "calendar e-mail"


@dataclass
class Received:
    """What became of one message: how many replies it recorded, and why any part of it was ignored."""

    recorded: int = 0
    ignored: list[str] = field(default_factory=list)

    def ignore(self, reason: str, *, channel: str, about: Meeting | MeetingSeries | None = None,
               sender: str = "") -> None:
        self.ignored.append(reason)
        log.info("calendar reply by e-mail (%s) ignored: %s", channel, reason)
        if about is not None:
            series = about.series if isinstance(about, Meeting) else about
            log_action(None, "governance.reply.mail_ignored", about, {"from": sender, "reason": reason},
                       partnership=series.partnership)

    @property
    def summary(self) -> str:
        parts = [f"{self.recorded} repl{'y' if self.recorded == 1 else 'ies'} recorded"]
        return "; ".join(parts + [f"ignored: {r}" for r in self.ignored])


def _message(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)


def _sender(message: EmailMessage) -> str:
    addresses = [a for _, a in getaddresses([str(v) for v in message.get_all("From", [])]) if "@" in a]
    return addresses[0].strip().lower() if len(addresses) == 1 else ""


def _unauthenticated(message: EmailMessage, sender: str) -> str:
    """Why the From address does not count as checked ("" when it does, or when no check is asked for).
    Only the topmost Authentication-Results header is read: the one our own server added last (RFC 8601
    §5); any below it may have been written by the sender."""
    server = settings.ACCORD_INBOUND_MAIL_AUTHSERV_ID
    if not server:
        return ""
    headers = message.get_all("Authentication-Results") or []
    top = " ".join(str(headers[0]).split()).lower() if headers else ""
    authserv, _, results = top.partition(";")
    if not authserv.split() or authserv.split()[0] != server:
        return f"the message carries no Authentication-Results of {server}"
    match = re.search(r"\bdmarc\s*=\s*(\w+)([^;]*)", results)
    if match is None or match.group(1) != "pass":
        return f"{server} did not find the From address authentic (dmarc={match.group(1) if match else 'none'})"
    domain = re.search(r"header\.from\s*=\s*([^\s;()]+)", match.group(2))
    if domain is not None and domain.group(1) != sender.rpartition("@")[2]:
        return f"{server}'s dmarc=pass is for {domain.group(1)}, not the From address"
    return ""


def _calendar(message: EmailMessage) -> tuple[Any, str]:
    """The first calendar part that is a METHOD:REPLY (Gmail sends the same reply twice: inline and as an
    attachment), else None and why not."""
    why = "the message holds no calendar (text/calendar) part"
    for part in message.walk():
        if part.get_content_type() not in CALENDAR_TYPES:
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or not payload:
            continue
        try:
            return replies.read_reply(payload), ""
        except ValidationError as exc:
            error = exc.error_dict["file"][0]
            why = (f"the calendar is METHOD:{(error.params or {}).get('method') or '(none)'}, not a reply"
                   if error.code == "not_reply" else "the calendar part cannot be read")
    return None, why


def _stamp(event: Any) -> dt.datetime | None:
    value = getattr(event.get("dtstamp"), "dt", None)
    if not isinstance(value, dt.datetime):
        return None
    return value if timezone.is_aware(value) else value.replace(tzinfo=dt.UTC)


def _meetings(series: MeetingSeries, event: Any, sender: str, now: dt.datetime) -> tuple[list[Meeting], str]:
    """The meetings this event answers: the one its RECURRENCE-ID names, or, for the whole series, each
    coming meeting where the sender is expected."""
    rid = event.get("recurrence-id")
    if rid is not None:
        found = [m for m in series.meetings.all() if replies.same_instant(rid.dt, m.original_start, m.tz)]
        if not found:
            return [], f"no meeting of {series.title} is on the date the reply names"
        return found, ""
    coming = list(series.meetings.filter(status=Meeting.Status.SCHEDULED, start__gt=now,
                                         attendance__person__email__iexact=sender).distinct().order_by("start"))
    return coming, "" if coming else f"no coming meeting of {series.title} expects {sender}"


def receive(raw: bytes, *, channel: str, now: dt.datetime | None = None) -> Received:
    """Read one e-mail (RFC 822 bytes) and record the calendar reply it carries. Never raises for what the
    message holds; only a failure of Accord itself (the database) propagates, so the mail is tried again."""
    now = now or timezone.now()
    result = Received()
    if len(raw) > settings.ACCORD_INBOUND_MAIL_MAX_BYTES:
        result.ignore("the message is larger than ACCORD_INBOUND_MAIL_MAX_BYTES", channel=channel)
        return result
    try:
        message = _message(raw)
        sender = _sender(message)
        cal, why = _calendar(message)
    except Exception as exc:  # a message the e-mail parser cannot read is the sender's problem, never ours
        result.ignore(f"the message cannot be read ({type(exc).__name__})", channel=channel)
        return result
    if cal is None:
        result.ignore(why, channel=channel)
        return result
    if not sender:
        result.ignore("the message has no single From address", channel=channel)
        return result
    try:
        unchecked = _unauthenticated(message, sender)
    except Exception as exc:  # a header the parser cannot read
        unchecked = f"the Authentication-Results header cannot be read ({type(exc).__name__})"
    if unchecked:
        result.ignore(unchecked, channel=channel)
        return result
    for event in cal.walk("VEVENT"):
        try:
            _one_event(event, sender=sender, channel=channel, now=now, result=result)
        except DatabaseError:
            raise
        except Exception:  # an event too odd to read (a RECURRENCE-ID of no known type, …): logged for us
            log.exception("calendar reply by e-mail (%s): an event could not be read", channel)
            result.ignore("an event of the reply cannot be read", channel=channel)
    if not cal.walk("VEVENT"):
        result.ignore("the reply holds no event", channel=channel)
    return result


def _one_event(event: Any, *, sender: str, channel: str, now: dt.datetime, result: Received) -> None:
    uid = str(event.get("uid", ""))
    series = MeetingSeries.objects.filter(uid=uid).select_related("partnership").first() if uid else None
    if series is None:
        result.ignore(f"no meeting series has the UID {uid[:100]!r}", channel=channel)
        return
    named = {replies.address_of(a).lower() for a in replies.attendees_of(event)}
    if named != {sender}:
        result.ignore(f"the reply from {sender} answers for {', '.join(sorted(named)) or 'nobody'}; a calendar "
                      "reply by e-mail may only answer for its sender", channel=channel,
                      about=series, sender=sender)
        return
    meetings, why = _meetings(series, event, sender, now)
    if not meetings:
        result.ignore(why, channel=channel, about=series, sender=sender)
        return
    stamp = _stamp(event)
    for meeting in meetings:
        if meeting.is_cancelled:
            result.ignore(f"{meeting} is cancelled", channel=channel, about=meeting, sender=sender)
            continue
        row = meeting.attendance.filter(person__email__iexact=sender).first()
        if row is None:
            result.ignore(f"{sender} is not on the list for {meeting}", channel=channel, about=meeting,
                          sender=sender)
            continue
        if meeting.start <= now:
            result.ignore(f"{meeting} has already started", channel=channel, about=meeting, sender=sender)
            continue
        # when the person replied: the reply's DTSTAMP, never later than now (a clock ahead cannot block replies)
        at = min(stamp or now, now)
        if row.replied_at is not None and at <= row.replied_at:
            result.ignore(f"{meeting}: the reply recorded for {sender} is as new or newer", channel=channel)
            continue
        try:
            done = replies.replies_from_events(actor=None, meeting=meeting, events=[event], now=at, via=VIA)
        except ValidationError as exc:
            result.ignore(f"{meeting}: " + "; ".join(exc.messages), channel=channel, about=meeting, sender=sender)
            continue
        result.recorded += len(done)
        log.info("calendar reply by e-mail (%s) recorded for %s: %s", channel, meeting, sender)
