"""The navigation speaks Welsh: every tab an app registers, and the role badge, has a Welsh label."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext

from accord.core.navigation_words import ROLE_BADGES
from accord.core.registry import NAV_LINKS


def test_every_registered_tab_and_role_has_a_welsh_label() -> None:
    # a label is a plain English word (translated where shown) or a lazy one (translated by itself)
    with translation.override("en"):
        english = [str(link.label) for link in NAV_LINKS.values()]
    with translation.override("cy"):
        welsh = [gettext(str(link.label)) for link in NAV_LINKS.values()]
        untranslated = [word for word, shown in zip(english, welsh, strict=True) if shown == word]
        untranslated += [word for word in ("Home", *ROLE_BADGES) if gettext(word) == word and word != "staff"]
    assert not untranslated, f"list these in accord/core/navigation_words.py and translate them: {untranslated}"


def test_the_partnership_tabs_show_in_welsh(world: Any) -> None:
    client = world.client("manager")
    html = client.get(f"/p/{world.partnership.pk}/?lang=cy").content.decode()
    assert ">Hafan</a>" in html and ">Siarter</a>" in html and '<span class="badge">rheolwr</span>' in html
