"""Reads about the charter, goals and commitments that pages, panels and the health index use.

Derived goal measurements come from delivery through `delivery.selectors` only."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from accord.delivery import selectors as delivery_selectors
from accord.lib.urls import url
from accord.partners import selectors as partner_selectors
from accord.partners.models import Membership, Organisation, Partnership

from .models import CharterVersion, Commitment, Goal, Measurement, Signoff


def latest_version(partnership: Partnership) -> CharterVersion | None:
    return partnership.charter_versions.order_by("-number").first()


def agreed_version(partnership: Partnership) -> CharterVersion | None:
    return partnership.charter_versions.filter(agreed_at__isnull=False).order_by("-number").first()


def current_draft(partnership: Partnership) -> CharterVersion | None:
    """The version waiting for sign-off: the newest one, if it is not yet agreed."""
    latest = latest_version(partnership)
    return latest if latest is not None and not latest.is_agreed else None


def required_organisations(partnership: Partnership, on: dt.date | None = None) -> list[Organisation]:
    """Every current member organisation must sign for a version to be agreed."""
    return list(partner_selectors.member_organisations(partnership, on).order_by("name"))


def unsigned_organisations(version: CharterVersion, on: dt.date | None = None) -> list[Organisation]:
    signed = set(version.signoffs.values_list("organisation_id", flat=True))
    return [o for o in required_organisations(version.partnership, on) if o.pk not in signed]


def charter_status(partnership: Partnership) -> dict[str, Any]:
    return charter_status_many([partnership])[partnership.pk]


def _members_by_partnership(ids: Sequence[int], on: dt.date) -> dict[int, list[tuple[int, str]]]:
    """Each partnership's member organisations on a day as (id, name), by name (one query)."""
    rows = (Membership.objects.filter(partnership_id__in=ids, joined__lte=on)
            .filter(Q(left__isnull=True) | Q(left__gte=on)).order_by("organisation__name", "organisation_id")
            .values_list("partnership_id", "organisation_id", "organisation__name"))
    out: dict[int, list[tuple[int, str]]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    for pid, org_id, name in rows:
        if (pid, org_id) not in seen:  # an organisation that left and joined again is one member
            seen.add((pid, org_id))
            out[pid].append((org_id, name))
    return out


def charter_status_many(partnerships: Sequence[Partnership]) -> dict[int, dict[str, Any]]:
    """`charter_status` of each partnership (by id), in three queries however many there are."""
    ids = [p.pk for p in partnerships]
    versions: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for row in (CharterVersion.objects.filter(partnership_id__in=ids).order_by("partnership_id", "-number")
                .values("pk", "partnership_id", "number", "agreed_at", "created_at")):
        versions[row["partnership_id"]].append(row)
    agreed = {pid: next((v for v in rows if v["agreed_at"] is not None), None) for pid, rows in versions.items()}
    drafts = {pid: rows[0] for pid, rows in versions.items() if rows[0]["agreed_at"] is None}
    signed: dict[int, set[int]] = defaultdict(set)
    for version_id, org_id in (Signoff.objects.filter(version_id__in=[d["pk"] for d in drafts.values()])
                               .order_by().values_list("version_id", "organisation_id")):
        signed[version_id].add(org_id)
    required = _members_by_partnership(list(drafts), dt.date.today()) if drafts else {}
    out = {}
    for pid in ids:
        done, draft = agreed.get(pid), drafts.get(pid)
        out[pid] = {
            "agreed_version": done["number"] if done else None,
            "agreed_on": timezone.localtime(done["agreed_at"]).date() if done else None,
            "draft_version": draft["number"] if draft else None,
            "draft_since": timezone.localtime(draft["created_at"]).date() if draft else None,
            "unsigned_orgs": [name for org_id, name in required.get(pid, []) if org_id not in signed[draft["pk"]]]
            if draft else [],
            "url": url("charter:home", pid),
        }
    return out


def commitments_summary(partnership: Partnership, *, as_of: dt.date | None = None, months: int = 12) -> dict:
    """The share of commitments kept on time ("walks the talk"): of those falling due in the window
    (due on or before `as_of`, within `months`), how many were done by their due date. Open commitments
    count once their due date has passed; dropped ones count as not kept."""
    return commitments_summary_many([partnership], as_of=as_of, months=months)[partnership.pk]


def commitments_summary_many(partnerships: Sequence[Partnership], *, as_of: dt.date | None = None,
                             months: int = 12) -> dict[int, dict]:
    """`commitments_summary` of each partnership (by id), in two queries however many there are."""
    ids = [p.pk for p in partnerships]
    as_of = as_of or timezone.localdate()
    start = as_of - relativedelta(months=months)
    members = _members_by_partnership(ids, as_of)
    commitments: dict[int, list[tuple[int, str, dt.date, dt.date | None]]] = defaultdict(list)
    for pid, owner_id, status, due_on, done_on in (
            Commitment.objects.filter(partnership_id__in=ids).order_by("due", "title", "pk")
            .values_list("partnership_id", "owner_id", "status", "due", "done_on")):
        commitments[pid].append((owner_id, status, due_on, done_on))
    out = {}
    for pid in ids:
        by_org: dict[int, dict[str, Any]] = {
            org_id: {"due": 0, "kept_on_time": 0, "share": None} for org_id, _ in members.get(pid, [])}
        due = kept = open_overdue = 0
        for owner_id, status, due_on, done_on in commitments.get(pid, []):
            if status == Commitment.Status.OPEN and due_on < as_of:
                open_overdue += 1
            if not (start < due_on <= as_of):
                continue
            if status == Commitment.Status.OPEN and due_on >= as_of:
                continue  # still has today to be kept
            row = by_org.setdefault(owner_id, {"due": 0, "kept_on_time": 0, "share": None})
            row["due"] += 1
            due += 1
            if status == Commitment.Status.DONE and done_on and done_on <= due_on and done_on <= as_of:
                row["kept_on_time"] += 1
                kept += 1
        for row in by_org.values():
            row["share"] = row["kept_on_time"] / row["due"] if row["due"] else None
        out[pid] = {"due": due, "kept_on_time": kept, "share": kept / due if due else None,
                    "open_overdue": open_overdue, "by_org": by_org}
    return out


def goal_history(goal: Goal) -> list[tuple[dt.date, float]]:
    """Dated values of a goal: entered measurements, or live areas counted from delivery."""
    return _histories([goal])[goal.pk]


def _histories(goals: Sequence[Goal]) -> dict[int, list[tuple[dt.date, float]]]:
    """`goal_history` of each goal (by id), in at most two queries however many goals."""
    out: dict[int, list[tuple[dt.date, float]]] = {g.pk: [] for g in goals}
    counted = {g.partnership_id for g in goals if g.source == Goal.Source.LIVE_AREAS}
    live = delivery_selectors.live_series_many(sorted(counted)) if counted else {}
    entered = [g.pk for g in goals if g.source != Goal.Source.LIVE_AREAS]
    if entered:
        for goal_id, on, value in (Measurement.objects.filter(goal_id__in=entered).order_by("goal_id", "on")
                                   .values_list("goal_id", "on", "value")):
            out[goal_id].append((on, value))
    for g in goals:
        if g.source == Goal.Source.LIVE_AREAS:
            out[g.pk] = [(d, float(n)) for d, n in live[g.partnership_id]]
    return out


def _progress(goal: Goal, latest: float | None) -> float | None:
    if latest is None or goal.target == goal.baseline:
        return None
    return max(0.0, min(1.0, (latest - goal.baseline) / (goal.target - goal.baseline)))


def goal_row(goal: Goal, *, as_of: dt.date | None = None) -> dict[str, Any]:
    """A goal's progress from its latest measurement on or before `as_of` (None: every measurement),
    so a past month's picture (the health index's history) never uses a later measurement."""
    return _row(goal, goal_history(goal), as_of)


def _row(goal: Goal, history: list[tuple[dt.date, float]], as_of: dt.date | None) -> dict[str, Any]:
    if as_of is not None:
        history = [(on, value) for on, value in history if on <= as_of]
    latest_on, latest = history[-1] if history else (None, None)
    return {"id": goal.pk, "title": goal.title, "metric": goal.metric, "unit": goal.unit,
            "baseline": goal.baseline, "target": goal.target, "target_date": goal.target_date,
            "latest": latest, "latest_on": latest_on, "progress": _progress(goal, latest),
            "url": goal.get_absolute_url()}


def goals_progress(partnership: Partnership, *, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """Every goal's progress as it stood on `as_of` (None: today's picture, every measurement).
    A goal first measured after `as_of` has no latest value and no progress then."""
    return goals_progress_many([partnership], as_of=as_of)[partnership.pk]


def goals_progress_many(partnerships: Sequence[Partnership], *,
                        as_of: dt.date | None = None) -> dict[int, list[dict[str, Any]]]:
    """`goals_progress` of each partnership (by id), in at most three queries however many there are."""
    ids = [p.pk for p in partnerships]
    goals = list(Goal.objects.filter(partnership_id__in=ids).order_by("target_date", "title", "pk"))
    histories = _histories(goals)
    out: dict[int, list[dict[str, Any]]] = {pid: [] for pid in ids}
    for g in goals:
        out[g.partnership_id].append(_row(g, histories[g.pk], as_of))
    return out


def open_commitments_for(person: Any, *, partnership: Any = None) -> list[dict[str, Any]]:
    rows = Commitment.objects.filter(person=person, status=Commitment.Status.OPEN).order_by("due", "pk")
    if partnership is not None:
        rows = rows.filter(partnership=partnership)
    return [{"title": c.title, "due": c.due, "url": c.get_absolute_url()} for c in rows]


def open_commitments_for_many(people: Sequence[Any]) -> dict[int, list[dict[str, Any]]]:
    """`open_commitments_for` of each person (by id), each within their own partnership, in one query."""
    out: dict[int, list[dict[str, Any]]] = {p.pk: [] for p in people}
    rows = (Commitment.objects.filter(person_id__in=list(out), status=Commitment.Status.OPEN,
                                      partnership_id=F("person__partnership_id")).order_by("due", "pk"))
    for c in rows:
        if c.person_id is not None:  # always, by the filter
            out[c.person_id].append({"title": c.title, "due": c.due, "url": c.get_absolute_url()})
    return out


def goals(partnership: Partnership) -> QuerySet[Goal]:
    """The partnership's goals (for other domains that link to one, such as a discussion)."""
    return Goal.objects.filter(partnership=partnership)


def commitments_rows(partnership: Partnership) -> list[dict[str, Any]]:
    """Every commitment of the partnership as plain rows (the data-out files), oldest first."""
    return [
        {"id": c.pk, "title": c.title, "owner": c.owner.name, "person": c.person.name if c.person else "",
         "made_on": c.made_on, "due": c.due, "status": c.get_status_display(), "done_on": c.done_on,
         "dropped_reason": c.dropped_reason}
        for c in Commitment.objects.filter(partnership=partnership).select_related("owner", "person")
        .order_by("made_on", "pk")
    ]
