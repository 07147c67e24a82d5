"""API for corrections (a DELETE on a path another router already serves lives in that router, since one
path is one router in django-ninja: funding streams in api/delivery.py, charter versions in api/charter.py): the same deletes, reassignments, reinstatements and reopenings as the pages, through
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
from django.utils.translation import gettext, gettext_noop
from ninja import Router, Schema

from accord.charter import corrections as charter
from accord.charter.models import Measurement
from accord.core import policy, undo
from accord.core.models import AuditEntry
from accord.delivery import corrections as delivery
from accord.delivery.models import StageMove
from accord.governance.models import Action, AgendaItem, Attendance, Decision, Meeting, MeetingSeries, Note
from accord.governance.services import corrections as governance
from accord.health import corrections as health
from accord.health.models import ChangeEvent
from accord.library import corrections as library
from accord.mailing import corrections as mailing
from accord.mailing.access import get_list
from accord.partners import corrections as partners
from accord.partners import services as partner_services
from accord.partners.models import Membership, Person
from accord.trust import corrections as trust

from .correction_out import CorrectionOut, correction_out
from .governance import ActionOut, MeetingOut, _action_out, _meeting_out
from .library import LibraryItemOut, _item_out, _readable
from .trust import WaveOut, _wave_out

router = Router(tags=["Corrections"])


class UndoneOut(Schema):
    entry_id: int
    label: str


class ActionCorrectionIn(Schema):
    owner_id: int | None = None
    due: dt.date | None = None


class PersonEndIn(Schema):
    end_date: dt.date


class PersonEndedOut(Schema):
    id: int
    name: str
    start_date: dt.date
    end_date: dt.date | None


class MembershipEndIn(Schema):
    left: dt.date


class MembershipEndedOut(Schema):
    id: int
    organisation_id: int
    joined: dt.date
    left: dt.date | None


class InvitationWithdrawIn(Schema):
    email: str


class WaveReopenIn(Schema):
    closes_on: dt.date


def _one(qs: Any) -> Any:
    """The one record the path names, looked up within the URL's partnership; 404 like an unknown id."""
    obj = qs.first()
    if obj is None:
        raise Http404("Not found")
    return obj


def _of_meeting(request: HttpRequest, model: Any, pk: int, obj_pk: int) -> Any:
    access = policy.get_partnership(request.user, pk, need="edit")
    obj = _one(model.objects.select_related("meeting__series__partnership").filter(
        pk=obj_pk, meeting__series__partnership=access.partnership))
    return obj


# ---- governance ------------------------------------------------------------------------------------

@router.delete("/partnerships/{pk}/notes/{note_pk}", response=CorrectionOut, summary=gettext_noop("Delete a note (manager)"))
def delete_note(request: HttpRequest, pk: int, note_pk: int) -> dict:
    note = _of_meeting(request, Note, pk, note_pk)
    return correction_out(governance.note_delete(actor=request.user, note=note))


@router.delete("/partnerships/{pk}/agenda-items/{item_pk}", response=CorrectionOut,
               summary=gettext_noop("Delete an agenda item (manager)"))
def delete_agenda_item(request: HttpRequest, pk: int, item_pk: int) -> dict:
    item = _of_meeting(request, AgendaItem, pk, item_pk)
    return correction_out(governance.agenda_item_delete(actor=request.user, item=item))


@router.delete("/partnerships/{pk}/decisions/{decision_pk}", response=CorrectionOut,
               summary=gettext_noop("Delete a decision and its positions (manager)"))
def delete_decision(request: HttpRequest, pk: int, decision_pk: int) -> dict:
    decision = _of_meeting(request, Decision, pk, decision_pk)
    return correction_out(governance.decision_delete(actor=request.user, decision=decision))


@router.post("/partnerships/{pk}/actions/{action_pk}/correction", response=ActionOut,
             summary=gettext_noop("Reassign or re-date an open action (manager)"))
def correct_action(request: HttpRequest, pk: int, action_pk: int, payload: ActionCorrectionIn) -> dict:
    action = _of_meeting(request, Action, pk, action_pk)
    owner = None
    if payload.owner_id is not None:
        owner = Person.objects.select_related("organisation").filter(
            pk=payload.owner_id, partnership=action.meeting.series.partnership).first()
        if owner is None:  # the same answer whether the id is unknown or another partnership's
            raise ValidationError({"owner_id": gettext("No person of this partnership has this id.")})
    return _action_out(governance.action_correct(actor=request.user, action=action, owner=owner, due=payload.due))


@router.post("/partnerships/{pk}/meetings/{meeting_pk}/reinstate", response=MeetingOut,
             summary=gettext_noop("Reinstate a cancelled meeting (manager)"))
def reinstate_meeting(request: HttpRequest, pk: int, meeting_pk: int) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    meeting = _one(Meeting.objects.select_related("series__partnership").filter(
        pk=meeting_pk, series__partnership=access.partnership))
    return _meeting_out(governance.meeting_reinstate(actor=request.user, meeting=meeting))


@router.delete("/partnerships/{pk}/meetings/{meeting_pk}/attendees/{person_pk}", response=CorrectionOut,
               summary=gettext_noop("Take someone added to one meeting off its list (manager); undo for a while"))
def remove_attendee(request: HttpRequest, pk: int, meeting_pk: int, person_pk: int) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    row = _one(Attendance.objects.select_related("meeting__series__partnership", "person").filter(
        meeting_id=meeting_pk, person_id=person_pk, meeting__series__partnership=access.partnership))
    return correction_out(governance.attendee_remove(actor=request.user, row=row))


@router.delete("/partnerships/{pk}/meeting-series/{series_pk}", response=CorrectionOut,
               summary=gettext_noop("Delete a meeting series set up by mistake (manager); refused once a meeting has records"))
def delete_series(request: HttpRequest, pk: int, series_pk: int) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    series = _one(MeetingSeries.objects.filter(partnership=access.partnership, pk=series_pk))
    return correction_out(governance.series_delete(actor=request.user, series=series))


# ---- delivery --------------------------------------------------------------------------------------

@router.delete("/partnerships/{pk}/areas/{area_id}/moves/{move_id}", response=CorrectionOut,
               summary=gettext_noop("Withdraw an area's latest stage move (manager)"))
def delete_stage_move(request: HttpRequest, pk: int, area_id: int, move_id: int) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    move = _one(StageMove.objects.filter(pk=move_id, area_id=area_id, area__partnership=access.partnership))
    return correction_out(delivery.stage_move_delete(actor=request.user, move=move))


# ---- charter ----------------------------------------------------------------------------------------

@router.delete("/partnerships/{pk}/goals/{goal_id}/measurements/{measurement_id}", response=CorrectionOut,
               summary=gettext_noop("Delete a measurement (manager)"))
def delete_measurement(request: HttpRequest, pk: int, goal_id: int, measurement_id: int) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    m = _one(Measurement.objects.select_related("goal").filter(
        pk=measurement_id, goal_id=goal_id, goal__partnership=access.partnership))
    return correction_out(charter.measurement_delete(actor=request.user, measurement=m))


# ---- trust ------------------------------------------------------------------------------------------

@router.post("/partnerships/{pk}/trust/waves/{wave_id}/reopen", response=WaveOut,
             summary=gettext_noop("Reopen a closed wave (manager): its results are withdrawn until it closes again"))
def reopen_wave(request: HttpRequest, pk: int, wave_id: int, payload: WaveReopenIn) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    wave = _one(access.partnership.trust_waves.filter(pk=wave_id))
    return _wave_out(trust.wave_reopen(actor=request.user, wave=wave, closes_on=payload.closes_on))


@router.post("/partnerships/{pk}/trust/waves/{wave_id}/invitations/withdraw", response=CorrectionOut,
             summary=gettext_noop("Withdraw an invitation sent to the wrong person (manager): its link stops working; undo for a while"))
def withdraw_invitation(request: HttpRequest, pk: int, wave_id: int, payload: InvitationWithdrawIn) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    wave = _one(access.partnership.trust_waves.filter(pk=wave_id))
    return correction_out(trust.invitation_withdraw(actor=request.user, wave=wave, email=payload.email))


# ---- health ----------------------------------------------------------------------------------------

@router.delete("/partnerships/{pk}/health/events/{event_id}", response=CorrectionOut,
               summary=gettext_noop("Delete a change event recorded by hand (manager)"))
def delete_event(request: HttpRequest, pk: int, event_id: int) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    event = _one(ChangeEvent.objects.filter(partnership=access.partnership, pk=event_id))
    return correction_out(health.event_delete(actor=request.user, event=event))


# ---- undo -------------------------------------------------------------------------------------------

@router.post("/partnerships/{pk}/undo/{entry_id}", response=UndoneOut,
             summary=gettext_noop("Undo a delete (the person who made it, within ACCORD_UNDO_MINUTES)"))
def undo_change(request: HttpRequest, pk: int, entry_id: int) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    entry = _one(AuditEntry.objects.filter(partnership=access.partnership, pk=entry_id))
    undo.undo(actor=request.user, entry=entry)
    return {"entry_id": entry.pk, "label": entry.data.get("label", entry.object_repr)}


# ---- library ---------------------------------------------------------------------------------------

@router.post("/partnerships/{pk}/library/items/{item_id}/reinstate", response=LibraryItemOut,
             summary=gettext_noop("Share a withdrawn item again (its owner organisation)"))
def reinstate_item(request: HttpRequest, pk: int, item_id: int) -> dict:
    item, access = _readable(request, pk, item_id)
    return _item_out(library.item_reinstate(actor=request.user, access=access, item=item))


# ---- mailing ---------------------------------------------------------------------------------------

@router.post("/partnerships/{pk}/lists/{list_pk}/subscribers/{sub_pk}/unsubscribe", response=CorrectionOut,
             summary=gettext_noop("Unsubscribe someone (a manager of the list); undo for a while"))
def unsubscribe_subscriber(request: HttpRequest, pk: int, list_pk: int, sub_pk: int) -> dict:
    mailing_list, _ = get_list(request.user, pk, list_pk)
    subscriber = _one(mailing_list.subscribers.filter(pk=sub_pk))
    return correction_out(mailing.unsubscribe_by_manager(actor=request.user, subscriber=subscriber))


class ImportUndoneOut(Schema):
    removed: int
    kept: int


@router.post("/partnerships/{pk}/lists/{list_pk}/imports/{entry_id}/undo", response=ImportUndoneOut,
             summary=gettext_noop("Undo a subscriber import made by mistake: remove exactly the subscribers it added"))
def undo_import(request: HttpRequest, pk: int, list_pk: int, entry_id: int) -> dict:
    mailing_list, _ = get_list(request.user, pk, list_pk)
    entry = _one(mailing.imports_of(mailing_list).filter(pk=entry_id))
    return mailing.import_undo(actor=request.user, mailing_list=mailing_list, entry=entry)


# ---- partners --------------------------------------------------------------------------------------

@router.delete("/partnerships/{pk}/roles/{role_pk}", response=CorrectionOut,
               summary=gettext_noop("Remove someone's access (manager); undo for a while"))
def remove_role(request: HttpRequest, pk: int, role_pk: int) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    role = _one(access.partnership.roles.filter(pk=role_pk).select_related("user"))
    return correction_out(partner_services.role_remove(actor=request.user, role=role))


@router.delete("/partnerships/{pk}/people/{person_pk}", response=CorrectionOut,
               summary=gettext_noop("Delete a person entered by mistake (manager); refused while anything names them; undo for a while"))
def delete_person(request: HttpRequest, pk: int, person_pk: int) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    person = _one(Person.objects.filter(partnership=access.partnership, pk=person_pk))
    return correction_out(partners.person_delete(actor=request.user, person=person))


@router.post("/partnerships/{pk}/people/{person_pk}/end", response=PersonEndedOut,
             summary=gettext_noop("Someone moved on: end their time in post on a date (manager)"))
def end_person(request: HttpRequest, pk: int, person_pk: int, payload: PersonEndIn) -> Person:
    access = policy.get_partnership(request.user, pk, need="edit")
    person = _one(Person.objects.filter(partnership=access.partnership, pk=person_pk))
    return partners.person_end(actor=request.user, person=person, end_date=payload.end_date)


def _membership(request: HttpRequest, pk: int, membership_id: int) -> Membership:
    access = policy.get_partnership(request.user, pk, need="edit")
    return _one(Membership.objects.select_related("organisation", "partnership").filter(
        partnership=access.partnership, pk=membership_id))


@router.post("/partnerships/{pk}/memberships/{membership_id}/end", response=MembershipEndedOut,
             summary=gettext_noop("An organisation leaves the partnership: end its membership on a date (manager)"))
def end_membership(request: HttpRequest, pk: int, membership_id: int, payload: MembershipEndIn) -> Membership:
    membership = _membership(request, pk, membership_id)
    return partners.membership_end(actor=request.user, membership=membership, left=payload.left)


@router.delete("/partnerships/{pk}/memberships/{membership_id}", response=CorrectionOut,
               summary=gettext_noop("Delete a membership entered by mistake (manager); refused while anything names it"))
def delete_membership(request: HttpRequest, pk: int, membership_id: int) -> dict:
    membership = _membership(request, pk, membership_id)
    return correction_out(partners.membership_delete(actor=request.user, membership=membership))
