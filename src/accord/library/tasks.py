"""The library's scheduled work: a signed checkpoint of each access record once a day.

Leaders see the checkpoints on the access record page and download them to keep outside Accord;
Accord also checks every later verification against the ones it keeps.
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(hour="2", minute="40"))
def daily_checkpoints() -> int:
    """Sign the head of every access record that grew since its last checkpoint."""
    return len(services.checkpoints_daily())
