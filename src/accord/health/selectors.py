"""Reads of health that other apps use (reports, the API): the readiness check, the funders'
portfolio, and the index as a role sees it, all from stored data. Other apps read health through here."""

from __future__ import annotations

from .portfolio import Row, rows_for, sort_and_filter
from .readiness import check as readiness
from .summary import evidence, explanation, leader_changes, open_alerts, seen, snapshots, warnings_in

__all__ = ["Row", "evidence", "explanation", "leader_changes", "open_alerts", "readiness", "rows_for", "seen", "snapshots", "sort_and_filter",
           "warnings_in"]
