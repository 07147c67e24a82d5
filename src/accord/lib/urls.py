"""`reverse` for pages addressed by whole-number ids, from a template made once per URL name.

The health snapshots link every goal, wave and meeting they cite: tens of thousands of links in the
monthly task, where `reverse` (which walks the URL resolver and quotes its arguments every time) was a
tenth of the work. `url(name, *ids)` (or `maker(name, count)`, for a loop) reverses a name once with
placeholder ids, keeps the address cut at them, and afterwards fills ids in. It gives exactly what `reverse(name, args=ids)` gives: a name whose
address does not show each placeholder once, or a value that is not a whole number of zero or more, is
left to `reverse`, and the templates are kept per URL configuration, script prefix and language (the
things `reverse` reads besides its arguments).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# Placeholder ids: long enough never to occur by chance in an address (each is looked for exactly once).
_PLACEHOLDERS = (918273645101, 918273645202, 918273645303, 918273645404)

# (name, number of ids, urlconf, script prefix, language) -> the address's parts between the ids, or
# None when the name's address cannot be cut at its ids (then `reverse` answers every time).
_templates: dict[tuple[Any, ...], tuple[str, ...] | None] = {}


def url(name: str, *ids: Any) -> str:
    """`reverse(name, args=ids)`, for ids that are whole numbers (model primary keys), made from a
    template. Raises NoReverseMatch as `reverse` does."""
    return maker(name, len(ids))(*ids)


def maker(name: str, count: int = 1) -> Callable[..., str]:
    """A function of `count` ids giving `reverse(name, args=ids)`, for a loop that links many rows: the
    template is looked up once, here (in the URL configuration, script prefix and language now)."""
    key = (name, count, get_urlconf(), get_script_prefix(), get_language())
    try:
        parts = _templates[key]
    except KeyError:
        parts = _templates[key] = _template(name, count) if 0 < count <= len(_PLACEHOLDERS) else None

    def fill(*ids: Any) -> str:
        if parts is None or len(ids) != count or not all(type(i) is int and i >= 0 for i in ids):
            return reverse(name, args=list(ids))
        out = [parts[0]]
        for value, after in zip(ids, parts[1:], strict=True):
            out.append(str(value))
            out.append(after)
        return "".join(out)

    return fill


def _template(name: str, count: int) -> tuple[str, ...] | None:
    """The address of `name` cut at each of its `count` ids, or None when it cannot be (an id shown
    twice, changed or refused by its converter, or not shown at all)."""
    try:
        address = reverse(name, args=list(_PLACEHOLDERS[:count]))
    except NoReverseMatch:
        return None  # an unknown name, or ids its pattern refuses: `reverse` says which, each time
    parts: list[str] = []
    rest = address
    for placeholder in _PLACEHOLDERS[:count]:
        text = str(placeholder)
        if address.count(text) != 1 or text not in rest:  # shown twice, not at all, or out of order
            return None
        before, rest = rest.split(text)
        parts.append(before)
    parts.append(rest)
    return tuple(parts)
