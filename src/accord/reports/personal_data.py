"""Personal data held by reports."""

from __future__ import annotations

from typing import Any

from accord.core.personal import Declaration, Erase, Find, Retention, register


def _old_jobs(partnership: Any, cutoff: Any) -> Any:
    from .models import ReportJob

    qs = ReportJob.objects.filter(created_at__lt=cutoff)
    return qs.filter(partnership=partnership) if partnership is not None else qs


def _delete(qs: Any) -> int:
    return int(qs.delete()[0])


def declare() -> None:
    register(
        Declaration(
            model="reports.ReportJob",
            fields={"requested_by": Erase.KEEP, "file": Erase.BLANK},
            purpose="A report produced in the background: who asked for it, and the file until they download it.",
            basis="legitimate interests", who="The person who asked, only.",
            retention="ACCORD_RETAIN_REPORT_JOBS_DAYS after it was asked for, then deleted; deleted on erasure, "
                      "and so is every report of the person's partnerships (it may name them).",
            subject={"requested_by": Find.USER}, on_erase="delete", made_from_records=True,
            retention_rules=(Retention(
                key="report-jobs", setting="ACCORD_RETAIN_REPORT_JOBS_DAYS", default_days=7,
                describe="Reports produced in the background, past the period: deleted with their files",
                due=_old_jobs, apply=_delete),),
        ),
    )
