from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from . import policy, todos
from .models import AuditEntry


def index(request: HttpRequest) -> HttpResponse:
    """For a signed-in person: what waits for them across all their partnerships, most urgent first."""
    if not request.user.is_authenticated:
        return redirect("accounts:sign-in")
    groups = todos.for_user(request.user)
    return render(request, "core/needs_me.html", {"groups": groups, "todos": todos.flat(groups),
                                                  "section": "needs-me"})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 403 page: its words follow what was attempted (policy.refusal_message), so someone who only
    opened a page is not told they cannot change it."""
    message = policy.refusal_message(exception, request.method or "GET") if exception else ""
    return render(request, "403.html", {"message": message}, status=403)


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers and monitors: the database and the task queue's store, each "ok" or
    "error" (either one down: 503); and the background worker, "ok" when its heartbeat (core.tasks) is
    newer than ACCORD_WORKER_STALE_SECONDS, else "down". A stopped worker does not take the web servers
    out of a load balancer (status "degraded", 200) unless the monitor asks with ?worker=required."""
    state: dict[str, object] = {"database": "ok", "queue": "ok", "worker": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure means the database is not usable
        state["database"] = "error"
    try:
        from huey.contrib.djhuey import HUEY

        from .tasks import last_seen

        state["queue_pending"] = HUEY.pending_count()
        if not HUEY.immediate:  # immediate mode (debugging, tests) runs tasks in the web process
            seen = last_seen()
            state["worker_seen_seconds_ago"] = None if seen is None else round(time.time() - seen)
            if seen is None or time.time() - seen > settings.ACCORD_WORKER_STALE_SECONDS:
                state["worker"] = "down"
    except Exception:  # noqa: BLE001
        state["queue"] = "error"
        state["worker"] = "unknown"
    healthy = state["database"] == "ok" and state["queue"] == "ok"
    worker_ok = state["worker"] == "ok"
    status = "ok" if healthy and worker_ok else ("degraded" if healthy else "error")
    code = 200 if healthy and (worker_ok or request.GET.get("worker") != "required") else 503
    return JsonResponse({"status": status, **state}, status=code)


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
