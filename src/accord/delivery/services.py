"""Writes to areas, stage moves, the ambition and funding streams: atomic, validated and audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accord.core.audit import changes, log_action
from accord.partners.models import Organisation, Partnership

from .models import Ambition, Area, FundingStream, Stage, StageMove


def _save(obj: Any) -> None:
    obj.full_clean()
    obj.save()


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _check_local_partners(partnership: Partnership, orgs: Iterable[Organisation]) -> list[Organisation]:
    orgs = list(orgs)
    roles = dict(partnership.memberships.values_list("organisation_id", "local_role"))
    for org in orgs:
        if org.pk not in roles:
            raise ValidationError({"local_partners": _("%(org)s is not a member of the partnership.") % {"org": org}})
        if not (roles[org.pk] or "").strip():
            raise ValidationError({"local_partners": _("%(org)s has no local role in the partnership; "
                                                       "add one on its membership first.") % {"org": org}})
    return orgs


@transaction.atomic
def area_save(*, actor: Any, area: Area, local_partners: Iterable[Organisation] | None = None) -> Area:
    before = Area.objects.filter(pk=area.pk).first() if area.pk else None
    if Area.objects.filter(partnership=area.partnership, name__iexact=area.name).exclude(pk=area.pk).exists():
        raise ValidationError({"name": _("There is already an area called %(name)s.") % {"name": area.name}})
    _save(area)
    data = changes(before, area, ["name", "ons_code"])
    if local_partners is not None:
        orgs = _check_local_partners(area.partnership, local_partners)
        area.local_partners.set(orgs)
        data["local_partners"] = [o.name for o in orgs]
    log_action(actor, "delivery.area.changed" if before else "delivery.area.created", area, data,
               partnership=area.partnership)
    return area


@transaction.atomic
def stage_move(*, actor: Any, area: Area, stage: str, on: dt.date, note: str = "") -> StageMove:
    """Move an area to a stage on a date. History only runs forward: a move dated before the area's last
    move is refused, because it would rewrite what the partnership already reported."""
    if stage not in Stage.values:
        raise ValidationError({"stage": _("Choose scoping, mobilising, live, sustained or closed.")})
    if on is None:
        raise ValidationError({"on": _("Give the date of the move.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date is in the future; record the move when it happens.")})
    Area.objects.select_for_update().filter(pk=area.pk).first()
    last = area.moves.order_by("-on", "-pk").first()
    if last is not None:
        if on < last.on:
            raise ValidationError({"on": _("%(area)s last moved on %(date)s (to %(stage)s); a move cannot be dated before that.") % {
                "area": area, "date": date_format(last.on, "d F Y"), "stage": last.get_stage_display().lower()}})
        if last.stage == stage:
            raise ValidationError({"stage": _("%(area)s is already %(stage)s.") % {"area": area, "stage": last.get_stage_display().lower()}})
    move = StageMove(area=area, stage=stage, on=on, note=note or "", recorded_by=_user(actor))
    _save(move)
    log_action(actor, "delivery.area.moved", move, {"area": area.name, "stage": stage, "on": on},
               partnership=area.partnership)
    return move


@transaction.atomic
def ambition_set(*, actor: Any, partnership: Partnership, target_live: int, start_date: dt.date,
                 target_date: dt.date) -> Ambition:
    ambition = Ambition.objects.filter(partnership=partnership).first() or Ambition(partnership=partnership)
    before = Ambition.objects.filter(pk=ambition.pk).first() if ambition.pk else None
    ambition.target_live, ambition.start_date, ambition.target_date = target_live, start_date, target_date
    _save(ambition)
    log_action(actor, "delivery.ambition.set", ambition,
               changes(before, ambition, ["target_live", "start_date", "target_date"]), partnership=partnership)
    return ambition


def _funder_allowed(partnership: Partnership, org_id: int) -> bool:
    from .selectors import funder_choices

    return funder_choices(partnership).filter(pk=org_id).exists()


@transaction.atomic
def funding_save(*, actor: Any, stream: FundingStream, partners: Iterable[Organisation] | None = None,
                 areas: Iterable[Area] | None = None) -> FundingStream:
    partnership = stream.partnership
    before = FundingStream.objects.filter(pk=stream.pk).first() if stream.pk else None
    if stream.funder_id and not _funder_allowed(partnership, stream.funder_id):
        raise ValidationError({"funder": _("Choose a funder that is a member, has a role in the partnership, "
                                           "or is recorded as a grant-maker.")})
    _save(stream)
    data = changes(before, stream, ["title", "funder_id", "amount", "currency", "start", "end", "restricted"])
    if partners is not None:
        partners = list(partners)
        members = set(partnership.memberships.values_list("organisation_id", flat=True))
        outside = [o.name for o in partners if o.pk not in members]
        if outside:
            raise ValidationError({"partners": _("Not members of the partnership: %(names)s.") % {"names": ", ".join(outside)}})
        stream.partners.set(partners)
        data["partners"] = [o.name for o in partners]
    if areas is not None:
        areas = list(areas)
        if any(a.partnership_id != partnership.pk for a in areas):
            raise ValidationError({"areas": _("Choose areas of this partnership.")})
        stream.areas.set(areas)
        data["areas"] = [a.name for a in areas]
    log_action(actor, "delivery.funding.changed" if before else "delivery.funding.created", stream, data)
    return stream
