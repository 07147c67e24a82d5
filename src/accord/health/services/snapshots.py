"""The index's settings and monthly snapshots (one at a time, and in batches for the monthly task),
and each partnership's current row for the funders' view."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from accord.analytics import health as hx
from accord.core.audit import log_action
from accord.partners.models import Partnership

from .. import signals
from ..models import HealthSettings, HealthSnapshot
from .events import derive_events


def settings_for(partnership: Partnership) -> HealthSettings:
    found = HealthSettings.objects.filter(partnership=partnership).first()
    return found or HealthSettings(partnership=partnership)


@transaction.atomic
def weights_update(*, actor: Any, partnership: Partnership, weights: dict[str, int]) -> HealthSettings:
    current = settings_for(partnership)
    before = current.weights()
    for key in hx.COMPONENTS:
        if key in weights:
            value = weights[key]
            if value is None or int(value) < 0:
                raise ValidationError({key: gettext("Give a whole number from 0 to 100.")})
            setattr(current, f"weight_{key}", int(value))
    current.full_clean()
    current.save()
    log_action(actor, "health.weights.updated", partnership, {"before": before, "after": current.weights()})
    return current


def compute(partnership: Partnership, as_of: dt.date, weights: dict[str, float]) -> dict[str, Any]:
    return _computed(signals.gather(partnership, as_of), weights)


def _computed(inputs: dict[str, Any], weights: dict[str, float]) -> dict[str, Any]:
    """The index and its components from one partnership's gathered inputs."""
    comps = signals.components(inputs)
    index = hx.overall(comps, weights)
    return {"overall": index.score, "scores": {k: c.score for k, c in comps.items()},
            "components": [c.as_dict() for c in comps.values()], "weights": index.weights_used,
            "missing": index.missing, "note": index.note, "summary": summary_of(comps)}


def summary_of(comps: dict[str, hx.Component]) -> dict[str, Any]:
    """The few aggregates the funders' view shows beside the scores."""
    delivery = comps["delivery"].inputs
    return {"trust_withheld": bool(comps["trust"].inputs.get("confidential")), "live_now": delivery.get("live_now"),
            "target_live": delivery.get("target_live"), "goal_progress": delivery.get("mean_goal_progress")}


@transaction.atomic
def snapshot_take(*, partnership: Partnership, as_of: dt.date | None = None, actor: Any = None) -> HealthSnapshot:
    """Compute the index as of a date into that month's snapshot (replacing an earlier one that month)."""
    snapshot = _take([partnership], as_of or timezone.localdate())[0]
    if actor is not None:
        log_action(actor, "health.snapshot.taken", snapshot, {"month": snapshot.month, "overall": snapshot.overall})
    return snapshot


@transaction.atomic
def snapshots_take(partnerships: list[Partnership], *, as_of: dt.date) -> int:
    """`snapshot_take` for a batch of partnerships (the monthly task): the same snapshots, with their
    weights, previous months and writes read and made once per batch instead of once per partnership.
    The other domains are read through their batch selectors (`signals.gather_many`), so the queries
    grow with neither the number of partnerships nor their size."""
    return len(_take(partnerships, as_of))


SNAPSHOT_FIELDS = ["overall", "scores", "components", "weights", "missing", "note", "summary", "drivers",
                   "computed_at"]


def _take(partnerships: list[Partnership], as_of: dt.date) -> list[HealthSnapshot]:
    month = as_of.replace(day=1)
    ids = [p.pk for p in partnerships]
    chosen = {s.partnership_id: s for s in HealthSettings.objects.filter(partnership_id__in=ids)}
    previous = _latest_scores_before(ids, month)
    gathered = signals.gather_many(partnerships, as_of)
    now = timezone.now()
    out = []
    for partnership in partnerships:
        weights = (chosen.get(partnership.pk) or HealthSettings(partnership=partnership)).weights()
        data = _computed(gathered[partnership.pk], weights)
        data["drivers"] = (hx.drivers(previous[partnership.pk], data["scores"], weights)
                           if partnership.pk in previous else [])
        out.append(HealthSnapshot(partnership=partnership, month=month, computed_at=now, **data))
    # one statement: new months are added, a month taken before is replaced (same row)
    HealthSnapshot.objects.bulk_create(out, batch_size=500, update_conflicts=True,
                                       unique_fields=["partnership", "month"], update_fields=SNAPSHOT_FIELDS)
    current_refresh(ids)
    return out


def _latest_scores_before(ids: list[int], month: dt.date) -> dict[int, dict]:
    """Each partnership's scores in its latest snapshot before `month` (one query)."""
    from django.db.models import Window
    from django.db.models.functions import RowNumber

    rows = (HealthSnapshot.objects.filter(partnership_id__in=ids, month__lt=month).order_by()
            .annotate(rank=Window(RowNumber(), partition_by=[F("partnership_id")], order_by=F("month").desc()))
            .filter(rank=1).values_list("partnership_id", "scores"))
    return dict(rows)


@transaction.atomic
def snapshot_now(*, partnership: Partnership, actor: Any) -> HealthSnapshot:
    """What "recompute now" means on the page and in the API: derive the automatic events first (so a
    leader who has just left counts), then take this month's snapshot, in one transaction."""
    derive_events(partnership)
    return snapshot_take(partnership=partnership, actor=actor)


def current_refresh(partnership_ids: list[int]) -> int:
    """Bring each partnership's HealthCurrent row up to its two latest snapshots (after bulk loads too)."""
    from django.db.models import Window
    from django.db.models.functions import RowNumber

    from ..models import HealthCurrent

    recent = (HealthSnapshot.objects.filter(partnership_id__in=partnership_ids).order_by()
              .annotate(rank=Window(RowNumber(), partition_by=[F("partnership_id")], order_by=F("month").desc()))
              .filter(rank__lte=2).values_list("partnership_id", "month", "overall", "scores", "summary", "rank"))
    latest: dict[int, HealthCurrent] = {}
    before: dict[int, float | None] = {}
    for pid, month, overall, scores, summary, rank in recent:
        if rank == 1:
            latest[pid] = HealthCurrent(partnership_id=pid, month=month, overall=overall, scores=scores or {},
                                        summary=summary or {})
        else:
            before[pid] = overall
    for pid, row in latest.items():
        prev = before.get(pid)
        row.trend = round(row.overall - prev, 1) if row.overall is not None and prev is not None else None
    with transaction.atomic():
        HealthCurrent.objects.filter(partnership_id__in=partnership_ids).delete()
        HealthCurrent.objects.bulk_create(latest.values(), batch_size=1000)
    return len(latest)


def snapshots_backfill(*, partnership: Partnership, start: dt.date, end: dt.date) -> list[HealthSnapshot]:
    """A snapshot for every month from start to end (oldest first), for history and the demo."""
    out = []
    for month in hx.month_starts(start, end):
        last_day = (month.replace(day=28) + dt.timedelta(days=4))
        last_day = last_day - dt.timedelta(days=last_day.day)
        out.append(snapshot_take(partnership=partnership, as_of=min(last_day, end)))
    return out
