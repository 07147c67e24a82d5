"""What other domains and API clients read: the contracts in helper_contracts.md and the JSON."""

import datetime as dt

import pytest
from django.utils import timezone

from accord.trust import selectors, services
from accord.trust.models import Response
from tests.demo.snapshot import load_demo

from .conftest import answer, invitation, open_wave


@pytest.fixture
def closed(world, org_c):
    wave = open_wave(world)
    answer(invitation(wave, "leader_a@example.org"), world.org_b, trust=4, value=3, contact=3)
    answer(invitation(wave, "leader_b@example.org"), world.org_a, trust=2, value=2, contact=2)
    answer(invitation(wave, "cleo@gamma.example"), world.org_a, trust=3, value=4, contact=1)
    services.wave_close(actor=world.users["manager"], wave=wave)
    return wave


def test_wave_summaries_contract(world, closed):
    [row] = selectors.wave_summaries(world.partnership)
    assert set(row) == {"id", "name", "closed_on", "trust_pct", "value_pct", "density", "reciprocity",
                        "responding_orgs", "confidential", "url"}
    assert row["trust_pct"] == pytest.approx(3 / 4 * 100)
    assert row["density"] == pytest.approx(2 / 3) and row["responding_orgs"] == 3 and not row["confidential"]
    assert row["url"] == f"/p/{world.partnership.pk}/trust/waves/{closed.pk}/"


def test_relationships_of_a_person(world, closed):
    rows = selectors.relationships_of(world.people["leader_b"])
    assert [(r["wave"], r["about_org"]) for r in rows] == [("Spring survey", "Alpha Charity")]
    assert selectors.relationships_of(world.people["staff_a"]) == []


def test_relationships_are_dated_when_the_person_finished_answering(world, closed):
    finished = timezone.make_aware(dt.datetime(2024, 7, 4, 0, 30))  # 23:30 UTC on the 3rd: the local day counts
    response = Response.objects.get(invitation__person=world.people["leader_b"])
    Response.objects.filter(pk=response.pk).update(finished_at=finished)
    response.save(update_fields=["updated_at"])  # saved again today, e.g. an answer changed after finishing
    [row] = selectors.relationships_of(world.people["leader_b"])
    assert row["answered_on"] == dt.date(2024, 7, 4)


def test_api_wave_and_scores(world, closed, settings):
    settings.TRUST_NAMED_MIN_RESPONDENTS = 1  # one person per organisation here (see test_one_respondent.py)
    base = f"/api/partnerships/{world.partnership.pk}/trust/waves/{closed.pk}"
    data = world.client("staff_b").get(base).json()
    assert data["shown"] is True and data["network"]["trust_mean"] == pytest.approx(3.0)
    assert data["summary"] == []  # staff see totals, not sentences naming partners
    assert {f["factor"] for f in data["factors"]} >= {"respect", "vision"}
    orgs = {o["name"]: o for o in world.client("leader_b").get(f"{base}/organisations").json()}
    assert orgs["Alpha Charity"]["trust_received"] == pytest.approx(2.5)
    assert orgs["Alpha Charity"]["trust_given"] == pytest.approx(4)
    pairs = world.client("manager").get(f"{base}/relationships").json()
    ab = next(p for p in pairs if p["from_org"] == world.org_a.pk and p["about_org"] == world.org_b.pk)
    assert ab["trust"] == pytest.approx(4) and ab["trust_n"] == 3 and ab["contact"] == 3
    progress = world.client("manager").get(f"{base}/progress").json()
    assert {p["organisation"]: p["started"] for p in progress} == {"Alpha Charity": 1, "Beta Trust": 1,
                                                                  "Gamma Works": 1}
    assert world.client("staff_a").get(f"{base}/organisations").status_code == 403


def test_relationships_of_is_scoped_to_a_partnership(db):

    from accord.partners.models import Partnership, Person
    from accord.trust import selectors

    load_demo()
    helen = Person.objects.get(name="Helen Marsh")
    compass = Partnership.objects.get(name="The Compass Partnership")
    other = Partnership.objects.create(name="Elsewhere", purpose="x")
    assert selectors.relationships_of(helen, partnership=compass)
    assert selectors.relationships_of(helen, partnership=other) == []
