"""Every CSV and XLSX file Accord writes goes through here, so that no cell can run as a spreadsheet formula.

A name typed into a public form ("=HYPERLINK(...)", "@SUM(...)") would otherwise run when a manager
opens the export in Excel or LibreOffice. Text that starts with =, +, -, @, a tab or a carriage return
is prefixed with a single quote (OWASP's advice for CSV injection); numbers stay numbers.

Column names are written in the language of the request (docs/translating.md, "Downloads"): a table of
them is marked with `gettext_noop` where it is declared (so it stays English there, for the code and
the API's descriptions) and passed through `translated()` when the file is written; lazy ones
(`gettext_lazy`) are resolved when written. A machine format whose column names are read back (the
trust answers template) or fixed by a standard is written as it is, never through `translated()`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def translated(columns: Iterable[Any]) -> list[str]:
    """Column names in the active language: each marked string (gettext_noop) looked up now, a lazy one
    resolved now. Call it while the request's language is active (a view, or `translation.override`)."""
    return [gettext(c) if isinstance(c, str) else str(c) for c in columns]


def safe_cell(value: Any) -> Any:
    """A value as it may go into a spreadsheet cell: formulas neutralised, None as empty."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unquote_cell(value: str) -> str:
    """The inverse for a file coming back in: a template Accord wrote, filled in and uploaded."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The rows as CSV text, every cell through safe_cell."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """An XLSX workbook, one sheet per (title, header, rows), every cell through safe_cell and written
    as a value (openpyxl would otherwise store text starting with "=" as a formula)."""
    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=_sheet_title(title))
        sheet.append([_xlsx_value(h) for h in header])
        for row in rows:
            sheet.append([_xlsx_value(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]], filename: str) -> HttpResponse:
    """An XLSX download offered as a file with this name."""
    return download(xlsx_bytes(sheets), XLSX_TYPE, filename, text=False)


def _sheet_title(title: str) -> str:
    """Sheet names are at most 31 characters and may not hold []:*?/\\."""
    cleaned = "".join(c for c in title if c not in "[]:*?/\\")[:31]
    return cleaned or "Sheet"


def _xlsx_value(value: Any) -> Any:
    from decimal import Decimal

    value = safe_cell(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if hasattr(value, "isoformat"):
        return value  # dates and datetimes: openpyxl writes them as dates
    return str(value)


def csv_response(header: Sequence[str], rows: Iterable[Sequence[Any]], filename: str) -> HttpResponse:
    """A CSV download: UTF-8 declared, offered as a file with this name."""
    return download(csv_text(header, rows), "text/csv", filename)


def download(body: str | bytes, content_type: str, filename: str, *, inline: bool = False,
             text: bool = True) -> HttpResponse:
    """A download with a file name that cannot break the header; a text one (the default) declares
    its charset (UTF-8), a binary one (text=False: XLSX, PDF) none."""
    charset = "; charset=utf-8" if text else ""
    response = HttpResponse(body, content_type=f"{content_type}{charset}")
    response["Content-Disposition"] = _disposition(not inline, filename)
    return response


def table_response(header: Sequence[str], rows: Iterable[Sequence[Any]], filename: str,
                   fmt: str = "csv", *, title: str = "") -> HttpResponse:
    """A table as a download, CSV or XLSX (`fmt`), formula-safe either way. `filename` is given
    without its extension; `title` names the XLSX sheet (in the reader's language; the file name when
    not given)."""
    if fmt == "xlsx":
        return xlsx_response([(str(title) or filename, header, rows)], f"{filename}.xlsx")
    if fmt != "csv":
        raise ValueError(f"Unknown export format {fmt!r}; use one of {FORMATS}")
    return csv_response(header, rows, f"{filename}.csv")


def _disposition(attachment: bool, filename: str) -> str:
    """The Content-Disposition header for a file name that cannot break it."""
    safe_name = "".join(c for c in filename if c.isprintable() and c not in "/\\") or "download"
    disposition = content_disposition_header(attachment, safe_name)
    assert disposition is not None  # None only when there is no file name
    return disposition
