"""Reads of notices: a person's own (across their partnerships) and a partnership's record of what
was sent to whom."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accord.core import policy

from .models import Notice


def for_user(user: Any, *, unread_only: bool = False) -> QuerySet[Notice]:
    """The user's own notices: those of Person rows linked to their account, in partnerships where
    they still hold a role. Never anyone else's, whatever partnership they share."""
    if not getattr(user, "is_authenticated", False):
        return Notice.objects.none()
    qs = Notice.objects.filter(person__user=user, partnership__in=policy.partnerships_for(user)).select_related(
        "partnership")
    return qs.filter(read_at__isnull=True) if unread_only else qs


def unread_count(user: Any) -> int:
    """For the header of every page: one COUNT query (the roles it filters by are cached per request)."""
    return for_user(user, unread_only=True).count()


def sent_in(partnership: Any) -> QuerySet[Notice]:
    """What this partnership's notices were, to whom, and how each was delivered (the manager's page)."""
    return Notice.objects.filter(partnership=partnership).select_related("person__organisation", "digest")
