"""Reopening a wave closed by mistake: it takes answers again through the links already sent, its stored
results are withdrawn (nothing shows numbers that will change, confidential or not), it keeps its
confidentiality, and the results are worked out again when it closes. Refused while another wave is open
or once a later wave compares with it. Closing asks first."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.core.models import AuditEntry
from accord.trust import corrections, services
from accord.trust.models import Wave, WaveResult

from .conftest import answer, invitation, open_wave

LATER = timezone.localdate() + dt.timedelta(days=10)


@pytest.fixture
def closed(world, org_c):
    wave = open_wave(world, confidentiality="confidential")
    answer(invitation(wave, "leader_a@example.org"), world.org_b)
    services.wave_close(actor=world.users["manager"], wave=wave)
    return wave


def test_reopening_withdraws_the_results_and_takes_answers_again(world, closed):
    assert WaveResult.objects.filter(wave=closed).exists()
    corrections.wave_reopen(actor=world.users["manager"], wave=closed, closes_on=LATER)
    closed.refresh_from_db()
    assert closed.is_open and closed.accepting_answers and closed.closes_on == LATER and closed.closed_at is None
    assert closed.confidentiality == Wave.Confidentiality.CONFIDENTIAL
    assert not WaveResult.objects.filter(wave=closed).exists()
    entry = AuditEntry.objects.get(action="trust.wave.reopened")
    assert entry.data["results_withdrawn"] is True and entry.data["status"] == ["closed", "open"]
    inv = invitation(closed, "leader_b@example.org")
    services.invitation_from_token(services.survey_token(inv))  # the link sent works again
    answer(inv, world.org_a)
    services.wave_close(actor=world.users["manager"], wave=closed)
    assert WaveResult.objects.get(wave=closed).responses == 2


def test_nothing_of_the_withdrawn_results_shows_anywhere(world, closed):
    corrections.wave_reopen(actor=world.users["manager"], wave=closed, closes_on=LATER)
    api = world.client("manager").get(f"/api/partnerships/{world.partnership.pk}/trust/summary").json()
    assert api == [] or all(row.get("wave_id") != closed.pk for row in api)
    page = world.client("leader_a").get(closed.get_absolute_url()).content.decode()
    assert "Open until" in page


def test_reopening_is_refused_with_the_reason(world, closed):
    manager = world.users["manager"]
    with pytest.raises(ValidationError, match="from today onwards"):
        corrections.wave_reopen(actor=manager, wave=closed, closes_on=timezone.localdate() - dt.timedelta(days=1))
    second = open_wave(world, name="Autumn survey")
    with pytest.raises(ValidationError, match="“Autumn survey” is open"):
        corrections.wave_reopen(actor=manager, wave=closed, closes_on=LATER)
    services.wave_close(actor=manager, wave=second)
    with pytest.raises(ValidationError, match="later wave “Autumn survey” compares"):
        corrections.wave_reopen(actor=manager, wave=closed, closes_on=LATER)
    closed.refresh_from_db()
    assert not closed.is_open and WaveResult.objects.filter(wave=closed).exists()


def test_the_page_and_the_api_reopen_and_refuse(world, closed):
    client, url = world.client("manager"), f"/p/{world.partnership.pk}/trust/waves/{closed.pk}/reopen/"
    page = client.post(url, {"closes_on": "2000-01-01"}).content.decode()
    assert "from today onwards" in page
    closed.refresh_from_db()
    assert not closed.is_open
    api = f"/api/partnerships/{world.partnership.pk}/trust/waves/{closed.pk}/reopen"
    response = client.post(api, {"closes_on": "2000-01-01"}, content_type="application/json")
    assert response.status_code == 422 and "from today onwards" in str(response.json())
    assert world.client("leader_a").post(api, {"closes_on": LATER.isoformat()},
                                         content_type="application/json").status_code == 403
    response = client.post(api, {"closes_on": LATER.isoformat()}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "open"


def test_closing_asks_first(world, org_c):
    wave = open_wave(world)
    client, url = world.client("manager"), f"/p/{world.partnership.pk}/trust/waves/{wave.pk}/close/"
    page = client.get(url).content.decode()
    assert "Close the survey" in page and "stop working" in page
    wave.refresh_from_db()
    assert wave.is_open
    client.post(url)
    wave.refresh_from_db()
    assert not wave.is_open
