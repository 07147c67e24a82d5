"""E-mails: invitations and updates with an .ics attachment, and action reminders."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from accord.lib import mail
from accord.partners.models import Person

from . import ical
from .models import Action, Attendance, Meeting, MeetingSeries
from .replylinks import link_for


def _papers(meeting: Meeting | None) -> list[dict[str, str]]:
    """The meeting's papers with their download links (opened after signing in, for those who may see it)."""
    if meeting is None:
        return []
    return [{"title": p.title, "url": mail.absolute(p.get_absolute_url())}
            for p in meeting.papers.select_related("meeting__series")]


def _reply_url(meeting: Meeting | None, email: str) -> str:
    path = link_for(meeting, email) if meeting is not None and not meeting.is_cancelled else ""
    return mail.absolute(path) if path else ""


def _recipients(rows: Iterable[Attendance]) -> list[tuple[str, str]]:
    """(name, address) of each person on the list who has an address, once each."""
    return sorted({(a.person.name, a.person.email) for a in rows if a.person.email}, key=lambda p: p[1])


def series_invitation(series: MeetingSeries) -> int:
    """METHOD:REQUEST for the whole series, to the people the series expects at a meeting still to come
    (senior leaders in post and its extra attendees). Someone added to one meeting only is not invited
    to the series: they get an update for each coming meeting they were added to, that meeting alone."""
    rows = list(Attendance.objects.filter(meeting__series=series, meeting__start__gte=timezone.now(),
                                          meeting__status=Meeting.Status.SCHEDULED)
                .select_related("person", "meeting__series__partnership"))
    to = _recipients(r for r in rows if r.expected)
    sent = 0
    if to:
        payload = ical.series_request(series, to)
        next_meeting = series.meetings.filter(start__gte=timezone.now(), status=Meeting.Status.SCHEDULED).first()
        sent += mail.send_many([mail.build(
            to=[email], subject=f"Invitation: {series.title} ({series.partnership.name})",
            template="governance/email/series_invitation",
            context={"series": series, "next": next_meeting, "url": mail.absolute(series.get_absolute_url()),
                     "reply_url": _reply_url(next_meeting, email), "papers": _papers(next_meeting)},
            attachments=[("invite.ics", payload, "text/calendar; method=REQUEST")],
        ) for _, email in to])
    invited = {email for _, email in to}
    guests: dict[Meeting, set[str]] = {}
    for row in rows:
        if not row.expected and row.person.email and row.person.email not in invited:
            guests.setdefault(row.meeting, set()).add(row.person.email)
    for meeting in sorted(guests, key=lambda m: m.start):
        sent += meeting_update(meeting, "REQUEST", only=guests[meeting], kind="changed")
    return sent


def guest_invitation(meeting: Meeting, person: Person) -> int:
    """METHOD:REQUEST for the one meeting someone was added to (not the series)."""
    if not person.email or meeting.is_cancelled:
        return 0
    return meeting_update(meeting, "REQUEST", only={person.email}, kind="invited")


def meeting_update(meeting: Meeting, method: str, *, only: set[str] | None = None, kind: str = "") -> int:
    """METHOD:REQUEST for a moved meeting, METHOD:CANCEL for a cancelled one, for that meeting alone
    (its RECURRENCE-ID), naming only that meeting's attendees. With `only`, sent to those addresses alone."""
    rows = list(meeting.attendance.select_related("person"))
    to = _recipients(rows)
    if not to:
        return 0
    guests = {a.person.email for a in rows if not a.expected} - {a.person.email for a in rows if a.expected}
    payload = ical.meeting_message(meeting, method=method, attendees=to)
    kind = "cancelled" if method == "CANCEL" else (kind or "moved")
    verb = {"cancelled": "Cancelled", "moved": "Moved", "invited": "Invitation", "changed": "Updated"}[kind]
    papers = [] if method == "CANCEL" else _papers(meeting)
    messages = [mail.build(
        to=[email], subject=f"{verb}: {meeting}",
        template="governance/email/meeting_update",
        context={"meeting": meeting, "cancelled": method == "CANCEL", "kind": kind, "guest": email in guests,
                 "url": mail.absolute(meeting.get_absolute_url()), "papers": papers,
                 "reply_url": "" if method == "CANCEL" else _reply_url(meeting, email)},
        attachments=[("invite.ics", payload, f"text/calendar; method={method}")],
    ) for _, email in to if only is None or email in only]
    return mail.send_many(messages) if messages else 0


def guest_cancellations(meetings: list[Meeting]) -> list[dict]:
    """The METHOD:CANCEL each guest of these meetings is owed, prepared while the meetings can still be
    read (they are about to be deleted: the series now ends before them). Those the series expects
    learn it from the series' update (its new end)."""
    prepared = []
    for meeting in meetings:
        rows = list(meeting.attendance.select_related("person"))
        guests = sorted({a.person.email for a in rows if not a.expected and a.person.email}
                        - {a.person.email for a in rows if a.expected})
        if meeting.is_cancelled or not guests:
            continue
        meeting.status = Meeting.Status.CANCELLED
        meeting.sequence = max(meeting.sequence, meeting.series.sequence) + 1
        prepared.append({"to": guests, "meeting": str(meeting), "url": mail.absolute(meeting.series.get_absolute_url()),
                         "ics": ical.meeting_message(meeting, method="CANCEL", attendees=_recipients(rows))})
    return prepared


def series_cancellation(series: MeetingSeries) -> list[dict]:
    """The METHOD:CANCEL of a series about to be deleted, for everyone on the list of a meeting still to come
    (prepared while the series can still be read)."""
    rows = list(Attendance.objects.filter(meeting__series=series, meeting__start__gte=timezone.now(),
                                          meeting__status=Meeting.Status.SCHEDULED).select_related("person"))
    to = _recipients(rows)
    if not to:
        return []
    return [{"to": [email for _, email in to], "meeting": series.title, "series_removed": True,
             "url": mail.absolute(series.partnership.get_absolute_url()), "ics": ical.series_cancel(series, to)}]


def send_guest_cancellations(prepared: list[dict]) -> int:
    messages = [mail.build(
        to=[email], subject=f"{'Invitation withdrawn' if p.get('withdrawn') else 'Cancelled'}: {p['meeting']}",
        template="governance/email/meeting_update",
        context={"meeting": p["meeting"], "cancelled": True, "kind": "cancelled", "guest": True, "url": p["url"],
                 "series_removed": p.get("series_removed", False), "withdrawn": p.get("withdrawn", False)},
        attachments=[("invite.ics", p["ics"], "text/calendar; method=CANCEL")],
    ) for p in prepared for email in p["to"]]
    return mail.send_many(messages) if messages else 0


def action_reminder(action: Action, kind: str) -> int:
    overdue = kind == "overdue"
    return mail.send(
        to=[action.owner.email],
        subject=("Overdue: " if overdue else "Due soon: ") + action.title,
        template="governance/email/action_reminder",
        context={"action": action, "overdue": overdue, "url": mail.absolute(action.get_absolute_url())},
    )
