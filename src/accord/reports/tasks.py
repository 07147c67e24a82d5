"""Background work for reports: producing a long report while its page shows progress."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from . import services


@db_task()
def produce(job_pk: int) -> None:
    services.job_run(job_pk)
