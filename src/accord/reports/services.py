"""Reports produced in the background: asking for one, producing it with progress, handing it over.

The worker makes the file with the access the person has when it runs (core.policy), and the download
checks again that they still hold the role it was made for."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from accord.core import policy
from accord.core.audit import log_action
from accord.lib import languages, queue

from . import quarterly
from .models import ReportJob

log = logging.getLogger(__name__)
produce_later: queue.Later[[int]] = queue.Later("reports.produce")

# stored on the job in English (the worker has no reader's language); the job page translates them when shown
FAILED_UNEXPECTEDLY = gettext_noop("Something went wrong while producing the report. Ask for it again; if it happens "
                                   "again, tell the site's administrator.")
NO_LONGER = gettext_noop("You no longer have access to this partnership's reports, so the report was not produced.")
ROLE_CHANGED = gettext_noop("Your role in the partnership changed since you asked for this report, so it may hold what "
                            "your role no longer sees. Ask for it again.")
# a part of the work that is not gathering figures: laying out the file
RENDER_STEPS = 1


def job_start(*, actor: Any, access: policy.Access, period: quarterly.Period, fmt: str) -> ReportJob:
    """Ask for a report in the background; in tests (huey immediate) it is ready on return."""
    if fmt not in quarterly.FORMATS:
        raise ValidationError({"fmt": gettext("Choose PDF or spreadsheet.")})
    queue.check()
    with transaction.atomic():
        job = ReportJob.objects.create(partnership=access.partnership, requested_by=actor, role=access.role,
                                       fmt=fmt, start=period.start, end=period.end)
        log_action(actor, "reports.report.requested", job,
                   {"kind": job.kind, "format": fmt, "start": period.start.isoformat(), "end": period.end.isoformat()},
                   partnership=access.partnership)
    queue.enqueue(produce_later, job.pk)
    job.refresh_from_db()
    return job


def job_run(job_pk: int) -> None:
    """The worker's part: gather the figures with progress, lay out the file, keep it."""
    waiting = ReportJob.objects.filter(pk=job_pk, state=ReportJob.State.WAITING)
    job = waiting.select_related("requested_by", "partnership").first()
    if job is None or not waiting.update(state=ReportJob.State.WORKING):
        return  # already taken (a task run twice)
    mine = ReportJob.objects.filter(pk=job_pk)
    try:
        access = policy.get_partnership(job.requested_by, job.partnership_id)
    except (PermissionDenied, Http404):
        mine.update(state=ReportJob.State.FAILED, problem=NO_LONGER, finished_at=timezone.now())
        return
    if access.role != job.role:
        mine.update(state=ReportJob.State.FAILED, problem=ROLE_CHANGED, finished_at=timezone.now())
        return

    steps = {"total": RENDER_STEPS}

    def progress(done: int, total: int) -> None:
        steps["total"] = total + RENDER_STEPS
        mine.update(done=done, total=steps["total"])

    try:
        # the worker has no reader: the file speaks the asker's language (their account's, else the partnership's)
        with translation.override(languages.for_recipient(user=job.requested_by, partnership=job.partnership)):
            data = quarterly.gather(access, quarterly.Period(job.start, job.end), progress=progress)
            body = quarterly.render(data, job.fmt)
    except Exception:
        mine.update(state=ReportJob.State.FAILED, problem=FAILED_UNEXPECTEDLY, finished_at=timezone.now())
        raise
    mine.update(state=ReportJob.State.READY, file=body, filename=quarterly.filename(data, job.fmt),
                done=steps["total"], total=steps["total"], finished_at=timezone.now())


def job_for(user: Any, pk: int, job_pk: int) -> tuple[ReportJob, policy.Access]:
    """One of this user's own report jobs in this partnership; another's, or another partnership's, is
    not found. A ready file made for a role they no longer hold is refused."""
    access = policy.get_partnership(user, pk)
    job = ReportJob.objects.filter(partnership=access.partnership, requested_by=user, pk=job_pk).first()
    if job is None:
        raise Http404("Not found")
    return job, access


def job_file(user: Any, pk: int, job_pk: int) -> ReportJob:
    job, access = job_for(user, pk, job_pk)
    if job.role != access.role:
        raise PermissionDenied(ROLE_CHANGED)
    if job.state != ReportJob.State.READY:
        raise Http404(gettext("This report is not ready yet."))
    return job


def jobs_of(user: Any, access: policy.Access) -> list[ReportJob]:
    return list(ReportJob.objects.filter(partnership=access.partnership, requested_by=user).defer("file")[:10])
