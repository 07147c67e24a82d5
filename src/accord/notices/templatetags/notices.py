from __future__ import annotations

from typing import Any

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notices(context: Any) -> int:
    """The signed-in person's unread notices, counted once per request."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or not getattr(user, "is_authenticated", False):
        return 0
    if not hasattr(request, "_accord_unread_notices"):
        request._accord_unread_notices = selectors.unread_count(user)
    return request._accord_unread_notices
