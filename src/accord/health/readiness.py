"""Gathers the facts for the readiness check (analytics.readiness) from partners and the selectors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from accord.analytics import readiness as rd
from accord.partners import selectors as partners
from accord.partners.models import Capability

from . import signals


def check(partnership: Any, as_of: dt.date | None = None) -> rd.Readiness:
    as_of = as_of or timezone.localdate()
    status = signals.read("charter", lambda s: s.charter_status, partnership)
    charter = rd.charter_check(status.get("agreed_version") if status else None, known=status is not None,
                               unsigned=(status or {}).get("unsigned_orgs") or [])
    # two queries, not an object per membership and capability: a partnership may have 2,000 partners
    kinds: dict[int, list[str]] = {}
    for membership_id, kind in Capability.objects.filter(membership__partnership=partnership).values_list(
            "membership_id", "kind"):
        kinds.setdefault(membership_id, []).append(kind)
    by_org = {name: kinds.get(pk, []) for pk, name, left in
              partners.memberships(partnership).values_list("pk", "organisation__name", "left")
              if left is None or left >= as_of}
    waves = signals.read("trust", lambda s: s.wave_summaries, partnership)
    trust = rd.trust_check(None if waves is None else len(waves),
                           next((w.get("trust_pct") for w in reversed(waves or []) if w.get("trust_pct") is not None), None))
    gov = signals.read("governance", lambda s: s.governance_health, partnership,
                       start=as_of - dt.timedelta(days=182), end=as_of)
    governance = rd.governance_check(gov.get("meetings_planned") if gov else None, gov.get("meetings_held") if gov else None)
    ever = signals.read("governance", lambda s: s.governance_health, partnership, start=None, end=as_of)
    roll = signals.read("delivery", lambda s: s.rollout, partnership, as_of=as_of)
    months = max(0, (as_of.year - partnership.start_date.year) * 12 + as_of.month - partnership.start_date.month)
    joint = rd.joint_work_check(months, (ever or {}).get("meetings_held"), (roll or {}).get("live_now"),
                                (ever or {}).get("decisions"))
    return rd.assess(charter=charter, capabilities=rd.capability_check(by_org), trust=trust, governance=governance,
                     joint_work=joint)
