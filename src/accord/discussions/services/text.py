"""Text that people write in discussions (titles, comments, reasons, outcomes), checked one way for the
pages and the API. A page's form already refuses a NUL character; the API does not, and PostgreSQL
cannot store one (it would be a server error), so the services refuse it with a plain message."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def storable(value: str | None, field: str) -> str:
    """The text, stripped; refused when it holds a character the database cannot store."""
    value = (value or "").strip()
    if "\x00" in value:
        raise ValidationError({field: _("The text holds a character that cannot be saved (NUL). Remove it and try "
                                      "again.")})
    return value


def required(value: str | None, field: str, what: str, limit: int | None = None) -> str:
    """Text that must be written, within `limit` characters."""
    value = storable(value, field)
    if not value:
        raise ValidationError({field: _("Write %(what)s.") % {"what": what}})
    if limit and len(value) > limit:
        raise ValidationError({field: _("Keep %(what)s to %(limit)d characters (this is %(length)d).") % {
            "what": what, "limit": limit, "length": len(value)}})
    return value
