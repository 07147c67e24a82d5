"""Importing answers from CSV: documented columns, a template, all or nothing with row errors."""

import pytest

from accord.lib.csvimport import ImportRejected
from accord.trust import importing, services
from accord.trust.models import Contact, Rating, Response, WaveResult

from .conftest import open_wave

HEADER = "respondent_organisation,about_organisation,respondent,contact,reliability,openness,mission,influence,involvement,resources\n"


def test_a_good_file_is_imported_and_counts_in_the_results(world, org_c):
    wave = open_wave(world)
    data = HEADER + (
        "Alpha Charity,Beta Trust,CEO,3,4,4,dk,3,3,3\n"
        "GB-CHC-1164883,Gamma Works,CEO,1,2,2,2,,,\n"  # the official identifier names Alpha too
        "Beta Trust,alpha charity,Chair,coordinating,3,3,3,2,2,2\n"
    )
    assert importing.import_responses(actor=world.users["manager"], wave=wave, data=data.encode()) == 3
    assert Response.objects.filter(source="import").count() == 2  # Alpha's CEO and Beta's chair
    assert Rating.objects.filter(dont_know=True).count() == 1
    assert Contact.objects.get(about=world.org_a).level == 2
    services.wave_close(actor=world.users["manager"], wave=wave)
    orgs = {o["name"]: o for o in WaveResult.objects.get(wave=wave).detail["orgs"]}
    assert orgs["Beta Trust"]["trust_received"] == pytest.approx(4.0)
    assert orgs["Alpha Charity"]["trust_given"] == pytest.approx((4.0 + 2.0) / 2)


def test_any_bad_row_rejects_the_whole_file_with_every_problem(world, org_c):
    wave = open_wave(world)
    data = HEADER + (
        "Alpha Charity,Beta Trust,CEO,3,4,4,4,3,3,3\n"
        "Alpha Charity,Delta Org,CEO,3,4,4,4,3,3,3\n"
        "Beta Trust,Beta Trust,,1,,,,,,\n"
        "Beta Trust,Alpha Charity,,5,7,,,,,\n"
        "Alpha Charity,Beta Trust,CEO,3,4,4,4,3,3,3\n"
    )
    with pytest.raises(ImportRejected) as caught:
        importing.import_responses(actor=world.users["manager"], wave=wave, data=data)
    messages = [str(e) for e in caught.value.errors]
    assert any("row 3" in m and "“Delta Org” is not a member" in m for m in messages)
    assert any("row 4" in m and "cannot answer about itself" in m for m in messages)
    assert any("row 5" in m and "contact" in m for m in messages)
    assert any("row 5" in m and "reliability" in m and "1 to 4" in m for m in messages)
    assert any("row 6" in m and "already answered about this partner in row 2" in m for m in messages)
    assert not Response.objects.exists() and not Rating.objects.exists()


def test_unknown_columns_are_refused(world):
    wave = open_wave(world)
    with pytest.raises(ImportRejected, match="Unknown column"):
        importing.import_responses(actor=world.users["manager"], wave=wave,
                                   data="respondent_organisation,about_organisation,honesty\nA,B,3\n")
    assert not Response.objects.exists()


def test_no_import_after_closing(world):
    wave = open_wave(world)
    services.wave_close(actor=world.users["manager"], wave=wave)
    with pytest.raises(ImportRejected, match="closed"):
        importing.import_responses(actor=world.users["manager"], wave=wave, data=HEADER)


def test_the_page_and_template(world):
    wave = open_wave(world)
    client = world.client("manager")
    template = client.get(f"/p/{world.partnership.pk}/trust/import-template.csv")
    assert template["Content-Type"].startswith("text/csv")
    first_line = template.content.decode().splitlines()[0]
    assert first_line.split(",") == importing.COLUMNS
    url = f"/p/{world.partnership.pk}/trust/waves/{wave.pk}/import/"
    page = client.get(url).content.decode()
    assert all(f"<code>{c}</code>" in page for c in importing.COLUMNS)
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("a.csv", (HEADER + "Alpha Charity,Nobody,,1,,,,,,\n").encode(), "text/csv")
    response = client.post(url, {"file": bad})
    assert "Nothing was imported" in response.content.decode() and "“Nobody” is not a member" in \
        response.content.decode()
    good = SimpleUploadedFile("a.csv", (HEADER + "Alpha Charity,Beta Trust,,1,3,,,,,\n").encode(), "text/csv")
    assert client.post(url, {"file": good}).status_code == 302
    assert Rating.objects.count() == 1


def test_answers_about_the_partnership_as_a_whole_can_be_imported(world):
    from accord.trust.models import FactorAnswer

    wave = open_wave(world)
    data = ("respondent_organisation,about_organisation,respondent,reliability,vision1,roles1\n"
            "Alpha Charity,Beta Trust,CEO,3,,\n"
            "Alpha Charity,,CEO,,5,dk\n")
    assert importing.import_responses(actor=world.users["manager"], wave=wave, data=data) == 2
    assert Response.objects.count() == 1
    assert {(a.item.code, a.score, a.dont_know) for a in FactorAnswer.objects.all()} == {
        ("vision1", 5, False), ("roles1", None, True)}
    twice = ("respondent_organisation,about_organisation,respondent,vision1\n"
             "Beta Trust,,Chair,4\nBeta Trust,,Chair,6\nBeta Trust,,Chair,3\n")
    with pytest.raises(ImportRejected) as caught:
        importing.import_responses(actor=world.users["manager"], wave=wave, data=twice)
    messages = [str(e) for e in caught.value.errors]
    assert any("row 3" in m and "1 to 5" in m for m in messages)
    assert any("row 4" in m and "already in row 2" in m for m in messages)
    assert Response.objects.count() == 1


def test_partnership_answers_are_refused_for_a_wave_without_them(world):
    wave = open_wave(world, instruments=("relationships",))
    with pytest.raises(ImportRejected, match="does not ask about the partnership"):
        importing.import_responses(actor=world.users["manager"], wave=wave,
                                   data="respondent_organisation,about_organisation,vision1\nAlpha Charity,,4\n")
