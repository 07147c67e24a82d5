"""Invitees' replies to a meeting (going, not going, sending a named delegate), from the meeting page, a
signed link in the e-mail, the calendar program's iTIP REPLY (RFC 5546) or the API; and the one reminder
before the meeting to those who have not replied.

A reply can be changed until the meeting starts. The attendance register starts from the replies
(`suggested_attendance`), but attendance itself is still recorded by the manager on the day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.core.audit import log_action
from accord.lib import stored_text
from accord.notices.services import notify
from accord.partners import selectors as partners
from accord.partners.models import Person

from ..models import Attendance, Meeting
from ..replylinks import PURPOSE, link_for, reply_path, reply_token, row_from_token  # noqa: F401 - part of replies

Reply = Attendance.Reply
VIA = ("page", "e-mail link", "calendar", "calendar e-mail", "API")
INVITED_KIND = "governance.meeting_invited"
REMINDER_KIND = "governance.meeting_reply_reminder"


# ---- the reply -----------------------------------------------------------------------------------

def delegates_for(row: Attendance) -> list[Person]:
    """Whom the invitee may send: people of their organisation, recorded in this partnership, in post on
    the meeting's day, not themselves."""
    on = row.meeting.local_start.date()
    return [p for p in partners.people(row.meeting.series.partnership).filter(organisation_id=row.organisation_id)
            .exclude(pk=row.person_id).order_by("name") if p.in_post(on)]


@transaction.atomic
def reply_set(*, actor: Any, row: Attendance, reply: str, delegate: Person | int | str | None = None,
              via: str = "page", now: dt.datetime | None = None) -> Attendance:
    """Record (or change) one invitee's reply. Refused once the meeting has started or if it is cancelled."""
    row = Attendance.objects.select_for_update().select_related("meeting__series__partnership", "person").get(pk=row.pk)
    meeting = row.meeting
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting is cancelled, so there is nothing to reply to."))
    if meeting.start <= (now or timezone.now()):
        raise ValidationError(_("This meeting has already started, so replies can no longer be changed. "
                                "The partnership manager records who came."))
    if reply not in Reply.values:
        raise ValidationError({"reply": _("Choose going, not going, or sending a delegate.")})
    chosen: Person | None = None
    if reply == Reply.DELEGATE:
        if delegate in (None, ""):
            raise ValidationError({"delegate": _("Choose the colleague who will come instead of you.")})
        allowed = {p.pk: p for p in delegates_for(row)}
        delegate_id = delegate.pk if isinstance(delegate, Person) else delegate
        try:
            chosen = allowed[int(delegate_id)]
        except (KeyError, TypeError, ValueError):
            # never looked up elsewhere: an id of another partnership or organisation names nobody here
            raise ValidationError({"delegate": _("Choose a colleague of %(organisation)s recorded in this "
                                                 "partnership.") % {"organisation": row.organisation}}) from None
    before = (row.reply, row.reply_delegate_id)
    row.reply, row.reply_delegate = reply, chosen
    row.replied_at, row.reply_via = now or timezone.now(), via
    row.full_clean()
    row.save(update_fields=["reply", "reply_delegate", "replied_at", "reply_via"])
    if before != (row.reply, row.reply_delegate_id):
        log_action(actor, "governance.reply.recorded", meeting,
                   {"person": row.person.name, "reply": reply, "delegate": chosen.name if chosen else "", "via": via},
                   partnership=meeting.series.partnership)
    return row


def suggested_attendance(row: Attendance) -> tuple[str, str]:
    """What the attendance register starts from for a row nobody has recorded yet: the reply."""
    if row.status:
        return row.status, row.delegate_name
    if row.reply == Reply.GOING:
        return Attendance.Status.ATTENDED, ""
    if row.reply == Reply.NOT_GOING:
        return Attendance.Status.APOLOGIES, ""
    if row.reply == Reply.DELEGATE and row.reply_delegate_id:
        return Attendance.Status.DELEGATE, row.reply_delegate.name if row.reply_delegate else ""
    return "", ""


def not_replied(meeting: Meeting, *, limit: int | None = None) -> list[Attendance]:
    """Who is expected and has not replied (the first `limit` of them by name, when given)."""
    rows = meeting.attendance.filter(reply="").select_related("person", "organisation")
    if limit is not None:
        rows = rows.order_by("person__name", "pk")[:limit]
    return list(rows)


def not_replied_count(meeting: Meeting) -> int:
    return meeting.attendance.filter(reply="").count()


# ---- replies from a calendar program (iTIP METHOD:REPLY) -----------------------------------------

PARTSTAT = {"ACCEPTED": Reply.GOING, "DECLINED": Reply.NOT_GOING, "DELEGATED": Reply.DELEGATE}


def address_of(value: Any) -> str:
    text = str(value or "")
    return text.split(":", 1)[1].strip() if text.lower().startswith("mailto:") else text.strip()


def same_instant(a: Any, b: dt.datetime, tz: dt.tzinfo) -> bool:
    if isinstance(a, dt.datetime):
        a = a if timezone.is_aware(a) else a.replace(tzinfo=tz)
        return a.astimezone(dt.UTC) == b.astimezone(dt.UTC)
    return isinstance(a, dt.date) and a == b.astimezone(tz).date()


def read_reply(data: bytes | str) -> icalendar.Calendar:
    """The iCalendar METHOD:REPLY in `data`, or a plain ValidationError saying why it is not one."""
    try:
        cal = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError, TypeError) as exc:
        raise ValidationError({"file": ValidationError(
            _("This is not a calendar reply that can be read (%(error)s). Upload the .ics file the calendar "
              "program sent back.") % {"error": exc}, code="unreadable")}) from None
    method = str(cal.get("method", "")).upper()
    if method != "REPLY":
        raise ValidationError({"file": ValidationError(
            _("This calendar file is a %(kind)s, not a reply (METHOD:REPLY). Upload the reply an invitee's "
              "calendar sent.") % {"kind": method or _("plain calendar")}, code="not_reply",
            params={"method": method})})
    return cal


def attendees_of(event: Any) -> list[Any]:
    attendees = event.get("attendee")
    return attendees if isinstance(attendees, list) else ([attendees] if attendees is not None else [])


@transaction.atomic
def replies_from_ical(*, actor: Any, meeting: Meeting, data: bytes | str,
                      now: dt.datetime | None = None) -> list[Attendance]:
    """Apply an iCalendar METHOD:REPLY to this meeting: all of it or nothing.

    Each ATTENDEE is matched by e-mail address to someone on this meeting's list, and to nobody else (a
    reply never reaches another meeting or partnership). The event must be this meeting: the series' UID,
    and, when the reply names one occurrence, its RECURRENCE-ID. A reply to the whole series is taken
    as a reply to this meeting only.
    """
    return replies_from_events(actor=actor, meeting=meeting, events=list(read_reply(data).walk("VEVENT")), now=now)


@transaction.atomic
def replies_from_events(*, actor: Any, meeting: Meeting, events: list[Any], now: dt.datetime | None = None,
                        via: str = "calendar") -> list[Attendance]:
    """The VEVENTs of a METHOD:REPLY applied to this meeting (see replies_from_ical); also used for the
    replies calendar programs e-mail back (services/inbound.py)."""
    if not events:
        raise ValidationError({"file": _("The reply holds no event.")})
    rows = {a.person.email.lower(): a for a in meeting.attendance.select_related("person", "organisation")
            if a.person.email}
    done: list[Attendance] = []
    for event in events:
        if str(event.get("uid", "")) != meeting.series.uid:
            raise ValidationError({"file": _("This reply is about another meeting, not %(meeting)s.")
                                          % {"meeting": meeting}})
        rid = event.get("recurrence-id")
        if rid is not None and not same_instant(rid.dt, meeting.original_start, meeting.tz):
            raise ValidationError({"file": _("This reply is about another date of the series, not %(meeting)s.")
                                          % {"meeting": meeting}})
        attendees = attendees_of(event)
        if not attendees:
            raise ValidationError({"file": _("The reply names no attendee.")})
        for attendee in attendees:
            address = address_of(attendee).lower()
            row = rows.get(address)
            if row is None:
                raise ValidationError({"file": _("%(who)s is not on the list for %(meeting)s.")
                                              % {"who": address or _("An attendee"), "meeting": meeting}})
            status = str(attendee.params.get("PARTSTAT", "")).upper()
            reply = PARTSTAT.get(status)
            if reply is None:
                continue  # TENTATIVE or NEEDS-ACTION: not an answer yet
            delegate = None
            if reply == Reply.DELEGATE:
                to = address_of(attendee.params.get("DELEGATED-TO", ""))
                delegate = next((p for p in delegates_for(row) if p.email and p.email.lower() == to.lower()), None)
                if delegate is None:
                    raise ValidationError({"file": _("%(name)s delegated to %(to)s, who is not a colleague of "
                                                     "%(organisation)s recorded in this partnership.")
                                                   % {"name": row.person.name, "to": to or _("someone"),
                                                      "organisation": row.organisation}})
            done.append(reply_set(actor=actor, row=row, reply=reply, delegate=delegate, via=via, now=now))
    return done


# ---- notices: the invitation and the reminder ----------------------------------------------------

def _meeting_url(meeting: Meeting) -> str:
    return meeting.get_absolute_url()


def _meeting_text(text: str, meeting: Meeting) -> stored_text.Stored:
    """A notice's sentence naming the meeting (its series' title and its day, in the reader's words)."""
    return stored_text.message(text, meeting=meeting.series.title,
                               date=timezone.localtime(meeting.start, meeting.tz).date())


# The body of both notices: what the person is asked to do
_SAY_WHETHER = gettext_noop("Say whether you are going, not going or sending a colleague.")


def invite_notices(meeting: Meeting, only: Person | None = None) -> int:
    """A notice to each person with an account on the meeting's list (or `only` that one): the e-mailed
    invitation already carries the calendar entry; the notice keeps it in their list."""
    rows = meeting.attendance.select_related("person")
    if only is not None:
        rows = rows.filter(person=only)
    people = [a.person for a in rows if a.person.user_id]
    if not people or meeting.is_cancelled:
        return 0
    return len(notify(partnership=meeting.series.partnership, people=people, kind=INVITED_KIND,
                      event_key=f"governance.meeting:{meeting.pk}:invited",
                      title=_meeting_text(gettext_noop("You are invited to %(meeting)s, %(date)s"), meeting),
                      url=_meeting_url(meeting), body=stored_text.message(_SAY_WHETHER)))


def reminders_due(now: dt.datetime | None = None) -> list[Meeting]:
    """Coming meetings within GOVERNANCE_REPLY_REMINDER_HOURS with someone who has not replied."""
    now = now or timezone.now()
    soon = now + dt.timedelta(hours=settings.GOVERNANCE_REPLY_REMINDER_HOURS)
    return list(Meeting.objects.filter(status=Meeting.Status.SCHEDULED, start__gt=now, start__lte=soon,
                                       attendance__reply="").distinct().select_related("series__partnership"))


def send_reminders(now: dt.datetime | None = None) -> int:
    """One reminder notice per non-replier per meeting, ever: the notice's event key makes a second run
    (or a worker restarted mid-run) create nothing."""
    sent = 0
    for meeting in reminders_due(now):
        people = [a.person for a in not_replied(meeting)]
        sent += len(notify(partnership=meeting.series.partnership, people=people, kind=REMINDER_KIND,
                           event_key=f"governance.meeting:{meeting.pk}:reply-reminder",
                           title=_meeting_text(gettext_noop("Please reply: %(meeting)s, %(date)s"), meeting),
                           url=_meeting_url(meeting), body=stored_text.message(_SAY_WHETHER)))
    return sent
