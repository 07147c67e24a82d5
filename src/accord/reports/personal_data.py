"""Personal data held by reports."""

from __future__ import annotations

from accord.core.personal import Declaration, Erase, Find, register


def declare() -> None:
    register(
        Declaration(
            model="reports.ReportJob",
            fields={"requested_by": Erase.KEEP, "file": Erase.BLANK},
            purpose="Who asked for a report produced in the background, and the file until they download it.",
            basis="legitimate interests", who="The person who asked, only.",
            retention=f"Removed {REPORT_JOB_DAYS} days after it was asked for.",
            subject={"requested_by": Find.USER}, on_erase="delete",
        ),
    )


REPORT_JOB_DAYS = 7
