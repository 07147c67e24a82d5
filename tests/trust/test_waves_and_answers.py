"""Opening a wave, answering through a link, closing it, and the stored scores."""

import pytest
from django.core.exceptions import ValidationError

from accord.lib.stored_text import english
from accord.trust import services
from accord.trust.models import Rating, WaveResult

from .conftest import answer, invitation, open_wave


def test_opening_invites_the_chosen_people(world, org_c):
    wave = open_wave(world, invite="leaders")
    assert sorted(wave.invitations.values_list("email", flat=True)) == [
        "cleo@gamma.example", "leader_a@example.org", "leader_b@example.org"]
    with pytest.raises(ValidationError, match="still open"):
        open_wave(world, name="Second")


def test_answers_are_stored_dont_know_apart_and_can_be_changed(world):
    wave = open_wave(world)
    inv = invitation(wave, "leader_a@example.org")
    answer(inv, world.org_b, trust=2, dont_know=("openness",))
    answer(inv, world.org_b, trust=4, dont_know=("openness",))  # changed before closing
    ratings = {r.dimension: (r.score, r.dont_know) for r in Rating.objects.filter(response__invitation=inv)}
    assert ratings["reliability"] == (4, False)
    assert ratings["openness"] == (None, True)
    assert len(ratings) == 6


def test_closing_computes_and_stores_scores(world, org_c):
    wave = open_wave(world)
    a, b = invitation(wave, "leader_a@example.org"), invitation(wave, "leader_b@example.org")
    answer(a, world.org_b, trust=4, value=2, contact=3)
    answer(a, org_c, trust=2, value=2, contact=1)
    answer(b, world.org_a, trust=3, value=3, contact=3)
    services.wave_close(actor=world.users["manager"], wave=wave)
    result = WaveResult.objects.get(wave=wave)
    assert result.responding_orgs == 2
    assert result.trust_mean == pytest.approx((4 + 2 + 3) / 3)
    assert result.trust_pct == pytest.approx((4 + 2 + 3) / 3 / 4 * 100)
    assert result.density == pytest.approx(2 / 3)  # A-B and A-C of three pairs
    assert result.reciprocity == pytest.approx(1.0)  # C did not answer, so A->C is not an unreturned tie
    orgs = {o["name"]: o for o in result.detail["orgs"]}
    assert orgs["Beta Trust"]["trust_received"] == pytest.approx(4)
    assert orgs["Alpha Charity"]["trust_given"] == pytest.approx(3)
    assert orgs["Alpha Charity"]["trust_gap"] == pytest.approx(0)
    with pytest.raises(ValidationError, match="already closed"):
        services.wave_close(actor=world.users["manager"], wave=wave)


def test_second_wave_reports_what_changed(world, org_c):
    first = open_wave(world, name="First")
    for email, about, other in (("leader_a@example.org", world.org_b, org_c),
                                ("leader_b@example.org", world.org_a, org_c),
                                ("cleo@gamma.example", world.org_a, world.org_b)):
        answer(invitation(first, email), about, trust=4)
        answer(invitation(first, email), other, trust=4)
    services.wave_close(actor=world.users["manager"], wave=first)
    second = open_wave(world, name="Second")
    for email, about, other in (("leader_a@example.org", world.org_b, org_c),
                                ("leader_b@example.org", world.org_a, org_c),
                                ("cleo@gamma.example", world.org_a, world.org_b)):
        answer(invitation(second, email), about, trust=2 if about == world.org_b or other == world.org_b else 4)
        answer(invitation(second, email), other, trust=2 if other == world.org_b else 4)
    second.closes_on = first.closes_on.replace(year=first.closes_on.year + 1)
    second.save()
    services.wave_close(actor=world.users["manager"], wave=second)
    summary = [english(line) for line in WaveResult.objects.get(wave=second).detail["changes"]["summary"]]
    assert any(line.startswith("Trust in Beta Trust’s reliability fell from 4.0 to 2.0 since") for line in summary)
    network = WaveResult.objects.get(wave=second).detail["changes"]["network"][0]
    assert network["verdict"] == "fell" and network["before"] == pytest.approx(4.0)


@pytest.mark.parametrize("ratings,message", [
    ({"reliability": 5}, "outside the 1 to 4 scale"),
    ({"reliability": "lots"}, "not an answer"),
    ({"honesty": 3}, "Unknown question"),
])
def test_bad_answers_are_refused_and_nothing_saved(world, ratings, message):
    wave = open_wave(world)
    inv = invitation(wave, "leader_a@example.org")
    with pytest.raises(ValidationError, match=message):
        services.answer_partner(invitation=inv, about=world.org_b, contact=1, ratings=ratings)
    assert not Rating.objects.exists()


def test_answers_about_non_members_or_oneself_or_after_closing_are_refused(world):
    wave = open_wave(world)
    inv = invitation(wave, "leader_a@example.org")
    with pytest.raises(ValidationError, match="not a member"):
        answer(inv, world.other_org)
    with pytest.raises(ValidationError, match="not your own"):
        answer(inv, world.org_a)
    services.wave_close(actor=world.users["manager"], wave=wave)
    with pytest.raises(ValidationError, match="has closed"):
        answer(inv, world.org_b)
    assert not Rating.objects.exists()


def test_a_wave_past_its_closing_date_takes_no_answers_and_closes_itself(world):
    import datetime as dt

    from accord.trust import tasks
    from accord.trust.models import Wave

    wave = open_wave(world)
    inv = invitation(wave, "leader_a@example.org")
    answer(inv, world.org_b, trust=3)
    Wave.objects.filter(pk=wave.pk).update(closes_on=dt.date.today() - dt.timedelta(days=1),
                                           opens_on=dt.date.today() - dt.timedelta(days=10))
    with pytest.raises(ValidationError, match="has closed"):
        answer(inv, world.org_b, trust=1)
    with pytest.raises(services.SurveyLinkError, match="closed on"):
        services.invitation_from_token(services.survey_token(inv))
    assert tasks.close_due_waves.call_local() == 1
    wave.refresh_from_db()
    assert not wave.is_open and WaveResult.objects.get(wave=wave).trust_mean == pytest.approx(3)


def test_the_manager_opens_a_wave_from_the_page_and_a_past_date_is_refused(world):
    import datetime as dt

    from accord.trust.models import Wave

    client = world.client("manager")
    url = f"/p/{world.partnership.pk}/trust/waves/new/"
    form = {"name": "Autumn", "instruments": ["relationships"], "confidentiality": "confidential",
            "invite": "leaders", "closes_on": (dt.date.today() - dt.timedelta(days=1)).isoformat()}
    page = client.post(url, form).content.decode()
    assert "The closing date has passed" in page and not Wave.objects.exists()
    form["closes_on"] = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    response = client.post(url, form)
    wave = Wave.objects.get()
    assert response["Location"] == wave.get_absolute_url()
    assert wave.is_confidential and [i.kind for i in wave.instruments.all()] == ["relationships"]
    assert wave.invitations.count() == 2  # the two senior leaders


def test_the_partnership_page_of_the_survey_saves_agreement_answers(world, client):
    from accord.trust.models import FactorAnswer

    wave = open_wave(world)
    url = services.survey_path(invitation(wave, "leader_b@example.org")) + "partnership/"
    page = client.get(url).content.decode()
    assert "Partners agree on what the partnership is for." in page
    assert client.post(url, {"vision1": "5", "roles1": "dk", "comms1": "6"}).status_code == 200
    assert not FactorAnswer.objects.exists()  # 6 is off the scale: nothing saved
    assert client.post(url, {"vision1": "5", "roles1": "dk"}).status_code == 302
    assert {(a.item.code, a.score, a.dont_know) for a in FactorAnswer.objects.all()} == {
        ("vision1", 5, False), ("roles1", None, True)}
