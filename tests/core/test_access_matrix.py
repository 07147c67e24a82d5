"""For every foundation page and endpoint: what each role gets. Strangers get 404, never 403."""

import pytest

from tests.conftest import PERSONAS

ALL = {"manager": 200, "leader_a": 200, "staff_a": 200, "leader_b": 200, "staff_b": 200, "funder": 200,
       "outsider": 404, "anonymous": 302}
MEMBERS = {**ALL, "funder": 403}
MANAGER = {**ALL, "leader_a": 403, "staff_a": 403, "leader_b": 403, "staff_b": 403, "funder": 403}

PAGES = [
    ("/p/{p}/", ALL),
    ("/p/{p}/organisations/{a}/", ALL),
    ("/p/{p}/people/", MEMBERS),
    ("/p/{p}/edit/", MANAGER),
    ("/p/{p}/members/add/", MANAGER),
    ("/p/{p}/organisations/{a}/edit/", MANAGER),
    ("/p/{p}/people/add/", MANAGER),
    ("/p/{p}/people/{person}/edit/", MANAGER),
    ("/accounts/p/{p}/invite/", MANAGER),
    ("/accounts/p/{p}/team/", MANAGER),
    ("/p/{p}/audit/", MANAGER),
]
API = [
    ("/api/partnerships/{p}", ALL),
    ("/api/partnerships/{p}/memberships", ALL),
    ("/api/partnerships/{p}/organisations", ALL),
    ("/api/partnerships/{p}/organisations/{a}", ALL),
    ("/api/partnerships/{p}/people", MEMBERS),
]


def _url(template, world):
    return template.format(p=world.partnership.pk, a=world.org_a.pk, person=world.people["staff_b"].pk)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("template,expected", PAGES, ids=[p for p, _ in PAGES])
def test_pages_answer_each_role(world, persona, template, expected):
    response = world.client(persona).get(_url(template, world))
    assert response.status_code == expected[persona]
    if expected[persona] == 302:
        assert response["Location"].startswith("/accounts/sign-in/")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("template,expected", API, ids=[p for p, _ in API])
def test_api_answers_each_role(world, persona, template, expected):
    response = world.client(persona).get(_url(template, world))
    want = 401 if persona == "anonymous" else expected[persona]
    assert response.status_code == want
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json() if want != 200 else True


def test_an_organisation_of_another_partnership_is_not_found_through_mine(world):
    url = f"/p/{world.partnership.pk}/organisations/{world.other_org.pk}/"
    assert world.client("manager").get(url).status_code == 404


def test_my_partnerships_lists_only_mine(world):
    page = world.client("outsider").get("/partnerships/").content.decode()
    assert "Other partnership" in page and "Test partnership" not in page


def test_only_funders_get_the_link_to_the_partnerships_they_fund(world):
    assert "Partnerships you fund" in world.client("funder").get("/partnerships/").content.decode()
    assert "Partnerships you fund" not in world.client("manager").get("/partnerships/").content.decode()
