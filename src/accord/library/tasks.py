"""The library's scheduled work: a signed checkpoint of each access record once a day, and each
week the latest one e-mailed to the partnership's senior leaders and manager.

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


@db_periodic_task(crontab(day_of_week="1", hour="3", minute="10"))
def weekly_checkpoint_mail() -> int:
    """Each Monday, e-mail the latest checkpoint to every partnership's senior leaders and manager."""
    return services.checkpoints_weekly()


@db_periodic_task(crontab(hour="6", minute="50"))
def grants_ending() -> int:
    """Daily: tell the holders of grants that end within a week."""
    return services.grants_ending_notify()
