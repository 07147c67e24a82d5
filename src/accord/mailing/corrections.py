"""Corrections in mailing: a manager who unsubscribes someone by mistake can undo it for a while (the
person's own consent still stands, and the consent record says what happened). Someone who left the list
themselves, bounced or was erased is never put back by a manager: only they can sign up again.

A draft campaign is changed (composing.campaign_save) or deleted (undone for a while) until it is scheduled or
sent. A subscriber import made by mistake is undone: exactly the subscribers it added are removed (never one
who was on the list before it), each with a consent record saying so; one who has since left the list
themselves stays as they left it (their choice, and what keeps them from being added again)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from accord.core import undo
from accord.core.audit import log_action
from accord.core.models import AuditEntry

from . import services
from .models import Campaign, ConsentRecord, MailingList, Subscriber


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


# ---- campaigns --------------------------------------------------------------------------------------

def check_campaign_deletable(campaign: Campaign) -> None:
    if campaign.status == Campaign.Status.SCHEDULED:
        raise ValidationError("This campaign is scheduled. Put it back to draft first, then delete it.")
    if campaign.status != Campaign.Status.DRAFT:
        raise ValidationError("This campaign has been sent (or is being sent), so it stays in the record of what "
                              "the list was sent.")


@transaction.atomic
def campaign_delete(*, actor: Any, campaign: Campaign) -> AuditEntry:
    campaign = Campaign.objects.select_for_update().select_related("mailing_list__partnership").get(pk=campaign.pk)
    check_campaign_deletable(campaign)
    snap = undo.snapshot(campaign, topics=list(campaign.topics.values_list("pk", flat=True)))
    mailing_list, subject = campaign.mailing_list, campaign.subject
    campaign.delete()
    return log_action(actor, "mailing.campaign.deleted", mailing_list, {
        "subject": subject, "label": f"the draft “{subject}”", "snapshot": snap},
        partnership=mailing_list.partnership)


@transaction.atomic
def campaign_restore(*, actor: Any, entry: AuditEntry) -> Campaign:
    snap = entry.data["snapshot"]
    mailing_list = MailingList.objects.filter(pk=snap["fields"]["mailing_list_id"],
                                              partnership_id=undo.partnership_of(entry)).first()
    if mailing_list is None:
        raise ValidationError("The list no longer exists, so the draft cannot be put back.")
    campaign = undo.rebuild(Campaign, snap)
    campaign.topics.set(mailing_list.topics.filter(pk__in=snap.get("topics", [])))
    log_action(actor, "mailing.campaign.restored", campaign, {"subject": campaign.subject, "undoes": entry.pk},
               partnership=mailing_list.partnership)
    return campaign


# ---- imports --------------------------------------------------------------------------------------------

def imports_of(mailing_list: MailingList) -> Any:
    """The audit entries of this list's imports, newest first."""
    return AuditEntry.objects.filter(
        action="mailing.subscribers.imported", partnership_id=mailing_list.partnership_id,
        content_type=ContentType.objects.get_for_model(MailingList), object_id=str(mailing_list.pk),
    ).order_by("-created_at", "-pk")


def import_undone(entry: AuditEntry) -> AuditEntry | None:
    return AuditEntry.objects.filter(partnership_id=undo.partnership_of(entry), action="mailing.import.undone",
                                     data__undoes=entry.pk).first()


def check_import_undoable(entry: AuditEntry) -> None:
    if "subscribers" not in entry.data:
        raise ValidationError("This import was made before Accord kept which subscribers an import added, so it "
                              "cannot be undone here. Unsubscribe or erase them one by one.")
    if import_undone(entry) is not None:
        raise ValidationError("This import has already been undone.")


@transaction.atomic
def import_undo(*, actor: Any, mailing_list: MailingList, entry: AuditEntry) -> dict[str, int]:
    """Remove exactly the subscribers `entry`'s import added (still subscribed); say how many stay and why."""
    entry = AuditEntry.objects.select_for_update().get(pk=entry.pk)
    if not imports_of(mailing_list).filter(pk=entry.pk).exists():
        raise ValidationError("This is not an import of this list.")
    check_import_undoable(entry)
    added = Subscriber.objects.select_for_update().filter(mailing_list=mailing_list, pk__in=entry.data["subscribers"])
    removed = 0
    for subscriber in added.filter(status=Subscriber.Status.SUBSCRIBED):
        services._record(subscriber, ConsentRecord.Action.IMPORT_UNDONE, ConsentRecord.Method.ADMIN, actor=actor,
                         basis="Added by an import made by mistake; the import was undone.")
        subscriber.delete()
        removed += 1
    kept = added.count()  # left the list themselves (or bounced) since: their own record stays
    log_action(actor, "mailing.import.undone", mailing_list, {"undoes": entry.pk, "removed": removed, "kept": kept})
    return {"removed": removed, "kept": kept}


def register() -> None:
    undo.register_undo("mailing.subscriber.unsubscribed", unsubscribe_undo)
    undo.register_undo("mailing.campaign.deleted", campaign_restore)
