"""`accord.lib.urls` fills ids into a template made once per URL name: every address it gives must be the
one `reverse` gives (the health snapshots store them, and compare batch with one-at-a-time)."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse, set_script_prefix
from django.urls.converters import IntConverter
from django.utils import translation

from accord.lib import urls

IDS = [0, 1, 7, 42, 12345, 918273645101]  # the last is a placeholder: an id equal to one still works


def _patterns(resolver: URLResolver, namespace: str = "") -> list[tuple[str, list[type]]]:
    """(namespaced name, its converters' types) of every named URL of the project."""
    out = []
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            out += [(name, [*map(type, p.pattern.converters.values()), *kinds]) for name, kinds in _patterns(p, ns)]
        elif isinstance(p, URLPattern) and p.name:
            out.append((f"{namespace}{p.name}", [type(c) for c in p.pattern.converters.values()]))
    return out


def _by_id() -> list[tuple[str, int]]:
    """Every named URL whose arguments are all whole-number ids, with their number."""
    found = {(name, len(kinds)) for name, kinds in _patterns(get_resolver())
             if kinds and all(k is IntConverter for k in kinds)}
    return sorted(found)


def test_every_address_by_ids_is_the_one_reverse_gives():
    named = _by_id()
    assert len(named) > 50  # the walk found the project's pages (governance:meeting among them)
    assert ("governance:meeting", 2) in named and ("health:timeline", 1) in named
    for name, count in named:
        fill = urls.maker(name, count)
        for first in IDS:
            ids = [first] + [IDS[(k + 2) % len(IDS)] for k in range(count - 1)]
            try:
                expected = reverse(name, args=ids)
            except NoReverseMatch:  # the same name with another number of arguments
                continue
            assert urls.url(name, *ids) == expected == fill(*ids), name


def test_the_script_prefix_and_language_are_those_of_the_moment():
    before = urls.url("health:timeline", 5)
    try:
        set_script_prefix("/accord/")
        assert urls.url("health:timeline", 5) == reverse("health:timeline", args=[5]) == f"/accord{before}"
    finally:
        set_script_prefix("/")
    with translation.override("cy"):
        assert urls.url("health:timeline", 5) == reverse("health:timeline", args=[5])
    assert urls.url("health:timeline", 5) == before


def test_anything_but_a_whole_number_is_left_to_reverse():
    with pytest.raises(NoReverseMatch):
        urls.url("health:timeline", -1)  # the pattern refuses it, as reverse does
    with pytest.raises(NoReverseMatch):
        urls.url("no-such:page", 1)
    with pytest.raises(NoReverseMatch):
        urls.maker("health:timeline")(1, 2)  # one id too many
    assert urls.url("health:timeline", "5") == reverse("health:timeline", args=["5"])
    with pytest.raises(NoReverseMatch):
        urls.url("health:timeline", True)  # not an id: refused, as reverse refuses it


def test_addresses_by_other_values_are_those_reverse_gives():
    """A token or slug is not an id: `url` leaves it to `reverse` (same address, same refusals)."""
    by_text = sorted({name for name, kinds in _patterns(get_resolver()) if len(kinds) == 1 and kinds[0] is not IntConverter})
    assert by_text
    checked = 0
    for name in by_text:
        try:
            expected = reverse(name, args=["a-token_1"])
        except NoReverseMatch:
            continue
        assert urls.url(name, "a-token_1") == expected
        checked += 1
    assert checked
