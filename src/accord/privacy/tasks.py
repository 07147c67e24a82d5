from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task()
def prepare_export(pk: int) -> None:
    from .services import prepare_export as run

    run(pk)


@db_periodic_task(crontab(minute="40", hour="3"))
def enforce_retention() -> None:
    from .retention import enforce

    enforce()
