"""Every CSV and spreadsheet (XLSX) Accord writes goes through here, so that no cell can run as a
spreadsheet formula. `table_response(header, rows, filename, fmt)` is the one call for either format.

A name typed into a public form ("=HYPERLINK(...)", "@SUM(...)") would otherwise run when a manager
opens the export in Excel or LibreOffice. Text that starts with =, +, -, @, a tab or a carriage return
is prefixed with a single quote (OWASP's advice for CSV injection); numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def csv_response(header: Sequence[str], rows: Iterable[Sequence[Any]], filename: str) -> HttpResponse:
    """A CSV download: UTF-8 declared, offered as a file with this name."""
    return download(csv_text(header, rows), "text/csv", filename)


def download(body: str | bytes, content_type: str, filename: str, *, inline: bool = False) -> HttpResponse:
    """A text download with its charset (UTF-8) and a file name that cannot break the header."""
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = _disposition(not inline, filename)
    return response


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str = "Export") -> bytes:
    """The rows as an XLSX workbook (openpyxl), every cell through safe_cell and stored as a value:
    text is never read as a formula, numbers and dates keep their type."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import TYPE_STRING

    book = Workbook(write_only=True)
    ws = book.create_sheet(title="".join(c for c in sheet if c not in "[]:*?/\\")[:31] or "Export")

    def cells(values: Sequence[Any]) -> list[Any]:
        out: list[Any] = []
        for value in values:
            value = safe_cell(value)
            if isinstance(value, str):
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type = TYPE_STRING  # openpyxl would otherwise take "=…" as a formula
                value = cell
            out.append(value)
        return out

    ws.append(cells(header))
    for row in rows:
        ws.append(cells(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_response(header: Sequence[str], rows: Iterable[Sequence[Any]], filename: str,
                   fmt: str = "csv") -> HttpResponse:
    """A table as a download, CSV or XLSX (`fmt`), formula-safe either way. `filename` is given
    without its extension."""
    if fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(header, rows), content_type=XLSX_TYPE)
        response["Content-Disposition"] = _disposition(True, f"{filename}.xlsx")
        return response
    if fmt != "csv":
        raise ValueError(f"Unknown export format {fmt!r}; use one of {FORMATS}")
    return csv_response(header, rows, f"{filename}.csv")


def _disposition(attachment: bool, filename: str) -> str:
    """The Content-Disposition header for a file name that cannot break it."""
    safe_name = "".join(c for c in filename if c.isprintable() and c not in "/\\") or "download"
    disposition = content_disposition_header(attachment, safe_name)
    assert disposition is not None  # None only when there is no file name
    return disposition
