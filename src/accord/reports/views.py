"""Report downloads. Each fetches through core.policy first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from accord.core import policy
from accord.health import selectors as health

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
