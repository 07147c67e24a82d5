"""Undo, where it is cheap: a record deleted by mistake is put back as it was, by the person who deleted
it, within ACCORD_UNDO_MINUTES.

A delete service stores a `snapshot(obj)` in its audit entry's data and its app registers how to put
the record back (`register_undo("governance.note.deleted", restore)`, from AppConfig.ready()). The
restore function is the domain's own service: it checks the domain's locks again (minutes approved
since, a later stage move recorded since...), rebuilds the row with `rebuild(...)`, and writes its own
audit entry with `{"undoes": entry.pk}`. The success message after a delete carries an Undo button
(`offer(...)`), which POSTs to `core:undo`. The API offers the same at
`POST /api/partnerships/{pk}/undo/{entry_id}`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import AuditEntry

M = TypeVar("M", bound=models.Model)
Restore = Callable[..., models.Model]  # restore(*, actor, entry) -> the record put back
UNDOERS: dict[str, Restore] = {}


def register_undo(action: str, restore: Restore) -> None:
    UNDOERS[action] = restore


def snapshot(obj: models.Model, **related: Any) -> dict[str, Any]:
    """Every stored column of `obj` (by attname: `meeting_id`), plus any `related` lists the restore needs."""
    fields = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    return {"model": obj._meta.label_lower, "fields": fields, **related}


def partnership_of(entry: AuditEntry) -> int:
    """The partnership an entry was recorded in (every undoable entry has one)."""
    if entry.partnership_id is None:
        raise ValidationError(_("This change belongs to no partnership, so it cannot be undone here."))
    return entry.partnership_id


def rebuild(model: type[M], snap: dict[str, Any], **overrides: Any) -> M:
    """The row of a snapshot, validated and inserted again with its old id (links to it keep working)."""
    obj = model(**{**snap["fields"], **overrides})
    obj.full_clean()
    obj.save(force_insert=True)
    return obj


def rebuild_here(model: type[M], entry: AuditEntry, **overrides: Any) -> M:
    """`rebuild` of a record that belongs to a partnership itself (a person, a goal, an area...), refused when its
    snapshot names another partnership than the entry's."""
    snap = entry.data["snapshot"]
    if snap["fields"].get("partnership_id") != partnership_of(entry):
        raise ValidationError(_("This %(kind)s belongs to another partnership.") % {"kind": model._meta.verbose_name})
    return rebuild(model, snap, **overrides)


def undo_window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.ACCORD_UNDO_MINUTES)


def refusal(entry: AuditEntry, actor: Any, *, now: dt.datetime | None = None) -> str:
    """Why `actor` cannot undo `entry` now, in plain words; "" when they can."""
    if entry.action not in UNDOERS:
        return _("This change cannot be undone here.")
    if entry.actor_id is None or entry.actor_id != getattr(actor, "pk", None):
        return _("Only the person who made this change can undo it.")
    if (now or timezone.now()) - entry.created_at > undo_window():
        return ngettext("Undo is offered for %(minutes)s minute after a change, and that time has passed. Add the "
                        "record again instead.",
                        "Undo is offered for %(minutes)s minutes after a change, and that time has passed. Add the "
                        "record again instead.", settings.ACCORD_UNDO_MINUTES) % {"minutes": settings.ACCORD_UNDO_MINUTES}
    if AuditEntry.objects.filter(partnership_id=partnership_of(entry), data__undoes=entry.pk).exists():
        return _("This change has already been undone.")
    return ""


@transaction.atomic
def undo(*, actor: Any, entry: AuditEntry) -> models.Model:
    """Put back what `entry` removed, or raise ValidationError saying why not."""
    entry = AuditEntry.objects.select_for_update().get(pk=entry.pk)
    reason = refusal(entry, actor)
    if reason:
        raise ValidationError(reason)
    return UNDOERS[entry.action](actor=actor, entry=entry)


def offer(request: HttpRequest, entry: AuditEntry, message: str) -> None:
    """A success message with an Undo button (see core/_message.html)."""
    messages.success(request, message, extra_tags=f"undo undo-{entry.partnership_id}-{entry.pk}")


def target(tags: str) -> tuple[int, int] | None:
    """(partnership pk, audit entry pk) from a message's tags, or None."""
    for tag in (tags or "").split():
        parts = tag.split("-")
        if len(parts) == 3 and parts[0] == "undo" and parts[1].isdigit() and parts[2].isdigit():
            return int(parts[1]), int(parts[2])
    return None
