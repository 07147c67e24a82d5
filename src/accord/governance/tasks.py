"""Background work: invitations and updates by e-mail, the daily horizon, and action reminders."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import notify, services
from .models import Attendance, Meeting, MeetingSeries
from .services import replies

log = logging.getLogger(__name__)


@db_task()
def send_series_invitation(series_id: int) -> int:
    series = MeetingSeries.objects.select_related("partnership").filter(pk=series_id).first()
    if series is None:
        return 0
    upcoming = series.meetings.filter(start__gte=timezone.now(), status=Meeting.Status.SCHEDULED).first()
    if upcoming is not None:
        replies.invite_notices(upcoming)
    return notify.series_invitation(series)


@db_task()
def send_meeting_update(meeting_id: int, method: str) -> int:
    meeting = Meeting.objects.select_related("series__partnership").filter(pk=meeting_id).first()
    return notify.meeting_update(meeting, method) if meeting else 0


@db_task()
def send_guest_invitation(meeting_id: int, person_id: int) -> int:
    row = (Attendance.objects.select_related("person", "meeting__series__partnership")
           .filter(meeting_id=meeting_id, person_id=person_id).first())
    if row is None:
        return 0
    replies.invite_notices(row.meeting, only=row.person)
    return notify.guest_invitation(row.meeting, row.person)


@db_task()
def send_guest_cancellations(prepared: list[dict]) -> int:
    return notify.send_guest_cancellations(prepared)


def remind(today: dt.date | None = None) -> int:
    """Send each due reminder once: the claim is recorded before the mail goes, so a rerun never repeats it."""
    sent = 0
    for action, kind in services.action_reminders_due(today):
        if services.reminder_claim(action, kind):
            notify.action_reminder(action, kind)
            sent += 1
    return sent


@db_periodic_task(crontab(hour="7", minute="30"))
def action_reminders() -> int:
    return remind()


@db_periodic_task(crontab(hour="3", minute="15"))
def extend_series() -> int:
    """Make the meetings that come within the horizon, and refresh who is expected at coming ones."""
    made = 0
    for series in MeetingSeries.objects.select_related("partnership"):
        try:
            made += services.series_materialise(series)
        except Exception:  # noqa: BLE001 - one broken series must not stop the others
            log.exception("Could not extend meeting series %s", series.pk)
    return made


@db_periodic_task(crontab(hour="3", minute="30"))
def recheck_decisions() -> int:
    """Decide open decisions that were waiting only for members that have since left."""
    return len(services.decisions_recheck(actor=None))


@db_periodic_task(crontab(minute="*/30"))
def meeting_reply_reminders() -> int:
    """One reminder notice to each invitee who has not replied, shortly before the meeting (once only)."""
    return replies.send_reminders()
