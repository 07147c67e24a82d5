"""Places where domain apps plug into shared pages without the lower floors importing them.

A domain app registers its panel on the partnership home and its link in the partnership's
navigation from its AppConfig.ready(). Partners (floor 2) then renders whatever is registered.
"""

from __future__ import annotations

from collections.abc import Callable
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
