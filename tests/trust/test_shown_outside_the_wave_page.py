"""What the trust pages outside a wave's own page show follows the same rules as that page and the
API: the overview's charts by partner leave out a score resting on one person's answers, and the
partnership home never prints a confidential wave's figures."""

import datetime as dt

import pytest

from accord.trust import selectors, services

from .conftest import answer, invitation, open_wave
from .test_confidential_waves_stay_inside import run_wave


@pytest.fixture
def lone_rater_wave(world, org_c):
    """Gamma Works is rated by Beta Trust's leader alone: its trust received is one person's answers."""
    wave = open_wave(world)
    answer(invitation(wave, "leader_a@example.org"), world.org_b, trust=4, value=4, contact=3)
    answer(invitation(wave, "staff_a@example.org"), world.org_b, trust=3, value=3, contact=2)
    answer(invitation(wave, "leader_b@example.org"), world.org_a, trust=1, value=1, contact=1)
    answer(invitation(wave, "leader_b@example.org"), org_c, trust=1, value=1, contact=1)
    answer(invitation(wave, "cleo@gamma.example"), world.org_b, trust=2, value=2, contact=0)
    services.wave_close(actor=world.users["manager"], wave=wave)
    return wave


def test_the_overview_by_partner_shows_what_the_wave_page_and_api_show(world, org_c, lone_rater_wave):
    wave = lone_rater_wave
    response = world.client("manager").get(f"/p/{world.partnership.pk}/trust/")
    [row] = response.context["partner_rows"]
    assert row["values"][org_c.pk] is None  # one person's answers about Gamma Works
    assert row["values"][world.org_b.pk] == pytest.approx((3.5 + 2) / 2)
    api = world.client("manager").get(f"/api/partnerships/{world.partnership.pk}/trust/waves/{wave.pk}/organisations")
    assert row["values"] == {o["id"]: o["trust_received"] for o in api.json()}
    charts = dict(response.context["partner_trend"])
    assert "Trust Gamma Works receives" in charts["Gamma Works"]
    assert "Gamma Works: 1 on" not in charts["Gamma Works"]  # no point drawn from the lone rater's 1


def test_the_home_does_not_show_a_confidential_waves_figures(world, org_c):
    autumn = run_wave(world, org_c, "Autumn 2025", dt.date(2025, 9, 15), trust=1, confidentiality="confidential")
    assert autumn.result.trust_pct == pytest.approx(25.0)  # enough answered: shown on its own page
    for who in ("funder", "staff_a", "leader_a", "manager"):
        page = world.client(who).get(f"/p/{world.partnership.pk}/").content.decode()
        assert "of the maximum" not in page and "25%" not in page, who
        assert "Autumn 2025</a> was confidential: its results are shown on its own page only." in page, who


def test_the_home_shows_the_latest_named_wave_before_a_confidential_one(world, org_c):
    run_wave(world, org_c, "Summer 2025", dt.date(2025, 6, 15), trust=4)
    run_wave(world, org_c, "Autumn 2025", dt.date(2025, 9, 15), trust=1, confidentiality="confidential")
    assert selectors.latest_shown_result(world.partnership).wave.name == "Summer 2025"
    page = world.client("funder").get(f"/p/{world.partnership.pk}/").content.decode()
    assert "100% of the maximum" in page and "25%" not in page
    assert "Latest results that can be shown here" in page and "Summer 2025" in page
    assert "Autumn 2025</a> was confidential" in page
