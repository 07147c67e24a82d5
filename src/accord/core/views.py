from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from . import policy
from .models import AuditEntry


def index(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("partners:list")
    return redirect("accounts:sign-in")


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers: the database and the task queue, each "ok" or "error"."""
    state = {"database": "ok", "queue": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure means the database is not usable
        state["database"] = "error"
    try:
        from huey.contrib.djhuey import HUEY

        state["queue_pending"] = HUEY.pending_count()
    except Exception:  # noqa: BLE001
        state["queue"] = "error"
    healthy = state["database"] == "ok" and state["queue"] == "ok"
    return JsonResponse({"status": "ok" if healthy else "error", **state}, status=200 if healthy else 503)


@login_required
def audit_log(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="audit")
    entries = AuditEntry.objects.filter(partnership=access.partnership).select_related("actor")
    action = request.GET.get("action", "").strip()
    if action:
        entries = entries.filter(action__startswith=action)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request, "core/audit_log.html", {"access": access, "page": page, "action": action, "section": "audit"}
    )
