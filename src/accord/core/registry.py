"""Places where domain apps plug into shared pages without the lower floors importing them.

A domain app registers its panel on the partnership home and its link in the partnership's
navigation from its AppConfig.ready(). Partners (floor 2) then renders whatever is registered.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    order: int
    need: str
    # render(request, access) -> HTML string (use render_to_string) or "" to hide
    render: Callable[[HttpRequest, Any], str]


@dataclass(frozen=True)
class NavLink:
    key: str
    label: str
    url_name: str  # reversed with the partnership's pk as the only argument
    order: int
    need: str


HOME_PANELS: dict[str, Panel] = {}
NAV_LINKS: dict[str, NavLink] = {}


def register_panel(panel: Panel) -> None:
    HOME_PANELS[panel.key] = panel


def register_nav(link: NavLink) -> None:
    NAV_LINKS[link.key] = link


def panels_for(access: Any) -> list[Panel]:
    return sorted((p for p in HOME_PANELS.values() if access.can(p.need)), key=lambda p: p.order)


def nav_for(access: Any) -> list[NavLink]:
    return sorted((n for n in NAV_LINKS.values() if access.can(n.need)), key=lambda n: n.order)


# --- health ---------------------------------------------------------------------------------------

# The domains whose data partnership health reads. Each registers one HealthSource from its
# AppConfig.ready(); a domain in this list with no source is a wiring fault (tests check it).
HEALTH_DOMAINS = ("trust", "governance", "charter", "delivery", "library")


@dataclass(frozen=True)
class HealthSource:
    """What one domain offers to partnership health: its selectors, as typed callables.

    A domain fills in the fields it owns and leaves the rest None. Health calls only the field it
    needs; a None field makes that input unknown. A source that raises is logged with its domain's
    name and its component shown as "could not be read".

    A field ending in `_many` is the batch form of the selector before it: it takes a list of
    partnerships (and the same keywords) and answers {partnership id: what the selector answers} in a
    number of queries that grows with neither the partnerships' size nor their number, so the monthly
    snapshots of every partnership read each domain a few times per batch, not per partnership. The
    single selector is that batch of one, so both answer alike.
    """

    domain: str
    # trust
    wave_summaries: Callable[[Any], list[dict]] | None = None
    wave_summaries_many: Callable[[Sequence[Any]], dict[int, list[dict]]] | None = None
    trust_received_by_org: Callable[[Any, int], dict[int, float | None]] | None = None
    trust_received_by_org_many: Callable[[Sequence[int]], dict[int, dict[int, float | None]]] | None = None
    relationships_of: Callable[..., list[dict]] | None = None
    # governance
    governance_health: Callable[..., dict | None] | None = None
    governance_health_many: Callable[..., dict[int, dict]] | None = None
    senior_attendance_by_meeting: Callable[[Any], list[dict]] | None = None
    senior_attendance_by_meeting_many: Callable[[Sequence[Any]], dict[int, list[dict]]] | None = None
    meetings_attended_by: Callable[..., list[dict]] | None = None
    open_actions_for: Callable[..., list[dict]] | None = None
    open_actions_for_many: Callable[[Sequence[Any]], dict[int, list[dict]]] | None = None
    # charter
    charter_status: Callable[[Any], dict | None] | None = None
    charter_status_many: Callable[[Sequence[Any]], dict[int, dict]] | None = None
    commitments_summary: Callable[..., dict | None] | None = None
    commitments_summary_many: Callable[..., dict[int, dict]] | None = None
    goals_progress: Callable[..., list[dict]] | None = None
    goals_progress_many: Callable[..., dict[int, list[dict]]] | None = None
    open_commitments_for: Callable[..., list[dict]] | None = None
    open_commitments_for_many: Callable[[Sequence[Any]], dict[int, list[dict]]] | None = None
    # delivery
    rollout: Callable[..., dict | None] | None = None
    rollout_many: Callable[..., dict[int, dict]] | None = None
    funding_streams: Callable[[Any], list[dict]] | None = None
    funding_streams_many: Callable[[Sequence[Any]], dict[int, list[dict]]] | None = None
    # library
    reciprocity: Callable[[Any], list[dict]] | None = None
    reciprocity_many: Callable[..., dict[int, list[dict]]] | None = None
    items_owned_by: Callable[..., list[dict]] | None = None
    items_owned_by_many: Callable[[Sequence[Any]], dict[int, list[dict]]] | None = None
    readable_ids: Callable[[Any], set[int]] | None = None


# Which selectors each domain owns: a domain's source must fill these (tests check it).
HEALTH_CONTRACT: dict[str, tuple[str, ...]] = {
    "trust": ("wave_summaries", "wave_summaries_many", "trust_received_by_org", "trust_received_by_org_many",
              "relationships_of"),
    "governance": ("governance_health", "governance_health_many", "senior_attendance_by_meeting",
                   "senior_attendance_by_meeting_many", "meetings_attended_by", "open_actions_for",
                   "open_actions_for_many"),
    "charter": ("charter_status", "charter_status_many", "commitments_summary", "commitments_summary_many",
                "goals_progress", "goals_progress_many", "open_commitments_for", "open_commitments_for_many"),
    "delivery": ("rollout", "rollout_many", "funding_streams", "funding_streams_many"),
    "library": ("reciprocity", "reciprocity_many", "items_owned_by", "items_owned_by_many", "readable_ids"),
}

HEALTH_SOURCES: dict[str, HealthSource] = {}


def register_health_source(source: HealthSource) -> None:
    if source.domain not in HEALTH_DOMAINS:
        raise ValueError(f"{source.domain!r} is not a domain health reads: {HEALTH_DOMAINS}")
    HEALTH_SOURCES[source.domain] = source


# --- people ---------------------------------------------------------------------------------------

# What follows a change to a Person, by a higher floor: health turns a senior leader's start or end date
# into change events and opens a handover. Registered from AppConfig.ready(); called explicitly, in the
# same transaction, by partners.services.person_save and by the admin's Person page.
PERSON_FOLLOW_UPS: dict[str, Callable[[Any], object]] = {}


def register_person_follow_up(key: str, follow_up: Callable[[Any], object]) -> None:
    PERSON_FOLLOW_UPS[key] = follow_up


def person_changed(person: Any) -> None:
    """Run every registered follow-up of a change to `person` (call inside the change's transaction)."""
    for follow_up in PERSON_FOLLOW_UPS.values():
        follow_up(person)


# --- what needs me --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Todo:
    """One thing waiting for the signed-in person, in plain words, with the link to do it."""

    kind: str  # "<app>.<thing>", e.g. "charter.sign"
    title: str  # "Sign the charter, version 3"
    url: str  # where they do it, in at most one more tap
    partnership_id: int
    due: Any = None  # a date or datetime when it is due, or None
    overdue: bool = False
    rank: int = 50  # lower comes first among things equally due; overdue things come first of all
    detail: str = ""  # one short line: "Due 4 December", "Asked by the partnership manager"


@dataclass(frozen=True)
class TodoSource:
    """What one domain contributes to a person's "what needs me" list.

    collect(user, access) returns the person's to-dos in access.partnership (empty when none); it must
    read only what access allows.
    """

    key: str
    collect: Callable[[Any, Any], list[Todo]]


TODO_SOURCES: dict[str, TodoSource] = {}


def register_todo_source(source: TodoSource) -> None:
    TODO_SOURCES[source.key] = source
