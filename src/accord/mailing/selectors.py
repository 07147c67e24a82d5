"""Reads of mailing that other apps use (the API, the demo): which lists a person manages, how many
subscribers each has by status, and how far a campaign has gone. Other apps read mailing through here,
never through its models or its sending machinery."""

from __future__ import annotations

from .access import get_list, managed_lists, status_counts, status_counts_many
from .progress import progress, progress_many

__all__ = ["get_list", "managed_lists", "progress", "progress_many", "status_counts", "status_counts_many"]
