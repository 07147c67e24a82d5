"""Subscriber data is seen only by the managers of the list's owner: every page and endpoint, for
every role. Strangers get 404, roles that never manage lists 403, anonymous a sign-in redirect (401
from the API). A manager of another organisation gets 404 for that organisation's list."""

import pytest

from accord.mailing import sending
from accord.mailing.models import Subscriber

from .conftest import subscribe

PERSONAS = ["manager", "manager_b", "leader_a", "staff_a", "leader_b", "staff_b", "funder", "outsider", "anonymous"]
NOT_MANAGERS = {"leader_a": 403, "staff_a": 403, "leader_b": 403, "staff_b": 403, "funder": 403,
                "outsider": 404, "anonymous": 302}
EXPECTED = {  # which list: who gets what
    "shared": {"manager": 200, "manager_b": 200, **NOT_MANAGERS},
    "alpha": {"manager": 200, "manager_b": 404, **NOT_MANAGERS},
    "beta": {"manager": 404, "manager_b": 200, **NOT_MANAGERS},
}
LIST_PAGES = ["", "edit/", "subscribers/", "subscribers/add/", "subscribers/{s}/", "subscribers/{s}/data.json",
              "import/", "export.csv", "campaigns/new/", "campaigns/{c}/"]
LIST_API = ["", "/subscribers", "/subscribers/{s}/data", "/campaigns", "/campaigns/{c}", "/export"]


@pytest.fixture
def setup(world, lists):
    ids = {}
    for key in ("shared", "alpha", "beta"):
        mailing_list = getattr(lists, key)
        subscriber = subscribe(mailing_list, f"{key}-reader@example.org", name=f"{key} reader")
        campaign = sending.campaign_save(actor=None, mailing_list=mailing_list, subject="Hi", body="Hello")
        ids[key] = {"l": mailing_list.pk, "s": subscriber.pk, "c": campaign.pk}
    return world, lists, ids


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_pages_answer_each_role(setup, persona):
    world, lists, ids = setup
    client = lists.client(world, persona)
    p = world.partnership.pk
    index = client.get(f"/p/{p}/lists/")
    assert index.status_code == {**NOT_MANAGERS, "manager": 200, "manager_b": 200}[persona]
    for key, expected in EXPECTED.items():
        for page in LIST_PAGES:
            url = f"/p/{p}/lists/{ids[key]['l']}/" + page.format(**ids[key])
            response = client.get(url)
            assert response.status_code == expected[persona], (url, persona)
            if expected[persona] == 302:
                assert response["Location"].startswith("/accounts/sign-in/")
            if expected[persona] != 200:
                assert f"{key}-reader@example.org" not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_api_answers_each_role(setup, persona):
    world, lists, ids = setup
    client = lists.client(world, persona)
    p = world.partnership.pk
    for key, expected in EXPECTED.items():
        want = 401 if persona == "anonymous" else expected[persona]
        for endpoint in LIST_API:
            url = f"/api/partnerships/{p}/lists/{ids[key]['l']}" + endpoint.format(**ids[key])
            response = client.get(url)
            assert response.status_code == want, (url, persona)
            if want != 200:
                assert f"{key}-reader" not in response.content.decode()
        erase = client.post(f"/api/partnerships/{p}/lists/{ids[key]['l']}/subscribers/{ids[key]['s']}/erase")
        if want == 200:
            assert erase.json()["exported"]["email"] == f"{key}-reader@example.org"
        else:
            assert erase.status_code == want
    remaining = set(Subscriber.objects.values_list("email", flat=True))
    erased_by_me = {k for k, e in EXPECTED.items() if e[persona] == 200}
    assert remaining == {f"{k}-reader@example.org" for k in EXPECTED if k not in erased_by_me}


def test_the_api_lists_only_the_lists_i_manage(setup):
    world, lists, ids = setup
    p = world.partnership.pk
    mine = world.client("manager").get(f"/api/partnerships/{p}/lists").json()
    assert sorted(m["slug"] for m in mine) == ["alpha", "news"]
    assert [(m["subscribed"], m["pending"], m["topics"]) for m in mine if m["slug"] == "news"] == [
        (1, 0, ["Research", "Events"])]
    theirs = lists.client(world, "manager_b").get(f"/api/partnerships/{p}/lists").json()
    assert sorted(m["slug"] for m in theirs) == ["beta", "news"]
    assert world.client("leader_a").get(f"/api/partnerships/{p}/lists").status_code == 403


def test_a_list_is_not_reachable_through_another_partnership(setup):
    world, lists, ids = setup
    url = f"/p/{world.other.pk}/lists/{ids['shared']['l']}/subscribers/"
    assert world.client("outsider").get(url).status_code == 404


def test_a_campaign_or_subscriber_of_another_list_is_not_found_through_mine(setup):
    world, lists, ids = setup
    p = world.partnership.pk
    manager = world.client("manager")
    assert manager.get(f"/p/{p}/lists/{ids['shared']['l']}/subscribers/{ids['beta']['s']}/").status_code == 404
    assert manager.get(f"/p/{p}/lists/{ids['shared']['l']}/campaigns/{ids['beta']['c']}/").status_code == 404
    assert manager.get(f"/api/partnerships/{p}/lists/{ids['alpha']['l']}/subscribers/{ids['beta']['s']}/data"
                       ).status_code == 404


def test_the_tab_shows_for_managers_only(setup):
    world, lists, ids = setup
    home = f"/p/{world.partnership.pk}/"
    assert "Mailing lists" in world.client("manager").get(home).content.decode()
    for persona in ("leader_a", "staff_b", "funder"):
        assert "Mailing lists" not in world.client(persona).get(home).content.decode()
