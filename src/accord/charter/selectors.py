"""Reads about the charter, goals and commitments that pages, panels and the health index use.

Derived goal measurements come from delivery through `delivery.selectors` only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from accord.delivery import selectors as delivery_selectors
from accord.partners import selectors as partner_selectors
from accord.partners.models import Organisation, Partnership

from .models import CharterVersion, Commitment, Goal


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
    agreed = agreed_version(partnership)
    draft = current_draft(partnership)
    return {
        "agreed_version": agreed.number if agreed else None,
        "agreed_on": timezone.localtime(agreed.agreed_at).date() if agreed else None,
        "draft_version": draft.number if draft else None,
        "draft_since": timezone.localtime(draft.created_at).date() if draft else None,
        "unsigned_orgs": [o.name for o in unsigned_organisations(draft)] if draft else [],
        "url": reverse("charter:home", args=[partnership.pk]),
    }


def _kept(c: Commitment) -> bool:
    return c.kept_on_time()


def commitments_summary(partnership: Partnership, *, as_of: dt.date | None = None, months: int = 12) -> dict:
    """The share of commitments kept on time ("walks the talk"): of those falling due in the window
    (due on or before `as_of`, within `months`), how many were done by their due date. Open commitments
    count once their due date has passed; dropped ones count as not kept."""
    as_of = as_of or timezone.localdate()
    start = as_of - relativedelta(months=months)
    by_org: dict[int, dict[str, Any]] = {
        o.pk: {"due": 0, "kept_on_time": 0, "share": None} for o in partnership.member_organisations(as_of)}
    due = kept = open_overdue = 0
    for c in partnership.commitments.all():
        if c.status == Commitment.Status.OPEN and c.due < as_of:
            open_overdue += 1
        if not (start < c.due <= as_of):
            continue
        if c.status == Commitment.Status.OPEN and c.due >= as_of:
            continue  # still has today to be kept
        row = by_org.setdefault(c.owner_id, {"due": 0, "kept_on_time": 0, "share": None})
        row["due"] += 1
        due += 1
        if c.status == Commitment.Status.DONE and c.done_on and c.done_on <= c.due and c.done_on <= as_of:
            row["kept_on_time"] += 1
            kept += 1
    for row in by_org.values():
        row["share"] = row["kept_on_time"] / row["due"] if row["due"] else None
    return {"due": due, "kept_on_time": kept, "share": kept / due if due else None, "open_overdue": open_overdue,
            "by_org": by_org}


def goal_history(goal: Goal) -> list[tuple[dt.date, float]]:
    """Dated values of a goal: entered measurements, or live areas counted from delivery."""
    if goal.source == Goal.Source.LIVE_AREAS:
        return [(d, float(n)) for d, n in delivery_selectors.rollout(goal.partnership)["series"]]
    return [(m.on, m.value) for m in goal.measurements.order_by("on")]


def _progress(goal: Goal, latest: float | None) -> float | None:
    if latest is None or goal.target == goal.baseline:
        return None
    return max(0.0, min(1.0, (latest - goal.baseline) / (goal.target - goal.baseline)))


def goal_row(goal: Goal, *, as_of: dt.date | None = None) -> dict[str, Any]:
    """A goal's progress from its latest measurement on or before `as_of` (None: every measurement),
    so a past month's picture (the health index's history) never uses a later measurement."""
    history = goal_history(goal)
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
    return [goal_row(g, as_of=as_of) for g in partnership.goals.all()]


def open_commitments_for(person: Any, *, partnership: Any = None) -> list[dict[str, Any]]:
    rows = Commitment.objects.filter(person=person, status=Commitment.Status.OPEN).order_by("due")
    if partnership is not None:
        rows = rows.filter(partnership=partnership)
    return [{"title": c.title, "due": c.due, "url": c.get_absolute_url()} for c in rows]


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
