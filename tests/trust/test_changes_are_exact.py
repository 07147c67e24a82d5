"""Changes between waves are worked out from the unrounded stored scores: a move of exactly 0.5
is reported, and the stored scores keep every digit (pages round only when they show them)."""

import datetime as dt

import pytest

from accord.lib.stored_text import english
from accord.trust import services
from accord.trust.models import Wave, WaveResult

from .conftest import answer, invitation, member_org, open_wave


@pytest.fixture
def org_d(world):
    return member_org(world, "Delta Care", "Dora Leader", "dora@delta.example")


def _wave(world, name, closes_on, scores):
    wave = open_wave(world, name=name)
    for email, trust in scores.items():
        answer(invitation(wave, email), world.org_a, trust=trust, value=trust)
    Wave.objects.filter(pk=wave.pk).update(opens_on=closes_on - dt.timedelta(days=20), closes_on=closes_on)
    wave.refresh_from_db()
    services.wave_close(actor=world.users["manager"], wave=wave)
    return WaveResult.objects.get(wave=wave)


def test_an_exact_half_point_change_is_reported(world, org_c, org_d):
    # Alpha Charity's reliability: (3 + 3 + 2) / 3 = 2.666…, then ((4 + 3) / 2 + 4 + 2) / 3 = 3.166…
    first = _wave(world, "Spring", dt.date(2025, 3, 15), {"leader_b@example.org": 3, "cleo@gamma.example": 3,
                                                          "dora@delta.example": 2})
    alpha = next(o for o in first.detail["orgs"] if o["id"] == world.org_a.pk)
    assert alpha["dims_received"]["reliability"] == 8 / 3  # every digit kept
    second = _wave(world, "Summer", dt.date(2025, 6, 15), {"leader_b@example.org": 4, "staff_b@example.org": 3,
                                                           "cleo@gamma.example": 4, "dora@delta.example": 2})
    summary = [english(line) for line in second.detail["changes"]["summary"]]
    assert "Trust in Alpha Charity’s reliability rose from 2.7 to 3.2 since March 2025." in summary
    page = world.client("leader_a").get(second.wave.get_absolute_url()).content.decode()
    assert "reliability rose from 2.7 to 3.2" in page


def test_results_stored_by_an_older_scoring_are_worked_out_again(world, org_c, org_d):
    from accord.trust import tasks

    first = _wave(world, "Spring", dt.date(2025, 3, 15), {"leader_b@example.org": 3, "cleo@gamma.example": 3,
                                                          "dora@delta.example": 2})
    old = {**first.detail, "orgs": [{**o, "dims_received": {k: (None if v is None else round(v, 6))
                                                           for k, v in o["dims_received"].items()}}
                                    for o in first.detail["orgs"]]}
    del old["version"]
    WaveResult.objects.filter(pk=first.pk).update(detail=old)
    assert tasks.recompute_stale_results.call_local() == 1
    first.refresh_from_db()
    alpha = next(o for o in first.detail["orgs"] if o["id"] == world.org_a.pk)
    assert alpha["dims_received"]["reliability"] == 8 / 3
    assert tasks.recompute_stale_results.call_local() == 0
