"""E-mails: invitations and updates with an .ics attachment, and action reminders."""

from __future__ import annotations

from django.utils import timezone

from accord.lib import mail

from . import ical
from .models import Action, Attendance, Meeting, MeetingSeries


def _recipients(rows) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(name, address) of each person on the list who has an address, once each."""
    return sorted({(a.person.name, a.person.email) for a in rows if a.person.email}, key=lambda p: p[1])


def series_invitation(series: MeetingSeries) -> int:
    """METHOD:REQUEST for the whole series, to everyone expected at a meeting still to come."""
    rows = Attendance.objects.filter(meeting__series=series, meeting__start__gte=timezone.now(),
                                     meeting__status=Meeting.Status.SCHEDULED).select_related("person")
    to = _recipients(rows)
    if not to:
        return 0
    payload = ical.series_request(series, to)
    next_meeting = series.meetings.filter(start__gte=timezone.now(), status=Meeting.Status.SCHEDULED).first()
    messages = [mail.build(
        to=[email], subject=f"Invitation: {series.title} ({series.partnership.name})",
        template="governance/email/series_invitation",
        context={"series": series, "next": next_meeting, "url": mail.absolute(series.get_absolute_url())},
        attachments=[("invite.ics", payload, "text/calendar; method=REQUEST")],
    ) for _, email in to]
    return mail.send_many(messages)


def meeting_update(meeting: Meeting, method: str) -> int:
    """METHOD:REQUEST for a moved meeting, METHOD:CANCEL for a cancelled one."""
    to = _recipients(meeting.attendance.select_related("person"))
    if not to:
        return 0
    payload = ical.meeting_message(meeting, method=method, attendees=to)
    verb = "Cancelled" if method == "CANCEL" else "Moved"
    messages = [mail.build(
        to=[email], subject=f"{verb}: {meeting}",
        template="governance/email/meeting_update",
        context={"meeting": meeting, "cancelled": method == "CANCEL",
                 "url": mail.absolute(meeting.get_absolute_url())},
        attachments=[("invite.ics", payload, f"text/calendar; method={method}")],
    ) for _, email in to]
    return mail.send_many(messages)


def action_reminder(action: Action, kind: str) -> int:
    overdue = kind == "overdue"
    return mail.send(
        to=[action.owner.email],
        subject=("Overdue: " if overdue else "Due soon: ") + action.title,
        template="governance/email/action_reminder",
        context={"action": action, "overdue": overdue, "url": mail.absolute(action.get_absolute_url())},
    )
