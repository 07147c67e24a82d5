"""Background work for proposals: reminders to those who have not answered, and closing on the date."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="*/15"))
def proposals_tick() -> tuple[int, int]:
    """Every quarter hour: close proposals whose date came (asking the author for the outcome), then send
    the reminders due (each once per proposal per reminder point)."""
    return services.closings_record(), services.reminders_send()
