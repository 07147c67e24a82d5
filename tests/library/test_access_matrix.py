"""Every library page and endpoint, for every role: strangers 404, roles that do not reach 403,
anonymous to sign-in (pages) or 401 (API). Item-level audience rules are in test_audience.py."""

import pytest

from tests.conftest import PERSONAS

from .conftest import access_of, share

ALL = {"manager": 200, "leader_a": 200, "staff_a": 200, "leader_b": 200, "staff_b": 200, "funder": 200,
       "outsider": 404, "anonymous": 302}
PARTNERS = {**ALL, "funder": 403}
# senior leaders of every member organisation and the manager (checking the access record)
LEADERS = {**ALL, "staff_a": 403, "staff_b": 403, "funder": 403}
# the owner organisation is A: B's people may read the item but not change its terms
OWNER = {**PARTNERS, "leader_b": 403, "staff_b": 403}

PAGES = [
    ("/p/{p}/library/", ALL),
    ("/p/{p}/library/share/", PARTNERS),
    ("/p/{p}/library/requests/", PARTNERS),
    ("/p/{p}/library/record/", PARTNERS),
    ("/p/{p}/library/record/verify/", LEADERS),
    ("/p/{p}/library/{i}/withdraw/", OWNER),
    ("/p/{p}/library/{i}/terms/", OWNER),
]
API = [
    ("/api/partnerships/{p}/library/items", ALL),
    ("/api/partnerships/{p}/library/requests", PARTNERS),
    ("/api/partnerships/{p}/library/askable", PARTNERS),
    ("/api/partnerships/{p}/library/record", PARTNERS),
    ("/api/partnerships/{p}/library/access-log/verify", LEADERS),
    ("/api/partnerships/{p}/library/access-log/checkpoints", LEADERS),
]


@pytest.fixture
def item(world):
    return share(world, "staff_a", title="Everyone guide")


def _url(t, world, item):
    return t.format(p=world.partnership.pk, i=item.pk)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("template,expected", PAGES, ids=[p for p, _ in PAGES])
def test_pages_answer_each_role(world, item, persona, template, expected):
    response = world.client(persona).get(_url(template, world, item))
    assert response.status_code == expected[persona]
    if expected[persona] == 302:
        assert response["Location"].startswith("/accounts/sign-in/")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("template,expected", API, ids=[p for p, _ in API])
def test_api_answers_each_role(world, item, persona, template, expected):
    response = world.client(persona).get(_url(template, world, item))
    assert response.status_code == (401 if persona == "anonymous" else expected[persona])


@pytest.mark.parametrize("persona", PERSONAS)
def test_changing_terms_through_the_api(world, item, persona):
    response = world.client(persona).put(f"/api/partnerships/{world.partnership.pk}/library/items/{item.pk}/terms",
                                         {"audience": "partnership", "uses": ["adapt"], "attribution": "Alpha"},
                                         content_type="application/json")
    want = {"manager": 200, "leader_a": 200, "staff_a": 200, "leader_b": 403, "staff_b": 403, "funder": 404,
            "outsider": 404, "anonymous": 401}[persona]
    assert response.status_code == want
    item.terms.refresh_from_db()
    assert item.terms.version == (2 if want == 200 else 1)


@pytest.mark.parametrize("persona", PERSONAS)
def test_sharing_through_the_api(world, persona):
    response = world.client(persona).post(f"/api/partnerships/{world.partnership.pk}/library/items", {
        "kind": "note", "title": "Lessons", "body": "Plan early.", "audience": "named",
        "named_orgs": [world.org_a.pk if persona in ("leader_b", "staff_b") else world.org_b.pk], "uses": ["learning", "adapt"]})
    want = {"manager": 201, "leader_a": 201, "staff_a": 201, "leader_b": 201, "staff_b": 201, "funder": 403,
            "outsider": 404, "anonymous": 401}[persona]
    assert response.status_code == want
    if want == 201:
        body = response.json()
        assert body["terms"]["audience"] == "named" and body["terms"]["uses"] == ["learning", "adapt"]
        assert len(body["terms"]["named_orgs"]) == 1


def test_the_record_shows_each_partner_only_its_own_items(world, item):
    from accord.library import services

    b_item = share(world, "staff_b", title="Beta's guide")
    services.record_view(actor=world.users["staff_a"], access=access_of(world, "staff_a"), item=b_item)
    services.record_view(actor=world.users["staff_b"], access=access_of(world, "staff_b"), item=item)
    a_titles = {e["item"] for e in world.client("leader_a").get(f"/api/partnerships/{world.partnership.pk}/library/record").json()}
    b_titles = {e["item"] for e in world.client("staff_b").get(f"/api/partnerships/{world.partnership.pk}/library/record").json()}
    m_titles = {e["item"] for e in world.client("manager").get(f"/api/partnerships/{world.partnership.pk}/library/record").json()}
    assert a_titles == {"Everyone guide"} and b_titles == {"Beta's guide"} and m_titles == {"Everyone guide", "Beta's guide"}
    page = world.client("staff_b").get(f"/p/{world.partnership.pk}/library/record/").content.decode()
    assert "Beta&#x27;s guide" in page and "Everyone guide" not in page


def test_nav_tab_for_partners_and_home_panel_for_funders(world, item):
    share(world, "staff_a", title="Annual learning", include_funders=True)
    home = world.client("staff_b").get(f"/p/{world.partnership.pk}/").content.decode()
    assert f'href="/p/{world.partnership.pk}/library/"' in home and "Knowledge library" in home
    funder_home = world.client("funder").get(f"/p/{world.partnership.pk}/").content.decode()
    assert "Annual learning" in funder_home and "Everyone guide" not in funder_home
    assert "1 item shared with funders" in funder_home
