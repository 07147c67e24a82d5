"""Report downloads. Each fetches through core.policy first."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify

from accord.core import policy
from accord.governance import selectors as governance_selectors
from accord.health import selectors as health
from accord.lib.exports import download
from accord.lib.formerrors import apply_errors

from . import dataout, files, quarterly, services
from .forms import ReportForm
from .models import ReportJob
from .pdf import readiness_pdf


@login_required
def readiness_download(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk)
    p = access.partnership
    today = timezone.localdate()
    members = [m.organisation.name for m in p.current_memberships(today).select_related("organisation")]
    data = readiness_pdf(partnership_name=p.name, purpose=p.purpose, result=health.readiness(p, today),
                         checked_on=today, members=members)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="readiness-{slugify(p.name)}-{today}.pdf"'
    return response


@login_required
def data_out(request: HttpRequest, pk: int) -> HttpResponse:
    """The files this role may take away: the same records the pages show it, nothing more."""
    access = policy.get_partnership(request.user, pk)
    meetings = []
    if access.can("view_members"):
        now = timezone.now()
        upcoming = list(governance_selectors.meetings(access.partnership).filter(start__gte=now).order_by("start")[:3])
        past = list(governance_selectors.meetings(access.partnership).filter(start__lt=now).order_by("-start")[:12])
        meetings = upcoming[::-1] + past
    return render(request, "reports/data_out.html", {"section": "data-out",
        "access": access, "datasets": dataout.datasets_for(access), "waves": dataout.network_waves(access),
        "meetings": meetings})


@login_required
def dataset_download(request: HttpRequest, pk: int, slug: str, fmt: str) -> HttpResponse:
    return files.dataset(request.user, pk, slug, fmt)


@login_required
def giving_download(request: HttpRequest, pk: int) -> HttpResponse:
    return files.giving(request.user, pk)


@login_required
def network_download(request: HttpRequest, pk: int, wave_pk: int, fmt: str) -> HttpResponse:
    return files.network(request.user, pk, wave_pk, fmt)


@login_required
def meeting_pack_download(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    return files.meeting_pack(request.user, pk, meeting_pk)


JOB_REFRESH_SECONDS = 3


def _report_page(request: HttpRequest, access: policy.Access, form: ReportForm, status: int = 200) -> HttpResponse:
    return render(request, "reports/quarterly_page.html", {
        "section": "data-out", "access": access, "form": form, "jobs": services.jobs_of(request.user, access),
        "version_label": quarterly.VERSION_LABELS[quarterly.version_of(access)]}, status=status)


@login_required
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose a period and a file; download the report at once ("now"), or have it produced in the
    background (then its own page shows the progress)."""
    access = policy.get_partnership(request.user, pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        period, fmt = form.cleaned_data["period"], form.cleaned_data["format"]
        if request.POST.get("how") != "background":
            return files.quarterly_report(request.user, pk, fmt, period)
        try:
            job = services.job_start(actor=request.user, access=access, period=period, fmt=fmt)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("reports:job", pk, job.pk)
    return _report_page(request, access, form, status=400 if form.errors else 200)


@login_required
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The report made now, for the period and format in the query string."""
    access = policy.get_partnership(request.user, pk)
    form = ReportForm(request.GET)
    if not form.is_valid():
        return _report_page(request, access, form, status=400)
    return files.quarterly_report(request.user, pk, form.cleaned_data["format"], form.cleaned_data["period"])


@login_required
def job_page(request: HttpRequest, pk: int, job_pk: int) -> HttpResponse:
    job, access = services.job_for(request.user, pk, job_pk)
    working = job.state in (ReportJob.State.WAITING, ReportJob.State.WORKING)
    return render(request, "reports/job.html", {"section": "data-out", "access": access, "job": job,
                                                "working": working, "refresh_seconds": JOB_REFRESH_SECONDS,
                                                "stale_role": job.role != access.role,
                                                "keep_days": settings.ACCORD_RETAIN_REPORT_JOBS_DAYS})


@login_required
def job_download(request: HttpRequest, pk: int, job_pk: int) -> HttpResponse:
    job = services.job_file(request.user, pk, job_pk)
    return download(bytes(job.file or b""), quarterly.CONTENT_TYPES[job.fmt], job.filename, text=False)
