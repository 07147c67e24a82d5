"""Reads about governance that other domains (health) and the pages rely on. Plain data out."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from accord.partners.models import Partnership, Person

from .models import Action, Attendance, Decision, Meeting, MeetingSeries

HELD = (Attendance.Status.ATTENDED, Attendance.Status.DELEGATE)


def meetings(partnership: Partnership) -> QuerySet[Meeting]:
    return Meeting.objects.filter(series__partnership=partnership).select_related("series__partnership")


def _past(partnership: Partnership, start: dt.date | None, end: dt.date | None) -> QuerySet[Meeting]:
    qs = meetings(partnership).filter(start__lte=timezone.now())
    if start:
        qs = qs.filter(start__date__gte=start)
    if end:
        qs = qs.filter(start__date__lte=end)
    return qs


def held_ids(partnership: Partnership, start: dt.date | None = None, end: dt.date | None = None) -> set[int]:
    """A meeting was held if it was not cancelled and someone is recorded as attending it."""
    return set(_past(partnership, start, end).filter(status=Meeting.Status.SCHEDULED, attendance__status__in=HELD)
               .values_list("pk", flat=True).distinct())


def _org_summary(rows: list[tuple[int, int, str]]) -> dict[int, dict[int, str]]:
    """(meeting, org, status) rows of expected senior leaders -> {meeting: {org: summary}}."""
    rank = {"attended": 3, "delegate": 2, "apologies": 1, "absent": 0, "": 0}
    out: dict[int, dict[int, str]] = defaultdict(dict)
    for meeting_id, org_id, status in rows:
        status = status or "absent"
        best = out[meeting_id].get(org_id)
        if best is None or rank[status] > rank[best]:
            out[meeting_id][org_id] = status
    return out


def _senior_rows(meeting_ids: set[int]) -> list[tuple[int, int, str]]:
    return list(Attendance.objects.filter(meeting_id__in=meeting_ids, senior=True)
                .values_list("meeting_id", "organisation_id", "status"))


def _overdue_on(day: dt.date, status: str, due: dt.date, completed_on: dt.date | None) -> bool:
    """Was the action overdue on `day`: due before it and not yet done by then? An action done later
    (completed_on after `day`) was still open that day. Dropped actions are left out: the model keeps no
    date for dropping, so which days they were open is not known."""
    if due >= day:
        return False
    if status == Action.Status.OPEN:
        return True
    return status == Action.Status.DONE and completed_on is not None and completed_on > day


def governance_health(partnership: Partnership, *, start: dt.date | None = None,
                      end: dt.date | None = None) -> dict[str, Any]:
    """Meetings held against planned, senior attendance by organisation, decisions and actions.

    Counts cover meetings between `start` and `end`; actions are judged as they stood on `end` (None:
    today), so a past month's picture counts the actions overdue then, not those overdue now."""
    today = timezone.localdate()
    # Cancelling a meeting changes the plan: only meetings that were to take place count as planned
    # (docs/health.md, engagement), so a partnership is not marked down for calling one off.
    planned = _past(partnership, start, end).filter(status=Meeting.Status.SCHEDULED).count()
    held = held_ids(partnership, start, end)
    by_meeting = _org_summary(_senior_rows(held))
    by_org: dict[int, dict[str, Any]] = {}
    for org_id in partnership.memberships.values_list("organisation_id", flat=True):
        statuses = [orgs[org_id] for orgs in by_meeting.values() if org_id in orgs]
        attended = statuses.count("attended")
        by_org[org_id] = {
            "meetings_expected": len(statuses), "senior_attended": attended,
            "delegate": statuses.count("delegate"),
            "senior_attendance_share": attended / len(statuses) if statuses else None,
        }
    window = Q(meeting__series__partnership=partnership)
    if start:
        window &= Q(meeting__start__date__gte=start)
    if end:
        window &= Q(meeting__start__date__lte=end)
    actions = list(Action.objects.filter(window).values_list("status", "due", "completed_on"))
    as_of = end or today
    return {
        "meetings_planned": planned,
        "meetings_held": len(held),
        "decisions": Decision.objects.filter(window, result=Decision.Result.CARRIED).count(),
        "actions_total": len(actions),
        "actions_done_on_time": sum(1 for s, due, done in actions
                                    if s == Action.Status.DONE and done and done <= due and done <= as_of),
        "actions_overdue": sum(1 for s, due, done in actions if _overdue_on(as_of, s, due, done)),
        "by_org": by_org,
    }


def senior_attendance_by_meeting(partnership: Partnership) -> list[dict[str, Any]]:
    held = held_ids(partnership)
    by_meeting = _org_summary(_senior_rows(held))
    out = []
    for meeting in meetings(partnership).filter(pk__in=held).order_by("start"):
        out.append({"meeting_id": meeting.pk, "date": meeting.local_start.date(), "url": meeting.get_absolute_url(),
                    "by_org": dict(by_meeting.get(meeting.pk, {}))})
    return out


def meetings_attended_by(person: Person, *, partnership: Any = None) -> list[dict[str, Any]]:
    """Meetings the person attended; only those of `partnership` when given (a handover must not
    show one partnership's meetings to another's members)."""
    rows = (Attendance.objects.filter(person=person, status=Attendance.Status.ATTENDED)
            .select_related("meeting__series__partnership").order_by("meeting__start"))
    if partnership is not None:
        rows = rows.filter(meeting__series__partnership=partnership)
    return [{"date": a.meeting.local_start.date(), "title": a.meeting.series.title,
             "url": a.meeting.get_absolute_url()} for a in rows]


def open_actions_for(person: Person, *, partnership: Any = None) -> list[dict[str, Any]]:
    rows = Action.objects.filter(owner=person, status=Action.Status.OPEN).select_related(
        "meeting__series__partnership")
    if partnership is not None:
        rows = rows.filter(meeting__series__partnership=partnership)
    return [{"title": a.title, "due": a.due, "url": a.get_absolute_url()} for a in rows]


def actions_for_user(user: Any) -> QuerySet[Action]:
    """Every action owned by a Person linked to this user, across partnerships (for "my actions")."""
    return (Action.objects.filter(owner__user=user).select_related("meeting__series__partnership", "owner",
                                                                    "organisation")
            .order_by("status", "due"))


def series_of(partnership: Partnership) -> QuerySet[MeetingSeries]:
    """The partnership's meeting series (for other domains that add a meeting to one, such as a poll)."""
    return MeetingSeries.objects.filter(partnership=partnership)
