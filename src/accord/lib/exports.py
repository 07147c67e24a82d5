"""Every CSV Accord writes goes through here, so that no cell can run as a spreadsheet formula.

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
    safe_name = "".join(c for c in filename if c.isprintable() and c not in "/\\") or "download"
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    disposition = content_disposition_header(not inline, safe_name)
    assert disposition is not None  # None only when there is no file name
    response["Content-Disposition"] = disposition
    return response
