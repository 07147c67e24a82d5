"""What each role gets on every charter and delivery page and endpoint. Strangers get 404, never 403."""

import datetime as dt
from decimal import Decimal

import pytest

from accord.charter import services as charter
from accord.charter.models import Commitment, Goal
from accord.delivery import services as delivery
from accord.delivery.models import Area, FundingStream, PendingImport
from tests.conftest import PERSONAS, make_world

ALL = {"manager": 200, "leader_a": 200, "staff_a": 200, "leader_b": 200, "staff_b": 200, "funder": 200,
       "outsider": 404, "anonymous": 302}
MEMBERS = {**ALL, "funder": 403}
MANAGER = {**ALL, "leader_a": 403, "staff_a": 403, "leader_b": 403, "staff_b": 403, "funder": 403}

PAGES = [
    ("/p/{p}/charter/", ALL),
    ("/p/{p}/charter/v/1/", ALL),
    ("/p/{p}/charter/diff/?from=1&to=1", ALL),
    ("/p/{p}/charter/edit/", MANAGER),
    ("/p/{p}/charter/goals/", ALL),
    ("/p/{p}/charter/goals/{g}/", ALL),
    ("/p/{p}/charter/goals/new/", MANAGER),
    ("/p/{p}/charter/goals/{g}/edit/", MANAGER),
    ("/p/{p}/charter/commitments/", MEMBERS),
    ("/p/{p}/charter/commitments/new/", MANAGER),
    ("/p/{p}/charter/commitments/{c}/edit/", MANAGER),
    # the commitment belongs to org B: its people and the manager may update it
    ("/p/{p}/charter/commitments/{c}/status/", {**MEMBERS, "leader_a": 403, "staff_a": 403}),
    ("/p/{p}/delivery/", ALL),
    ("/p/{p}/delivery/ambition/", MANAGER),
    ("/p/{p}/delivery/areas/new/", MANAGER),
    ("/p/{p}/delivery/areas/{a}/", ALL),
    ("/p/{p}/delivery/areas/{a}/edit/", MANAGER),
    ("/p/{p}/delivery/funding/", ALL),
    ("/p/{p}/delivery/funding/new/", MANAGER),
    ("/p/{p}/delivery/funding/{s}/edit/", MANAGER),
    ("/p/{p}/delivery/funding/import/", MANAGER),
    ("/p/{p}/delivery/funding/import/{i}/", MANAGER),
]
API = [
    ("/api/partnerships/{p}/charter", ALL),
    ("/api/partnerships/{p}/charter/versions", ALL),
    ("/api/partnerships/{p}/charter/versions/1", ALL),
    ("/api/partnerships/{p}/charter/versions/1/signoffs", ALL),
    ("/api/partnerships/{p}/goals", ALL),
    ("/api/partnerships/{p}/goals/{g}", ALL),
    ("/api/partnerships/{p}/goals/{g}/measurements", ALL),
    ("/api/partnerships/{p}/commitments", MEMBERS),
    ("/api/partnerships/{p}/commitments/summary", MEMBERS),
    ("/api/partnerships/{p}/areas", ALL),
    ("/api/partnerships/{p}/areas/{a}", ALL),
    ("/api/partnerships/{p}/rollout", ALL),
    ("/api/partnerships/{p}/funding-streams", ALL),
    ("/api/partnerships/{p}/funding-streams/{s}", ALL),
]
CREATED = {**MANAGER, "manager": 201, "anonymous": 401}
WRITES = [
    ("/api/partnerships/{p}/charter/versions", {"mission": "A new mission."}, CREATED),
    ("/api/partnerships/{p}/goals", {"title": "G", "metric": "m", "unit": "u", "target": 5,
                                     "target_date": "2027-01-01"}, CREATED),
    ("/api/partnerships/{p}/goals/{g}/measurements", {"on": "2025-01-01", "value": 3}, CREATED),
    ("/api/partnerships/{p}/commitments", {"title": "C", "owner_id": "{org_a}", "due": "2027-01-01"}, CREATED),
    ("/api/partnerships/{p}/areas", {"name": "New area", "ons_code": "W06000015"}, CREATED),
    ("/api/partnerships/{p}/areas/{a}/moves", {"stage": "mobilising", "on": "2025-01-01"}, CREATED),
    ("/api/partnerships/{p}/funding-streams", {"title": "S", "funder_org_id": "{funder_org}", "amount": "100",
                                              "start": "2025-01-01", "end": "2026-01-01"}, CREATED),
    # signing: only a senior leader of a member organisation; other partners get a clear 422
    ("/api/partnerships/{p}/charter/versions/1/signoffs", {},
     {**CREATED, "manager": 422, "leader_a": 201, "leader_b": 201, "staff_a": 422, "staff_b": 422}),
]


pytestmark = pytest.mark.django_db  # each test in its savepoint, inside the module's transaction


@pytest.fixture(scope="module")
def world(module_transaction):
    """Built once for the module: its tests only ask who gets what (what a write test writes is rolled back)."""
    return make_world()


@pytest.fixture(scope="module")
def things(world):
    m = world.users["manager"]
    charter.version_create(actor=m, partnership=world.partnership, mission="Stop abuse at source.")
    goal = charter.goal_save(actor=m, goal=Goal(partnership=world.partnership, title="Reach", metric="people",
                                                unit="people", target=100, target_date=dt.date(2027, 1, 1)))
    c = charter.commitment_save(actor=m, commitment=Commitment(partnership=world.partnership, title="Share data",
                                                               owner=world.org_b, due=dt.date(2027, 1, 1)))
    area = delivery.area_save(actor=m, area=Area(partnership=world.partnership, name="Eastmarsh"))
    delivery.stage_move(actor=m, area=area, stage="scoping", on=dt.date(2024, 6, 1))
    stream = delivery.funding_save(actor=m, stream=FundingStream(
        partnership=world.partnership, title="Core", funder=world.funder_org, amount=Decimal(1000),
        start=dt.date(2024, 1, 1), end=dt.date(2025, 1, 1)))
    pending = PendingImport.objects.create(partnership=world.partnership, filename="g.json",
                                           preview={"read": 0, "streams": [], "skipped": []})
    return {"g": goal.pk, "c": c.pk, "a": area.pk, "s": stream.pk, "i": pending.pk}


def _url(template, world, things):
    return template.format(p=world.partnership.pk, org_a=world.org_a.pk, funder_org=world.funder_org.pk, **things)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("template,expected", PAGES, ids=[p for p, _ in PAGES])
def test_pages_answer_each_role(world, things, persona, template, expected):
    response = world.client(persona).get(_url(template, world, things))
    assert response.status_code == expected[persona]
    if expected[persona] == 302:
        assert response["Location"].startswith("/accounts/sign-in/")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("template,expected", API, ids=[p for p, _ in API])
def test_api_reads_answer_each_role(world, things, persona, template, expected):
    response = world.client(persona).get(_url(template, world, things))
    want = 401 if persona == "anonymous" else expected[persona]
    assert response.status_code == want
    assert "detail" in response.json() if want != 200 else True


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("template,body,expected", WRITES, ids=[w[0] for w in WRITES])
def test_api_writes_answer_each_role(world, things, persona, template, body, expected):
    body = {k: (int(_url(v, world, things)) if isinstance(v, str) and v.startswith("{") else v)
            for k, v in body.items()}
    response = world.client(persona).post(_url(template, world, things), body, content_type="application/json")
    assert response.status_code == expected[persona], response.content


UPDATED = {**MANAGER, "anonymous": 401}
PATCHES = [
    ("/api/partnerships/{p}/goals/{g}", {"target": 150}),
    ("/api/partnerships/{p}/areas/{a}", {"ons_code": "E06000001"}),
    ("/api/partnerships/{p}/funding-streams/{s}", {"amount": "2500"}),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("template,body", PATCHES, ids=[w[0] for w in PATCHES])
def test_api_updates_answer_each_role(world, things, persona, template, body):
    response = world.client(persona).patch(_url(template, world, things), body, content_type="application/json")
    assert response.status_code == UPDATED[persona], response.content


@pytest.mark.parametrize("persona", ["leader_a", "staff_b", "funder"])
def test_page_writes_are_refused_below_manager(world, things, persona):
    client = world.client(persona)
    p = world.partnership.pk
    assert client.post(f"/p/{p}/delivery/areas/{things['a']}/", {"stage": "live", "on": "2025-01-01"}).status_code == 403
    assert client.post(f"/p/{p}/charter/goals/{things['g']}/", {"on": "2025-01-01", "value": 1}).status_code == 403
    assert client.post(f"/p/{p}/delivery/funding/import/{things['i']}/").status_code == 403


def test_objects_of_another_partnership_are_not_found_through_mine(world, things):
    other = world.other
    m = world.users["outsider"]
    area = delivery.area_save(actor=m, area=Area(partnership=other, name="Elsewhere"))
    client = world.client("manager")
    assert client.get(f"/p/{world.partnership.pk}/delivery/areas/{area.pk}/").status_code == 404
    assert client.get(f"/api/partnerships/{world.partnership.pk}/areas/{area.pk}").status_code == 404
