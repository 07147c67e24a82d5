from __future__ import annotations

import functools
from typing import Any

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from accord.core.audit_words import action_label
from accord.core.registry import nav_for
from accord.lib import formatting, formerrors, markdown

register = template.Library()


@register.filter
def audit_label(code: str) -> str:
    """An audit action's readable name in the reader's language ("governance.meeting.moved": "Meeting moved")."""
    return action_label(code)


@register.filter
def render_markdown(text: str) -> SafeString:
    return markdown.render(text)


# The header's addresses are the same on every page (the partnership's tabs differ only by its pk), so each
# is worked out once per process (and script prefix) instead of on every request: reversing an address costs
# as much as a small query, and the header has over twenty (issue 21, home-page throughput).
_PK = 918273645  # stands for the partnership's pk in an address worked out once


@functools.lru_cache(maxsize=1024)
def _address(url_name: str, prefix: str, with_pk: bool) -> str:
    return reverse(url_name, args=[_PK] if with_pk else None)


def address(url_name: str, pk: Any = None) -> str:
    """reverse(url_name) or reverse(url_name, args=[pk]) for an address with only the partnership's pk."""
    if pk is None:
        return _address(url_name, get_script_prefix(), False)
    return _address(url_name, get_script_prefix(), True).replace(str(_PK), str(int(pk)), 1)


@register.simple_tag
def header_url(url_name: str, pk: Any = None) -> str:
    """{% header_url 'notices:list' %}: the header's addresses, each reversed once per process."""
    return address(url_name, pk)


@register.simple_tag
def partnership_nav(access: Any) -> list[dict[str, str]]:
    if access is None:
        return []
    pk = access.partnership.pk
    # the labels are registered in English and translated here (core/navigation_words.py lists them)
    links = [{"label": gettext("Home"), "url": address("partners:home", pk), "key": "home"}]
    for link in nav_for(access):
        links.append({"label": gettext(link.label), "url": address(link.url_name, pk), "key": link.key})
    return links


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def percent(value: float | str | None, digits: int = 0) -> str:
    """A share as a percentage; anything that is not a number (None, "" from a missing key) is a dash."""
    try:
        share = float(value)  # type: ignore[arg-type]  # None raises TypeError, answered below
    except (TypeError, ValueError):
        return "—"
    return f"{share * 100:.{digits}f}%"


@register.filter
def undo_target(tags: str) -> tuple[int, int] | None:
    """(partnership pk, audit entry pk) of a success message that offers Undo (core.undo.offer)."""
    from accord.core.undo import target

    return target(tags)


@register.simple_tag
def field_widget(field: Any) -> SafeString:
    """A form field's control, described by its hint and its error (see accord.lib.formerrors)."""
    return formerrors.widget(field)


@register.filter
def hint_id(field: Any) -> str:
    return formerrors.hint_id(field)


@register.filter
def error_id(field: Any) -> str:
    return formerrors.error_id(field)


@register.filter
def described_by(field: Any) -> str:
    return formerrors.described_by(field)


@register.filter
def field_anchor(field: Any) -> str:
    return formerrors.anchor(field)


@register.filter
def money(amount: Any, currency: str = "GBP") -> str:
    """{{ stream.amount|money:stream.currency }} → "£450,000"."""
    return formatting.money(amount, currency)


@register.filter
def number(value: Any, places: int | None = None) -> str:
    return formatting.number(value, places)


@register.filter
def count(n: Any, words: str) -> str:
    """{{ n|count:"grant" }} → "1 grant" / "2 grants"; {{ n|count:"entry,entries" }} for an irregular plural.
    A list counts its items."""
    if not isinstance(n, int):
        n = len(n) if hasattr(n, "__len__") else int(n or 0)
    singular, _, plural = words.partition(",")
    return formatting.count(n, singular, plural or None)


@register.filter
def day(value: Any) -> str:
    return formatting.day(value)
