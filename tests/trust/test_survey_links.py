"""The survey through a personal link: pages, saving as you go, and the link rules."""

import re

from accord.lib import tokens
from accord.trust import services
from accord.trust.models import Rating

from .conftest import invitation, open_wave


def _path(wave, email):
    return services.survey_path(invitation(wave, email))


def test_the_survey_states_time_and_confidentiality_and_saves_page_by_page(world, client):
    wave = open_wave(world, confidentiality="confidential")
    start = _path(wave, "leader_a@example.org")
    page = client.get(start).content.decode()
    assert "about <strong>" in page and "minutes" in page
    assert "This survey is confidential" in page
    partner_url = f"{start}partner/{world.org_b.pk}/"
    assert partner_url in page
    form = client.get(partner_url).content.decode()
    assert "Beta Trust does what it says it will do." in form
    assert form.count('type="radio"') == 4 + 6 * 5  # contact, then six questions with "don't know"
    response = client.post(partner_url, {"contact": "2", "reliability": "4", "openness": "dk", "next": ""})
    assert response.status_code == 302 and response["Location"].endswith("/partnership/")  # only one partner
    saved = {r.dimension: (r.score, r.dont_know) for r in Rating.objects.all()}
    assert saved == {"reliability": (4, False), "openness": (None, True)}
    # coming back shows the saved answers, and they can be changed
    again = client.get(partner_url).content.decode()
    assert re.search(r'value="4"[^>]*checked|checked[^>]*value="4"', again)
    client.post(partner_url, {"contact": "2", "reliability": "2", "back": ""})
    assert Rating.objects.get(dimension="reliability").score == 2
    assert not Rating.objects.filter(dimension="openness").exists()  # left out this time
    client.post(f"{start}finish/")
    assert invitation(wave, "leader_a@example.org").response.finished_at is not None


def test_a_bad_answer_is_shown_plainly_and_nothing_is_saved(world, client):
    wave = open_wave(world)
    url = f"{_path(wave, 'leader_a@example.org')}partner/{world.org_b.pk}/"
    response = client.post(url, {"reliability": "9"})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not Rating.objects.exists()


def test_one_cannot_rate_ones_own_organisation_or_an_outsider_through_the_link(world, client):
    wave = open_wave(world)
    base = _path(wave, "leader_a@example.org")
    assert client.get(f"{base}partner/{world.org_a.pk}/").status_code == 404
    assert client.post(f"{base}partner/{world.other_org.pk}/", {"reliability": "3"}).status_code == 404
    assert not Rating.objects.exists()


def test_a_forged_link_gets_a_clear_message(world, client):
    wave = open_wave(world)
    good = services.survey_token(invitation(wave, "leader_a@example.org"))
    forged = tokens.make("trust.survey", {"i": invitation(wave, "leader_b@example.org").pk, "n": "guessed"})
    for token in (good[:-3] + "abc", forged, tokens.make("accounts.invite", {"i": 1})):
        response = client.get(f"/survey/{token}/")
        assert response.status_code == 400
        assert "This survey link cannot be used" in response.content.decode()


def test_a_link_used_after_closing_says_the_survey_closed_and_saves_nothing(world, client):
    wave = open_wave(world)
    base = _path(wave, "leader_a@example.org")
    services.wave_close(actor=world.users["manager"], wave=wave)
    response = client.get(base)
    assert response.status_code == 410 and "closed on" in response.content.decode()
    response = client.post(f"{base}partner/{world.org_b.pk}/", {"reliability": "3"})
    assert response.status_code == 410
    assert not Rating.objects.exists()
