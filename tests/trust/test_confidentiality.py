"""What each role sees of named and confidential waves, and the minimum number of organisations."""

import pytest

from accord.trust import selectors, services

from .conftest import answer, invitation, open_wave


def _run(world, org_c, *, confidentiality, orgs=3):
    wave = open_wave(world, confidentiality=confidentiality)
    answer(invitation(wave, "leader_a@example.org"), world.org_b, trust=4)
    answer(invitation(wave, "leader_b@example.org"), world.org_a, trust=2)
    if orgs == 3:
        answer(invitation(wave, "cleo@gamma.example"), world.org_a, trust=3)
    services.wave_close(actor=world.users["manager"], wave=wave)
    return wave


def _page(world, persona, wave):
    return world.client(persona).get(f"/p/{world.partnership.pk}/trust/waves/{wave.pk}/").content.decode()


def test_confidential_wave_below_the_threshold_shows_nothing(world, org_c):
    wave = _run(world, org_c, confidentiality="confidential", orgs=2)
    for persona in ("manager", "leader_a", "staff_a", "funder"):
        page = _page(world, persona, wave)
        assert "Only 2 organisations answered" in page and "at least 3" in page
        assert "% of the maximum" not in page
        data = world.client(persona).get(f"/api/partnerships/{world.partnership.pk}/trust/waves/{wave.pk}").json()
        assert data["shown"] is False and data["network"] is None
    summary = selectors.wave_summaries(world.partnership)[0]
    assert summary["trust_pct"] is None and summary["responding_orgs"] == 2 and summary["confidential"]
    assert selectors.trust_received_by_org(world.partnership, wave.pk) == {}


def test_the_threshold_is_a_setting(world, org_c, settings):
    settings.TRUST_CONFIDENTIAL_MIN_ORGS = 2
    wave = _run(world, org_c, confidentiality="confidential", orgs=2)
    assert "% of the maximum" in _page(world, "staff_a", wave)


def test_confidential_wave_at_the_threshold_shows_totals_only_even_to_the_manager(world, org_c):
    wave = _run(world, org_c, confidentiality="confidential")
    for persona in ("manager", "leader_a", "staff_a", "funder"):
        page = _page(world, persona, wave)
        assert "% of the maximum" in page
        assert 'id="matrix"' not in page and 'id="orgs"' not in page and 'id="map"' not in page
        assert "Gamma Works" not in page or persona == "manager"  # only the manager's progress table names orgs
    response = world.client("manager").get(
        f"/api/partnerships/{world.partnership.pk}/trust/waves/{wave.pk}/organisations")
    assert response.status_code == 403 and "totals" in response.json()["detail"]
    assert selectors.trust_received_by_org(world.partnership, wave.pk) == {}


@pytest.mark.parametrize("persona,named", [("manager", True), ("leader_b", True), ("staff_a", False),
                                           ("funder", False)])
def test_named_wave_detail_is_for_leaders_and_the_manager(world, org_c, persona, named):
    wave = _run(world, org_c, confidentiality="named")
    page = _page(world, persona, wave)
    assert "% of the maximum" in page
    assert ('id="matrix"' in page) is named
    assert ('id="map"' in page) is named
    assert ('id="orgs"' in page) is named
    received = selectors.trust_received_by_org(world.partnership, wave.pk)
    assert received[world.org_a.pk] == pytest.approx(2.5)
    assert received[world.org_b.pk] is None  # only Alpha's leader rated Beta: one person's answers


def test_manager_sees_progress_by_organisation_never_answers(world, org_c):
    wave = open_wave(world, confidentiality="confidential")
    answer(invitation(wave, "leader_a@example.org"), world.org_b, trust=1, value=1)
    services.response_finish(invitation=invitation(wave, "leader_a@example.org"))
    page = _page(world, "manager", wave)
    assert "Who has answered" in page and "leader_a@example.org" not in page
    rows = {r["organisation"]: r for r in services.progress_by_organisation(wave)}
    assert rows["Alpha Charity"] == {"organisation_id": world.org_a.pk, "organisation": "Alpha Charity",
                                     "invited": 3, "started": 1, "finished": 1, "imported": 0}
    assert "Who has answered" not in _page(world, "leader_a", wave)


def test_home_panel_respects_the_threshold(world, org_c):
    _run(world, org_c, confidentiality="confidential", orgs=2)
    page = world.client("funder").get(f"/p/{world.partnership.pk}/").content.decode()
    # a confidential wave's figures are never on the home (tests/trust/test_shown_outside_the_wave_page.py)
    assert "Trust between partners" in page and "was confidential: its results are shown on its own page only" in page
    assert "% of the maximum" not in page
