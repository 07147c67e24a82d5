"""The health index as a role sees it, for the health page and for reports (through selectors): the
components with a confidential wave's trust score withheld from those without the "view_confidential"
need, the drivers, the open warnings as each role reads them, and the changes of leader in a period."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext, gettext_noop

from accord.analytics.health import LABELS
from accord.lib import stored_text

from .models import Alert, ChangeEvent, HealthSnapshot

# What each stored input is called on the page, and whether it is a share (0-1) shown as a percentage.
INPUT_LABELS: dict[str, tuple[str, bool]] = {
    "waves": (gettext_noop("Closed survey waves"), False), "latest_pct": (gettext_noop("Latest wave's trust"), True),
    "trend_points": (gettext_noop("Change since the wave before (points)"), False),
    "senior_attendance": (gettext_noop("Senior leaders' attendance"), True), "meetings_held": (gettext_noop("Meetings held"), False),
    "meetings_planned": (gettext_noop("Meetings planned"), False), "cadence_kept": (gettext_noop("Planned meetings held"), True),
    "goals_with_progress": (gettext_noop("Goals with a measurement"), False), "mean_goal_progress": (gettext_noop("Goals' progress"), True),
    "rollout_on_track": (gettext_noop("Rollout against the ambition's line"), True), "live_now": (gettext_noop("Areas live"), False),
    "target_live": (gettext_noop("Areas in the ambition"), False), "commitments_due": (gettext_noop("Commitments due"), False),
    "kept_on_time": (gettext_noop("Kept on time"), False), "actions_total": (gettext_noop("Actions"), False),
    "actions_overdue": (gettext_noop("Actions overdue"), False), "knowledge_both_ways": (gettext_noop("Knowledge flowing both ways"), True),
    "contact_reciprocated": (gettext_noop("Contact reciprocated"), True), "events_weighing": (gettext_noop("Changes still weighing"), False),
    "penalty": (gettext_noop("Points they weigh"), False),
}
LEADER_KINDS = (ChangeEvent.Kind.LEADER_ARRIVED, ChangeEvent.Kind.LEADER_LEFT)


def _input(key: str, value: Any) -> tuple[str, Any]:
    label, share = INPUT_LABELS.get(key, (key.replace("_", " ").capitalize(), False))
    label = gettext(label) if key in INPUT_LABELS else label
    if value is None:
        return label, None
    if key == "latest_pct":
        return label, f"{value:.0f}%"
    return label, f"{100 * value:.0f}%" if share else value


def explanation(component: dict[str, Any]) -> str:
    """A stored component's explanation in the active language: its kept sentences when the snapshot has
    them, else the text as it was stored (snapshots made before the sentences were kept)."""
    kept = component.get("explanation_text")
    if kept:
        return " ".join(stored_text.render(k) for k in kept)
    return str(component.get("explanation") or "")


def evidence(link: dict[str, Any]) -> dict[str, str]:
    """A stored evidence link with its title in the active language (an old plain title as it was)."""
    return {"title": stored_text.render(link.get("title_text") or link.get("title", "")), "url": link.get("url", "")}


def snapshots(partnership: Any, *, until: dt.date | None = None) -> list[HealthSnapshot]:
    """Monthly snapshots, oldest first (up to the month holding `until`)."""
    rows = HealthSnapshot.objects.filter(partnership=partnership).order_by("month")
    if until is not None:
        rows = rows.filter(month__lte=until)
    return list(rows)


def seen(access: Any, snap: HealthSnapshot | None) -> dict[str, Any]:
    """A snapshot's components and drivers as `access` may see them (the health page shows the same):
    inputs and evidence to the partners' people only; a trust score from a confidential wave withheld
    from those who may not see confidential results."""
    members = access.can("view_members")
    comps = []
    for c in (snap.components if snap else []):
        withheld = (not access.can("view_confidential") and c["key"] == "trust"
                    and bool((c.get("inputs") or {}).get("confidential")))
        comps.append({**c, "label": gettext(LABELS[c["key"]]), "weight": snap.weights.get(c["key"]) if snap else None,
                      "score": None if withheld else c["score"], "withheld": withheld, "explanation": explanation(c),
                      "inputs": [_input(k, v) for k, v in (c.get("inputs") or {}).items()
                                 if k != "confidential"] if members and not withheld else [],
                      "evidence": [evidence(e) for e in c.get("evidence", []) if e.get("url")] if members else []})
    hidden = {c["key"] for c in comps if c["withheld"]}
    drivers = []
    for d in (snap.drivers if snap else []):
        if d["key"] in hidden:  # what a withheld score moved by would tell the score
            d = {**d, "before": None, "after": None, "change": None, "effect": None}
        label = gettext(LABELS[d["key"]]) if d["key"] in LABELS else d.get("label", "")
        drivers.append({**d, "label": label, "withheld": d["key"] in hidden,
                        "change_text": f"{d['change']:+.1f}" if d.get("change") is not None else "",
                        "effect_text": f"{d['effect']:+.1f}" if d.get("effect") is not None else ""})
    overall = snap.overall if snap else None
    return {"components": comps, "drivers": drivers, "overall": overall}


def open_alerts(access: Any) -> list[Any]:
    """Open early warnings as `access` reads them (partners' people only; others get none)."""
    if not access.can("view_members"):
        return []
    return [a.seen_by(access) for a in Alert.objects.filter(partnership=access.partnership,
                                                          acknowledged_at__isnull=True).select_related("rule")]


def warnings_in(access: Any, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Early warnings fired in the period and those still open: as `access` reads them for the partners'
    people, and only the two counts for everyone else (as the funders' view shows)."""
    fired = Alert.objects.filter(partnership=access.partnership, fired_at__date__gte=start, fired_at__date__lte=end)
    still_open = Alert.objects.filter(partnership=access.partnership, acknowledged_at__isnull=True)
    rows = []
    if access.can("view_members"):
        rows = [a.seen_by(access) for a in (fired | still_open).distinct().select_related("rule").order_by("fired_at")]
    return {"fired": fired.count(), "open": still_open.count(), "rows": rows}


def leader_changes(access: Any, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Leaders who arrived or left in the period: by name for the partners' people, a count for others."""
    events = (ChangeEvent.objects.filter(partnership=access.partnership, kind__in=LEADER_KINDS,
                                         date__gte=start, date__lte=end)
              .select_related("organisation").order_by("date", "pk"))
    rows = ([{"date": e.date, "kind": e.get_kind_display(), "organisation": e.organisation.name if e.organisation else "",
              "note": e.note} for e in events] if access.can("view_members") else [])
    return {"count": len(events), "rows": rows}
