"""The early-warning checks, one per rule kind. Each returns findings: a cause (so the same cause
never fires twice), why it fired, and what to look at. Thresholds come from the rule (data)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_noop

from accord.lib import stored_text
from accord.lib.stored_text import Stored

from . import signals
from .models import AlertRule, ChangeEvent

NOT_SENIOR = {"delegate", "apologies", "absent"}


@dataclass
class Finding:
    """Why and what to look at are stored messages with their values (accord.lib.stored_text), so an
    alert reads in the language of whoever reads it, not of the pass that fired it."""

    cause: str
    reason: Stored
    look_at: Stored
    url: str = ""
    organisation_id: int | None = None
    # Set when `reason`/`look_at` tell trust results by organisation, which only those with the
    # "view_confidential" need may see: what everyone else is told instead (the organisation too is
    # then shown to those only).
    general_reason: Stored | str = ""
    general_look_at: Stored | str = ""


msg = stored_text.message
CONFIDENTIAL_LOOK_AT = gettext_noop("The partnership's senior leaders and manager look at the survey's results by "
                                    "partner and decide what to do.")
# A name the data lacks, as the sentence needs it (a wave or a partner always has one in practice).
A_WAVE = gettext_noop("a wave")
A_LATER_WAVE = gettext_noop("a later wave")
THE_PREVIOUS_WAVE = gettext_noop("the previous wave")
THE_LATEST_WAVE = gettext_noop("the latest wave")
A_PARTNER = gettext_noop("a partner")
A_FUNDER = gettext_noop("a funder")
SOME_PARTNERS = gettext_noop("some partners")


def _named(name: Any, fallback: str) -> Any:
    """The record's own name, or the stored fallback message when it has none."""
    return str(name) if name else msg(fallback)


def _wave(wave: dict, fallback: str) -> Any:
    return _named(wave.get("name"), fallback)


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
                    msg(gettext_noop("%(event)s was followed by a fall in trust from %(before)s%% (%(before_wave)s) "
                                     "to %(after)s%% (%(after_wave)s)."),
                        event=event.described(), before=f"{before[-1]['trust_pct']:.0f}",
                        before_wave=_wave(before[-1], A_WAVE), after=f"{low['trust_pct']:.0f}",
                        after_wave=_wave(low, A_LATER_WAVE)),
                    msg(gettext_noop("Look at the trust survey results by partner and plan how the new leader will "
                                     "build the relationships the old one held (see the handover).")),
                    low.get("url") or timeline, event.organisation_id))
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
                waves_named = {"before_wave": _wave(before[-1], A_WAVE), "after_wave": _wave(low_wave, A_LATER_WAVE)}
                out.append(Finding(
                    f"event:{event.pk}",
                    msg(gettext_noop("%(event)s was followed by a fall in trust in %(organisation)s from %(before)s "
                                     "(%(before_wave)s) to %(after)s (%(after_wave)s) on the 1-4 scale."),
                        event=event.described(), organisation=event.organisation, before=f"{old:.2f}",
                        after=f"{new:.2f}", **waves_named),
                    msg(gettext_noop("Look at the trust survey results for %(organisation)s and plan how its new "
                                     "leader will build the relationships the old one held (see the handover)."),
                        organisation=event.organisation),
                    low_wave.get("url") or timeline, org,
                    general_reason=msg(gettext_noop(
                        "%(event)s was followed by a fall in trust that the survey shows by partner (%(before_wave)s "
                        "to %(after_wave)s). Senior leaders and the manager see the figures."),
                        event=event.described(), **waves_named),
                    general_look_at=msg(gettext_noop(
                        "The partnership's senior leaders and manager look at the survey's results by partner and "
                        "decide what to do. See the handover for the new leader."))))
                continue
        seen = [m for m in meetings if org in (m.get("by_org") or {})]
        pre = [1.0 if m["by_org"][org] == "attended" else 0.0 for m in seen if m["date"] <= event.date][-3:]
        post = [1.0 if m["by_org"][org] == "attended" else 0.0 for m in seen if m["date"] > event.date][:3]
        if pre and post and (_mean(pre) - _mean(post)) * 100 >= threshold:  # type: ignore[operator]  # the mean of a non-empty list is a number
            out.append(Finding(
                f"event:{event.pk}",
                msg(gettext_noop("%(event)s was followed by a fall in %(organisation)s's senior attendance at "
                                 "meetings, from %(before)s%% of meetings before to %(after)s%% after."),
                    event=event.described(), organisation=event.organisation, before=f"{100 * (_mean(pre) or 0):.0f}",
                    after=f"{100 * (_mean(post) or 0):.0f}"),
                msg(gettext_noop("Look at the recent meetings' attendance and invite the new leader personally.")),
                timeline, org))
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
        between = {"previous_wave": _wave(prev, THE_PREVIOUS_WAVE), "latest_wave": _wave(last, THE_LATEST_WAVE)}
        partner = _named(names.get(org), A_PARTNER)
        out.append(Finding(
            f"{org}:{last['id']}",
            msg(gettext_noop("Trust in %(organisation)s fell from %(before)s to %(after)s (of 4) between "
                             "%(previous_wave)s and %(latest_wave)s."),
                organisation=partner, before=f"{old:.2f}", after=f"{value:.2f}", **between),
            msg(gettext_noop("Look at %(wave)s's results for %(organisation)s and talk with its senior leader."),
                wave=between["latest_wave"], organisation=partner),
            last.get("url", ""), org,
            general_reason=msg(gettext_noop("Trust in a partner fell between %(previous_wave)s and %(latest_wave)s. "
                                            "Senior leaders and the manager see which partner and the figures."),
                               **between),
            general_look_at=msg(CONFIDENTIAL_LOOK_AT)))
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
            partner = _named(names.get(org), A_PARTNER)
            since = first["date"].date() if isinstance(first["date"], dt.datetime) else first["date"]
            out.append(Finding(
                f"{org}:{first['meeting_id']}",
                stored_text.plural(
                    "%(organisation)s's senior leader has missed the last %(count)s meeting in a row (since "
                    "%(since)s).",
                    "%(organisation)s's senior leader has missed the last %(count)s meetings in a row (since "
                    "%(since)s).",
                    "count", organisation=partner, count=len(run), since=since),
                msg(gettext_noop("Look at the meetings' attendance and ask %(organisation)s whether the partnership "
                                 "still has its leader's time."), organisation=partner),
                run[0].get("url", ""), org))
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
    return [Finding(str(org),
                    stored_text.plural(
                        "%(organisation)s opened others' library items %(count)s time and has shared none.",
                        "%(organisation)s opened others' library items %(count)s times and has shared none.",
                        "count", organisation=_named(names.get(org), A_PARTNER), count=n),
                    msg(gettext_noop("Look at what %(organisation)s could share, and whether the sharing terms put "
                                     "them off."), organisation=_named(names.get(org), A_PARTNER)),
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
            stored_text.plural(
                "Funding from %(funder)s ends on %(end)s (%(days)s day away) and nothing is lined up to follow it.",
                "Funding from %(funder)s ends on %(end)s (%(days)s days away) and nothing is lined up to follow "
                "it.",
                "days", funder=_named(s.get("funder"), A_FUNDER), end=end, days=(end - as_of).days),
            msg(gettext_noop("Look at the funding streams and agree who will seek follow-on funding, and by when.")),
            s.get("url", ""), None))
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
    who = _named(", ".join(status.get("unsigned_orgs") or []), SOME_PARTNERS)
    return [Finding(f"v{status['draft_version']}",
                    stored_text.plural(
                        "Version %(version)s of the charter has waited %(days)s day for signatures (not yet signed "
                        "by %(who)s).",
                        "Version %(version)s of the charter has waited %(days)s days for signatures (not yet signed "
                        "by %(who)s).",
                        "days", version=status["draft_version"], days=waited, who=who),
                    msg(gettext_noop("Look at the charter and ask the partners who have not signed what stands in "
                                     "the way.")),
                    status.get("url", ""))]


CHECKS: dict[str, Callable[[Any, float, dt.date], list[Finding]]] = {
    AlertRule.Kind.LEADER_CHANGE_DROP: leader_change_drop,
    AlertRule.Kind.TRUST_DROP: trust_drop,
    AlertRule.Kind.SENIOR_ABSENT: senior_absent,
    AlertRule.Kind.LIBRARY_TAKES_ONLY: library_takes_only,
    AlertRule.Kind.FUNDING_ENDING: funding_ending,
    AlertRule.Kind.CHARTER_UNSIGNED: charter_unsigned,
}
