"""Reading CSV uploads all-or-nothing: every row is checked first, and the caller saves only
when there are no errors at all. Errors name the row (as a spreadsheet shows it) and the column."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _


@dataclass
class RowError:
    row: int  # the line number a spreadsheet shows: the header is row 1
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row, "column": self.column, "message": self.message}
        return _("row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class ImportResult:
    rows: list[Any] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportRejected(Exception):
    """Raised by an import service when nothing was saved; `.errors` lists every problem."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors[:5]) + (" …" if len(errors) > 5 else ""))


def read_csv(
    data: bytes | str,
    *,
    required: Iterable[str],
    optional: Iterable[str] = (),
    parse_row: Callable[[dict[str, str], int], Any],
    max_rows: int = 50_000,
) -> ImportResult:
    """Parse `data`; `parse_row(row, line)` returns a parsed row or raises ValueError (message) or
    a list of RowError. Unknown or missing columns are reported before any row is read."""
    result = ImportResult()
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            result.errors.append(RowError(0, "", _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")))
            return result
    reader = csv.DictReader(io.StringIO(data))
    header = [h.strip() for h in (reader.fieldnames or [])]
    required, optional = list(required), list(optional)
    if not header:
        result.errors.append(RowError(1, "", _("The file is empty: the first row must name the columns.")))
        return result
    unknown = [h for h in header if h not in required and h not in optional]
    missing = [h for h in required if h not in header]
    if unknown:
        result.errors.append(
            RowError(1, "", _("Unknown column(s): %(unknown)s. Allowed: %(allowed)s.") % {
                "unknown": ", ".join(unknown), "allowed": ", ".join(required + optional)})
        )
    if missing:
        result.errors.append(RowError(1, "", _("Missing column(s): %(missing)s.") % {"missing": ", ".join(missing)}))
    if result.errors:
        return result
    reader.fieldnames = header
    for index, raw in enumerate(reader, start=2):
        if index - 1 > max_rows:
            result.errors.append(RowError(index, "", _("The file has more than %(max)s rows; split it.") % {"max": max_rows}))
            break
        if None in raw:
            result.errors.append(RowError(index, "", _("This row has more cells than there are columns.")))
            continue
        row = {k: (v or "").strip() for k, v in raw.items()}
        if not any(row.values()):
            continue
        try:
            result.rows.append(parse_row(row, index))
        except ValueError as exc:
            result.errors.append(RowError(index, getattr(exc, "column", ""), str(exc)))
        except RowErrors as exc:
            result.errors.extend(exc.errors)
    if not result.rows and not result.errors:
        result.errors.append(RowError(2, "", _("The file has a header but no rows.")))
    return result


class RowErrors(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(str(errors))


def column_error(column: str, message: str) -> ValueError:
    exc = ValueError(message)
    exc.column = column  # type: ignore[attr-defined]  # read back with getattr by the importer
    return exc
