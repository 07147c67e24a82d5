"""The early-warning checks, one per rule kind. Each returns findings: a cause (so the same cause
never fires twice), why it fired, and what to look at. Thresholds come from the rule (data)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from . import signals
from .models import AlertRule, ChangeEvent

NOT_SENIOR = {"delegate", "apologies", "absent"}


@dataclass
class Finding:
    cause: str
    reason: str
    look_at: str
    url: str = ""
    organisation_id: int | None = None
    # Set when `reason`/`look_at` tell trust results by organisation, which only those with the
    # "view_confidential" need may see: what everyone else is told instead (the organisation too is
    # then shown to those only).
    general_reason: str = ""
    general_look_at: str = ""


CONFIDENTIAL_NOTE = "Senior leaders and the manager see which partner and the figures."
CONFIDENTIAL_LOOK_AT = ("The partnership's senior leaders and manager look at the survey's results by partner and "
                        "decide what to do.")


def _org_names(partnership: Any) -> dict[int, str]:
    return signals.org_names(partnership)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def leader_change_drop(partnership: Any, threshold: float, as_of: dt.date) -> list[Finding]:
    """A leader left or arrived in the last year, and trust or that partner's senior attendance fell after."""
    out = []
    changes = signals.leader_changes(partnership, as_of)  # read once for both lists below
    waves = [w for w in signals.waves(partnership, as_of) if w.get("trust_pct") is not None and w.get("closed_on")]
    meetings = signals.attendance_by_meeting(partnership, as_of)
    timeline = reverse("health:timeline", args=[partnership.pk])
    event_list = [e for e in changes if e.date >= as_of - dt.timedelta(days=365)]
    # leaders who left up to half a year before the window too: their successors are part of that change
    left = [(e.organisation_id, e.date) for e in changes if e.kind == ChangeEvent.Kind.LEADER_LEFT]
    for event in event_list:
        if event.kind == ChangeEvent.Kind.LEADER_ARRIVED and any(
                org == event.organisation_id and dt.timedelta(0) <= event.date - d <= dt.timedelta(days=183)
                for org, d in left):
            continue  # the successor of a leader who just left: one change, warned about once (as the leaving)
        before = [w for w in waves if w["closed_on"] <= event.date]
        after = [w for w in waves if w["closed_on"] > event.date]
        if before and after:
            low = min(after, key=lambda w: w["trust_pct"])
            drop = before[-1]["trust_pct"] - low["trust_pct"]
            if drop >= threshold:
                out.append(Finding(
                    f"event:{event.pk}",
                    f"{event} was followed by a fall in trust from {before[-1]['trust_pct']:.0f}% "
                    f"({before[-1].get('name', 'a wave')}) to {low['trust_pct']:.0f}% ({low.get('name', 'a later wave')}).",
                    "Look at the trust survey results by partner and plan how the new leader will build "
                    "the relationships the old one held (see the handover).", low.get("url") or timeline,
                    event.organisation_id))
                continue
        org = event.organisation_id
        if org is None:
            continue
        # trust in the partner whose leader changed: trust lives in personal relationships, so it is
        # there that a change shows first (named waves only; a confidential wave has no results by partner)
        if before and after:
            fall = _trust_in_org_fall(partnership, org, before[-1], after)
            if fall is not None and fall[0] >= threshold:
                _, old, new, low_wave = fall
                out.append(Finding(
                    f"event:{event.pk}",
                    f"{event} was followed by a fall in trust in {event.organisation} from {old:.2f} "
                    f"({before[-1].get('name', 'a wave')}) to {new:.2f} ({low_wave.get('name', 'a later wave')}) "
                    "on the 1-4 scale.",
                    f"Look at the trust survey results for {event.organisation} and plan how its new leader will "
                    "build the relationships the old one held (see the handover).", low_wave.get("url") or timeline,
                    org,
                    general_reason=f"{event} was followed by a fall in trust that the survey shows by partner "
                    f"({before[-1].get('name', 'a wave')} to {low_wave.get('name', 'a later wave')}). "
                    "Senior leaders and the manager see the figures.",
                    general_look_at=CONFIDENTIAL_LOOK_AT + " See the handover for the new leader."))
                continue
        seen = [m for m in meetings if org in (m.get("by_org") or {})]
        pre = [1.0 if m["by_org"][org] == "attended" else 0.0 for m in seen if m["date"] <= event.date][-3:]
        post = [1.0 if m["by_org"][org] == "attended" else 0.0 for m in seen if m["date"] > event.date][:3]
        if pre and post and (_mean(pre) - _mean(post)) * 100 >= threshold:  # type: ignore[operator]  # the mean of a non-empty list is a number
            out.append(Finding(
                f"event:{event.pk}",
                f"{event} was followed by a fall in {event.organisation}'s senior attendance at meetings, "
                f"from {_mean(pre):.0%} of meetings before to {_mean(post):.0%} after.",
                "Look at the recent meetings' attendance and invite the new leader personally.", timeline, org))
    return out


def _trust_in_org_fall(partnership: Any, org: int, before: dict, after: list[dict]
                      ) -> tuple[float, float, float, dict] | None:
    """(fall in points of the scale's maximum, before, lowest after, that wave) of trust received by
    one partner, from the last wave before a change to the lowest after it; None when unknown."""
    old = (signals.read("trust", lambda s: s.trust_received_by_org, partnership, before["id"]) or {}).get(org)
    if old is None:
        return None
    lows = [(v, w) for w in after
            if (v := (signals.read("trust", lambda s: s.trust_received_by_org, partnership, w["id"]) or {}).get(org))
            is not None]
    if not lows:
        return None
    new, wave = min(lows, key=lambda x: x[0])
    return (old - new) / 4 * 100, old, new, wave


def trust_drop(partnership: Any, threshold: float, as_of: dt.date) -> list[Finding]:
    """Trust received by one partner fell by more than the threshold between the last two waves."""
    # named waves only: a confidential wave has no results by partner, and is never compared with
    waves = [w for w in signals.waves(partnership, as_of) if not w.get("confidential")]
    if len(waves) < 2:
        return []
    prev, last = waves[-2], waves[-1]
    before = signals.read("trust", lambda s: s.trust_received_by_org, partnership, prev["id"]) or {}
    after = signals.read("trust", lambda s: s.trust_received_by_org, partnership, last["id"]) or {}
    names = _org_names(partnership)
    out = []
    for org, value in after.items():
        old = before.get(org)
        if value is None or old is None or old - value < threshold:
            continue
        out.append(Finding(
            f"{org}:{last['id']}",
            f"Trust in {names.get(org, 'a partner')} fell from {old:.2f} to {value:.2f} (of 4) between "
            f"{prev.get('name', 'the previous wave')} and {last.get('name', 'the latest wave')}.",
            f"Look at {last.get('name', 'the latest wave')}'s results for {names.get(org, 'this partner')} and talk "
            "with its senior leader.", last.get("url", ""), org,
            general_reason=f"Trust in a partner fell between {prev.get('name', 'the previous wave')} and "
            f"{last.get('name', 'the latest wave')}. {CONFIDENTIAL_NOTE}",
            general_look_at=CONFIDENTIAL_LOOK_AT))
    return out


def senior_absent(partnership: Any, threshold: float, as_of: dt.date) -> list[Finding]:
    """A partner's senior leader missed the latest N meetings in a row (a delegate does not count)."""
    meetings = signals.attendance_by_meeting(partnership, as_of)
    names = _org_names(partnership)
    need = max(1, int(threshold))
    out = []
    for org in {o for m in meetings for o in (m.get("by_org") or {})}:
        run: list[dict] = []
        for m in reversed(meetings):
            status = (m.get("by_org") or {}).get(org)
            if status is None:
                continue
            if status not in NOT_SENIOR:
                break
            run.append(m)
        if len(run) >= need:
            first = run[-1]
            out.append(Finding(
                f"{org}:{first['meeting_id']}",
                f"{names.get(org, 'A partner')}'s senior leader has missed the last {len(run)} meetings in a row "
                f"(since {first['date']:%d %b %Y}).",
                f"Look at the meetings' attendance and ask {names.get(org, 'the partner')} whether the partnership "
                "still has its leader's time.", run[0].get("url", ""), org))
    return out


def library_takes_only(partnership: Any, threshold: float, as_of: dt.date) -> list[Finding]:
    """A partner opened others' knowledge at least N times and shared nothing itself."""
    rows = signals.read("library", lambda s: s.reciprocity, partnership) or []
    shared: dict[int, int] = {}
    taken: dict[int, int] = {}
    for r in rows:
        if r["owner_org_id"] == r["reader_org_id"]:
            continue
        shared[r["owner_org_id"]] = shared.get(r["owner_org_id"], 0) + (r.get("items_shared") or 0)
        taken[r["reader_org_id"]] = taken.get(r["reader_org_id"], 0) + (r.get("opens") or 0)
    names = _org_names(partnership)
    return [Finding(str(org), f"{names.get(org, 'A partner')} opened others' library items {n} times and has shared none.",
                    f"Look at what {names.get(org, 'the partner')} could share, and whether the sharing terms put them off.",
                    "", org)
            for org, n in sorted(taken.items()) if n >= threshold and not shared.get(org)]


def _add_months(d: dt.date, months: float) -> dt.date:
    return d + dt.timedelta(days=round(30.44 * months))


def _shares_partner(a: dict, b: dict) -> bool:
    """A successor carries on at least one of the same partners (a stream naming none covers all)."""
    x, y = set(a.get("partner_org_ids") or []), set(b.get("partner_org_ids") or [])
    return not x or not y or bool(x & y)


def funding_ending(partnership: Any, threshold: float, as_of: dt.date) -> list[Finding]:
    """A funding stream ends within N months and no stream for the same partners carries on after it."""
    streams = signals.funding_streams(partnership)
    horizon = _add_months(as_of, threshold)
    out = []
    for s in streams:
        end = s.get("end")
        if end is None or not (as_of <= end <= horizon):
            continue
        successor = any(o is not s and o.get("end") and o["end"] > end
                        and (o.get("start") or end) <= end + dt.timedelta(days=92) and _shares_partner(s, o)
                        for o in streams)
        if successor:
            continue
        out.append(Finding(
            str(s["id"]),
            f"Funding from {s.get('funder', 'a funder')} ends on {end:%d %b %Y} ({(end - as_of).days} days away) and "
            "nothing is lined up to follow it.",
            "Look at the funding streams and agree who will seek follow-on funding, and by when.", s.get("url", ""),
            None))
    return out


def charter_unsigned(partnership: Any, threshold: float, as_of: dt.date) -> list[Finding]:
    """The charter's current draft has waited for signatures for more than N days."""
    status = signals.read("charter", lambda s: s.charter_status, partnership)
    if not status or not status.get("draft_version") or not status.get("draft_since"):
        return []
    if status.get("agreed_version") == status["draft_version"]:
        return []
    waited = (as_of - status["draft_since"]).days
    if waited < threshold:
        return []
    who = ", ".join(status.get("unsigned_orgs") or []) or "some partners"
    return [Finding(f"v{status['draft_version']}",
                    f"Version {status['draft_version']} of the charter has waited {waited} days for signatures "
                    f"(not yet signed by {who}).",
                    "Look at the charter and ask the partners who have not signed what stands in the way.",
                    status.get("url", ""))]


CHECKS: dict[str, Callable[[Any, float, dt.date], list[Finding]]] = {
    AlertRule.Kind.LEADER_CHANGE_DROP: leader_change_drop,
    AlertRule.Kind.TRUST_DROP: trust_drop,
    AlertRule.Kind.SENIOR_ABSENT: senior_absent,
    AlertRule.Kind.LIBRARY_TAKES_ONLY: library_takes_only,
    AlertRule.Kind.FUNDING_ENDING: funding_ending,
    AlertRule.Kind.CHARTER_UNSIGNED: charter_unsigned,
}
