"""API for delivery: areas and stage moves, the rollout against the ambition, funding streams, and the
360Giving import (preview, then confirm). Handlers fetch through core.policy and call the services the
pages use, so the rules and messages are the same."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext, gettext_noop, ngettext
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from accord.api.correction_out import CorrectionOut, correction_out
from accord.core import policy
from accord.delivery import corrections as delivery_corrections
from accord.delivery import giving, selectors, services
from accord.delivery.models import Area, FundingStream, PendingImport, Stage
from accord.lib import stored_text
from accord.partners.models import Organisation, Partnership

from .schema import one_of

router = Router(tags=["Delivery"])


class StageMoveOut(Schema):
    id: int  # to withdraw the latest one (DELETE …/areas/{area_id}/moves/{move_id})
    stage: Annotated[str, one_of(Stage)]
    on: dt.date
    note: str


class AreaOut(Schema):
    id: int
    name: str
    ons_code: str
    stage: Annotated[str, one_of(Stage)] | None
    local_partner_ids: list[int]
    moves: list[StageMoveOut]


class AreaIn(Schema):
    name: str
    ons_code: str = ""
    local_partner_ids: list[int] = []


class AreaPatch(Schema):
    name: str | None = None
    ons_code: str | None = None
    local_partner_ids: list[int] | None = None


class StageMoveIn(Schema):
    stage: Annotated[str, one_of(Stage)]
    on: dt.date | None = None
    note: str = ""


class LivePointOut(Schema):
    on: dt.date
    live: int


class RolloutOut(Schema):
    target_live: int | None
    target_date: dt.date | None
    start_date: dt.date | None
    live_now: int
    series: list[LivePointOut]  # {on, live}, not [date, count] pairs: tools misread tuple schemas
    url: str


class AmbitionIn(Schema):
    target_live: int
    start_date: dt.date
    target_date: dt.date


class StreamOut(Schema):
    id: int
    title: str
    funder: str
    funder_org_id: int
    amount: Decimal
    currency: str
    start: dt.date
    end: dt.date
    partner_org_ids: list[int]
    area_ids: list[int]
    restricted: bool
    grant_id: str


class StreamIn(Schema):
    title: str
    funder_org_id: int
    amount: Decimal
    currency: str = "GBP"
    start: dt.date
    end: dt.date
    partner_org_ids: list[int] = []
    area_ids: list[int] = []
    restricted: bool = False


class StreamPatch(Schema):
    title: str | None = None
    funder_org_id: int | None = None
    amount: Decimal | None = None
    currency: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    partner_org_ids: list[int] | None = None
    area_ids: list[int] | None = None
    restricted: bool | None = None


class ImportOut(Schema):
    id: int
    filename: str
    read: int
    to_import: list[dict]
    skipped: list[dict]
    confirmed_at: dt.datetime | None


def _area_out(a: Area) -> dict:
    moves = getattr(a, "_moves", None)
    if moves is None:
        moves = list(a.moves.order_by("on", "pk"))
    return {"id": a.pk, "name": a.name, "ons_code": a.ons_code, "stage": moves[-1].stage if moves else None,
            "local_partner_ids": sorted(o.pk for o in a.local_partners.all()),
            "moves": [{"id": m.pk, "stage": m.stage, "on": m.on, "note": m.note} for m in moves]}


def _area(access: policy.Access, area_id: int) -> Area:
    area = access.partnership.areas.filter(pk=area_id).first()
    if area is None:
        raise Http404("Not found")
    return area


def _orgs(ids: list[int], allowed: QuerySet[Organisation]) -> list[Organisation]:
    """Organisations by id, among those this partnership may name; others are "not found", not described."""
    found = {o.pk: o for o in allowed.filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationError(ngettext("No organisation with id %(ids)s in this partnership.",
                                       "No organisations with ids %(ids)s in this partnership.", len(missing))
                              % {"ids": ", ".join(map(str, missing))})
    return [found[i] for i in ids]


def _members(access: policy.Access) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__partnership=access.partnership).distinct()


@router.get("/partnerships/{pk}/areas", response=list[AreaOut], summary=gettext_noop("List Areas"))
def list_areas(request: HttpRequest, pk: int) -> list:
    access = policy.get_partnership(request.user, pk)
    return [_area_out(a) for a in selectors.areas_with_moves(access.partnership)]


@router.post("/partnerships/{pk}/areas", response={201: AreaOut}, summary=gettext_noop("Add an area (manager)"))
def create_area(request: HttpRequest, pk: int, payload: AreaIn) -> tuple[int, dict]:
    access = policy.get_partnership(request.user, pk, need="edit")
    area = services.area_save(actor=request.user, area=Area(partnership=access.partnership, name=payload.name,
                                                            ons_code=payload.ons_code),
                              local_partners=_orgs(payload.local_partner_ids, _members(access)))
    return 201, _area_out(area)


@router.get("/partnerships/{pk}/areas/{area_id}", response=AreaOut, summary=gettext_noop("Get Area"))
def get_area(request: HttpRequest, pk: int, area_id: int) -> dict:
    return _area_out(_area(policy.get_partnership(request.user, pk), area_id))


@router.patch("/partnerships/{pk}/areas/{area_id}", response=AreaOut, summary=gettext_noop("Change an area (manager)"))
def update_area(request: HttpRequest, pk: int, area_id: int, payload: AreaPatch) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    area = _area(access, area_id)
    data = payload.dict(exclude_unset=True)
    partner_ids = data.pop("local_partner_ids", None)
    for key, value in data.items():
        setattr(area, key, value if value is not None else "")
    services.area_save(actor=request.user, area=area, local_partners=None if partner_ids is None
                       else _orgs(partner_ids, _members(access)))
    return _area_out(area)


@router.post("/partnerships/{pk}/areas/{area_id}/moves", response={201: StageMoveOut},
             summary=gettext_noop("Move an area to a stage on a date (manager); never before its last move"))
def move_area(request: HttpRequest, pk: int, area_id: int, payload: StageMoveIn) -> tuple[int, dict]:
    access = policy.get_partnership(request.user, pk, need="edit")
    move = services.stage_move(actor=request.user, area=_area(access, area_id), **payload.dict())
    return 201, {"id": move.pk, "stage": move.stage, "on": move.on, "note": move.note}


def _rollout_out(partnership: Partnership) -> dict:
    data = selectors.rollout(partnership)
    return {**data, "series": [{"on": on, "live": live} for on, live in data["series"]]}


@router.get("/partnerships/{pk}/rollout", response=RolloutOut, summary=gettext_noop("Live areas over time against the ambition"))
def rollout(request: HttpRequest, pk: int) -> dict:
    return _rollout_out(policy.get_partnership(request.user, pk).partnership)


@router.put("/partnerships/{pk}/ambition", response=RolloutOut,
            summary=gettext_noop("Set the ambition: so many live areas by a date (manager)"))
def set_ambition(request: HttpRequest, pk: int, payload: AmbitionIn) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    services.ambition_set(actor=request.user, partnership=access.partnership, **payload.dict())
    return _rollout_out(access.partnership)


def _stream_out(s: FundingStream) -> dict:
    return {**{f: getattr(s, f) for f in ("id", "title", "amount", "currency", "start", "end", "restricted",
                                          "grant_id")},
            "funder": s.funder.name, "funder_org_id": s.funder_id,
            "partner_org_ids": sorted(o.pk for o in s.partners.all()), "area_ids": sorted(a.pk for a in s.areas.all())}


@router.get("/partnerships/{pk}/funding-streams", response=list[StreamOut],
            summary=gettext_noop("List Streams"))
def list_streams(request: HttpRequest, pk: int) -> list:
    access = policy.get_partnership(request.user, pk)
    qs = access.partnership.funding_streams.select_related("funder").prefetch_related("partners", "areas")
    return [_stream_out(s) for s in qs]


@router.post("/partnerships/{pk}/funding-streams", response={201: StreamOut}, summary=gettext_noop("Add a funding stream (manager)"))
def create_stream(request: HttpRequest, pk: int, payload: StreamIn) -> tuple[int, dict]:
    access = policy.get_partnership(request.user, pk, need="edit")
    funder = _orgs([payload.funder_org_id], selectors.funder_choices(access.partnership))[0]
    areas = list(access.partnership.areas.filter(pk__in=payload.area_ids))
    if len(areas) != len(set(payload.area_ids)):
        raise Http404("Not found")
    stream = FundingStream(partnership=access.partnership, title=payload.title, funder=funder, amount=payload.amount,
                           currency=payload.currency, start=payload.start, end=payload.end,
                           restricted=payload.restricted)
    services.funding_save(actor=request.user, stream=stream, partners=_orgs(payload.partner_org_ids, _members(access)),
                          areas=areas)
    return 201, _stream_out(stream)


@router.get("/partnerships/{pk}/funding-streams/{stream_id}", response=StreamOut,
            summary=gettext_noop("Get Stream"))
def get_stream(request: HttpRequest, pk: int, stream_id: int) -> dict:
    access = policy.get_partnership(request.user, pk)
    stream = access.partnership.funding_streams.filter(pk=stream_id).first()
    if stream is None:
        raise Http404("Not found")
    return _stream_out(stream)


@router.patch("/partnerships/{pk}/funding-streams/{stream_id}", response=StreamOut,
              summary=gettext_noop("Change a funding stream (manager)"))
def update_stream(request: HttpRequest, pk: int, stream_id: int, payload: StreamPatch) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    stream = access.partnership.funding_streams.filter(pk=stream_id).first()
    if stream is None:
        raise Http404("Not found")
    data = payload.dict(exclude_unset=True)
    partner_ids, area_ids = data.pop("partner_org_ids", None), data.pop("area_ids", None)
    if "funder_org_id" in data:
        stream.funder = _orgs([data.pop("funder_org_id")], selectors.funder_choices(access.partnership))[0]
    for key, value in data.items():
        setattr(stream, key, value)
    areas = None
    if area_ids is not None:
        areas = list(access.partnership.areas.filter(pk__in=area_ids))
        if len(areas) != len(set(area_ids)):
            raise Http404("Not found")
    services.funding_save(actor=request.user, stream=stream, areas=areas,
                          partners=None if partner_ids is None else _orgs(partner_ids, _members(access)))
    stream.refresh_from_db()
    return _stream_out(stream)


class GivingImportStatusOut(Schema):
    """Where a 360Giving import stands: `reading` (processed of total grants checked so far), `ready`
    (preview kept: confirm it), or `failed` (every problem listed; nothing was imported)."""

    id: int
    filename: str
    state: str
    processed: int
    total: int
    problems: list[str]
    warnings: list[str]
    to_import: int
    skipped: int
    confirmed_at: dt.datetime | None


def _giving_status_out(p: PendingImport) -> dict:
    preview = p.preview or {}
    return {"id": p.pk, "filename": p.filename, "state": p.state, "processed": p.processed, "total": p.total,
            "problems": [stored_text.render(x) for x in p.problems or []],
            "warnings": [stored_text.render(w) for w in preview.get("warnings", [])],
            "to_import": len(preview.get("streams", [])), "skipped": len(preview.get("skipped", [])),
            "confirmed_at": p.confirmed_at}


def _giving_pending(request: HttpRequest, pk: int, import_id: int) -> PendingImport:
    """A partnership's import, for its manager; 404 for another partnership's."""
    access = policy.get_partnership(request.user, pk, need="edit")
    pending = PendingImport.objects.filter(partnership=access.partnership, pk=import_id).first()
    if pending is None:
        raise Http404("Not found")
    return pending


def _import_out(p: PendingImport) -> dict:
    return {"id": p.pk, "filename": p.filename, "read": p.preview["read"],
            "to_import": [{**r, "note": stored_text.render(r.get("note"))} for r in p.preview["streams"]],
            "skipped": [{**r, "reason": stored_text.render(r.get("reason")), "note": stored_text.render(r.get("note"))}
                        for r in p.preview["skipped"]], "confirmed_at": p.confirmed_at}


@router.post("/partnerships/{pk}/funding-imports", response={201: ImportOut, 202: GivingImportStatusOut},
             summary=gettext_noop("Check a 360Giving JSON file and keep its preview (manager); nothing is imported yet"),
             description=gettext_noop("201 with the preview when the check has finished; 202 with the import's status when a "
                                      "large file is still being checked in the background: follow it with GET "
                                      "/partnerships/{pk}/funding-imports/{import_id}. 422 lists every problem."))
def preview_import(request: HttpRequest, pk: int, file: UploadedFile = File(...)) -> tuple[int, dict]:  # noqa: B008
    access = policy.get_partnership(request.user, pk, need="edit")
    if (file.size or 0) > settings.DELIVERY_IMPORT_MAX_MB * 1024 * 1024:
        raise ValidationError(gettext("The file is larger than %(mb)s MB; split it into smaller files.")
                              % {"mb": settings.DELIVERY_IMPORT_MAX_MB})
    pending = giving.start(actor=request.user, partnership=access.partnership, filename=file.name or "upload",
                           data=file.read())
    if pending.state == PendingImport.State.FAILED:
        raise giving.ImportProblem(pending.problems)
    if pending.state == PendingImport.State.READING:
        return 202, _giving_status_out(pending)
    return 201, _import_out(pending)


@router.post("/partnerships/{pk}/funding-imports/{import_id}/confirm", response=list[StreamOut],
             summary=gettext_noop("Import every previewed grant as a funding stream, or none"))
def confirm_import(request: HttpRequest, pk: int, import_id: int) -> list:
    pending = _giving_pending(request, pk, import_id)
    return [_stream_out(s) for s in giving.confirm(actor=request.user, pending=pending)]


@router.get("/partnerships/{pk}/funding-imports/{import_id}", response=GivingImportStatusOut,
            summary=gettext_noop("How far the check of a 360Giving file has got, and its problems or warnings (manager)"))
def giving_import_status(request: HttpRequest, pk: int, import_id: int) -> dict:
    return _giving_status_out(_giving_pending(request, pk, import_id))


# ---- corrections (api/corrections.py has the others) ----------------------------------------

@router.delete("/partnerships/{pk}/funding-streams/{stream_id}", response=CorrectionOut,
               summary=gettext_noop("Delete a funding stream (manager)"))
def delete_funding_stream(request: HttpRequest, pk: int, stream_id: int) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    stream = access.partnership.funding_streams.filter(pk=stream_id).first()
    if stream is None:
        raise Http404("Not found")
    return correction_out(delivery_corrections.funding_delete(actor=request.user, stream=stream))


@router.delete("/partnerships/{pk}/areas/{area_id}", response=CorrectionOut,
               summary=gettext_noop("Delete an area added by mistake (manager); refused while anything names it; undo for a while"))
def delete_area(request: HttpRequest, pk: int, area_id: int) -> dict:
    area = _area(policy.get_partnership(request.user, pk, need="edit"), area_id)
    return correction_out(delivery_corrections.area_delete(actor=request.user, area=area))
