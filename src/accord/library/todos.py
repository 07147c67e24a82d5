"""What the library asks of one person, for "what needs me": requests for their organisation's items to
answer, and access granted to their organisation that is about to end."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accord.core.registry import Todo

from . import selectors
from .models import AccessRequest


def collect(user: Any, access: Any) -> list[Todo]:
    if not access.can("act"):
        return []
    pk = access.partnership.pk
    todos = []
    for req in selectors.requests_to_decide(access).filter(status=AccessRequest.Status.PENDING).order_by("created_at"):
        todos.append(Todo(kind="library.request", title=f"Answer {req.organisation.name}'s request for “{req.item.title}”",
                          url=reverse("library:requests", args=[pk]) + f"#request-{req.pk}", partnership_id=pk,
                          rank=35, detail=f"Asked {req.created_at:%-d %B %Y}"))
    today = timezone.localdate()
    horizon = today + dt.timedelta(days=settings.ACCORD_TODO_HORIZON_DAYS)
    for req in selectors.my_requests(access).filter(status=AccessRequest.Status.GRANTED, until__isnull=False,
                                                    until__gte=today, until__lte=horizon):
        todos.append(Todo(kind="library.grant_ending", title=f"Your access to “{req.item.title}” ends soon",
                          url=req.item.get_absolute_url(), partnership_id=pk, due=req.until, rank=60,
                          detail=f"Granted until {req.until:%-d %B %Y}; ask {req.item.owner_org.name} again if you "
                                 "still need it"))
    return todos
