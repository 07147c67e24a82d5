"""Delivery's pages speak Welsh when asked (`?lang=cy`): headings, stages, refusals and counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import ngettext

from accord.delivery import services

PAGES = [  # (address, Welsh heading, the English heading that must be gone)
    ("/p/{pk}/delivery/", "Cyflawni ar draws ardaloedd", "Delivery across areas"),
    ("/p/{pk}/delivery/funding/", "Cyllid", "All streams"),
    ("/p/{pk}/delivery/funding/import/", "Mewnforio grantiau o ffeil 360Giving", "Import grants from"),
]


@pytest.mark.parametrize("address,welsh,english", PAGES, ids=[a for a, _, _ in PAGES])
def test_delivery_pages_in_welsh(world, area, address, welsh, english):
    response = world.client("manager").get(address.format(pk=world.partnership.pk) + "?lang=cy")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<h1>{welsh}</h1>" in page and english not in page


def test_an_area_and_its_stage_in_welsh(world, area):
    services.stage_move(actor=world.users["manager"], area=area, stage="live", on=dt.date(2024, 6, 1))
    page = world.client("manager").get(f"{area.get_absolute_url()}?lang=cy").content.decode()
    assert "Hanes y camau" in page and "Byw ers" in page and "Stage history" not in page
    assert "Live since" not in page
    english = world.client("leader_a").get(area.get_absolute_url()).content.decode()
    assert "Stage history" in english and "Live since" in english


def test_a_refusal_in_welsh(world, area):
    services.stage_move(actor=world.users["manager"], area=area, stage="live", on=dt.date(2024, 6, 1))
    with translation.override("cy"), pytest.raises(ValidationError, match="eisoes yn y cam byw"):
        services.stage_move(actor=world.users["manager"], area=area, stage="live", on=dt.date(2024, 7, 1))


@pytest.mark.parametrize("n", [1, 2, 3, 8])
def test_grant_counts_have_welsh_forms(n):
    with translation.override("cy"):
        text = ngettext("Read %(n)s grant, all valid.", "Read %(n)s grants, all valid.", n) % {"n": n}
    assert text.startswith(f"Darllenwyd {n} grant,")
    assert text.endswith("y ddau yn ddilys." if n == 2 else "pob un yn ddilys.")


def test_the_home_card_titles_in_welsh(world, area):
    services.stage_move(actor=world.users["manager"], area=area, stage="live", on=dt.date(2024, 6, 1))
    page = world.client("manager").get(f"/p/{world.partnership.pk}/?lang=cy").content.decode()
    assert "Ein huchelgais" in page and "Our ambition" not in page
