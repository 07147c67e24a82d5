"""E-mails: invitations and updates with an .ics attachment, and action reminders."""

from __future__ import annotations

from django.utils import timezone

from accord.lib import mail
from accord.partners.models import Person

from . import ical
from .models import Action, Attendance, Meeting, MeetingSeries


def _recipients(rows) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
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
            context={"series": series, "next": next_meeting, "url": mail.absolute(series.get_absolute_url())},
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
    to = _recipients(meeting.attendance.select_related("person"))
    if not to:
        return 0
    payload = ical.meeting_message(meeting, method=method, attendees=to)
    kind = "cancelled" if method == "CANCEL" else (kind or "moved")
    verb = {"cancelled": "Cancelled", "moved": "Moved", "invited": "Invitation", "changed": "Updated"}[kind]
    messages = [mail.build(
        to=[email], subject=f"{verb}: {meeting}",
        template="governance/email/meeting_update",
        context={"meeting": meeting, "cancelled": method == "CANCEL", "kind": kind,
                 "url": mail.absolute(meeting.get_absolute_url())},
        attachments=[("invite.ics", payload, f"text/calendar; method={method}")],
    ) for _, email in to if only is None or email in only]
    return mail.send_many(messages) if messages else 0


def action_reminder(action: Action, kind: str) -> int:
    overdue = kind == "overdue"
    return mail.send(
        to=[action.owner.email],
        subject=("Overdue: " if overdue else "Due soon: ") + action.title,
        template="governance/email/action_reminder",
        context={"action": action, "overdue": overdue, "url": mail.absolute(action.get_absolute_url())},
    )
