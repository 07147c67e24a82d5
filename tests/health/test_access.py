"""What each role gets on every health page and endpoint. Strangers get 404, never 403."""

import datetime as dt

import pytest
from django.utils import timezone

from accord.health import services
from accord.health.models import Alert, ChangeEvent, Handover
from tests.conftest import PERSONAS

from .conftest import save

ALL = {"manager": 200, "leader_a": 200, "staff_a": 200, "leader_b": 200, "staff_b": 200, "funder": 200,
       "outsider": 404, "anonymous": 302}
MEMBERS = {**ALL, "funder": 403}
MANAGER = {**ALL, "leader_a": 403, "staff_a": 403, "leader_b": 403, "staff_b": 403, "funder": 403}

PAGES = [
    ("/p/{p}/health/", ALL),
    ("/p/{p}/health/readiness/", ALL),
    ("/p/{p}/reports/readiness.pdf", ALL),
    ("/p/{p}/health/timeline/", MEMBERS),
    ("/p/{p}/health/alerts/", MEMBERS),
    ("/p/{p}/health/alerts/{a}/", MEMBERS),
    ("/p/{p}/health/rules/", MEMBERS),
    ("/p/{p}/health/handovers/", MEMBERS),
    ("/p/{p}/health/handovers/{h}/", MEMBERS),
    ("/p/{p}/health/events/add/", MANAGER),
    ("/p/{p}/health/events/{e}/", MANAGER),
    ("/p/{p}/health/weights/", MANAGER),
]
API = [
    ("/api/partnerships/{p}/health/snapshots", ALL),
    ("/api/partnerships/{p}/health/readiness", ALL),
    ("/api/partnerships/{p}/health/events", MEMBERS),
    ("/api/partnerships/{p}/health/alerts", MEMBERS),
    ("/api/partnerships/{p}/health/rules", MEMBERS),
    ("/api/partnerships/{p}/health/handovers", MEMBERS),
]


@pytest.fixture
def ids(world, fake):
    leader = world.people["leader_b"]
    leader.end_date = dt.date(2026, 1, 31)
    save(leader)
    services.snapshot_take(partnership=world.partnership, as_of=dt.date(2026, 6, 1))
    rule = services.rules_ensure(world.partnership)[0]
    alert = Alert.objects.create(partnership=world.partnership, rule=rule, cause_key="access", fired_at=timezone.now(),
                                 reason="Beta Trust's senior leader has missed the last 2 meetings in a row.",
                                 look_at="Look at the meetings' attendance.")
    return {"p": world.partnership.pk, "h": Handover.objects.get(leaving=leader).pk, "a": alert.pk,
            "e": ChangeEvent.objects.filter(partnership=world.partnership).first().pk}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("template,expected", PAGES, ids=[p for p, _ in PAGES])
def test_pages_answer_each_role(world, ids, persona, template, expected):
    response = world.client(persona).get(template.format(**ids))
    assert response.status_code == expected[persona]
    if expected[persona] == 302:
        assert response["Location"].startswith("/accounts/sign-in/")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("template,expected", API, ids=[p for p, _ in API])
def test_api_answers_each_role(world, ids, persona, template, expected):
    response = world.client(persona).get(template.format(**ids))
    want = 401 if persona == "anonymous" else expected[persona]
    assert response.status_code == want
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_manager_writes_through_the_api(world, ids, persona):
    client = world.client(persona)
    p = ids["p"]
    event = client.post(f"/api/partnerships/{p}/health/events", {"kind": "policy_change", "date": "2026-03-01"},
                        content_type="application/json")
    snap = client.post(f"/api/partnerships/{p}/health/snapshots")
    want = {**MANAGER, "manager": None, "anonymous": 401}[persona]
    if persona == "manager":
        assert event.status_code == 201 and snap.status_code == 201
        assert event.json()["derived"] is False
    else:
        assert event.status_code == want and snap.status_code == want


def test_the_api_acknowledges_and_edits_rules(world, ids, fake):
    fake.charter = {"agreed_version": None, "agreed_on": None, "draft_version": 1,
                    "draft_since": dt.date(2025, 1, 1), "unsigned_orgs": [], "url": "/c/"}
    [alert] = services.evaluate(world.partnership, dt.date(2026, 6, 1))
    p = ids["p"]
    url = f"/api/partnerships/{p}/health/alerts/{alert.pk}/acknowledge"
    assert world.client("leader_a").post(url, {"note": "x"}, content_type="application/json").status_code == 403
    bad = world.client("manager").post(url, {"note": " "}, content_type="application/json")
    assert bad.status_code == 422 and "Say what you did" in str(bad.json()["detail"])
    ok = world.client("manager").post(url, {"note": "Agreed a date"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["acknowledgement"] == "Agreed a date"
    rule = world.client("manager").get(f"/api/partnerships/{p}/health/rules").json()[0]
    changed = world.client("manager").patch(f"/api/partnerships/{p}/health/rules/{rule['id']}",
                                            {"threshold": 7, "enabled": False}, content_type="application/json")
    assert changed.json()["threshold"] == 7 and changed.json()["enabled"] is False
    assert world.client("outsider").patch(f"/api/partnerships/{p}/health/rules/{rule['id']}", {"threshold": 1},
                                          content_type="application/json").status_code == 404


def test_the_api_ticks_a_handover_item(world, ids):
    p, h = ids["p"], ids["h"]
    handover = world.client("staff_b").get(f"/api/partnerships/{p}/health/handovers").json()[0]
    item = handover["items"][0]
    url = f"/api/partnerships/{p}/health/handovers/{h}/items/{item['id']}"
    assert world.client("funder").patch(url, {"done": True}, content_type="application/json").status_code == 403
    out = world.client("staff_b").patch(url, {"done": True}, content_type="application/json").json()
    assert next(i for i in out["items"] if i["id"] == item["id"])["done"] is True


def test_partners_read_an_alert_and_only_the_manager_acknowledges_it(world, ids):
    url = f"/p/{ids['p']}/health/alerts/{ids['a']}/"
    page = world.client("staff_b").get(url).content.decode()
    assert "missed the last 2 meetings" in page and "Acknowledge" not in page
    assert world.client("staff_b").post(url, {"note": "Seen"}).status_code == 403
    assert "Acknowledge" in world.client("manager").get(url).content.decode()
    assert world.client("manager").post(url, {"note": "Seen"}).status_code == 302
    assert Alert.objects.get(pk=ids["a"]).acknowledgement == "Seen"


def test_the_health_tab_and_home_panel(world, ids):
    page = world.client("staff_a").get(f"/p/{ids['p']}/").content.decode()
    assert f'href="/p/{ids["p"]}/health/"' in page and "Partnership health" in page
    page = world.client("funder").get(f"/p/{ids['p']}/").content.decode()
    assert "All the partnerships you fund" in page
