"""Background work for the charter."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="3", minute="10"))
def recheck_drafts() -> int:
    """Daily: a draft becomes agreed once every current member has signed, including when the last
    organisation still to sign has left the partnership."""
    from . import services

    return len(services.drafts_recheck(actor=None))


@db_periodic_task(crontab(hour="8", minute="30"))
def remind_unsigned_leaders() -> int:
    """Daily: on the 7th, 21st and 42nd day of a draft, remind the leaders who have not signed it."""
    from . import services

    return services.signoff_reminders()
