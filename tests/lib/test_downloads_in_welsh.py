"""Every CSV and XLSX download a person gets names its columns in the language of the request (Welsh
here), except the files whose column names are a fixed machine format (FIXED): those keep the English
whatever the page speaks, and what reads them back reads them in any language.

The downloads are found from the URL patterns (every address ending in .csv or .xlsx), so a new
download that is in neither list fails `test_every_download_is_listed` until it is decided."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation
from openpyxl import load_workbook

from accord.lib import exports
from accord.lib.exports import XLSX_TYPE
from accord.trust import services as trust_services
from tests.mailing.conftest import lists  # noqa: F401 - the fixture
from tests.trust.conftest import answer, invitation, open_wave

WELSH = {"HTTP_ACCEPT_LANGUAGE": "cy"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
# machine formats: their column names are read back by an import (the trust answers template names its
# columns with the question codes the import reads), so they stay as they are in every language
FIXED = {"trust:import-template"}
# column names that are the same word in Welsh
SAME_IN_BOTH = {"Person", "Partner"}
FAILS: list[str] = []


def _routes(patterns: list[Any], namespace: str = "", prefix: str = "") -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            found += _routes(p.url_patterns, ns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            if route.endswith((".csv", ".xlsx")):
                found.append((f"{namespace}{p.name}", route))
    return found


def _headers(response: Any) -> list[list[str]]:
    """The header row of each table in the file (one for a CSV, one a sheet for an XLSX), the sheet
    titles first."""
    assert response.status_code == 200, (response.status_code, response.content[:300])
    if response["Content-Type"] == XLSX_TYPE:
        book = load_workbook(io.BytesIO(response.content))
        return [list(book.sheetnames)] + [
            [str(c) for c in next(s.iter_rows(values_only=True))] for s in book.worksheets
        ]
    return [next(csv.reader(io.StringIO(response.content.decode("utf-8"))))]


@pytest.fixture
def everything(world: Any, lists: Any) -> dict[str, Any]:  # noqa: F811
    wave = open_wave(world)
    answer(invitation(wave, "leader_a@example.org"), world.org_b)
    answer(invitation(wave, "leader_b@example.org"), world.org_a)
    trust_services.wave_close(actor=world.users["manager"], wave=wave)
    return {"pk": world.partnership.pk, "wave_pk": wave.pk, "list_pk": lists.shared.pk}


def _address(route: str, ids: dict[str, Any]) -> str:
    for name, value in ids.items():
        route = route.replace(f"<int:{name}>", str(value))
    assert "<" not in route, route
    return "/" + route.lstrip("^")


def test_every_download_is_listed(everything: Any) -> None:
    routes = _routes(get_resolver().url_patterns)
    assert len(routes) > 20  # the walk found them
    for name, route in routes:
        assert "<" not in _address(route, everything), name


def _untranslated(english: list[list[str]], welsh: list[list[str]]) -> list[str]:
    return [
        e
        for e_row, w_row in zip(english, welsh, strict=True)
        for e, w in zip(e_row, w_row, strict=True)
        if e == w and e not in SAME_IN_BOTH and e.strip()
    ]


def test_every_download_names_its_columns_in_welsh(world: Any, everything: Any) -> None:
    client = world.client("manager")
    checked = 0
    for name, route in _routes(get_resolver().url_patterns):
        address = _address(route, everything)
        english, welsh = _headers(client.get(address, **ENGLISH)), _headers(client.get(address, **WELSH))
        assert len(english) == len(welsh) and [len(r) for r in english] == [len(r) for r in welsh], name
        if name in FIXED:
            assert welsh == english, f"{name} is a fixed format: its columns stay as they are"
        else:
            if _untranslated(english, welsh):
                FAILS.append(f"{name}: {_untranslated(english, welsh)}")
        checked += 1
    assert checked >= 20
    assert not FAILS, "\n".join(FAILS)


def test_the_funders_portfolio_names_its_columns_in_welsh(world: Any) -> None:
    client = world.client("funder")
    for fmt in exports.FORMATS:
        english = _headers(client.get(f"/funders/?format={fmt}", **ENGLISH))
        welsh = _headers(client.get(f"/funders/?format={fmt}", **WELSH))
        assert english[-1][0] == "Partnership" and not _untranslated(english, welsh)


def test_the_partnership_report_spreadsheet_names_its_sheets_and_columns_in_welsh(world: Any) -> None:
    client = world.client("manager")
    address = f"/p/{world.partnership.pk}/reports/partnership-report/download?format=xlsx&quarter=2026-Q3"
    english, welsh = _headers(client.get(address, **ENGLISH)), _headers(client.get(address, **WELSH))
    assert "Charter" in english[0] and "Siarter" in welsh[0]
    assert not _untranslated(english, welsh)
    assert len(set(welsh[0])) == len(welsh[0]) and all(len(title) <= 31 for title in welsh[0])


def test_the_trust_answers_template_in_welsh_is_read_back_by_the_import(world: Any) -> None:
    from accord.trust import importing

    body = world.client("manager").get(f"/p/{world.partnership.pk}/trust/import-template.csv", **WELSH)
    rows = list(csv.reader(io.StringIO(body.content.decode())))
    assert rows[0] == importing.COLUMNS
    data = "\n".join(",".join(f'"{c}"' for c in row) for row in rows)
    with translation.override("cy"):
        assert importing.import_responses(actor=world.users["manager"], wave=open_wave(world), data=data) == 1


def test_headers_are_translated_when_the_file_is_written() -> None:
    """A table of column names marked with gettext_noop is translated at export time, in the language
    active then; lazy ones too."""
    from django.utils.translation import gettext_lazy, gettext_noop

    columns = (gettext_noop("Organisation"), gettext_lazy("Organisation"))
    with translation.override("cy"):
        assert exports.translated(columns) == ["Sefydliad", "Sefydliad"]
        assert (
            next(csv.reader(io.StringIO(exports.csv_text(exports.translated(columns), []))))
            == ["Sefydliad"] * 2
        )
    with translation.override("en"):
        assert exports.translated(columns) == ["Organisation", "Organisation"]
