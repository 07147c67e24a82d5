"""Reads of health that other apps use (reports, the API): the readiness check and the funders'
portfolio, both from stored data. Other apps read health through here."""

from __future__ import annotations

from .portfolio import Row, rows_for, sort_and_filter
from .readiness import check as readiness

__all__ = ["Row", "readiness", "rows_for", "sort_and_filter"]
