"""Health's pages speak Welsh when asked (`?lang=cy`): headings, navigation, choices and counts."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from accord.health import services

from .conftest import save


@pytest.fixture
def pk(world, fake):
    leader = world.people["leader_b"]
    leader.end_date = dt.date(2026, 1, 31)
    save(leader)  # a handover and a leader-left event
    services.snapshot_take(partnership=world.partnership, as_of=dt.date(2026, 6, 1))
    services.rules_ensure(world.partnership)
    return world.partnership.pk


PAGES = [  # (address, Welsh heading, the English heading that must be gone)
    ("/p/{pk}/health/", "Iechyd y bartneriaeth", "Partnership health"),
    ("/p/{pk}/health/timeline/", "Llinell amser y newidiadau", "Timeline of changes"),
    ("/p/{pk}/health/alerts/", "Rhybuddion cynnar", "Early warnings"),
    ("/p/{pk}/health/rules/", "Rheolau rhybuddio cynnar", "Early-warning rules"),
    ("/p/{pk}/health/handovers/", "Trosglwyddiadau arweinwyr", "Leader handovers"),
    ("/p/{pk}/health/readiness/", "Gwiriad parodrwydd", "Readiness check"),
]


@pytest.mark.parametrize("address,welsh,english", PAGES, ids=[a for a, _, _ in PAGES])
def test_health_pages_in_welsh(world, pk, address, welsh, english):
    page = world.client("manager").get(address.format(pk=pk) + "?lang=cy").content.decode()
    assert f"<h1>{welsh}</h1>" in page and english not in page
    assert "Llinell amser</a>" in page  # the health pages' own navigation


def test_the_english_stays_by_default(world, pk):
    page = world.client("manager").get(f"/p/{pk}/health/").content.decode()
    assert "<h1>Partnership health</h1>" in page and "Iechyd y bartneriaeth" not in page


def test_rules_events_and_handover_in_welsh(world, pk):
    client = world.client("manager")
    rules = client.get(f"/p/{pk}/health/rules/?lang=cy").content.decode()
    assert "Trothwy:" in rules and "cyfarfod yn olynol" in rules and "meetings in a row" not in rules
    timeline = client.get(f"/p/{pk}/health/timeline/?lang=cy").content.decode()
    assert "Arweinydd wedi gadael" in timeline and "Leader left" not in timeline  # a choice label
    handover = client.get(f"/p/{pk}/health/handovers/?lang=cy").content.decode()
    assert "Ar y gweill" in handover and "In progress" not in handover


@pytest.mark.parametrize("n,welsh", [(1, "1 rhybudd cynnar agored"), (2, "2 rybudd cynnar agored"),
                                     (3, "3 rhybudd cynnar agored"), (8, "8 rhybudd cynnar agored")])
def test_open_warnings_count_in_welsh(n, welsh):
    access = SimpleNamespace(partnership=SimpleNamespace(pk=1), is_funder=False)
    with translation.override("cy"):
        html = render_to_string("health/_panel.html", {"access": access, "snapshot": None, "open_alerts": n})
    assert welsh in html and "open early warning" not in html
    with translation.override("en"):
        english = render_to_string("health/_panel.html", {"access": access, "snapshot": None, "open_alerts": n})
    assert f"{n} open early warning{'' if n == 1 else 's'}<" in english


def test_the_home_card_title_in_welsh(world, pk):
    page = world.client("manager").get(f"/p/{pk}/?lang=cy").content.decode()
    assert "Iechyd y bartneriaeth" in page and "Partnership health" not in page
