"""The partnership's pages speak Welsh to a reader who asks for it (Accept-Language: cy), and English otherwise."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accord.partners import services

PAGES = [  # (address, Welsh text, the English text that must be gone)
    ("/p/{pk}/", '<h2 id="needs-you-h">Beth sydd angen sylw gennych yma</h2>', "What needs you here"),
    ("/p/{pk}/people/", "<h1>Pobl</h1>", "Show past people too"),
    ("/p/{pk}/organisations/{org}/", "<dt>Dynodydd swyddogol</dt>", "Official identifier"),
    ("/partnerships/", "<h2>Fy mhartneriaethau</h2>", "My partnerships"),
]


@pytest.mark.parametrize("address,welsh,english", PAGES, ids=[a for a, _, _ in PAGES])
def test_partnership_pages_in_welsh(world, address, welsh, english):
    url = address.format(pk=world.partnership.pk, org=world.org_a.pk)
    response = world.client("manager").get(url, HTTP_ACCEPT_LANGUAGE="cy")
    assert response.status_code == 200
    page = response.content.decode()
    assert welsh in page and english not in page
    assert english in world.client("manager").get(url).content.decode()  # English stays the default


def test_the_partner_list_and_choice_labels_in_welsh(world):
    page = world.client("manager").get(f"/p/{world.partnership.pk}/", HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert "2 sefydliad partner a’u huwch arweinwyr" in page and "partner arweiniol" in page and "Elusen" in page
    assert "Gweithredol ers" in page


def test_a_refusal_in_welsh(world):
    with translation.override("cy"), pytest.raises(ValidationError, match="eisoes yn aelod o Test partnership"):
        services.membership_add(actor=world.users["manager"], partnership=world.partnership,
                                organisation=world.org_a, joined=world.partnership.start_date)
