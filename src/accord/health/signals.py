"""Every signal health reads from other domains, in one place, through their registered sources.

Each domain (trust, governance, charter, delivery, library) registers a `HealthSource` in
accord.core.registry from its AppConfig.ready(), holding its selectors as typed callables. A domain
that is not installed, or a field it leaves empty, makes that input *unknown* (None): the component it
feeds is then missing, never zero and never fine. A source that raises is logged with its domain's
name, and the component it feeds says its data "could not be read".
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import logging
from collections.abc import Callable, Iterator, Sequence
from typing import Any, ParamSpec, TypeVar

from django.urls import NoReverseMatch
from django.utils.translation import gettext_noop

from accord.analytics import health as hx
from accord.analytics import text as hx_text
from accord.core import registry
from accord.core.registry import HealthSource
from accord.lib import stored_text, urls

from .models import ChangeEvent

log = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")


# The domains whose source failed during the current gather(); None outside one.
_failed: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar("health_failed_sources", default=None)


class _FieldName:
    """Stands in for a HealthSource to learn which field a `pick` names (and nothing else)."""

    name = ""

    def __getattr__(self, name: str) -> None:
        self.name = name
        return None


def read(domain: str, pick: Callable[[HealthSource], Callable[P, R] | None], *args: P.args,
         **kwargs: P.kwargs) -> R | None:
    """Call one selector of a domain's registered HealthSource, typed: `read("trust", lambda s:
    s.wave_summaries, partnership)`. None when the domain offers none.

    `pick` names a field of HealthSource, so the type checker checks the selector's name and its
    arguments. Asking a domain for a selector outside its contract (a typo, or another domain's
    selector) is a programming error and raises LookupError. A selector that fails is logged with its
    domain's name and treated as unknown ("could not be read"), so one domain's fault makes its
    component missing rather than taking the health pages (and the funders' view) down.
    """
    probe = _FieldName()
    pick(probe)  # type: ignore[arg-type]  # the probe only records the field's name
    name = probe.name
    if name not in registry.HEALTH_CONTRACT.get(domain, ()):
        raise LookupError(f"Health has no contract for {domain}.{name}")
    held = _batch.get()
    if held is not None and not kwargs and name in held:
        key = args[1] if name == "trust_received_by_org" else getattr(args[0], "pk", None)
        if key in held[name]:
            return held[name][key]  # read for the batch by the same selector's batch form
    source = registry.HEALTH_SOURCES.get(domain)
    fn = pick(source) if source is not None else None
    if fn is None:
        return None
    try:
        return fn(*args, **kwargs)
    except Exception:  # noqa: BLE001 - logged in full; the caller shows the input as could not be read
        log.exception("Health could not read the %s domain: selector %s.%s failed; its data is shown as "
                      "could not be read", domain, domain, name)
        failed = _failed.get()
        if failed is not None:
            failed.add(domain)
        return None


# What the daily warning rules read, read once for a batch of partnerships (`batch_reads`): by selector
# name, {partnership id (a wave id for trust_received_by_org): what the single selector answers}.
_batch: contextvars.ContextVar[dict[str, dict[Any, Any]] | None] = contextvars.ContextVar("health_batch", default=None)

# the single selectors the rules call, and the batch form that answers for many (each without keywords)
_BATCHED = {"wave_summaries": ("trust", "wave_summaries_many"),
            "senior_attendance_by_meeting": ("governance", "senior_attendance_by_meeting_many"),
            "funding_streams": ("delivery", "funding_streams_many"),
            "charter_status": ("charter", "charter_status_many"),
            "reciprocity": ("library", "reciprocity_many")}


@contextlib.contextmanager
def batch_reads(partnerships: Sequence[Any], as_of: dt.date) -> Iterator[None]:
    """Within it, what the warning rules read of these partnerships (other domains' selectors, member
    names, leader changes around `as_of`) is read once for all of them, through the batch selectors, so
    evaluating the batch costs the same queries however many partnerships and organisations it holds.
    A batch read that fails is not kept: each partnership then reads alone (and fails alone)."""
    from accord.partners.models import Membership

    ps = list(partnerships)
    held: dict[str, dict[Any, Any]] = {}
    for single, (domain, name) in _BATCHED.items():
        value = read(domain, lambda s, n=name: getattr(s, n), ps)  # type: ignore[misc]  # a field named by a variable
        if value is not None:
            held[single] = value
    wave_ids = [w["id"] for rows in held.get("wave_summaries", {}).values() for w in rows]
    received = read("trust", lambda s: s.trust_received_by_org_many, wave_ids) if wave_ids else {}
    if received is not None:
        held["trust_received_by_org"] = received
    names: dict[int, dict[int, str]] = {p.pk: {} for p in ps}
    for m in Membership.objects.filter(partnership_id__in=[p.pk for p in ps]).select_related("organisation"):
        names[m.partnership_id][m.organisation_id] = m.organisation.name
    held["org_names"] = names
    events: dict[int, list[ChangeEvent]] = {p.pk: [] for p in ps}
    for event in (ChangeEvent.objects.filter(partnership_id__in=list(events), date__lte=as_of,
                                             date__gte=as_of - dt.timedelta(days=LEADER_LOOKBACK_DAYS),
                                             kind__in=[ChangeEvent.Kind.LEADER_LEFT, ChangeEvent.Kind.LEADER_ARRIVED])
                  .select_related("organisation")):
        events[event.partnership_id].append(event)
    held["leader_events"] = {as_of: events}
    token = _batch.set(held)
    try:
        yield
    finally:
        _batch.reset(token)


LEADER_LOOKBACK_DAYS = 365 + 183  # the leader changes the rules look back on: a year, and half a year before it


def org_names(partnership: Any) -> dict[int, str]:
    """Member organisation id -> name (every membership, past ones too)."""
    held = _batch.get()
    if held is not None and partnership.pk in held["org_names"]:
        return dict(held["org_names"][partnership.pk])
    return {m.organisation_id: m.organisation.name for m in partnership.memberships.select_related("organisation")}


def leader_changes(partnership: Any, as_of: dt.date) -> list[ChangeEvent]:
    """Leaders who left or arrived in the LEADER_LOOKBACK_DAYS up to `as_of`, oldest first (with their
    organisation)."""
    held = _batch.get()
    if held is not None and partnership.pk in held["leader_events"].get(as_of, {}):
        return list(held["leader_events"][as_of][partnership.pk])
    return list(ChangeEvent.objects.filter(partnership=partnership, date__lte=as_of,
                                           date__gte=as_of - dt.timedelta(days=LEADER_LOOKBACK_DAYS),
                                           kind__in=[ChangeEvent.Kind.LEADER_LEFT, ChangeEvent.Kind.LEADER_ARRIVED])
                .select_related("organisation"))


def _list(value: Any) -> list:
    return list(value) if value else []


# --- raw signals -----------------------------------------------------------------------------------

def _until(rows: list[dict], key: str, as_of: dt.date | None) -> list[dict]:
    """The rows dated on or before `as_of` (all of them without it); undated rows are kept."""
    if as_of is None:
        return rows
    return [r for r in rows if r.get(key) is None or r[key] <= as_of]


def waves(partnership: Any, as_of: dt.date | None = None) -> list[dict]:
    return _until(_list(read("trust", lambda s: s.wave_summaries, partnership)), "closed_on", as_of)


def funding_streams(partnership: Any) -> list[dict]:
    return _list(read("delivery", lambda s: s.funding_streams, partnership))


def attendance_by_meeting(partnership: Any, as_of: dt.date | None = None) -> list[dict]:
    return _until(_list(read("governance", lambda s: s.senior_attendance_by_meeting, partnership)), "date", as_of)


def meeting_attendance_share(meeting: dict) -> float | None:
    """The share of organisations expected at a meeting whose senior leader attended."""
    statuses = list((meeting.get("by_org") or {}).values())
    if not statuses:
        return None
    return sum(1 for s in statuses if s == "attended") / len(statuses)


# Engagement looks at the last quarter (about three meetings), like the quarterly trust waves, so a
# partner's leader going quiet shows within a month or two instead of being averaged away over half
# a year. Actions are judged over half a year: they are fewer, and slower to fall due.
ENGAGEMENT_DAYS = 91
ACTIONS_DAYS = 182


def gather(partnership: Any, as_of: dt.date) -> dict[str, Any]:
    """Plain inputs for the analytics, as of a date. Unknown values are None."""
    return gather_many([partnership], as_of)[partnership.pk]


def gather_many(partnerships: Sequence[Any], as_of: dt.date) -> dict[int, dict[str, Any]]:
    """`gather` for each partnership (by id): every domain is read once for the whole batch through its
    `_many` selectors, so the queries do not grow with the number of partnerships or their size. A
    domain that fails is could-not-be-read for each partnership of the batch."""
    failed: set[str] = set()
    token = _failed.set(failed)
    try:
        inputs = _read_many(partnerships, as_of)
    finally:
        _failed.reset(token)
    for one in inputs.values():
        one["unreadable"] = sorted(failed)
    return inputs


def _by_id(value: dict[int, R] | None) -> dict[int, R]:
    return value if value is not None else {}


def _read_many(partnerships: Sequence[Any], as_of: dt.date) -> dict[int, dict[str, Any]]:
    ps = list(partnerships)
    wave_rows = _by_id(read("trust", lambda s: s.wave_summaries_many, ps))
    gov = _by_id(read("governance", lambda s: s.governance_health_many, ps,
                      start=as_of - dt.timedelta(days=ENGAGEMENT_DAYS), end=as_of))
    actions = _by_id(read("governance", lambda s: s.governance_health_many, ps,
                          start=as_of - dt.timedelta(days=ACTIONS_DAYS), end=as_of))
    commits = _by_id(read("charter", lambda s: s.commitments_summary_many, ps, as_of=as_of, months=12))
    goals = _by_id(read("charter", lambda s: s.goals_progress_many, ps, as_of=as_of))
    roll = _by_id(read("delivery", lambda s: s.rollout_many, ps, as_of=as_of))
    recip = _by_id(read("library", lambda s: s.reciprocity_many, ps))
    meetings = _by_id(read("governance", lambda s: s.senior_attendance_by_meeting_many, ps))
    charter = _by_id(read("charter", lambda s: s.charter_status_many, ps))
    events: dict[int, list[tuple]] = {p.pk: [] for p in ps}
    for pid, *event in (ChangeEvent.objects.filter(partnership__in=[p.pk for p in ps], date__lte=as_of)
                        .order_by("date", "pk").values_list("partnership_id", "date", "kind", "impact")):
        events[pid].append(tuple(event))
    timeline, library = urls.maker("health:timeline"), urls.maker("library:index")
    out = {}
    for p in ps:
        pk = p.pk
        out[pk] = {"as_of": as_of, "waves": _until(_list(wave_rows.get(pk)), "closed_on", as_of),
                   "governance": gov.get(pk), "actions": actions.get(pk), "commitments": commits.get(pk),
                   "goals": goals.get(pk), "rollout": roll.get(pk), "reciprocity": recip.get(pk),
                   "meetings": _until(_list(meetings.get(pk)), "date", as_of)[-6:], "events": events[pk],
                   "charter": charter.get(pk),
                   "timeline_url": _url(timeline, p), "library_url": _url(library, p)}
    return out


def _url(page: Callable[..., str], partnership: Any) -> str:
    """A page of this partnership (`page`: a `urls.maker`), or "" when that page's app is not installed."""
    try:
        return page(partnership.pk)
    except NoReverseMatch:
        return ""


# --- inputs to components -------------------------------------------------------------------------

def _senior_share(gov: dict | None) -> float | None:
    shares = [o.get("senior_attendance_share") for o in ((gov or {}).get("by_org") or {}).values()]
    shares = [s for s in shares if s is not None]
    return sum(shares) / len(shares) if shares else None


def _evidence(url: str, title: str, /, **values: Any) -> dict[str, Any]:
    """A link to evidence: its title in English as made ("title", for old readers: filled in for all the
    links of a snapshot at once by `_english_titles`) and kept as a message ("title_text") to show in the
    reader's language (`summary.evidence`)."""
    return {"title": "", "title_text": stored_text.message(title, **values), "url": url}


def _english_titles(comps: dict[str, hx.Component]) -> None:
    """Give every link made by `_evidence` its English title, in one switch of language."""
    links = [e for c in comps.values() for e in c.evidence if "title_text" in e]
    for link, title in zip(links, stored_text.english_all(e["title_text"] for e in links), strict=True):
        link["title"] = title


def components(inputs: dict[str, Any]) -> dict[str, hx.Component]:
    """The six components from gathered inputs, each with links to its evidence."""
    as_of = inputs["as_of"]
    wave_rows = inputs["waves"]
    latest_wave = wave_rows[-1] if wave_rows else None
    trust_c = hx.trust_component([w.get("trust_pct") for w in wave_rows],
                                 confidential=bool(latest_wave and latest_wave.get("confidential")))
    trust_c.evidence = [{"title": w.get("name", "Wave"), "url": w.get("url", "")} for w in wave_rows[-2:]]

    gov = inputs["governance"]
    if gov is None:
        engagement_c = hx.engagement_component(None, None, None)
    else:
        engagement_c = hx.engagement_component(_senior_share(gov), gov.get("meetings_held"), gov.get("meetings_planned"))
    engagement_c.evidence = [_evidence(m.get("url", ""), gettext_noop("Meeting on %(date)s"), date=m["date"])
                             for m in inputs["meetings"][-3:] if m.get("date")]

    roll = inputs["rollout"] or {}
    on_track = hx.rollout_on_track(roll.get("target_live"), roll.get("live_now"), roll.get("start_date"),
                                   roll.get("target_date"), as_of) if roll else None
    # goals come as of this date (their latest measurement by then); one reported as measured later is
    # left out, so history never uses the future
    goals = [g for g in _list(inputs["goals"]) if g.get("latest_on") is None or g["latest_on"] <= as_of]
    delivery_c = hx.delivery_component([g.get("progress") for g in goals], on_track,
                                       live_now=roll.get("live_now"), target_live=roll.get("target_live"))
    delivery_c.evidence = [{"title": g.get("title", "Goal"), "url": g.get("url", "")} for g in goals[:3]]
    if roll.get("url"):
        delivery_c.evidence.append(_evidence(roll["url"], gettext_noop("Rollout")))

    c = inputs["commitments"] or {}
    acts = inputs.get("actions") or {}
    commitments_c = hx.commitments_component(c.get("due"), c.get("kept_on_time"),
                                             acts.get("actions_total"), acts.get("actions_overdue"))
    charter_status = inputs.get("charter") or {}
    if charter_status.get("url"):
        commitments_c.evidence.append(_evidence(charter_status["url"], gettext_noop("The charter and its commitments")))

    recip = inputs["reciprocity"]
    knowledge = hx.knowledge_balance(
        (r["owner_org_id"], r["reader_org_id"], (r.get("items_shared") or 0) + (r.get("opens") or 0))
        for r in _list(recip))
    contact = next((w.get("reciprocity") for w in reversed(wave_rows) if w.get("reciprocity") is not None), None)
    reciprocity_c = hx.reciprocity_component(knowledge, contact)
    contact_wave = next((w for w in reversed(wave_rows) if w.get("reciprocity") is not None), None)
    if contact_wave is not None and contact_wave.get("url"):
        reciprocity_c.evidence.append(_evidence(contact_wave["url"], gettext_noop("%(wave)s: who is in contact"),
                                                wave=contact_wave.get("name", "Wave")))
    if knowledge is not None and inputs.get("library_url"):
        reciprocity_c.evidence.append(_evidence(inputs["library_url"], gettext_noop("The library's sharing record")))

    stability_c = hx.stability_component(inputs["events"], as_of)
    if inputs["events"] and inputs.get("timeline_url"):
        stability_c.evidence.append(_evidence(inputs["timeline_url"],
                                              gettext_noop("The change events on the timeline")))
    comps = {c.key: c for c in (trust_c, engagement_c, delivery_c, commitments_c, reciprocity_c, stability_c)}
    _english_titles(comps)
    _mark_unreadable(comps, inputs.get("unreadable") or [])
    return comps


# The domains each component reads from, to say which ones could not be read.
FED_BY = {"trust": ("trust",), "engagement": ("governance",), "delivery": ("charter", "delivery"),
          "commitments": ("charter", "governance"), "reciprocity": ("library", "trust"), "stability": ()}


def _mark_unreadable(comps: dict[str, hx.Component], unreadable: list[str]) -> None:
    """A missing component whose domain failed says its data could not be read (not just that none exists)."""
    for key, c in comps.items():
        failed = [d for d in FED_BY.get(key, ()) if d in unreadable]
        if c.missing and failed:
            kept = hx_text.stored(gettext_noop("Could not be read: the %(domains)s data failed to load, so this "
                                               "is left out."), domains=" and ".join(failed))
            c.explanation = f"{c.explanation} {hx_text.said(kept)}".strip()
            c.text.append(kept)
