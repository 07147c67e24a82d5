"""Every trust page and endpoint, for each role; strangers get 404, never 403."""

import pytest

from accord.trust import services
from tests.conftest import PERSONAS, make_world

from .conftest import answer, invitation, open_wave

ALL = {"manager": 200, "leader_a": 200, "staff_a": 200, "leader_b": 200, "staff_b": 200, "funder": 200,
       "outsider": 404, "anonymous": 302}
MANAGER = {**ALL, "leader_a": 403, "staff_a": 403, "leader_b": 403, "staff_b": 403, "funder": 403}
CONFIDENTIAL = {**ALL, "staff_a": 403, "staff_b": 403, "funder": 403}

PAGES = [
    ("/p/{p}/trust/", ALL),
    ("/p/{p}/trust/waves/{w}/", ALL),
    ("/p/{p}/trust/waves/new/", MANAGER),
    ("/p/{p}/trust/waves/{w}/import/", MANAGER),
    ("/p/{p}/trust/import-template.csv", MANAGER),
]
API = [
    ("/api/partnerships/{p}/trust/waves", ALL),
    ("/api/partnerships/{p}/trust/waves/{w}", ALL),
    ("/api/partnerships/{p}/trust/summary", ALL),
    ("/api/partnerships/{p}/trust/waves/{w}/progress", MANAGER),
    ("/api/partnerships/{p}/trust/waves/{w}/organisations", CONFIDENTIAL),
    ("/api/partnerships/{p}/trust/waves/{w}/relationships", CONFIDENTIAL),
]


pytestmark = pytest.mark.django_db  # each test in its savepoint, inside the module's transaction


@pytest.fixture(scope="module")
def world(module_transaction):
    """Built once for the module: its tests only ask who gets what (what a test writes is rolled back)."""
    return make_world()


@pytest.fixture(scope="module")
def closed_wave(world):
    wave = open_wave(world)
    answer(invitation(wave, "leader_a@example.org"), world.org_b)
    answer(invitation(wave, "leader_b@example.org"), world.org_a)
    services.wave_close(actor=world.users["manager"], wave=wave)
    return wave


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("template,expected", PAGES, ids=[p for p, _ in PAGES])
def test_pages_answer_each_role(world, closed_wave, persona, template, expected):
    response = world.client(persona).get(template.format(p=world.partnership.pk, w=closed_wave.pk))
    assert response.status_code == expected[persona]
    if expected[persona] == 302:
        assert response["Location"].startswith("/accounts/sign-in/")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("template,expected", API, ids=[p for p, _ in API])
def test_api_answers_each_role(world, closed_wave, persona, template, expected):
    response = world.client(persona).get(template.format(p=world.partnership.pk, w=closed_wave.pk))
    want = 401 if persona == "anonymous" else expected[persona]
    assert response.status_code == want
    assert response["Content-Type"].startswith("application/json")


def test_closing_is_for_the_manager_only(world):
    wave = open_wave(world)
    url = f"/p/{world.partnership.pk}/trust/waves/{wave.pk}/close/"
    assert world.client("leader_a").post(url).status_code == 403
    assert world.client("outsider").post(url).status_code == 404
    wave.refresh_from_db()
    assert wave.is_open
    assert world.client("manager").post(url).status_code == 302
    wave.refresh_from_db()
    assert not wave.is_open and wave.result.responding_orgs == 0


def test_a_wave_of_another_partnership_is_not_found_through_mine(world):
    wave = open_wave(world)
    url = f"/p/{world.other.pk}/trust/waves/{wave.pk}/"
    assert world.client("outsider").get(url).status_code == 404


def test_the_nav_tab_and_home_panel_appear(world, closed_wave):
    page = world.client("staff_a").get(f"/p/{world.partnership.pk}/").content.decode()
    assert f'href="/p/{world.partnership.pk}/trust/"' in page
    assert "Trust between partners" in page and closed_wave.name in page
