"""Report downloads. Each fetches through core.policy first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from accord.core import policy
from accord.governance import selectors as governance_selectors
from accord.health import selectors as health

from . import dataout, files
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
