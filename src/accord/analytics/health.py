"""The partnership health index: six components, each 0-100 with the inputs that made it, and an
overall index as a weighted mean over the components that have data.

Pure Python (and NumPy for the batch helper): no Django, no Accord imports, so that every formula can
be tested by hand and benchmarked alone. A component with no data is *missing* (score None): it is
never counted as zero or as fine, and the overall index re-weights over the components present and
says so.

The formulas, kept simple enough to check with a pencil:

- trust = latest wave's trust % + 0.5 x (latest - previous wave), clamped to 0-100.
- engagement = 100 x (0.6 x senior attendance share + 0.4 x cadence kept), where cadence kept is
  meetings held / meetings planned (at most 1), over the last quarter. With one input only, that
  input alone.
- delivery = 100 x mean(goal progress, rollout on track), where rollout on track is live areas /
  the whole areas expected live by now on a straight line from start to target (at most 1; 1 while
  the line has not reached the first area).
- commitments = 100 x (0.6 x share kept on time + 0.4 x (1 - share of actions overdue)).
- reciprocity = 100 x mean(knowledge both ways, contact reciprocated): knowledge both ways is the
  mean over pairs of partners of min(flow a->b, flow b->a) / max(...), where flow is items shared
  plus opens; contact reciprocated is the latest wave's reciprocity (0-1).
- stability = 100 - sum of event penalties x 0.5 ** (age in days / half-life), at least 0.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .text import Stored, _, gettext_noop, ngettext, plural, said, stored

COMPONENTS: tuple[str, ...] = ("trust", "engagement", "delivery", "commitments", "reciprocity", "stability")
LABELS: dict[str, str] = {
    "trust": gettext_noop("Trust"),
    "engagement": gettext_noop("Engagement"),
    "delivery": gettext_noop("Delivery"),
    "commitments": gettext_noop("Commitments"),
    "reciprocity": gettext_noop("Reciprocity"),
    "stability": gettext_noop("Stability"),
}
# The same names in the middle of a sentence ("Missing: trust, delivery.").
LOWER_LABELS: dict[str, str] = {
    "trust": gettext_noop("trust"),
    "engagement": gettext_noop("engagement"),
    "delivery": gettext_noop("delivery"),
    "commitments": gettext_noop("commitments"),
    "reciprocity": gettext_noop("reciprocity"),
    "stability": gettext_noop("stability"),
}
# Documented default weights (percentages); each partnership may set its own.
DEFAULT_WEIGHTS: dict[str, float] = {
    "trust": 25, "engagement": 20, "delivery": 20, "commitments": 15, "reciprocity": 10, "stability": 10,
}
TREND_WEIGHT = 0.5
ATTENDANCE_WEIGHT, CADENCE_WEIGHT = 0.6, 0.4
KEPT_WEIGHT, OVERDUE_WEIGHT = 0.6, 0.4
HALF_LIFE_DAYS = 180.0
# Penalty (index points) of a fresh change event of each kind, before impact and decay.
EVENT_PENALTY: dict[str, float] = {
    "leader_left": 25, "leader_arrived": 10, "key_person_left": 15, "funding_won": 0, "funding_ending": 20,
    "restructure": 20, "policy_change": 10,
}
IMPACT_FACTOR: dict[str, float] = {"high": 1.5, "medium": 1.0, "low": 0.5, "positive": 0.0}


@dataclass
class Component:
    key: str
    score: float | None
    inputs: dict[str, Any] = field(default_factory=dict)
    explanation: str = ""
    evidence: list[dict[str, Any]] = field(default_factory=list)
    # the explanation kept as its sentences (messages and values), to show in the reader's language later
    text: list[Stored] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return self.score is None

    def as_dict(self) -> dict[str, Any]:
        # by hand: dataclasses.asdict deep-copies, and was two thirds of a portfolio's snapshot time
        return {"key": self.key, "score": self.score, "inputs": dict(self.inputs), "explanation": self.explanation,
                "evidence": [dict(e) for e in self.evidence], "explanation_text": list(self.text)}


@dataclass
class Index:
    score: float | None
    weights_used: dict[str, float]
    missing: list[str]
    note: str


def _clamp(x: float, lo: float = 0.0, hi: float = 100.0) -> float:
    return max(lo, min(hi, x))


def _r(x: float | None, digits: int = 1) -> float | None:
    return None if x is None else round(x, digits)


def _mix(parts: Sequence[tuple[float | None, float]]) -> float | None:
    """Weighted mean of the parts that are present (value 0-1), re-weighted; None if none are."""
    total = weighted = 0.0
    for v, w in parts:
        if v is not None:
            total += w
            weighted += v * w
    return weighted / total if total > 0 else None


def _kept(key: str, score: float | None, inputs: dict[str, Any], kept: Stored) -> Component:
    """A component explained by one kept sentence (said now, and later in the reader's language)."""
    return Component(key, score, inputs, said(kept), text=[kept])


# --- components -----------------------------------------------------------------------------------

def trust_component(trust_pcts: Sequence[float | None], *, confidential: bool = False) -> Component:
    """From the closed waves' trust % (oldest first): the latest, and its change since the previous."""
    values = [float(v) for v in trust_pcts if v is not None]
    if not values:
        return _kept("trust", None, {"waves": 0}, stored(gettext_noop("No closed trust survey wave yet.")))
    latest = values[-1]
    trend = latest - values[-2] if len(values) >= 2 else None
    score = _clamp(latest + TREND_WEIGHT * (trend or 0.0))
    if trend is None:
        kept = stored(gettext_noop("Latest wave %(latest)s%%; no earlier wave to compare."), latest=f"{latest:.0f}")
    else:
        kept = stored(gettext_noop("Latest wave %(latest)s%%, %(trend)s points since the wave before."),
                      latest=f"{latest:.0f}", trend=f"{trend:+.0f}")
    return _kept("trust", round(score, 1), {"waves": len(values), "latest_pct": _r(latest),
                                            "trend_points": _r(trend), "confidential": confidential}, kept)


def engagement_component(senior_attendance: float | None, meetings_held: int | None,
                         meetings_planned: int | None) -> Component:
    """Senior attendance share (0-1) and the share of planned meetings that were held."""
    cadence = None
    if meetings_planned:
        cadence = min(1.0, (meetings_held or 0) / meetings_planned)
    value = _mix([(senior_attendance, ATTENDANCE_WEIGHT), (cadence, CADENCE_WEIGHT)])
    inputs = {"senior_attendance": _r(senior_attendance, 3), "meetings_held": meetings_held,
              "meetings_planned": meetings_planned, "cadence_kept": _r(cadence, 3)}
    if value is None:
        return _kept("engagement", None, inputs, stored(gettext_noop("No meetings planned or held in the period.")))
    facts = {"attended": f"{senior_attendance or 0:.0%}", "held": meetings_held, "planned": meetings_planned}
    if senior_attendance is not None and cadence is not None:
        kept = plural("Senior leaders attended %(attended)s of expected places; %(held)s of %(planned)s planned "
                      "meeting held.",
                      "Senior leaders attended %(attended)s of expected places; %(held)s of %(planned)s planned "
                      "meetings held.", "planned", **facts)
    elif senior_attendance is not None:
        kept = stored(gettext_noop("Senior leaders attended %(attended)s of expected places."),
                      attended=facts["attended"])
    else:
        kept = plural("%(held)s of %(planned)s planned meeting held.",
                      "%(held)s of %(planned)s planned meetings held.", "planned",
                      held=meetings_held, planned=meetings_planned)
    return _kept("engagement", round(100 * value, 1), inputs, kept)


def rollout_on_track(target_live: int | None, live_now: int | None, start: dt.date | None,
                     target_date: dt.date | None, as_of: dt.date) -> float | None:
    """Live areas against the whole areas expected live by now on a straight line from start to
    target (0-1). Areas go live whole: until the line reaches the first area nothing is due yet, so
    the rollout is on track (not 0% of a fraction of an area)."""
    if not target_live or live_now is None or start is None or target_date is None:
        return None
    span = (target_date - start).days
    elapsed = (as_of - start).days
    if span <= 0 or elapsed <= 0:
        return 1.0 if elapsed <= 0 else min(1.0, live_now / target_live)
    expected = math.floor(target_live * min(1.0, elapsed / span) + 1e-9)
    return 1.0 if expected <= 0 else min(1.0, live_now / expected)


def delivery_component(goal_progress: Sequence[float | None], rollout: float | None,
                       *, live_now: int | None = None, target_live: int | None = None) -> Component:
    """Mean progress of goals against their targets (0-1 each) and the rollout on track (0-1)."""
    progress = [min(1.0, max(0.0, float(p))) for p in goal_progress if p is not None]
    goals = sum(progress) / len(progress) if progress else None
    value = _mix([(goals, 0.5), (rollout, 0.5)])
    inputs = {"goals_with_progress": len(progress), "mean_goal_progress": _r(goals, 3),
              "rollout_on_track": _r(rollout, 3), "live_now": live_now, "target_live": target_live}
    if value is None:
        return _kept("delivery", None, inputs, stored(gettext_noop("No goal progress or rollout ambition recorded.")))
    facts = {"goals": f"{goals or 0:.0%}", "rollout": f"{rollout or 0:.0%}"}
    if goals is not None and rollout is not None:
        kept = stored(gettext_noop("Goals %(goals)s of the way to target on average; rollout at %(rollout)s of "
                                   "where the ambition says it should be."), **facts)
    elif goals is not None:
        kept = stored(gettext_noop("Goals %(goals)s of the way to target on average."), goals=facts["goals"])
    else:
        kept = stored(gettext_noop("Rollout at %(rollout)s of where the ambition says it should be."),
                      rollout=facts["rollout"])
    return _kept("delivery", round(100 * value, 1), inputs, kept)


def commitments_component(due: int | None, kept_on_time: int | None, actions_total: int | None,
                          actions_overdue: int | None) -> Component:
    """Commitments kept on time (of those due) and actions not overdue (of all actions)."""
    kept = (kept_on_time or 0) / due if due else None
    overdue = (actions_overdue or 0) / actions_total if actions_total else None
    value = _mix([(kept, KEPT_WEIGHT), (None if overdue is None else 1 - overdue, OVERDUE_WEIGHT)])
    inputs = {"commitments_due": due, "kept_on_time": kept_on_time, "actions_total": actions_total,
              "actions_overdue": actions_overdue}
    if value is None:
        return _kept("commitments", None, inputs, stored(gettext_noop("No commitments due and no actions recorded.")))
    facts = {"kept": kept_on_time or 0, "due": due, "overdue": actions_overdue or 0, "actions": actions_total}
    parts: list[Stored] = []
    if kept is not None:
        parts.append(plural("%(kept)s of %(due)s commitment kept on time.",
                            "%(kept)s of %(due)s commitments kept on time.", "due", kept=facts["kept"], due=due))
    if overdue is not None:
        parts.append(plural("%(overdue)s of %(actions)s action overdue.",
                            "%(overdue)s of %(actions)s actions overdue.", "actions",
                            overdue=facts["overdue"], actions=actions_total))
    return Component("commitments", round(100 * value, 1), inputs, " ".join(said(p) for p in parts), text=parts)


def knowledge_balance(flows: Iterable[tuple[int, int, float]]) -> float | None:
    """Mean over unordered pairs with any flow of min(a->b, b->a) / max(a->b, b->a)."""
    directed: dict[tuple[int, int], float] = {}
    for owner, reader, amount in flows:
        if owner != reader:
            directed[(owner, reader)] = directed.get((owner, reader), 0.0) + float(amount)
    ratios = []
    for a, b in {tuple(sorted(k)) for k in directed}:
        ab, ba = directed.get((a, b), 0.0), directed.get((b, a), 0.0)
        top = max(ab, ba)
        if top > 0:
            ratios.append(min(ab, ba) / top)
    return sum(ratios) / len(ratios) if ratios else None


def reciprocity_component(knowledge: float | None, contact: float | None) -> Component:
    value = _mix([(knowledge, 0.5), (contact, 0.5)])
    inputs = {"knowledge_both_ways": _r(knowledge, 3), "contact_reciprocated": _r(contact, 3)}
    if value is None:
        return _kept("reciprocity", None, inputs,
                     stored(gettext_noop("No library sharing and no survey contact data yet.")))
    facts = {"knowledge": f"{knowledge or 0:.0%}", "contact": f"{contact or 0:.0%}"}
    if knowledge is not None and contact is not None:
        kept = stored(gettext_noop("Knowledge flows %(knowledge)s balanced between partners; %(contact)s of "
                                   "contact reciprocated."), **facts)
    elif knowledge is not None:
        kept = stored(gettext_noop("Knowledge flows %(knowledge)s balanced between partners."),
                      knowledge=facts["knowledge"])
    else:
        kept = stored(gettext_noop("%(contact)s of contact reciprocated."), contact=facts["contact"])
    return _kept("reciprocity", round(100 * value, 1), inputs, kept)


def event_penalty(kind: str, impact: str, age_days: float, half_life: float = HALF_LIFE_DAYS) -> float:
    if age_days < 0:
        return 0.0
    return EVENT_PENALTY.get(kind, 10) * IMPACT_FACTOR.get(impact, 1.0) * 0.5 ** (age_days / half_life)


def stability_component(events: Sequence[tuple[dt.date, str, str]], as_of: dt.date,
                        half_life: float = HALF_LIFE_DAYS) -> Component:
    """Change events (date, kind, expected impact), each weighing less as it ages (half-life).

    An empty list is data (nothing changed), so stability is never missing.
    """
    total = 0.0
    counted = 0
    for date, kind, impact in events:
        p = event_penalty(kind, impact, (as_of - date).days, half_life)
        if p > 0:
            total += p
            counted += 1
    score = _clamp(100 - total)
    points = round(total)
    if counted:
        # two numbers, so two sentences' worth of plural: the changes, then the points they take off
        changes = plural("%(count)s recent change takes", "%(count)s recent changes take", "count", count=counted)
        kept = plural("%(changes)s %(points)s point off; a change counts half as much after %(days)s days, "
                      "and keeps fading.",
                      "%(changes)s %(points)s points off; a change counts half as much after %(days)s days, "
                      "and keeps fading.", "points", changes=changes, points=points, days=f"{half_life:.0f}")
    else:
        kept = stored(gettext_noop("No recent leader, funding or sector changes."))
    return _kept("stability", round(score, 1), {"events_weighing": counted, "penalty": _r(total)}, kept)


# --- the overall index and what moved it ----------------------------------------------------------

_DEFAULT_NORMALISED = {k: v / sum(DEFAULT_WEIGHTS.values()) for k, v in DEFAULT_WEIGHTS.items()}

def normalise_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    if weights is None:
        return _DEFAULT_NORMALISED
    w = {k: max(0.0, float(weights.get(k, 0))) for k in COMPONENTS}
    total = sum(w.values())
    if total <= 0:
        raise ValueError("At least one weight must be above zero.")
    return {k: v / total for k, v in w.items()}


# Components that describe the circumstances rather than the partnership's own signals.
CONTEXT_ONLY = frozenset({"stability"})


def overall(components: Mapping[str, Component | None], weights: Mapping[str, float] | None = None) -> Index:
    """Weighted mean over present components; the weights of missing ones are shared out."""
    w = normalise_weights(weights)
    present = {k: c.score for k, c in components.items() if c is not None and c.score is not None and w.get(k, 0) > 0}
    missing = [k for k in COMPONENTS if k not in present and w[k] > 0]
    total = sum(w[k] for k in present)
    if not present or total <= 0:
        return Index(None, {}, missing, _("No component has data yet, so there is no overall index."))
    if set(present) <= CONTEXT_ONLY:
        # stability is never missing (no events is data), but on its own it would make a partnership
        # that has recorded nothing at all score 100: that is no evidence of health, so no index
        return Index(None, {}, missing, _("Only stability is known (no recent changes); the index needs at least "
                                          "one of trust, engagement, delivery, commitments or reciprocity."))
    used = {k: w[k] / total for k in present}
    score = sum(used[k] * float(present[k]) for k in present)
    note = ""
    if missing:
        names = ", ".join(_(LOWER_LABELS[k]) for k in missing)
        note = ngettext("Missing: %(names)s. The overall index is re-weighted over the %(count)s component with data.",
                        "Missing: %(names)s. The overall index is re-weighted over the %(count)s components with "
                        "data.", len(present)) % {"names": names, "count": len(present)}
    return Index(round(score, 1), {k: round(v, 4) for k, v in used.items()}, missing, note)


def drivers(previous: Mapping[str, float | None], current: Mapping[str, float | None],
            weights: Mapping[str, float] | None = None, top: int = 3) -> list[dict[str, Any]]:
    """The components that moved the overall index most since the previous snapshot.

    Each driver's effect is its (normalised) weight times its change in score, so effects are in
    index points. A component that appeared or went missing is reported with no effect but a note;
    one that did not move is not a driver (so the list may be shorter than `top`, or empty).
    """
    w = normalise_weights(weights)
    out: list[dict[str, Any]] = []
    for k in COMPONENTS:
        before, after = previous.get(k), current.get(k)
        if before is None and after is None:
            continue
        if before is None or after is None:
            out.append({"key": k, "label": _(LABELS[k]), "before": before, "after": after, "change": None,
                        "effect": 0.0, "note": _("now has data") if before is None else _("no longer has data")})
            continue
        change = float(after) - float(before)
        if round(change, 1) == 0:
            continue  # a component that did not move drove nothing
        out.append({"key": k, "label": _(LABELS[k]), "before": before, "after": after, "change": round(change, 1),
                    "effect": round(w[k] * change, 2), "note": ""})
    out.sort(key=lambda d: (abs(d["effect"]), d["change"] is None), reverse=True)
    return out[:top]


def month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first day of every month from start's month to end's month."""
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append(dt.date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def stability_series(event_days: Sequence[int], penalties: Sequence[float], at_days: Sequence[int],
                     half_life: float = HALF_LIFE_DAYS) -> Any:
    """Stability at many dates at once (days since any epoch), for history and benchmarks (NumPy)."""
    import numpy as np

    if not len(event_days):
        return np.full(len(at_days), 100.0)
    ages = np.asarray(at_days, dtype=float)[:, None] - np.asarray(event_days, dtype=float)[None, :]
    decay = np.where(ages >= 0, 0.5 ** (np.clip(ages, 0, None) / half_life), 0.0)
    return np.clip(100 - decay @ np.asarray(penalties, dtype=float), 0, 100)

