"""API for corrections: the same deletes, reassignments, reinstatements and reopenings as the pages, through
the same services (so the same refusals: 422 with the reason, nothing changed), and Undo.

A delete answers 200 with the audit entry that recorded it; where the record can be put back,
`POST /partnerships/{pk}/undo/{entry_id}` restores it, for the person who deleted it, within
ACCORD_UNDO_MINUTES (docs/conventions.md, "Corrections").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Schema

from accord.charter import corrections as charter
from accord.charter.models import Measurement
from accord.core import policy, undo
from accord.core.models import AuditEntry
from accord.delivery import corrections as delivery
from accord.delivery.models import StageMove
from accord.governance.models import Action, AgendaItem, Decision, Meeting, Note
from accord.governance.services import corrections as governance
from accord.health import corrections as health
from accord.health.models import ChangeEvent
from accord.partners.models import Person
from accord.trust import corrections as trust

from .governance import ActionOut, MeetingOut, _action_out, _meeting_out
from .trust import WaveOut, _wave_out

router = Router(tags=["Corrections"])


class CorrectionOut(Schema):
    entry_id: int
    action: str
    label: str
    undo_until: dt.datetime | None


class UndoneOut(Schema):
    entry_id: int
    label: str


class ActionCorrectionIn(Schema):
    owner_id: int | None = None
    due: dt.date | None = None


class WaveReopenIn(Schema):
    closes_on: dt.date


def _out(entry: AuditEntry) -> dict[str, Any]:
    can_undo = entry.action in undo.UNDOERS
    return {"entry_id": entry.pk, "action": entry.action, "label": entry.data.get("label", entry.object_repr),
            "undo_until": entry.created_at + undo.undo_window() if can_undo else None}


def _of_meeting(request: HttpRequest, model: Any, pk: int, obj_pk: int) -> Any:
    access = policy.get_partnership(request.user, pk, need="edit")
    obj = model.objects.select_related("meeting__series__partnership").filter(
        pk=obj_pk, meeting__series__partnership=access.partnership).first()
    if obj is None:
        raise Http404("Not found")
    return obj


# ---- governance ------------------------------------------------------------------------------------

@router.delete("/partnerships/{pk}/notes/{note_pk}", response=CorrectionOut, summary="Delete a note (manager)")
def delete_note(request: HttpRequest, pk: int, note_pk: int) -> dict:
    note = _of_meeting(request, Note, pk, note_pk)
    return _out(governance.note_delete(actor=request.user, note=note))


@router.delete("/partnerships/{pk}/agenda-items/{item_pk}", response=CorrectionOut,
               summary="Delete an agenda item (manager)")
def delete_agenda_item(request: HttpRequest, pk: int, item_pk: int) -> dict:
    item = _of_meeting(request, AgendaItem, pk, item_pk)
    return _out(governance.agenda_item_delete(actor=request.user, item=item))


@router.delete("/partnerships/{pk}/decisions/{decision_pk}", response=CorrectionOut,
               summary="Delete a decision and its positions (manager)")
def delete_decision(request: HttpRequest, pk: int, decision_pk: int) -> dict:
    decision = _of_meeting(request, Decision, pk, decision_pk)
    return _out(governance.decision_delete(actor=request.user, decision=decision))


@router.post("/partnerships/{pk}/actions/{action_pk}/correction", response=ActionOut,
             summary="Reassign or re-date an open action (manager)")
def correct_action(request: HttpRequest, pk: int, action_pk: int, payload: ActionCorrectionIn) -> dict:
    action = _of_meeting(request, Action, pk, action_pk)
    owner = None
    if payload.owner_id is not None:
        owner = Person.objects.select_related("organisation").filter(
            pk=payload.owner_id, partnership=action.meeting.series.partnership).first()
        if owner is None:  # the same answer whether the id is unknown or another partnership's
            raise ValidationError({"owner_id": "No person of this partnership has this id."})
    return _action_out(governance.action_correct(actor=request.user, action=action, owner=owner, due=payload.due))


@router.post("/partnerships/{pk}/meetings/{meeting_pk}/reinstate", response=MeetingOut,
             summary="Reinstate a cancelled meeting (manager)")
def reinstate_meeting(request: HttpRequest, pk: int, meeting_pk: int) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    meeting = Meeting.objects.select_related("series__partnership").filter(
        pk=meeting_pk, series__partnership=access.partnership).first()
    if meeting is None:
        raise Http404("Not found")
    return _meeting_out(governance.meeting_reinstate(actor=request.user, meeting=meeting))


# ---- delivery --------------------------------------------------------------------------------------

@router.delete("/partnerships/{pk}/areas/{area_id}/moves/{move_id}", response=CorrectionOut,
               summary="Withdraw an area's latest stage move (manager)")
def delete_stage_move(request: HttpRequest, pk: int, area_id: int, move_id: int) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    move = StageMove.objects.filter(pk=move_id, area_id=area_id, area__partnership=access.partnership).first()
    if move is None:
        raise Http404("Not found")
    return _out(delivery.stage_move_delete(actor=request.user, move=move))


@router.delete("/partnerships/{pk}/funding-streams/{stream_id}", response=CorrectionOut,
               summary="Delete a funding stream (manager)")
def delete_funding_stream(request: HttpRequest, pk: int, stream_id: int) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    stream = access.partnership.funding_streams.filter(pk=stream_id).first()
    if stream is None:
        raise Http404("Not found")
    return _out(delivery.funding_delete(actor=request.user, stream=stream))


# ---- charter ----------------------------------------------------------------------------------------

@router.delete("/partnerships/{pk}/goals/{goal_id}/measurements/{measurement_id}", response=CorrectionOut,
               summary="Delete a measurement (manager)")
def delete_measurement(request: HttpRequest, pk: int, goal_id: int, measurement_id: int) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    m = Measurement.objects.select_related("goal").filter(
        pk=measurement_id, goal_id=goal_id, goal__partnership=access.partnership).first()
    if m is None:
        raise Http404("Not found")
    return _out(charter.measurement_delete(actor=request.user, measurement=m))


@router.delete("/partnerships/{pk}/charter/versions/{number}", response=CorrectionOut,
               summary="Withdraw the draft version (manager); an agreed version is refused")
def withdraw_version(request: HttpRequest, pk: int, number: int) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    version = access.partnership.charter_versions.filter(number=number).first()
    if version is None:
        raise Http404("Not found")
    return _out(charter.version_withdraw(actor=request.user, version=version))


# ---- trust ------------------------------------------------------------------------------------------

@router.post("/partnerships/{pk}/trust/waves/{wave_id}/reopen", response=WaveOut,
             summary="Reopen a closed wave (manager): its results are withdrawn until it closes again")
def reopen_wave(request: HttpRequest, pk: int, wave_id: int, payload: WaveReopenIn) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    wave = access.partnership.trust_waves.filter(pk=wave_id).first()
    if wave is None:
        raise Http404("Not found")
    return _wave_out(trust.wave_reopen(actor=request.user, wave=wave, closes_on=payload.closes_on))


# ---- health ----------------------------------------------------------------------------------------

@router.delete("/partnerships/{pk}/health/events/{event_id}", response=CorrectionOut,
               summary="Delete a change event recorded by hand (manager)")
def delete_event(request: HttpRequest, pk: int, event_id: int) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    event = ChangeEvent.objects.filter(partnership=access.partnership, pk=event_id).first()
    if event is None:
        raise Http404("Not found")
    return _out(health.event_delete(actor=request.user, event=event))


# ---- undo -------------------------------------------------------------------------------------------

@router.post("/partnerships/{pk}/undo/{entry_id}", response=UndoneOut,
             summary="Undo a delete (the person who made it, within ACCORD_UNDO_MINUTES)")
def undo_change(request: HttpRequest, pk: int, entry_id: int) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    entry = AuditEntry.objects.filter(partnership=access.partnership, pk=entry_id).first()
    if entry is None:
        raise Http404("Not found")
    undo.undo(actor=request.user, entry=entry)
    return {"entry_id": entry.pk, "label": entry.data.get("label", entry.object_repr)}
