"""What changed between two waves is worked out when a wave closes and read long after: it reads in the
reader's language (the wave page, the partnership home's panel and the API), whichever language was
active when the wave closed; results stored as English text before keep showing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from accord.lib import stored_text
from accord.trust import services
from accord.trust.models import Wave, WaveResult

from .conftest import answer, invitation, member_org, open_wave

ENGLISH = "Trust in Alpha Charity’s reliability rose from 2.7 to 3.2 since March 2025."
WELSH = "Cododd yr ymddiriedaeth yn nibynadwyedd Alpha Charity o 2.7 i 3.2 ers Mawrth 2025."


@pytest.fixture
def org_d(world):
    return member_org(world, "Delta Care", "Dora Leader", "dora@delta.example")


def _wave(world, name, closes_on, scores, language="en"):
    wave = open_wave(world, name=name)
    for email, trust in scores.items():
        answer(invitation(wave, email), world.org_a, trust=trust, value=trust)
    Wave.objects.filter(pk=wave.pk).update(opens_on=closes_on - dt.timedelta(days=20), closes_on=closes_on)
    wave.refresh_from_db()
    with translation.override(language):
        services.wave_close(actor=world.users["manager"], wave=wave)
    return WaveResult.objects.get(wave=wave)


def _two_waves(world, language):
    _wave(
        world,
        "Spring",
        dt.date(2025, 3, 15),
        {"leader_b@example.org": 3, "cleo@gamma.example": 3, "dora@delta.example": 2},
    )
    return _wave(
        world,
        "Summer",
        dt.date(2025, 6, 15),
        {
            "leader_b@example.org": 4,
            "staff_b@example.org": 3,
            "cleo@gamma.example": 4,
            "dora@delta.example": 2,
        },
        language,
    )


def test_closed_in_welsh_reads_in_english_and_in_welsh(world, org_c, org_d):
    result = _two_waves(world, "cy")
    assert ENGLISH in [stored_text.english(line) for line in result.detail["changes"]["summary"]]
    url = result.wave.get_absolute_url()
    english = world.client("leader_a").get(url + "?lang=en").content.decode()
    assert ENGLISH in english and "What changed since March 2025" in english and "Cododd" not in english
    assert "Trust across the partnership: too few relationships were rated" in english
    welsh = world.client("leader_a").get(url + "?lang=cy").content.decode()
    assert WELSH in welsh and ENGLISH not in welsh and "March 2025" not in welsh and "Mawrth 2025" in welsh
    assert "Ymddiriedaeth ar draws y bartneriaeth: cafodd rhy ychydig" in welsh and "too few" not in welsh


def test_closed_in_english_reads_in_welsh_in_the_api_and_on_the_home_panel(world, org_c, org_d):
    result = _two_waves(world, "en")
    api = f"/api/partnerships/{world.partnership.pk}/trust/waves/{result.wave.pk}"
    welsh = world.client("leader_a").get(api, HTTP_ACCEPT_LANGUAGE="cy").json()
    assert (
        WELSH in welsh["summary"] and "Ymddiriedaeth ar draws y bartneriaeth" in welsh["changes"][0]["note"]
    )
    english = world.client("leader_a").get(api, HTTP_ACCEPT_LANGUAGE="en").json()
    assert ENGLISH in english["summary"] and "Trust across the partnership" in english["changes"][0]["note"]
    home = world.client("leader_a").get(f"/p/{world.partnership.pk}/?lang=cy").content.decode()
    assert "o 2.7 i 3.2 ers Mawrth 2025" in home and "since March 2025" not in home  # its first two lines


def test_a_note_about_confidential_waves_reads_in_welsh(world, org_c, org_d):
    _wave(world, "Spring", dt.date(2025, 3, 15), {"leader_b@example.org": 3, "cleo@gamma.example": 3})
    secret = open_wave(world, name="Secret", confidentiality="confidential")
    Wave.objects.filter(pk=secret.pk).update(opens_on=dt.date(2025, 4, 1), closes_on=dt.date(2025, 4, 20))
    secret.refresh_from_db()
    services.wave_close(actor=world.users["manager"], wave=secret)
    result = _wave(
        world, "Summer", dt.date(2025, 6, 15), {"leader_b@example.org": 4, "cleo@gamma.example": 4}
    )
    note = result.detail["changes"]["note"]
    assert stored_text.english(note) == (
        "Compared with Spring; the confidential wave in between (Secret) is not compared."
    )
    with translation.override("cy"):
        assert stored_text.render(note).startswith("O’i gymharu â Spring") and "Secret" in stored_text.render(
            note
        )


def test_results_stored_as_english_text_keep_showing(world, org_c, org_d):
    result = _two_waves(world, "en")
    old = "Trust in Alpha Charity’s reliability rose from 2.7 to 3.2 since March 2025 (stored as text)."
    detail = {**result.detail, "changes": {**result.detail["changes"], "summary": [old]}}
    WaveResult.objects.filter(pk=result.pk).update(detail=detail)
    page = world.client("leader_a").get(result.wave.get_absolute_url() + "?lang=cy").content.decode()
    assert old in page
