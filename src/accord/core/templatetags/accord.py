from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
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


@register.simple_tag
def partnership_nav(access: Any) -> list[dict[str, str]]:
    if access is None:
        return []
    # the labels are registered in English and translated here (core/navigation_words.py lists them)
    links = [{"label": gettext("Home"), "url": reverse("partners:home", args=[access.partnership.pk]), "key": "home"}]
    for link in nav_for(access):
        links.append({"label": gettext(link.label), "url": reverse(link.url_name, args=[access.partnership.pk]),
                      "key": link.key})
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
