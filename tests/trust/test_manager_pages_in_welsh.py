"""The trust manager's pages (overview, a wave's results, opening a wave, importing) in Welsh when the
browser asks for it; English stays the default."""

from __future__ import annotations

from django.urls import reverse

from accord.trust import services

from .conftest import answer, invitation, open_wave

WELSH = {"HTTP_ACCEPT_LANGUAGE": "cy"}


def test_overview_and_a_closed_wave_in_welsh(world, org_c):
    wave = open_wave(world)
    a, b = invitation(wave, "leader_a@example.org"), invitation(wave, "leader_b@example.org")
    answer(a, world.org_b, trust=4, value=2, contact=3)
    answer(a, org_c, trust=2, value=2, contact=1)
    answer(b, world.org_a, trust=3, value=3, contact=3)
    services.wave_close(actor=world.users["manager"], wave=wave)
    client = world.client("manager")
    overview = client.get(reverse("trust:overview", args=[world.partnership.pk]), **WELSH).content.decode()
    assert "<h1>Ymddiriedaeth rhwng partneriaid</h1>" in overview and "Agor cylch arolwg" in overview
    assert "<h1>Trust between partners</h1>" not in overview and "Open a survey wave" not in overview
    page = client.get(wave.get_absolute_url(), **WELSH).content.decode()
    assert "Pwy sydd wedi ateb" in page and "Ar draws y bartneriaeth" in page and "Map o’r rhwydwaith" in page
    assert "Who has answered" not in page and "Across the partnership" not in page and "Network map" not in page
    english = client.get(wave.get_absolute_url()).content.decode()
    assert "Across the partnership" in english and "Ar draws y bartneriaeth" not in english


def test_opening_a_wave_and_importing_in_welsh(world):
    client = world.client("manager")
    new = client.get(reverse("trust:wave-new", args=[world.partnership.pk]), **WELSH).content.decode()
    assert "Enw’r arolwg hwn" in new and "Pwy i’w gwahodd" in new and "Uwch arweinwyr yn unig" in new
    assert "Name of this survey" not in new and "Senior leaders only" not in new
    wave = open_wave(world)
    page = client.get(reverse("trust:wave-import", args=[world.partnership.pk, wave.pk]), **WELSH).content.decode()
    assert "Mewnforio atebion i “Spring survey”" in page and "Import answers into" not in page
