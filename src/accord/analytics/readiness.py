"""Readiness check: is this a real partnership, or one cobbled together for a bid?

Pure Python: it takes plain facts (gathered elsewhere) and names, for each of five conditions, what
is in place, what is missing and what to do. No Django, no Accord imports.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from .text import _, gettext_noop, ngettext

IN_PLACE, PARTIAL, MISSING, UNKNOWN = "in_place", "partial", "missing", "unknown"
STATUS_LABELS = {IN_PLACE: gettext_noop("In place"), PARTIAL: gettext_noop("Partly in place"),
                 MISSING: gettext_noop("Missing"), UNKNOWN: gettext_noop("Not known yet")}
# What a delivery partnership needs between its partners, whoever brings it.
ESSENTIAL_CAPABILITIES = ("delivery", "expertise", "data")
CAPABILITY_LABELS = {"funding": gettext_noop("funding"), "delivery": gettext_noop("delivery"),
                     "expertise": gettext_noop("specialist expertise"), "data": gettext_noop("data and evaluation"),
                     "reach": gettext_noop("reach"), "policy": gettext_noop("policy influence"),
                     "other": gettext_noop("other")}


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
        return _(STATUS_LABELS[self.status])


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
            return ngettext("All %(count)s condition is in place: this looks like a real partnership.",
                            "All %(count)s conditions are in place: this looks like a real partnership.", n) % {
                "count": n}
        total = len(self.checks)
        return ngettext("%(count)s of %(total)s condition is in place; see what is missing and what to do.",
                        "%(count)s of %(total)s conditions are in place; see what is missing and what to do.",
                        total) % {"count": n, "total": total}

    def as_dict(self) -> dict[str, Any]:
        return {"ready": self.ready, "summary": self.summary,
                "checks": [{**asdict(c), "status_label": c.status_label} for c in self.checks]}


def _names(items: Sequence[str]) -> str:
    return ", ".join(items)


def _capabilities(keys: Sequence[str]) -> str:
    return _names([_(CAPABILITY_LABELS[k]) if k in CAPABILITY_LABELS else k for k in keys])


def charter_check(agreed_version: int | None, known: bool = True, unsigned: Sequence[str] = ()) -> Check:
    title = _("An agreed charter")
    if not known:
        return Check("charter", title, UNKNOWN, _("The charter is not recorded in Accord yet."),
                     _("Write the joint mission and commitments in the charter and ask every partner to sign."))
    if agreed_version:
        return Check("charter", title, IN_PLACE,
                     _("Version %(version)s is signed by every partner.") % {"version": agreed_version})
    if unsigned:
        found = _("No version of the charter is signed by every partner. Not yet signed by: %(names)s.") % {
            "names": _names(unsigned)}
    else:
        found = _("No version of the charter is signed by every partner.")
    return Check("charter", title, MISSING, found, _("Agree the charter: every partner signs the same version."))


def capability_check(by_org: Mapping[str, Sequence[str]]) -> Check:
    """Complementary capabilities: what each partner brings, overlaps and gaps."""
    bringing = {org: set(kinds) for org, kinds in by_org.items() if kinds}
    title = _("Complementary capabilities")
    if len(bringing) < 2:
        return Check("capabilities", title, MISSING,
                     _("Fewer than two partners have recorded what they bring."),
                     _("Record each partner's capabilities on its membership."),
                     {"gaps": [], "overlap": [], "unique": {}})
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
        parts.append(_("More than one partner brings %(capabilities)s.") % {"capabilities": _capabilities(overlap)})
    if gaps:
        parts.append(_("Nobody brings %(capabilities)s.") % {"capabilities": _capabilities(gaps)})
    if adds_nothing:
        parts.append(_("Bringing nothing that no other partner brings: %(names)s.") % {"names": _names(adds_nothing)})
    found = " ".join(parts) or _("Each partner brings something the others do not, and nothing essential is missing.")
    if gaps:
        return Check("capabilities", title, MISSING if len(gaps) > 1 else PARTIAL, found,
                     _("Find a partner who brings %(capabilities)s.") % {"capabilities": _capabilities(gaps)}, detail)
    if len(adds_nothing) * 2 > len(bringing):
        return Check("capabilities", title, PARTIAL, found,
                     _("Agree what each partner brings that the others cannot."), detail)
    return Check("capabilities", title, IN_PLACE, found, "", detail)


def trust_check(waves: int | None, latest_pct: float | None) -> Check:
    title = _("A trust baseline")
    if waves is None:
        return Check("trust", title, UNKNOWN, _("Trust surveys are not recorded in Accord yet."),
                     _("Run a first trust survey wave to set a baseline."))
    if waves == 0:
        return Check("trust", title, MISSING, _("No trust survey wave has closed."),
                     _("Run a first trust survey wave to set a baseline."))
    if latest_pct is not None:
        found = ngettext("%(count)s wave closed; latest trust %(latest)s%%.",
                         "%(count)s waves closed; latest trust %(latest)s%%.", waves) % {
            "count": waves, "latest": f"{latest_pct:.0f}"}
    else:
        found = ngettext("%(count)s wave closed.", "%(count)s waves closed.", waves) % {"count": waves}
    return Check("trust", title, IN_PLACE, found)


def governance_check(planned: int | None, held: int | None) -> Check:
    title = _("A governance rhythm")
    if planned is None and held is None:
        return Check("governance", title, UNKNOWN, _("Meetings are not recorded in Accord yet."),
                     _("Set up a regular meeting series for the partners' senior leaders."))
    if not planned and not held:
        return Check("governance", title, MISSING, _("No meetings planned or held in the last six months."),
                     _("Set up a regular meeting series for the partners' senior leaders."))
    held = held or 0
    if planned and held < planned / 2:
        return Check("governance", title, PARTIAL,
                     ngettext("%(held)s of %(planned)s planned meeting held in six months.",
                              "%(held)s of %(planned)s planned meetings held in six months.", planned)
                     % {"held": held, "planned": planned},
                     _("Hold the meetings you plan; move or cancel them openly if you cannot."))
    return Check("governance", title, IN_PLACE,
                 ngettext("%(count)s meeting held in the last six months.",
                          "%(count)s meetings held in the last six months.", held) % {"count": held})


def joint_work_check(months_together: int, meetings_held: int | None, live_areas: int | None,
                     decisions: int | None) -> Check:
    title = _("Past joint work")
    evidence = []
    if meetings_held:
        evidence.append(ngettext("%(count)s meeting held", "%(count)s meetings held", meetings_held)
                        % {"count": meetings_held})
    if decisions:
        evidence.append(ngettext("%(count)s decision made", "%(count)s decisions made", decisions)
                        % {"count": decisions})
    if live_areas:
        evidence.append(ngettext("%(count)s area live", "%(count)s areas live", live_areas) % {"count": live_areas})
    if evidence:
        found = ngettext("Working together for %(count)s month: %(evidence)s.",
                         "Working together for %(count)s months: %(evidence)s.", months_together) % {
            "count": months_together, "evidence": _names(evidence)}
    else:
        found = ngettext("Working together for %(count)s month.", "Working together for %(count)s months.",
                         months_together) % {"count": months_together}
    if months_together >= 6 and evidence:
        return Check("joint_work", title, IN_PLACE, found)
    if evidence or months_together >= 6:
        return Check("joint_work", title, PARTIAL, found,
                     _("Show work done together: decisions made and delivery started, not just a plan."))
    return Check("joint_work", title, MISSING, found, _("Do a first piece of work together before bidding."))


def assess(*, charter: Check, capabilities: Check, trust: Check, governance: Check, joint_work: Check) -> Readiness:
    return Readiness([charter, capabilities, trust, governance, joint_work])
