"""The library's pages in Welsh: a browser asking for Welsh (Accept-Language: cy) gets Welsh headings,
buttons and sentences, with no English heading left, and the plural forms Welsh needs."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from .conftest import share

WELSH = {"HTTP_ACCEPT_LANGUAGE": "cy"}


def test_the_library_pages_answer_in_welsh(world):
    item = share(world, title="Risk checklist")
    client = world.client("staff_a")
    index = client.get(f"/p/{world.partnership.pk}/library/", **WELSH).content.decode()
    assert "Llyfrgell wybodaeth" in index and "Rhannu gwybodaeth" in index and "Eitemau y gallwch eu hagor" in index
    assert "Knowledge library" not in index and "Items you can open" not in index
    page = client.get(item.get_absolute_url(), **WELSH).content.decode()
    assert "Y telerau a osodwyd gennych" in page and "Pwy gaiff ei darllen" in page and "Newid y telerau" in page
    assert "The terms you set" not in page and "Who may read it" not in page
    record = client.get(f"/p/{world.partnership.pk}/library/record/", **WELSH).content.decode()
    assert "<h1>Cofnod mynediad</h1>" in record and "<h1>Access record</h1>" not in record


def test_the_same_pages_stay_english_without_asking(world):
    share(world)
    index = world.client("staff_a").get(f"/p/{world.partnership.pk}/library/").content.decode()
    assert "Knowledge library" in index and "Llyfrgell wybodaeth" not in index


@pytest.mark.parametrize(("n", "expected"), [
    (1, "Mae’n cytuno ag 1 pwynt gwirio wedi’i lofnodi."),
    (2, "Mae’n cytuno â 2 pwynt gwirio wedi’u llofnodi."),
    (3, "Mae’n cytuno â 3 pwynt gwirio wedi’u llofnodi."),
    (8, "Mae’n cytuno ag 8 pwynt gwirio wedi’u llofnodi."),
])
def test_welsh_plurals_take_each_of_the_four_forms(n, expected):
    # the verify page's sentence: "ag" before a number said with a vowel (un, wyth), "â" before dau, tri
    template = Template('{% load i18n %}{% blocktranslate trimmed count count=n %}It agrees with {{ count }} signed '
                        'checkpoint.{% plural %}It agrees with {{ count }} signed checkpoints.{% endblocktranslate %}')
    with translation.override("cy"):
        assert template.render(Context({"n": n})) == expected
    with translation.override("en"):
        assert template.render(Context({"n": n})).endswith("checkpoint." if n == 1 else "checkpoints.")
