from __future__ import annotations

from typing import Any

from django import template
from django.core.cache import cache

from accord.core import freshness

from .. import selectors

register = template.Library()
UNREAD_CACHE_SECONDS = 60


@register.simple_tag(takes_context=True)
def unread_notices(context: Any) -> int:
    """The signed-in person's unread notices, counted once per request."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or not getattr(user, "is_authenticated", False):
        return 0
    if not hasattr(request, "_accord_unread_notices"):
        # kept under the data version stamp: a notice made, read or deleted anywhere changes it
        key = f"notices-unread:{request.user.pk}:{freshness.data_version()}"
        count = cache.get(key)
        if count is None:
            count = selectors.unread_count(user)
            cache.set(key, count, UNREAD_CACHE_SECONDS)
        request._accord_unread_notices = count
    return request._accord_unread_notices
