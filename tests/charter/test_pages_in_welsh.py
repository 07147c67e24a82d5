"""The charter's pages speak Welsh to a reader who asks for it (Accept-Language: cy), and English otherwise."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accord.charter import services

PAGES = [  # (address, Welsh heading, the English heading that must be gone)
    ("/p/{pk}/charter/", "<h1>Ein siarter</h1>", "Our charter"),
    ("/p/{pk}/charter/goals/", "<h1>Nodau a thargedau</h1>", "Goals and targets"),
    ("/p/{pk}/charter/commitments/", "<h1>Ymrwymiadau</h1>", "Walks the talk, by partner"),
    ("/p/{pk}/charter/v/1/", "<h1>Fersiwn 1 o’r siarter</h1>", "Charter version 1"),
]


@pytest.mark.parametrize("address,welsh,english", PAGES, ids=[a for a, _, _ in PAGES])
def test_charter_pages_in_welsh(world, draft, address, welsh, english):
    url = address.format(pk=world.partnership.pk)
    page = world.client("manager").get(url, HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert welsh in page and english not in page
    assert english in world.client("manager").get(url).content.decode()  # English stays the default


def test_the_draft_and_its_sign_form_in_welsh(world, draft):
    page = world.client("leader_a").get(f"/p/{world.partnership.pk}/charter/", HTTP_ACCEPT_LANGUAGE="cy")
    text = page.content.decode()
    assert "Mae fersiwn 1 yn aros i gael ei llofnodi" in text and "Llofnodi fersiwn 1 ar ran Alpha Charity" in text
    assert "<h3>Gweledigaeth</h3>" in text or "<h4>Gweledigaeth</h4>" in text


def test_the_home_cards_and_a_refusal_in_welsh(world, draft):
    page = world.client("manager").get(f"/p/{world.partnership.pk}/", HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert "Ein siarter" in page and "Our charter" not in page
    with translation.override("cy"), pytest.raises(ValidationError, match="Does dim wedi newid ers fersiwn 1"):
        services.version_create(actor=world.users["manager"], partnership=world.partnership,
                                vision="Every family safe.", mission="Stop abuse at source.",
                                principles="- We share what we learn\n- We keep our word",
                                roles="Alpha leads practice; Beta leads evaluation.")
