"""Reads about governance that other domains (health) and the pages rely on. Plain data out."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from accord.lib import urls
from accord.partners.models import Membership, Partnership, Person

from .models import Action, Attendance, Decision, Meeting, MeetingSeries

HELD = (Attendance.Status.ATTENDED, Attendance.Status.DELEGATE)


def meetings(partnership: Partnership) -> QuerySet[Meeting]:
    return Meeting.objects.filter(series__partnership=partnership).select_related("series__partnership")


def held_ids(partnership: Partnership, start: dt.date | None = None, end: dt.date | None = None) -> set[int]:
    """A meeting was held if it was not cancelled and someone is recorded as attending it."""
    return _held_many([partnership.pk], start, end).get(partnership.pk, set())


def _past_many(ids: Sequence[int], start: dt.date | None, end: dt.date | None) -> QuerySet[Meeting]:
    """The past meetings of these partnerships between `start` and `end` (unordered: for values)."""
    qs = Meeting.objects.filter(series__partnership_id__in=ids, start__lte=timezone.now()).order_by()
    if start:
        qs = qs.filter(start__date__gte=start)
    if end:
        qs = qs.filter(start__date__lte=end)
    return qs


def _held_many(ids: Sequence[int], start: dt.date | None, end: dt.date | None) -> dict[int, set[int]]:
    """`held_ids` of each partnership (one query)."""
    out: dict[int, set[int]] = defaultdict(set)
    for pid, meeting_id in (_past_many(ids, start, end).filter(status=Meeting.Status.SCHEDULED,
                                                               attendance__status__in=HELD)
                            .values_list("series__partnership_id", "pk").distinct()):
        out[pid].add(meeting_id)
    return out


def _org_summary(rows: Iterable[tuple[int, int, str]]) -> dict[int, dict[int, str]]:
    """(meeting, org, status) rows of expected senior leaders -> {meeting: {org: summary}}."""
    rank = {"attended": 3, "delegate": 2, "apologies": 1, "absent": 0, "": 0}
    out: dict[int, dict[int, str]] = defaultdict(dict)
    for meeting_id, org_id, status in rows:
        status = status or "absent"
        best = out[meeting_id].get(org_id)
        if best is None or rank[status] > rank[best]:
            out[meeting_id][org_id] = status
    return out


def _senior_rows(meeting_ids: Iterable[int]) -> list[tuple[int, int, str]]:
    return list(Attendance.objects.filter(meeting_id__in=list(meeting_ids), senior=True).order_by()
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


def _counts(rows: Iterable[Mapping[str, Any]], key: str) -> dict[int, int]:
    return {row[key]: row["n"] for row in rows}


def governance_health(partnership: Partnership, *, start: dt.date | None = None,
                      end: dt.date | None = None) -> dict[str, Any]:
    """Meetings held against planned, senior attendance by organisation, decisions and actions.

    Counts cover meetings between `start` and `end`; actions are judged as they stood on `end` (None:
    today), so a past month's picture counts the actions overdue then, not those overdue now."""
    return governance_health_many([partnership], start=start, end=end)[partnership.pk]


def governance_health_many(partnerships: Sequence[Partnership], *, start: dt.date | None = None,
                           end: dt.date | None = None) -> dict[int, dict[str, Any]]:
    """`governance_health` of each partnership (by id), in six queries however many there are: the
    monthly health snapshots read it for every partnership."""
    ids = [p.pk for p in partnerships]
    # Cancelling a meeting changes the plan: only meetings that were to take place count as planned
    # (docs/health.md, engagement), so a partnership is not marked down for calling one off.
    planned = _counts(_past_many(ids, start, end).filter(status=Meeting.Status.SCHEDULED)
                      .values("series__partnership_id").annotate(n=Count("pk")), "series__partnership_id")
    held = _held_many(ids, start, end)
    by_meeting = _org_summary(_senior_rows(m for meetings in held.values() for m in meetings))
    members: dict[int, list[int]] = defaultdict(list)
    for pid, org_id in (Membership.objects.filter(partnership_id__in=ids)
                        .order_by("-is_lead", "joined", "organisation__name", "pk")
                        .values_list("partnership_id", "organisation_id")):
        members[pid].append(org_id)
    window = Q(meeting__series__partnership_id__in=ids)
    if start:
        window &= Q(meeting__start__date__gte=start)
    if end:
        window &= Q(meeting__start__date__lte=end)
    actions: dict[int, list[tuple[str, dt.date, dt.date | None]]] = defaultdict(list)
    for pid, status, due, done in (Action.objects.filter(window).order_by()
                                   .values_list("meeting__series__partnership_id", "status", "due", "completed_on")):
        actions[pid].append((status, due, done))
    decisions = _counts(Decision.objects.filter(window, result=Decision.Result.CARRIED).order_by()
                        .values("meeting__series__partnership_id").annotate(n=Count("pk")),
                        "meeting__series__partnership_id")
    as_of = end or timezone.localdate()
    out = {}
    for pid in ids:
        meetings_here = [by_meeting[m] for m in held.get(pid, ()) if m in by_meeting]
        by_org: dict[int, dict[str, Any]] = {}
        for org_id in members.get(pid, ()):
            statuses = [orgs[org_id] for orgs in meetings_here if org_id in orgs]
            attended = statuses.count("attended")
            by_org[org_id] = {
                "meetings_expected": len(statuses), "senior_attended": attended,
                "delegate": statuses.count("delegate"),
                "senior_attendance_share": attended / len(statuses) if statuses else None,
            }
        rows = actions.get(pid, [])
        out[pid] = {
            "meetings_planned": planned.get(pid, 0),
            "meetings_held": len(held.get(pid, ())),
            "decisions": decisions.get(pid, 0),
            "actions_total": len(rows),
            "actions_done_on_time": sum(1 for s, due, done in rows
                                        if s == Action.Status.DONE and done and done <= due and done <= as_of),
            "actions_overdue": sum(1 for s, due, done in rows if _overdue_on(as_of, s, due, done)),
            "by_org": by_org,
        }
    return out


def senior_attendance_by_meeting(partnership: Partnership) -> list[dict[str, Any]]:
    return senior_attendance_by_meeting_many([partnership])[partnership.pk]


def senior_attendance_by_meeting_many(partnerships: Sequence[Partnership]) -> dict[int, list[dict[str, Any]]]:
    """Each held meeting of each partnership (by id), oldest first, with the attendance of every expected
    organisation's senior leader: three queries however many partnerships."""
    ids = [p.pk for p in partnerships]
    held = _held_many(ids, None, None)
    every = [m for meetings in held.values() for m in meetings]
    by_meeting = _org_summary(_senior_rows(every))
    out: dict[int, list[dict[str, Any]]] = {pid: [] for pid in ids}
    zones: dict[str, dt.tzinfo] = {}
    link = urls.maker("governance:meeting", 2)
    for pk, pid, start, zone in (Meeting.objects.filter(pk__in=every).order_by("start", "pk")
                                 .values_list("pk", "series__partnership_id", "start", "series__time_zone")):
        tz = zones.get(zone) or zones.setdefault(zone, ZoneInfo(zone))
        out[pid].append({"meeting_id": pk, "date": timezone.localtime(start, tz).date(),
                         "url": link(pid, pk), "by_org": dict(by_meeting.get(pk, {}))})
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


def open_actions_for_many(people: Sequence[Person]) -> dict[int, list[dict[str, Any]]]:
    """`open_actions_for` of each person (by id), each within their own partnership, in one query."""
    out: dict[int, list[dict[str, Any]]] = {p.pk: [] for p in people}
    rows = (Action.objects.filter(owner_id__in=list(out), status=Action.Status.OPEN,
                                  meeting__series__partnership_id=F("owner__partnership_id"))
            .select_related("meeting__series__partnership"))
    for a in rows:
        out[a.owner_id].append({"title": a.title, "due": a.due, "url": a.get_absolute_url()})
    return out


def actions_for_user(user: Any) -> QuerySet[Action]:
    """Every action owned by a Person linked to this user, across partnerships (for "my actions")."""
    return (Action.objects.filter(owner__user=user).select_related("meeting__series__partnership", "owner",
                                                                    "organisation")
            .order_by("status", "due"))


def series_of(partnership: Partnership) -> QuerySet[MeetingSeries]:
    """The partnership's meeting series (for other domains that add a meeting to one, such as a poll)."""
    return MeetingSeries.objects.filter(partnership=partnership)


def actions_rows(partnership: Partnership) -> list[dict[str, Any]]:
    """Every action of the partnership's meetings as plain rows (the data-out files), oldest first."""
    qs = (Action.objects.filter(meeting__series__partnership=partnership)
          .select_related("meeting", "owner", "organisation").order_by("meeting__start", "due", "pk"))
    return [
        {"id": a.pk, "meeting": timezone.localtime(a.meeting.start).date(), "title": a.title, "detail": a.detail,
         "owner": a.owner.name, "organisation": a.organisation.name, "due": a.due,
         "status": a.get_status_display(), "completed_on": a.completed_on}
        for a in qs
    ]


def decisions_rows(partnership: Partnership) -> list[dict[str, Any]]:
    """Every decision with each organisation's recorded position: one row per position (a decision with
    none yet is one row with the organisation empty), oldest meeting first."""
    qs = (Decision.objects.filter(Q(meeting__series__partnership=partnership)
                                  | Q(partnership=partnership, meeting__isnull=True))
          .select_related("meeting").prefetch_related("positions__organisation")
          .order_by(F("meeting__start").asc(nulls_last=True), "decided_on", "pk"))
    rows: list[dict[str, Any]] = []
    for d in qs:
        # a decision taken between meetings (a proposal's outcome) has no meeting: its date column is empty
        held = timezone.localtime(d.meeting.start).date() if d.meeting is not None else None
        base = {"id": d.pk, "meeting": held, "proposal": d.proposal,
                "needs_consensus": d.needs_consensus, "result": d.get_result_display(), "decided_on": d.decided_on}
        positions = sorted(d.positions.all(), key=lambda p: p.organisation.name)
        if not positions:
            rows.append({**base, "organisation": "", "position": "", "comment": ""})
        for p in positions:
            rows.append({**base, "organisation": p.organisation.name, "position": p.get_stance_display(),
                         "comment": p.comment})
    return rows


def attendance_rows(partnership: Partnership) -> list[dict[str, Any]]:
    """Every meeting with who was expected and who came: one row per person recorded (a meeting with
    nobody recorded is one row with the person empty), oldest first."""
    qs = (meetings(partnership).select_related("series")
          .prefetch_related("attendance__person", "attendance__organisation").order_by("start", "pk"))
    rows: list[dict[str, Any]] = []
    for m in qs:
        base = {"meeting_id": m.pk, "series": m.series.title, "date": timezone.localtime(m.start).date(),
                "meeting_status": m.get_status_display()}
        people = sorted(m.attendance.all(), key=lambda a: (a.organisation.name, a.person.name))
        if not people:
            rows.append({**base, "person": "", "organisation": "", "senior": "", "expected": "",
                         "attendance": "", "delegate": ""})
        for a in people:
            rows.append({**base, "person": a.person.name, "organisation": a.organisation.name, "senior": a.senior,
                         "expected": a.expected, "attendance": a.get_status_display(), "delegate": a.delegate_name})
    return rows


def _items(meeting: Meeting) -> list[dict[str, Any]]:
    return [{"order": n, "title": i.title, "owner": i.owner.name if i.owner else "", "minutes_allotted": i.minutes_allotted,
             "papers": list(i.papers or []), "minutes": i.minutes}
            for n, i in enumerate(meeting.agenda.select_related("owner").order_by("order", "pk"), start=1)]


def _decision_row(d: Decision) -> dict[str, Any]:
    return {"proposal": d.proposal, "result": d.get_result_display(), "decided_on": d.decided_on,
            "meeting": str(d.meeting), "positions": [
                {"organisation": p.organisation.name, "position": p.get_stance_display(), "comment": p.comment}
                for p in sorted(d.positions.all(), key=lambda p: p.organisation.name)]}


def _action_row(a: Action) -> dict[str, Any]:
    return {"title": a.title, "owner": a.owner.name, "organisation": a.organisation.name, "due": a.due,
            "status": a.get_status_display(), "completed_on": a.completed_on}


def meeting_pack(meeting: Meeting) -> dict[str, Any]:
    """What a meeting pack holds, as plain data: before the meeting, the agenda and its papers, the
    previous meeting's minutes for approval, the actions due by the meeting and the decisions still
    awaiting positions; once the meeting's own minutes are approved, those minutes with the meeting's
    decisions (each organisation's position) and actions."""
    partnership = meeting.series.partnership
    day = meeting.local_start.date()
    previous = (Meeting.objects.filter(series=meeting.series, start__lt=meeting.start, status=Meeting.Status.SCHEDULED)
                .order_by("-start").first())
    actions = (Action.objects.filter(meeting__series__partnership=partnership, status=Action.Status.OPEN, due__lte=day)
               .select_related("owner", "organisation").order_by("due", "pk"))
    pending = (Decision.objects.filter(meeting__series__partnership=partnership, result=Decision.Result.OPEN,
                                       meeting__start__lte=meeting.start)
               .select_related("meeting__series").prefetch_related("positions__organisation"))
    approved = meeting.minutes_locked
    return {
        "partnership": partnership.name, "title": str(meeting), "series": meeting.series.title, "day": day,
        "start": meeting.local_start, "end": meeting.local_end, "place": meeting.where,
        "cancelled": meeting.is_cancelled, "approved": approved,
        "agenda": _items(meeting),
        "previous": None if previous is None else {
            "title": str(previous), "approved": previous.minutes_locked, "agenda": _items(previous)},
        "actions_due": [_action_row(a) for a in actions],
        "decisions_pending": [_decision_row(d) for d in pending],
        "decisions": [_decision_row(d) for d in meeting.decisions.select_related("meeting__series")
                      .prefetch_related("positions__organisation")] if approved else [],
        "actions": [_action_row(a) for a in meeting.actions.select_related("owner", "organisation")] if approved else [],
    }


def paper_files(meeting: Meeting) -> list[dict[str, Any]]:
    """The meeting's uploaded papers (seen by whoever may see the meeting: need "view_members", checked by
    the caller), in agenda order, each with its stored file to read."""
    return [{"id": p.pk, "title": p.title, "file_name": p.file_name, "content_type": p.content_type, "size": p.size,
             "item": p.item.title if p.item else "", "file": p.file}
            for p in meeting.papers.select_related("item")]
