"""What a reviewer found could still give away one person's answers: network measures worked out
from a lone respondent's reported contacts, the respondent names of an imported confidential wave,
and the manager's progress table of a closed confidential wave."""

import pytest

from accord.lib.csvimport import ImportRejected
from accord.trust import importing, selectors, services
from accord.trust.models import Response

from .conftest import answer, invitation, open_wave


@pytest.fixture
def wave(world, org_c):
    """Alpha: two people. Beta and Gamma: one person each, so what they said is withheld.
    Only Beta's lone leader reports contact with Gamma; nobody else reports any contact with Gamma."""
    wave = open_wave(world)
    answer(invitation(wave, "leader_a@example.org"), world.org_b, trust=4, value=4, contact=3)
    answer(invitation(wave, "staff_a@example.org"), world.org_b, trust=3, value=3, contact=2)
    answer(invitation(wave, "leader_b@example.org"), world.org_a, trust=1, value=1, contact=1)
    answer(invitation(wave, "leader_b@example.org"), org_c, trust=1, value=1, contact=3)
    answer(invitation(wave, "cleo@gamma.example"), world.org_b, trust=2, value=2, contact=0)
    services.wave_close(actor=world.users["manager"], wave=wave)
    return wave


def test_network_measures_leave_out_what_a_lone_respondent_reported(world, wave, org_c):
    # Stored, Gamma has one partner in contact: only Beta's one person said so.
    stored = {o["name"]: o for o in wave.result.detail["orgs"]}
    assert stored["Gamma Works"]["degree"] == 1
    api = world.client("manager").get(
        f"/api/partnerships/{world.partnership.pk}/trust/waves/{wave.pk}/organisations").json()
    orgs = {o["name"]: o for o in api}
    assert orgs["Gamma Works"]["degree"] == 0 and orgs["Gamma Works"]["degree_centrality"] == 0
    assert orgs["Beta Trust"]["degree"] == 1  # Alpha reported working with Beta
    assert orgs["Beta Trust"]["betweenness"] == 0  # Beta is a bridge to Gamma only through its own answer
    response = world.client("manager").get(wave.get_absolute_url())
    page_orgs = {o["name"]: o for o in response.context["orgs"]}
    assert page_orgs["Gamma Works"]["degree"] == 0
    central = response.context["central"]
    assert all(v == 0 for _, v in central["betweenness"])
    assert "not counted in the network map" in response.content.decode()


def test_network_measures_are_unchanged_when_nothing_is_withheld(world, wave, settings):
    settings.TRUST_NAMED_MIN_RESPONDENTS = 1
    shown = selectors.named_detail(wave, wave.result)
    for row, stored in zip(shown["orgs"], wave.result.detail["orgs"], strict=True):
        assert row["degree"] == stored["degree"] and row["betweenness"] == pytest.approx(stored["betweenness"])
    assert shown["central"] == wave.result.detail["central"]


HEADER = "respondent_organisation,about_organisation,respondent,contact,reliability\n"


def test_a_confidential_import_keeps_no_respondent_names(world, org_c):
    wave = open_wave(world, confidentiality="confidential")
    data = HEADER + ("Alpha Charity,Beta Trust,Jane Smith,3,4\n"
                     "Alpha Charity,Gamma Works,Jane Smith,2,3\n"
                     "Alpha Charity,Beta Trust,Sam Jones,1,2\n")
    assert importing.import_responses(actor=world.users["manager"], wave=wave, data=data.encode()) == 3
    imported = Response.objects.filter(wave=wave, source="import")
    assert imported.count() == 2  # the names still group rows into responses while importing
    assert set(imported.values_list("respondent", flat=True)) == {""}


def test_a_named_import_keeps_respondent_names(world, org_c):
    wave = open_wave(world)
    data = HEADER + "Alpha Charity,Beta Trust,Jane Smith,3,4\n"
    importing.import_responses(actor=world.users["manager"], wave=wave, data=data.encode())
    assert Response.objects.get(wave=wave, source="import").respondent == "Jane Smith"


def test_an_import_reports_every_problem_of_a_row(world, org_c):
    wave = open_wave(world)
    data = HEADER + "Nobody Org,Beta Trust,X,9,7\n"
    with pytest.raises(ImportRejected) as caught:
        importing.import_responses(actor=world.users["manager"], wave=wave, data=data.encode())
    columns = {e.column for e in caught.value.errors if e.row == 2}
    assert {"respondent_organisation", "contact", "reliability"} <= columns


def _confidential(world, org_c, close):
    wave = open_wave(world, confidentiality="confidential")
    for email, about in (("leader_a@example.org", world.org_b), ("leader_b@example.org", world.org_a),
                         ("cleo@gamma.example", world.org_a)):
        answer(invitation(wave, email), about)
    if close:
        services.wave_close(actor=world.users["manager"], wave=wave)
    return wave


def test_a_closed_confidential_wave_shows_only_total_progress(world, org_c):
    wave = _confidential(world, org_c, close=True)
    response = world.client("manager").get(wave.get_absolute_url())
    assert [r["organisation"] for r in response.context["progress"]] == ["All organisations"]
    [total] = response.context["progress"]
    assert total["started"] == 3 and total["invited"] == wave.invitations.count()
    assert "Gamma Works" not in response.content.decode().split('id="progress"')[1].split("</table>")[0]
    api = world.client("manager").get(
        f"/api/partnerships/{world.partnership.pk}/trust/waves/{wave.pk}/progress").json()
    assert [r["organisation"] for r in api] == ["All organisations"]


def test_an_open_confidential_wave_shows_progress_by_organisation(world, org_c):
    wave = _confidential(world, org_c, close=False)
    rows = world.client("manager").get(wave.get_absolute_url()).context["progress"]
    assert "Gamma Works" in [r["organisation"] for r in rows]


def test_the_start_page_says_progress_becomes_totals(world, org_c):
    wave = _confidential(world, org_c, close=False)
    token = services.survey_token(invitation(wave, "cleo@gamma.example"))
    page = world.client("anonymous").get(f"/survey/{token}/").content.decode()
    assert "Once it closes, only totals for the whole partnership" in page


def test_names_imported_into_confidential_waves_before_are_forgotten(world, org_c):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("accord.trust.migrations.0002_forget_confidential_respondents")
    confidential = open_wave(world, confidentiality="confidential", name="Confidential")
    services.wave_close(actor=world.users["manager"], wave=confidential)
    named = open_wave(world, name="Named")
    for wave in (confidential, named):
        Response.objects.create(wave=wave, organisation=world.org_a, respondent="Jane Smith", source="import")
    migration.forget(apps, None)
    assert Response.objects.get(wave=confidential).respondent == ""
    assert Response.objects.get(wave=named).respondent == "Jane Smith"
