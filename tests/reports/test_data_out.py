"""Data out: each file opened with a real reader (csv, openpyxl, NetworkX, the 360Giving schema), its
figures checked against the pages, each role given exactly what its pages show, nothing crossing
between two partnerships that share an organisation and a person, and formulas neutralised."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import networkx as nx
import pytest
from openpyxl import load_workbook

from accord.charter.models import Commitment
from accord.delivery import giving
from accord.delivery.models import Area, FundingStream, StageMove
from accord.governance.models import Action, Attendance, Decision, Meeting, Position
from accord.lib.exports import XLSX_TYPE
from accord.partners.models import Membership, Person
from accord.reports import dataout
from tests.governance.conftest import series  # noqa: F401  # the fixture
from tests.trust.conftest import answer, invitation, member_org, open_wave

pytestmark = pytest.mark.django_db


def base(world: Any) -> str:
    return f"/p/{world.partnership.pk}/reports/data"


def read_csv(response: Any) -> list[list[str]]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def read_xlsx(response: Any) -> list[list[Any]]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == XLSX_TYPE
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} is a formula"
    return [list(r) for r in sheet.iter_rows(values_only=True)]


@pytest.fixture
def records(world: Any, series: Any) -> dict[str, Any]:  # noqa: F811
    p, a, b = world.partnership, world.org_a, world.org_b
    c = Commitment.objects.create(partnership=p, title="=HYPERLINK(\"http://evil.example\",\"click\")", owner=a,
                                  made_on=dt.date(2024, 2, 1), due=dt.date(2024, 6, 1))
    Commitment.objects.create(partnership=p, title="Share the referral data", owner=b,
                              made_on=dt.date(2024, 2, 1), due=dt.date(2024, 5, 1), status="done",
                              done_on=dt.date(2024, 4, 20))
    meeting = series.meetings.order_by("start").first()
    Attendance.objects.filter(meeting=meeting).delete()
    Attendance.objects.create(meeting=meeting, person=world.people["leader_a"], organisation=a, senior=True,
                              status="attended")
    Attendance.objects.create(meeting=meeting, person=world.people["leader_b"], organisation=b, senior=True,
                              status="apologies")
    decision = Decision.objects.create(meeting=meeting, proposal="Adopt the shared referral form")
    Position.objects.create(decision=decision, organisation=a, stance="agree", comment="Yes")
    Position.objects.create(decision=decision, organisation=b, stance="object", comment="+ not yet")
    Action.objects.create(meeting=meeting, title="Draft the form", owner=world.people["staff_a"], organisation=a,
                          due=dt.date(2024, 3, 1))
    area = Area.objects.create(partnership=p, name="Hartlepool", ons_code="E06000001")
    StageMove.objects.create(area=area, stage="scoping", on=dt.date(2024, 2, 1))
    StageMove.objects.create(area=area, stage="live", on=dt.date(2024, 5, 1))
    stream = FundingStream.objects.create(partnership=p, title="Core grant", funder=world.funder_org,
                                          amount=Decimal("125000.50"), start=dt.date(2024, 4, 1),
                                          end=dt.date(2025, 3, 31))
    stream.partners.set([a, b])
    stream.areas.set([area])
    return {"commitment": c, "meeting": meeting, "decision": decision, "stream": stream}


# ---- each file, with a real reader, against the pages ---------------------------------------------

def test_commitments_csv_and_xlsx_hold_the_commitments_page_with_formulas_neutralised(world: Any, records: Any) -> None:
    client = world.client("manager")
    rows = read_csv(client.get(f"{base(world)}/commitments.csv"))
    assert rows[0][:3] == ["Id", "What is promised", "Organisation"]
    titles = {r[1] for r in rows[1:]}
    assert titles == {"'=HYPERLINK(\"http://evil.example\",\"click\")", "Share the referral data"}
    sheet = read_xlsx(client.get(f"{base(world)}/commitments.xlsx"))
    assert sheet[1][1].startswith("'=HYPERLINK")  # text, not a formula
    assert sheet[1][4] == dt.datetime(2024, 2, 1)  # a real date cell
    page = client.get(f"/p/{world.partnership.pk}/charter/commitments/").content.decode()
    assert "Share the referral data" in page


def test_decisions_file_holds_each_organisations_position(world: Any, records: Any) -> None:
    sheet = read_xlsx(world.client("leader_b").get(f"{base(world)}/decisions.xlsx"))
    header, body = sheet[0], sheet[1:]
    org, position, comment = header.index("Organisation"), header.index("Position"), header.index("Comment")
    assert {(r[org], r[position]) for r in body} == {
        ("Alpha Charity", Position.Stance.AGREE.label), ("Beta Trust", Position.Stance.OBJECT.label)}
    assert "'+ not yet" in {r[comment] for r in body}  # a leading "+" is escaped too


def test_meetings_actions_areas_and_funding_files(world: Any, records: Any) -> None:
    client = world.client("staff_a")
    meetings = read_csv(client.get(f"{base(world)}/meetings.csv"))
    came = {(r[4], r[8]) for r in meetings[1:] if r[0] == str(records["meeting"].pk)}
    assert came == {("Leader A", "Attended"), ("Leader B", "Sent apologies")}
    assert len({r[0] for r in meetings[1:]}) == Meeting.objects.filter(series__partnership=world.partnership).count()
    actions = read_csv(client.get(f"{base(world)}/actions.csv"))
    assert [r[2] for r in actions[1:]] == ["Draft the form"]
    areas = read_xlsx(client.get(f"{base(world)}/areas.xlsx"))
    assert [(r[1], r[4]) for r in areas[1:]] == [("Hartlepool", "Scoping"), ("Hartlepool", "Live")]
    funding = read_xlsx(client.get(f"{base(world)}/funding.xlsx"))
    assert funding[1][3] == 125000.5 and funding[1][8] == "Alpha Charity; Beta Trust"


def test_audit_trail_is_the_managers_only(world: Any, records: Any) -> None:
    rows = read_csv(world.client("manager").get(f"{base(world)}/audit.csv"))
    assert any(r[3] == "governance.series_created" or r[3].startswith("governance.") for r in rows[1:])
    for persona in ("leader_a", "staff_a", "funder"):
        assert world.client(persona).get(f"{base(world)}/audit.csv").status_code == 403
        assert world.client(persona).get(f"{base(world)}/audit.xlsx").status_code == 403


# ---- each role gets what its pages show ----------------------------------------------------------

EXPECTED = {
    "manager": {d.slug for d in dataout.DATASETS},
    "leader_a": {d.slug for d in dataout.DATASETS} - {"audit"},
    "staff_a": {"commitments", "actions", "decisions", "meetings", "areas", "funding"},
    "funder": {"areas", "funding"},
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_role_is_offered_and_served_exactly_its_files(world: Any, records: Any, persona: str) -> None:
    client = world.client(persona)
    page = client.get(f"{base(world)}/")
    assert page.status_code == 200
    offered = {d.slug for d in page.context["datasets"]}
    assert offered == EXPECTED[persona]
    api = client.get(f"/api/partnerships/{world.partnership.pk}/data").json()
    assert {f["name"] for f in api["files"]} == EXPECTED[persona]
    for d in dataout.DATASETS:
        for fmt in dataout.FORMATS:
            status = client.get(f"{base(world)}/{d.slug}.{fmt}").status_code
            assert status == (200 if d.slug in EXPECTED[persona] else 403), (d.slug, fmt, status)
        api_status = client.get(f"/api/partnerships/{world.partnership.pk}/data/{d.slug}?format=xlsx").status_code
        assert api_status == (200 if d.slug in EXPECTED[persona] else 403), (d.slug, api_status)


def test_outsider_is_told_not_found(world: Any, records: Any) -> None:
    client = world.client("outsider")
    assert client.get(f"{base(world)}/").status_code == 404
    assert client.get(f"{base(world)}/funding.csv").status_code == 404
    assert client.get(f"{base(world)}/360giving.json").status_code == 404


def test_two_partnerships_sharing_an_organisation_and_a_person_share_nothing(world: Any, records: Any) -> None:
    other = world.other
    Membership.objects.create(partnership=other, organisation=world.org_a, joined=dt.date(2024, 1, 1))
    Person.objects.create(partnership=other, organisation=world.org_a, name="Leader A in other",
                          email="leader_a@example.org", start_date=dt.date(2024, 1, 1), user=world.users["leader_a"])
    Commitment.objects.create(partnership=other, title="Other's secret promise", owner=world.org_a,
                              due=dt.date(2024, 9, 1))
    FundingStream.objects.create(partnership=other, title="Other's grant", funder=world.other_org,
                                 amount=Decimal("99"), start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    client = world.client("manager")
    for d in dataout.DATASETS:
        body = client.get(f"{base(world)}/{d.slug}.csv").content.decode()
        assert "Other's" not in body and "Leader A in other" not in body, d.slug
    assert "Other's grant" not in client.get(f"{base(world)}/360giving.json").content.decode()


# ---- trust: named waves only, the wave page's withholding ----------------------------------------

@pytest.fixture
def waves(world: Any) -> dict[str, Any]:
    org_c = member_org(world, "Gamma Works", "Cleo Leader", "cleo@gamma.example")
    named = open_wave(world, name="Spring survey")
    answer(invitation(named, "leader_a@example.org"), world.org_b, trust=4, value=4, contact=3)
    answer(invitation(named, "staff_a@example.org"), world.org_b, trust=3, value=3, contact=2)
    answer(invitation(named, "leader_b@example.org"), world.org_a, trust=1, value=1, contact=1)
    answer(invitation(named, "leader_b@example.org"), org_c, trust=1, value=1, contact=3)
    answer(invitation(named, "cleo@gamma.example"), world.org_b, trust=2, value=2, contact=0)
    from accord.trust import services

    services.wave_close(actor=world.users["manager"], wave=named)
    secret = open_wave(world, name="Secret survey", confidentiality="confidential")
    for email in ("leader_a@example.org", "leader_b@example.org", "cleo@gamma.example"):
        answer(invitation(secret, email), world.org_a if email != "leader_a@example.org" else world.org_b,
               trust=4, value=4, contact=3)
    services.wave_close(actor=world.users["manager"], wave=secret)
    named.refresh_from_db()
    return {"named": named, "secret": secret, "org_c": org_c}


def test_trust_by_organisation_matches_the_wave_page(world: Any, waves: Any) -> None:
    client = world.client("leader_a")
    sheet = read_xlsx(client.get(f"{base(world)}/trust-organisations.xlsx"))
    header, body = sheet[0], sheet[1:]
    assert {r[0] for r in body} == {"Spring survey"}  # the confidential survey never leaves its page
    page = client.get(waves["named"].get_absolute_url()).context["orgs"]
    received = header.index("Trust received")
    assert {r[2]: r[received] for r in body} == {o["name"]: o["trust_received"] for o in page}
    given = header.index("Trust given")
    assert {r[2]: r[given] for r in body}["Gamma Works"] is None  # one person's answers withheld, as on the page


def test_trust_by_relationship_leaves_out_what_a_lone_respondent_said(world: Any, waves: Any) -> None:
    rows = read_csv(world.client("manager").get(f"{base(world)}/trust-relationships.csv"))
    pairs = {(r[2], r[3]) for r in rows[1:]}
    assert ("Alpha Charity", "Beta Trust") in pairs
    assert not any(frm in ("Beta Trust", "Gamma Works") for frm, _ in pairs)  # one person each: withheld


def test_trust_network_as_graphml_and_pajek_read_by_networkx(world: Any, waves: Any, tmp_path: Any) -> None:
    client = world.client("manager")
    named = waves["named"]
    page = client.get(f"{base(world)}/")
    assert [w.pk for w in page.context["waves"]] == [named.pk]
    graphml = client.get(f"{base(world)}/trust/{named.pk}/network.graphml")
    assert graphml.status_code == 200
    (tmp_path / "n.graphml").write_bytes(graphml.content)
    g = nx.read_graphml(tmp_path / "n.graphml")
    assert set(g.nodes) == {"Alpha Charity", "Beta Trust", "Gamma Works"}
    assert set(g.edges) == {("Alpha Charity", "Beta Trust")}  # Beta's and Gamma's lone answers withheld
    assert g.edges["Alpha Charity", "Beta Trust"]["trust"] == pytest.approx(3.5)
    pajek = client.get(f"{base(world)}/trust/{named.pk}/network.net")
    (tmp_path / "n.net").write_bytes(pajek.content)
    pg = nx.read_pajek(tmp_path / "n.net")
    assert set(pg.nodes) == set(g.nodes)
    assert {(a, b) for a, b, _ in pg.edges} == {("Alpha Charity", "Beta Trust")}
    api = client.get(f"/api/partnerships/{world.partnership.pk}/data/trust/{named.pk}/network?format=pajek")
    assert api.status_code == 200 and api.content == pajek.content


def test_trust_files_refused_to_staff_and_funders_and_for_confidential_waves(world: Any, waves: Any) -> None:
    named, secret = waves["named"], waves["secret"]
    for persona in ("staff_a", "funder"):
        client = world.client(persona)
        assert client.get(f"{base(world)}/trust-organisations.csv").status_code == 403
        assert client.get(f"{base(world)}/trust/{named.pk}/network.graphml").status_code == 403
        assert not client.get(f"{base(world)}/").context["waves"]
    manager = world.client("manager")
    assert manager.get(f"{base(world)}/trust/{secret.pk}/network.graphml").status_code == 403
    assert manager.get(f"/api/partnerships/{world.partnership.pk}/data/trust/{secret.pk}/network").status_code == 403


# ---- 360Giving --------------------------------------------------------------------------------------

def test_funding_as_360giving_json_is_valid_against_the_shipped_schema(world: Any, records: Any) -> None:
    FundingStream.objects.create(partnership=world.partnership, title="No partner named", funder=world.funder_org,
                                 amount=Decimal("10"), start=dt.date(2024, 1, 1), end=dt.date(2024, 2, 1))
    response = world.client("funder").get(f"{base(world)}/360giving.json")
    assert response.status_code == 200
    package = json.loads(response.content)
    validator = giving.grant_validator()
    for grant in package["grants"]:
        assert not list(validator.iter_errors(grant)), list(validator.iter_errors(grant))
    assert [g["title"] for g in package["grants"]] == ["Core grant"]  # a grant needs a recipient
    grant = package["grants"][0]
    assert grant["amountAwarded"] == 125000.5
    assert [o["id"] for o in grant["recipientOrganization"]] == ["GB-CHC-1164883", "GB-CHC-1090095"]
    assert grant["fundingOrganization"][0]["name"] == "Gamma Fund"
    # and it reads back through Accord's own 360Giving import
    assert giving.parse(response.content)[0]["id"] == grant["id"]
    api = world.client("funder").get(f"/api/partnerships/{world.partnership.pk}/data/360giving")
    assert json.loads(api.content) == package
