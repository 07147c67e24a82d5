"""The trust manager's pages (overview, a wave's results, opening a wave, importing) in Welsh when the
browser asks for it; English stays the default."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from accord.lib.csvimport import ImportRejected
from accord.trust import importing, services

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


def test_import_help_and_row_errors_in_welsh(world):
    wave = open_wave(world)
    page = world.client("manager").get(reverse("trust:wave-import", args=[world.partnership.pk, wave.pk]),
                                       **WELSH).content.decode()
    assert "Dibynadwyedd (ymddiriedaeth): 1 dim o gwbl" in page and "1 not at all" not in page
    data = ("respondent_organisation,about_organisation,contact,reliability\n"
            "Alpha Charity,Delta Org,5,7\nAlpha Charity,Alpha Charity,,\n")
    with translation.override("cy"), pytest.raises(ImportRejected) as caught:
        importing.import_responses(actor=world.users["manager"], wave=wave, data=data)
    messages = " ".join(str(e) for e in caught.value.errors)
    assert "Nid yw “Delta Org” yn sefydliad" in messages and "Nid yw “5” yn 0, 1, 2 na 3." in messages
    assert "Nid yw “7” ar y raddfa 1 i 4" in messages and "Ni all sefydliad ateb amdano’i hun." in messages


def test_closing_reopening_and_withdrawing_in_welsh(world):
    wave = open_wave(world)
    client = world.client("manager")
    args = [world.partnership.pk, wave.pk]
    close = client.get(reverse("trust:wave-close", args=args), **WELSH).content.decode()
    assert "Cau “Spring survey” nawr?" in close and "Cau’r arolwg" in close and "Close the survey" not in close
    withdraw = client.get(reverse("trust:invitation-withdraw", args=args), **WELSH).content.decode()
    assert "Y cyfeiriad e-bost yr aeth y gwahoddiad iddo" in withdraw and "E-mail address" not in withdraw
    confirm = client.post(reverse("trust:invitation-withdraw", args=args), {"email": "nobody@example.org"},
                          **WELSH).content.decode()
    assert "Continue" not in confirm
    services.wave_close(actor=world.users["manager"], wave=wave)
    reopen = client.get(reverse("trust:wave-reopen", args=args), **WELSH).content.decode()
    assert "Ailagor “Spring survey”" in reopen and "Derbyn atebion tan" in reopen
    assert "Take answers until" not in reopen and "People can answer again" not in reopen
