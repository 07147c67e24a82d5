"""Background work for notices: e-mail a notice straight away once it is made, and every minute a
sweep that sends whatever is due and unsent (retries, digests whose period ended, and the claims of a
worker that died). The work itself is in sending.py."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import sending


@db_task()
def send_notice_emails(ids: list[int]) -> int:
    return sending.send_notices(ids).sent


@db_periodic_task(crontab(minute="*"))
def notices_sweep() -> int:
    return sending.sweep().sent
