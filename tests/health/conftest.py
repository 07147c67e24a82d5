"""Fakes of the other domains' health sources (by the contract), for health's own unit tests.

Each domain registers a `HealthSource` in `accord.core.registry.HEALTH_SOURCES`, and every caller in
health reaches the domains through it. The fakes REPLACE those registry entries (for the test only)
with sources holding the fake functions, so the real domains' selectors are never touched: a page
another domain renders in the same test (the partnership home and its panels) still reads real data. `fake` is a mutable bag:
tests change its data. Its defaults are the contract's "no data" shapes, never None where the
contract promises a dict. tests/health/test_with_real_domains.py uses no fakes at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from dataclasses import fields as fields_of
from decimal import Decimal
from typing import Any

import pytest

from accord.core import registry
from accord.core.registry import HealthSource

TODAY = dt.date(2026, 6, 15)


def save(person: Any) -> Any:
    """Record a change to a person the way the pages, the API and the admin do (partners' person_save),
    so that health's follow-up (leader events, handovers) runs."""
    from accord.partners.services import person_save

    return person_save(actor=None, person=person, partnership=person.partnership)


def no_governance() -> dict:
    return {"meetings_planned": 0, "meetings_held": 0, "decisions": 0, "actions_total": 0,
            "actions_done_on_time": 0, "actions_overdue": 0, "by_org": {}}


def no_commitments() -> dict:
    return {"due": 0, "kept_on_time": 0, "share": None, "open_overdue": 0, "by_org": {}}


def no_rollout() -> dict:
    return {"target_live": None, "target_date": None, "start_date": None, "live_now": 0, "series": [],
            "url": "/p/1/delivery/"}


def no_charter() -> dict:
    return {"agreed_version": None, "agreed_on": None, "draft_version": None, "draft_since": None,
            "unsigned_orgs": [], "url": "/p/1/charter/"}


@dataclass
class Fake:
    waves: list[dict] = field(default_factory=list)
    received: dict[int, dict[int, float | None]] = field(default_factory=dict)
    governance: dict | None = field(default_factory=lambda: no_governance())
    meetings: list[dict] = field(default_factory=list)
    commitments: dict | None = field(default_factory=lambda: no_commitments())
    goals: list[dict] = field(default_factory=list)
    rollout: dict | None = field(default_factory=lambda: no_rollout())
    streams: list[dict] = field(default_factory=list)
    reciprocity: list[dict] = field(default_factory=list)
    charter: dict | None = field(default_factory=lambda: no_charter())
    held: dict[str, list[dict]] = field(default_factory=dict)


def wave(i: int, closed_on: dt.date, trust: float | None, *, confidential: bool = False,
         reciprocity: float | None = 0.5) -> dict:
    return {"id": i, "name": f"Wave {i}", "closed_on": closed_on, "trust_pct": trust, "value_pct": None,
            "density": 0.8, "reciprocity": reciprocity, "responding_orgs": 2, "confidential": confidential,
            "url": f"/p/1/trust/waves/{i}/"}


def meeting(i: int, date: dt.date, by_org: dict[int, str]) -> dict:
    return {"meeting_id": i, "date": date, "url": f"/p/1/meetings/{i}/", "by_org": by_org}


def stream(i: int, start: dt.date, end: dt.date, orgs: list[int]) -> dict:
    return {"id": i, "funder": "Gamma Fund", "funder_org_id": 99, "amount": Decimal("50000"), "currency": "GBP",
            "start": start, "end": end, "partner_org_ids": orgs, "restricted": False, "url": f"/p/1/funding/{i}/"}


def _stand_ins(monkeypatch: Any) -> None:
    """Give health fresh, empty sources (the real ones come back after the test)."""
    for app in CONTRACT:
        monkeypatch.setitem(registry.HEALTH_SOURCES, app, HealthSource(app))


def many(one: Any) -> Any:
    """The batch form (`<selector>_many`) of a fake selector: {partnership id: its answer} for each."""
    return lambda partnerships, *args, **kwargs: {p.pk: one(p, *args, **kwargs) for p in partnerships}


def with_batches(**selectors: Any) -> dict[str, Any]:
    """These selectors, each with its batch form too (where HealthSource has one), unless given."""
    fields = {f.name for f in fields_of(HealthSource)}
    out = dict(selectors)
    for name, fn in selectors.items():
        if f"{name}_many" in fields and f"{name}_many" not in selectors:
            out[f"{name}_many"] = many(fn) if fn is not None else None
    return out


def put(monkeypatch: Any, domain: str, **selectors: Any) -> None:
    """Replace selectors of a domain's health source, for this test only: put(mp, "library",
    readable_ids=...). The keywords are HealthSource's fields, so a misspelt one fails at once. A
    selector's batch form is replaced with it (health's snapshots read through the batch form)."""
    monkeypatch.setitem(registry.HEALTH_SOURCES, domain,
                        replace(registry.HEALTH_SOURCES[domain], **with_batches(**selectors)))


def install(monkeypatch: Any, fake: Fake) -> None:
    """Typed fakes: each domain's source is a HealthSource built with its fields by keyword."""
    sources = [
        HealthSource(
            "trust", **with_batches(
            wave_summaries=lambda p: list(fake.waves),
            trust_received_by_org=lambda p, wave_id: dict(fake.received.get(wave_id, {})),
            relationships_of=lambda person, partnership=None: list(fake.held.get("relationships", [])),
        )),
        HealthSource(
            "governance", **with_batches(
            governance_health=lambda p, start=None, end=None: fake.governance,
            senior_attendance_by_meeting=lambda p: list(fake.meetings),
            meetings_attended_by=lambda person, partnership=None: list(fake.held.get("meetings", [])),
            open_actions_for=lambda person, partnership=None: list(fake.held.get("actions", [])),
        )),
        HealthSource(
            "charter", **with_batches(
            charter_status=lambda p: fake.charter,
            commitments_summary=lambda p, as_of=None, months=12: fake.commitments,
            goals_progress=lambda p, as_of=None: list(fake.goals),
            open_commitments_for=lambda person, partnership=None: list(fake.held.get("commitments", [])),
        )),
        HealthSource(
            "delivery", **with_batches(
            rollout=lambda p, as_of=None: fake.rollout,
            funding_streams=lambda p: list(fake.streams),
        )),
        HealthSource(
            "library", **with_batches(
            reciprocity=lambda p: list(fake.reciprocity),
            items_owned_by=lambda person, partnership=None: list(fake.held.get("items", [])),
            readable_ids=lambda access: {i["id"] for i in fake.held.get("items", []) if i.get("id") is not None},
        )),
    ]
    for source in sources:
        monkeypatch.setitem(registry.HEALTH_SOURCES, source.domain, source)


@pytest.fixture
def fake(monkeypatch: Any) -> Fake:
    """Every selector present, with no data yet."""
    f = Fake()
    install(monkeypatch, f)
    return f


CONTRACT = registry.HEALTH_CONTRACT


@pytest.fixture
def no_selectors(monkeypatch: Any) -> None:
    """As if no other domain had landed: health sees empty sources (the real ones are untouched)."""
    _stand_ins(monkeypatch)


def full(fake: Fake, world: Any) -> Fake:
    """A partnership with data in every domain."""
    a, b = world.org_a.pk, world.org_b.pk
    fake.waves = [wave(1, dt.date(2025, 6, 1), 70.0), wave(2, dt.date(2026, 1, 10), 60.0)]
    fake.received = {1: {a: 3.2, b: 3.4}, 2: {a: 3.1, b: 2.6}}
    fake.governance = {"meetings_planned": 4, "meetings_held": 3, "decisions": 5, "actions_total": 10,
                       "actions_done_on_time": 6, "actions_overdue": 2,
                       "by_org": {a: {"meetings_expected": 3, "senior_attended": 3, "delegate": 0,
                                      "senior_attendance_share": 1.0},
                                  b: {"meetings_expected": 3, "senior_attended": 0, "delegate": 2,
                                      "senior_attendance_share": 0.0}}}
    fake.meetings = [meeting(1, dt.date(2026, 2, 1), {a: "attended", b: "attended"}),
                     meeting(2, dt.date(2026, 3, 1), {a: "attended", b: "delegate"}),
                     meeting(3, dt.date(2026, 4, 1), {a: "attended", b: "apologies"})]
    fake.commitments = {"due": 4, "kept_on_time": 3, "share": 0.75, "open_overdue": 1, "by_org": {}}
    fake.goals = [{"id": 1, "title": "Areas live", "metric": "areas", "unit": "", "baseline": 0, "target": 10,
                   "target_date": dt.date(2027, 1, 1), "latest": 2, "latest_on": TODAY, "progress": 0.2,
                   "url": "/p/1/charter/goals/1/"},
                  {"id": 2, "title": "Families reached", "metric": "families", "unit": "", "baseline": 0,
                   "target": 100, "target_date": dt.date(2027, 1, 1), "latest": 60, "latest_on": TODAY,
                   "progress": 0.6, "url": "/p/1/charter/goals/2/"}]
    fake.rollout = {"target_live": 10, "target_date": dt.date(2027, 1, 1), "start_date": dt.date(2025, 1, 1),
                    "live_now": 4, "series": [(dt.date(2025, 6, 1), 2), (dt.date(2026, 1, 1), 4)],
                    "url": "/p/1/delivery/"}
    fake.reciprocity = [{"owner_org_id": a, "reader_org_id": b, "items_shared": 2, "opens": 2},
                        {"owner_org_id": b, "reader_org_id": a, "items_shared": 1, "opens": 1}]
    fake.charter = {"agreed_version": 1, "agreed_on": dt.date(2025, 3, 1), "draft_version": None,
                    "draft_since": None, "unsigned_orgs": [], "url": "/p/1/charter/"}
    return fake
