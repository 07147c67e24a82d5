"""Corrections in delivery: withdraw an area's latest stage move (the area's current stage becomes the
one before), delete a funding stream recorded by mistake, and delete an area added by mistake (while nothing
names it: no stage move, funding stream or discussion). Each can be undone for a while (core.undo) and is
audited with what was removed."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core import undo
from accord.core.audit import log_action
from accord.core.models import AuditEntry
from accord.core.references import check_unreferenced

from .models import Area, FundingStream, StageMove


def _latest(area: Area) -> StageMove | None:
    return area.moves.order_by("-on", "-pk").first()


@transaction.atomic
def stage_move_delete(*, actor: Any, move: StageMove) -> AuditEntry:
    """Withdraw a stage move recorded by mistake. Only the latest one: history runs forward, so an earlier
    move is withdrawn after the ones that follow it."""
    area = Area.objects.select_for_update().get(pk=move.area_id)
    latest = _latest(area)
    if latest is None or latest.pk != move.pk:
        raise ValidationError(_("Only %(area)s's latest stage move can be withdrawn; this one has later moves after it. "
                                "Withdraw those first.") % {"area": area})
    snap = undo.snapshot(move)
    stage, on = move.get_stage_display().lower(), move.on
    move.delete()
    now = _latest(area)
    return log_action(actor, "delivery.area.move_deleted", area, {
        "stage": [stage, now.get_stage_display().lower() if now else None], "on": on,
        "label": f"{area}'s move to {stage} on {on:%-d %B %Y}", "snapshot": snap}, partnership=area.partnership)


@transaction.atomic
def stage_move_restore(*, actor: Any, entry: AuditEntry) -> StageMove:
    snap = entry.data["snapshot"]
    area = Area.objects.select_for_update().filter(pk=snap["fields"]["area_id"],
                                                   partnership_id=undo.partnership_of(entry)).first()
    if area is None:
        raise ValidationError(_("The area no longer exists, so the move cannot be put back."))
    latest = _latest(area)
    move = StageMove(**snap["fields"])
    move.full_clean()
    if latest is not None and (latest.on > move.on or latest.stage == move.stage):
        raise ValidationError(_("%(area)s has had another stage move recorded since, so this one cannot be put back "
                                "in its place. Record the move again if it still applies.") % {"area": area})
    move.save(force_insert=True)
    log_action(actor, "delivery.area.move_restored", area, {"stage": move.stage, "on": move.on, "undoes": entry.pk},
               partnership=area.partnership)
    return move


@transaction.atomic
def funding_delete(*, actor: Any, stream: FundingStream) -> AuditEntry:
    snap = undo.snapshot(stream, partners=list(stream.partners.values_list("pk", flat=True)),
                         areas=list(stream.areas.values_list("pk", flat=True)))
    partnership, title = stream.partnership, stream.title
    stream.delete()
    return log_action(actor, "delivery.funding.deleted", partnership, {
        "title": title, "amount": snap["fields"]["amount"], "currency": snap["fields"]["currency"],
        "label": f"the funding stream “{title}”", "snapshot": snap}, partnership=partnership)


@transaction.atomic
def funding_restore(*, actor: Any, entry: AuditEntry) -> FundingStream:
    snap = entry.data["snapshot"]
    stream = FundingStream(**snap["fields"])
    if stream.partnership_id != entry.partnership_id:
        raise ValidationError(_("This funding stream belongs to another partnership."))
    stream.full_clean()
    stream.save(force_insert=True)
    partnership = stream.partnership
    members = set(partnership.memberships.values_list("organisation_id", flat=True))
    stream.partners.set([o for o in snap.get("partners", []) if o in members])
    stream.areas.set(list(partnership.areas.filter(pk__in=snap.get("areas", [])).values_list("pk", flat=True)))
    log_action(actor, "delivery.funding.restored", stream, {"title": stream.title, "undoes": entry.pk})
    return stream


def check_area_deletable(area: Area) -> None:
    check_unreferenced(area, values={"area": str(area)}, refusal=gettext_lazy(
        "The area “%(area)s” cannot be deleted: other records still name it (%(records)s). Withdraw its stage moves "
        "first if they were recorded by mistake too; an area where the work stopped keeps its history (record a "
        "stage move instead)."))


@transaction.atomic
def area_delete(*, actor: Any, area: Area) -> AuditEntry:
    area = Area.objects.select_for_update().get(pk=area.pk)
    check_area_deletable(area)
    snap = undo.snapshot(area, local_partners=list(area.local_partners.values_list("pk", flat=True)))
    partnership, name = area.partnership, area.name
    area.delete()
    return log_action(actor, "delivery.area.deleted", partnership, {
        "name": name, "label": f"the area “{name}”", "snapshot": snap}, partnership=partnership)


@transaction.atomic
def area_restore(*, actor: Any, entry: AuditEntry) -> Area:
    area = undo.rebuild_here(Area, entry)
    members = set(area.partnership.memberships.values_list("organisation_id", flat=True))
    area.local_partners.set([o for o in entry.data["snapshot"].get("local_partners", []) if o in members])
    log_action(actor, "delivery.area.restored", area, {"name": area.name, "undoes": entry.pk})
    return area


def register() -> None:
    undo.register_undo("delivery.area.move_deleted", stage_move_restore)
    undo.register_undo("delivery.funding.deleted", funding_restore)
    undo.register_undo("delivery.area.deleted", area_restore)
