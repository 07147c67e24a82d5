"""Closing a wave counts, once, the people who answered for each organisation and the people who scored
it, so the pages that withhold what rests on one person do not count them again on every view."""

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from accord.trust import selectors, services
from accord.trust.models import Rating, WaveResult

from .conftest import answer, invitation, open_wave


@pytest.fixture
def wave(world, org_c):
    """Alpha: two people. Beta and Gamma: one person each. Beta is scored by two people of Alpha and one
    of Gamma; Gamma by one person, who said "don't know" to nothing."""
    wave = open_wave(world)
    answer(invitation(wave, "leader_a@example.org"), world.org_b, trust=4, value=4, contact=3)
    answer(invitation(wave, "staff_a@example.org"), world.org_b, trust=3, value=3, contact=2)
    answer(invitation(wave, "leader_b@example.org"), world.org_a, trust=1, value=1, contact=1)
    answer(invitation(wave, "leader_b@example.org"), org_c, trust=1, value=1, contact=3)
    answer(invitation(wave, "cleo@gamma.example"), world.org_b, trust=2, value=2, contact=0)
    services.wave_close(actor=world.users["manager"], wave=wave)
    return wave


def test_the_counts_stored_at_close_are_those_the_pages_counted(world, wave):
    stored = {o["id"]: o for o in wave.result.detail["orgs"]}
    counted = selectors.respondents_by_org(wave)
    scored = dict(
        Rating.objects.filter(response__wave=wave, score__isnull=False)
        .values("about_id")
        .annotate(n=Count("response", distinct=True))
        .values_list("about_id", "n")
    )
    assert {i: o["respondents"] for i, o in stored.items()} == {i: counted.get(i, 0) for i in stored}
    assert {i: o["people_rating"] for i, o in stored.items()} == {i: scored.get(i, 0) for i in stored}
    assert stored[world.org_a.pk]["respondents"] == 2 and stored[world.org_b.pk]["people_rating"] == 3


def test_showing_a_wave_does_not_count_answers_again(world, wave):
    result = WaveResult.objects.get(wave=wave)
    with CaptureQueriesContext(connection) as queries:
        shown = selectors.named_detail(wave, result)
    assert not [q for q in queries if "trust_rating" in q["sql"] or "trust_contact" in q["sql"]]
    withheld = {o["name"] for o in shown["orgs"] if o["withheld"]}
    assert withheld == {"Beta Trust", "Gamma Works"}  # one person each
    assert all(
        "people_rating" not in o for o in shown["orgs"]
    )  # what the API and downloads show is unchanged


def test_a_result_stored_before_the_counts_is_shown_the_same(world, wave):
    result = WaveResult.objects.get(wave=wave)
    now = selectors.named_detail(wave, result)
    for o in result.detail["orgs"]:
        del o["respondents"], o["people_rating"]
    assert selectors.named_detail(wave, result) == now


def test_the_overview_reads_the_organisations_without_the_pairs(world, wave):
    result = selectors.closed_results(world.partnership)[-1]
    with CaptureQueriesContext(connection) as queries:
        orgs = selectors.named_orgs(wave, result)
    assert "detail" in result.get_deferred_fields()  # the whole detail (every pair) was never loaded
    assert len(queries) == 1
    # the same as the wave's page, but for the network measures, which that page works out again without what a
    # lone respondent reported (named_orgs never shows the stored ones)
    full = selectors.named_detail(wave, WaveResult.objects.get(wave=wave))["orgs"]
    assert orgs == [{k: v for k, v in o.items() if k not in selectors.NETWORK_MEASURES} for o in full]
    assert all("degree" not in o and "betweenness" not in o for o in orgs)
