"""What the library asks of one person, for "what needs me": requests for their organisation's items to
answer, and access granted to their organisation that is about to end."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accord.core.registry import Todo

from . import selectors
from .models import AccessRequest


def collect(user: Any, access: Any) -> list[Todo]:
    if not access.can("act"):
        return []
    pk = access.partnership.pk
    todos = []
    for req in selectors.requests_to_decide(access).filter(status=AccessRequest.Status.PENDING).order_by("created_at"):
        todos.append(Todo(kind="library.request", title=_("Answer %(org)s's request for “%(item)s”") % {
                              "org": req.organisation.name, "item": req.item.title},
                          url=reverse("library:requests", args=[pk]) + f"#request-{req.pk}", partnership_id=pk,
                          rank=35, detail=_("Asked %(date)s") % {"date": date_format(req.created_at, "j F Y")}))
    today = timezone.localdate()
    horizon = today + dt.timedelta(days=settings.ACCORD_TODO_HORIZON_DAYS)
    for req in selectors.my_requests(access).filter(status=AccessRequest.Status.GRANTED, until__isnull=False,
                                                    until__gte=today, until__lte=horizon):
        assert req.until is not None  # filtered on until__gte
        todos.append(Todo(kind="library.grant_ending", title=_("Your access to “%(item)s” ends soon") % {"item": req.item.title},
                          url=req.item.get_absolute_url(), partnership_id=pk, due=req.until, rank=60,
                          detail=_("Granted until %(date)s; ask %(org)s again if you still need it") % {
                              "date": date_format(req.until, "j F Y"), "org": req.item.owner_org.name}))
    return todos
