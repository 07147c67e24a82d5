"""Corrections in mailing: a manager who unsubscribes someone by mistake can undo it for a while (the
person's own consent still stands, and the consent record says what happened). Someone who left the list
themselves, bounced or was erased is never put back by a manager: only they can sign up again."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.core import undo
from accord.core.audit import log_action
from accord.core.models import AuditEntry

from . import services
from .models import ConsentRecord, Subscriber


@transaction.atomic
def unsubscribe_by_manager(*, actor: Any, subscriber: Subscriber) -> AuditEntry:
    if subscriber.status != Subscriber.Status.SUBSCRIBED:
        raise ValidationError(f"{subscriber.email} is not subscribed ({subscriber.get_status_display().lower()}).")
    services.subscriber_unsubscribe(subscriber=subscriber, method=ConsentRecord.Method.ADMIN, actor=actor)
    entry = AuditEntry.objects.filter(action="mailing.subscriber.unsubscribed", object_id=str(subscriber.pk),
                                      actor=actor if getattr(actor, "is_authenticated", False) else None
                                      ).order_by("-pk").first()
    if entry is None:
        raise ValidationError(f"{subscriber.email} was not unsubscribed.")
    return entry


@transaction.atomic
def unsubscribe_undo(*, actor: Any, entry: AuditEntry) -> Subscriber:
    if entry.data.get("method") != ConsentRecord.Method.ADMIN:
        raise ValidationError("They left the list themselves, so only they can join it again.")
    subscriber = Subscriber.objects.select_for_update().select_related("mailing_list").filter(
        pk=entry.object_id, mailing_list__partnership_id=undo.partnership_of(entry)).first()
    if subscriber is None or subscriber.status != Subscriber.Status.UNSUBSCRIBED:
        raise ValidationError("Their subscription has changed since (they were erased, bounced or joined again), "
                              "so it cannot be put back.")
    last = subscriber.consent_records.order_by("-pk").first()
    if last is None or last.action != ConsentRecord.Action.UNSUBSCRIBED or last.method != ConsentRecord.Method.ADMIN:
        raise ValidationError("They have changed their subscription themselves since, so it stays as they left it.")
    subscriber.status, subscriber.unsubscribed_at = Subscriber.Status.SUBSCRIBED, None
    subscriber.save(update_fields=["status", "unsubscribed_at"])
    services._record(subscriber, ConsentRecord.Action.ADDED, ConsentRecord.Method.ADMIN, actor=actor,
                     basis="Unsubscribed by a manager by mistake; put back at once with their earlier consent.")
    log_action(actor, "mailing.subscriber.resubscribed", subscriber, {"undoes": entry.pk},
               partnership=subscriber.mailing_list.partnership)
    return subscriber


def register() -> None:
    undo.register_undo("mailing.subscriber.unsubscribed", unsubscribe_undo)
