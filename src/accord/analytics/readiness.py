"""Readiness check: is this a real partnership, or one cobbled together for a bid?

Pure Python: it takes plain facts (gathered elsewhere) and names, for each of five conditions, what
is in place, what is missing and what to do. No Django, no Accord imports.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

IN_PLACE, PARTIAL, MISSING, UNKNOWN = "in_place", "partial", "missing", "unknown"
STATUS_LABELS = {IN_PLACE: "In place", PARTIAL: "Partly in place", MISSING: "Missing", UNKNOWN: "Not known yet"}
# What a delivery partnership needs between its partners, whoever brings it.
ESSENTIAL_CAPABILITIES = ("delivery", "expertise", "data")
CAPABILITY_LABELS = {"funding": "funding", "delivery": "delivery", "expertise": "specialist expertise",
                     "data": "data and evaluation", "reach": "reach", "policy": "policy influence", "other": "other"}


@dataclass
class Check:
    key: str
    title: str
    status: str
    found: str
    action: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class Readiness:
    checks: list[Check]

    @property
    def in_place(self) -> list[Check]:
        return [c for c in self.checks if c.status == IN_PLACE]

    @property
    def missing(self) -> list[Check]:
        return [c for c in self.checks if c.status != IN_PLACE]

    @property
    def ready(self) -> bool:
        return all(c.status == IN_PLACE for c in self.checks)

    @property
    def summary(self) -> str:
        n = len(self.in_place)
        if self.ready:
            return f"All {n} conditions are in place: this looks like a real partnership."
        return f"{n} of {len(self.checks)} conditions are in place; see what is missing and what to do."

    def as_dict(self) -> dict[str, Any]:
        return {"ready": self.ready, "summary": self.summary,
                "checks": [{**asdict(c), "status_label": c.status_label} for c in self.checks]}


def charter_check(agreed_version: int | None, known: bool = True, unsigned: Sequence[str] = ()) -> Check:
    if not known:
        return Check("charter", "An agreed charter", UNKNOWN, "The charter is not recorded in Accord yet.",
                     "Write the joint mission and commitments in the charter and ask every partner to sign.")
    if agreed_version:
        return Check("charter", "An agreed charter", IN_PLACE, f"Version {agreed_version} is signed by every partner.")
    found = "No version of the charter is signed by every partner."
    if unsigned:
        found += " Not yet signed by: " + ", ".join(unsigned) + "."
    return Check("charter", "An agreed charter", MISSING, found,
                 "Agree the charter: every partner signs the same version.")


def capability_check(by_org: Mapping[str, Sequence[str]]) -> Check:
    """Complementary capabilities: what each partner brings, overlaps and gaps."""
    bringing = {org: set(kinds) for org, kinds in by_org.items() if kinds}
    title = "Complementary capabilities"
    if len(bringing) < 2:
        return Check("capabilities", title, MISSING,
                     "Fewer than two partners have recorded what they bring.",
                     "Record each partner's capabilities on its membership.", {"gaps": [], "overlap": [], "unique": {}})
    counts: dict[str, int] = {}
    for kinds in bringing.values():
        for k in kinds:
            counts[k] = counts.get(k, 0) + 1
    overlap = sorted(k for k, n in counts.items() if n > 1)
    gaps = [k for k in ESSENTIAL_CAPABILITIES if k not in counts]
    unique = {org: sorted(k for k in kinds if counts[k] == 1) for org, kinds in bringing.items()}
    adds_nothing = sorted(org for org, kinds in unique.items() if not kinds)
    detail = {"gaps": gaps, "overlap": overlap, "unique": unique, "adds_nothing_unique": adds_nothing}
    parts = []
    if overlap:
        parts.append("More than one partner brings " + ", ".join(CAPABILITY_LABELS.get(k, k) for k in overlap) + ".")
    if gaps:
        parts.append("Nobody brings " + ", ".join(CAPABILITY_LABELS.get(k, k) for k in gaps) + ".")
    if adds_nothing:
        parts.append("Bringing nothing that no other partner brings: " + ", ".join(adds_nothing) + ".")
    found = " ".join(parts) or "Each partner brings something the others do not, and nothing essential is missing."
    if gaps:
        return Check("capabilities", title, MISSING if len(gaps) > 1 else PARTIAL, found,
                     "Find a partner who brings " + ", ".join(CAPABILITY_LABELS.get(k, k) for k in gaps) + ".", detail)
    if len(adds_nothing) * 2 > len(bringing):
        return Check("capabilities", title, PARTIAL, found,
                     "Agree what each partner brings that the others cannot.", detail)
    return Check("capabilities", title, IN_PLACE, found, "", detail)


def trust_check(waves: int | None, latest_pct: float | None) -> Check:
    title = "A trust baseline"
    if waves is None:
        return Check("trust", title, UNKNOWN, "Trust surveys are not recorded in Accord yet.",
                     "Run a first trust survey wave to set a baseline.")
    if waves == 0:
        return Check("trust", title, MISSING, "No trust survey wave has closed.",
                     "Run a first trust survey wave to set a baseline.")
    found = f"{waves} wave{'' if waves == 1 else 's'} closed" + (f"; latest trust {latest_pct:.0f}%." if latest_pct is not None else ".")
    return Check("trust", title, IN_PLACE, found)


def governance_check(planned: int | None, held: int | None) -> Check:
    title = "A governance rhythm"
    if planned is None and held is None:
        return Check("governance", title, UNKNOWN, "Meetings are not recorded in Accord yet.",
                     "Set up a regular meeting series for the partners' senior leaders.")
    if not planned and not held:
        return Check("governance", title, MISSING, "No meetings planned or held in the last six months.",
                     "Set up a regular meeting series for the partners' senior leaders.")
    held = held or 0
    if planned and held < planned / 2:
        return Check("governance", title, PARTIAL, f"{held} of {planned} planned meetings held in six months.",
                     "Hold the meetings you plan; move or cancel them openly if you cannot.")
    return Check("governance", title, IN_PLACE, f"{held} meeting{'' if held == 1 else 's'} held in the last six months.")


def joint_work_check(months_together: int, meetings_held: int | None, live_areas: int | None,
                     decisions: int | None) -> Check:
    title = "Past joint work"
    evidence = []
    if meetings_held:
        evidence.append(f"{meetings_held} meetings held")
    if decisions:
        evidence.append(f"{decisions} decisions made")
    if live_areas:
        evidence.append(f"{live_areas} areas live")
    found = f"Working together for {months_together} month{'' if months_together == 1 else 's'}" + (": " + ", ".join(evidence) if evidence else "") + "."
    if months_together >= 6 and evidence:
        return Check("joint_work", title, IN_PLACE, found)
    if evidence or months_together >= 6:
        return Check("joint_work", title, PARTIAL, found,
                     "Show work done together: decisions made and delivery started, not just a plan.")
    return Check("joint_work", title, MISSING, found, "Do a first piece of work together before bidding.")


def assess(*, charter: Check, capabilities: Check, trust: Check, governance: Check, joint_work: Check) -> Readiness:
    return Readiness([charter, capabilities, trust, governance, joint_work])
