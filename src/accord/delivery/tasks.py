"""Background work for delivery: checking a large 360Giving file while its page shows progress."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from . import giving


@db_task()
def check_import(pending_pk: int) -> None:
    giving.check_pending(pending_pk)
