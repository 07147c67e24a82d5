"""Corrections in health: delete a change event recorded by hand by mistake (undo for a while). An event
derived from the data (a person's dates, a funding stream) follows its source: correct the source."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accord.core import undo
from accord.core.audit import log_action
from accord.core.models import AuditEntry

from .models import ChangeEvent


@transaction.atomic
def event_delete(*, actor: Any, event: ChangeEvent) -> AuditEntry:
    if event.derived:
        raise ValidationError(_("This event comes from the data (a person's dates or a funding stream), so it "
                                "follows its source: correct the person's dates or the funding stream instead."))
    snap = undo.snapshot(event)
    label = str(event)
    partnership = event.partnership
    event.delete()
    return log_action(actor, "health.event.deleted", partnership, {"event": label, "label": f"the event “{label}”",
                                                                     "snapshot": snap}, partnership=partnership)


@transaction.atomic
def event_restore(*, actor: Any, entry: AuditEntry) -> ChangeEvent:
    snap = entry.data["snapshot"]
    if snap["fields"]["partnership_id"] != entry.partnership_id:
        raise ValidationError(_("This event belongs to another partnership."))
    event = undo.rebuild(ChangeEvent, snap)
    log_action(actor, "health.event.restored", event, {"event": str(event), "undoes": entry.pk})
    return event


def register() -> None:
    undo.register_undo("health.event.deleted", event_restore)
