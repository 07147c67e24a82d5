"""In a named wave, what an organisation said is shown on its own only when at least
TRUST_NAMED_MIN_RESPONDENTS of its people answered: with one respondent, its row of the heat map
and its per-question scores would be that person's answers. The survey says so before anyone answers."""

import pytest

from accord.trust import services

from .conftest import answer, invitation, open_wave


@pytest.fixture
def wave(world, org_c):
    wave = open_wave(world)
    answer(invitation(wave, "leader_a@example.org"), world.org_b, trust=4, value=4, contact=3)
    answer(invitation(wave, "staff_a@example.org"), world.org_b, trust=3, value=3, contact=2)
    answer(invitation(wave, "leader_b@example.org"), world.org_a, trust=1, value=1, contact=1)  # Beta: one person
    answer(invitation(wave, "leader_b@example.org"), org_c, trust=1, value=1, contact=1)
    answer(invitation(wave, "cleo@gamma.example"), world.org_b, trust=2, value=2, contact=0)  # Gamma: one person
    services.wave_close(actor=world.users["manager"], wave=wave)
    return wave


def _base(world, wave):
    return f"/api/partnerships/{world.partnership.pk}/trust/waves/{wave.pk}"


def test_a_lone_respondents_answers_are_not_shown_in_the_api(world, wave):
    pairs = world.client("leader_a").get(f"{_base(world, wave)}/relationships").json()
    assert {p["from_org"] for p in pairs} == {world.org_a.pk}
    [alpha_beta] = pairs
    assert alpha_beta["trust"] == pytest.approx(3.5) and alpha_beta["dims"]["reliability"] == pytest.approx(3.5)
    orgs = {o["name"]: o for o in world.client("manager").get(f"{_base(world, wave)}/organisations").json()}
    assert orgs["Beta Trust"]["trust_given"] is None and orgs["Beta Trust"]["value_gap"] is None
    assert orgs["Alpha Charity"]["trust_given"] == pytest.approx(3.5)
    # what others said about Beta Trust is still shown: two organisations rated it
    assert orgs["Beta Trust"]["trust_received"] == pytest.approx((3.5 + 2) / 2)
    # what one person (Beta's leader) said about Gamma Works is all there is about it: not shown
    assert orgs["Gamma Works"]["trust_received"] is None and orgs["Gamma Works"]["value_received"] is None
    assert set(orgs["Gamma Works"]["dims_received"].values()) == {None}


def test_a_lone_respondents_row_is_not_shown_on_the_page(world, wave):
    response = world.client("leader_b").get(wave.get_absolute_url())
    rows = {r["org"]["name"]: r for r in response.context["trust_matrix"]["rows"]}
    assert [c.get("value") for c in rows["Beta Trust"]["cells"] if not c.get("self")] == [None, None]
    assert [c.get("value") for c in rows["Gamma Works"]["cells"] if not c.get("self")] == [None, None]
    assert any(c.get("value") == pytest.approx(3.5) for c in rows["Alpha Charity"]["cells"])
    page = response.content.decode()
    assert "fewer than 2 people answered" in page and "Beta Trust" in page
    assert response.context["contacts"][world.org_b.pk] == []  # whom its one person reported working with


def test_the_rule_is_a_setting(world, wave, settings):
    settings.TRUST_NAMED_MIN_RESPONDENTS = 1
    pairs = world.client("leader_a").get(f"{_base(world, wave)}/relationships").json()
    assert {p["from_org"] for p in pairs} == {world.org_a.pk, world.org_b.pk, wave.organisations()[2].pk}


def test_the_start_page_says_what_one_respondent_means(world, org_c):
    wave = open_wave(world)
    token = services.survey_token(invitation(wave, "leader_b@example.org"))
    page = world.client("anonymous").get(f"/survey/{token}/").content.decode()
    assert "Nobody sees one person's answers" in page
    assert "fewer than 2 people from an organisation answer" in page
    assert "the partnership manager sees how many people from each organisation have started" in page


def test_the_invitation_says_what_one_respondent_means(world, org_c):
    from accord.trust import tasks

    wave = open_wave(world)
    message = tasks._message(invitation(wave, "leader_b@example.org"), "trust/email/invitation", "Survey")
    body = " ".join(message.body.split())
    assert "Nobody sees one person's answers: where fewer than 2 people from an organisation answer" in body


def test_other_domains_get_no_score_that_rests_on_one_person(world, wave):
    from accord.trust import selectors

    received = selectors.trust_received_by_org(world.partnership, wave.pk)
    assert received[world.org_b.pk] == pytest.approx((3.5 + 2) / 2)
    assert received[wave.organisations().get(name="Gamma Works").pk] is None
