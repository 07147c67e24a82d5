"""API for governance: series, meetings, attendance, agenda, minutes, decisions with positions, actions.

Handlers are thin: fetch through core.policy, call the domain's services. Partners' own people read
(need "view_members"); the manager changes (need "edit"); a partner records its own position and
updates its own actions (need "act"); funders see governance health only (need "view").
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, overload

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext, gettext_noop
from ninja import Router, Schema

from accord.core import policy
from accord.governance import selectors, services
from accord.governance.access import may_update_action
from accord.governance.models import (
    Action,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MeetingSeries,
    Position,
)
from accord.governance.services import corrections
from accord.partners import selectors as partners
from accord.partners.models import Organisation, Person

from .correction_out import CorrectionOut, correction_out
from .schema import LocalTime, one_of

router = Router(tags=["Governance"])


# ---- schemas ---------------------------------------------------------------------------------------

class SeriesIn(Schema):
    title: str
    rrule: str
    starts_on: dt.date
    ends_on: dt.date | None = None
    start_time: LocalTime = dt.time(10, 0)
    time_zone: str = "Europe/London"
    duration_minutes: int = 120
    place: str = ""
    video_link: str = ""
    senior_leaders_expected: bool = True
    extra_attendee_ids: list[int] = []


class SeriesOut(Schema):
    id: int
    title: str
    rrule: str
    starts_on: dt.date
    ends_on: dt.date | None
    start_time: LocalTime
    time_zone: str
    duration_minutes: int
    place: str
    video_link: str
    uid: str


class MeetingOut(Schema):
    id: int
    series_id: int
    title: str
    original_start: dt.datetime
    start: dt.datetime
    end: dt.datetime
    status: Annotated[str, one_of(Meeting.Status)]
    place: str
    minutes_status: Annotated[str, one_of(Meeting.Minutes)]
    url: str


class MeetingMoveIn(Schema):
    start: dt.datetime
    end: dt.datetime
    place: str | None = None


class AttendanceOut(Schema):
    person_id: int
    person: str
    organisation_id: int
    expected: bool
    senior: bool
    status: Annotated[str, one_of(Attendance.Status, blank=gettext_noop("not recorded yet"))]
    delegate_name: str


class AttendanceIn(Schema):
    person_id: int
    status: Annotated[str, one_of(Attendance.Status)]
    delegate_name: str = ""


class AddPersonIn(Schema):
    person_id: int


class AgendaIn(Schema):
    title: str
    owner_id: int | None = None
    minutes_allotted: int = 15
    papers: list[str] = []


class AgendaOut(Schema):
    id: int
    title: str
    owner_id: int | None
    minutes_allotted: int
    papers: list[str]
    minutes: str
    amendments: list[dict]


class MinutesIn(Schema):
    text: str
    reason: str = ""


class MeetingDecisionIn(Schema):
    proposal: str
    needs_consensus: bool = False
    item_id: int | None = None


class DecisionOut(Schema):
    id: int
    meeting_id: int | None  # None: taken between meetings (see `url`)
    url: str
    proposal: str
    needs_consensus: bool
    result: Annotated[str, one_of(Decision.Result)]
    positions: dict[int, Annotated[str, one_of(Position.Stance)]]


class PositionIn(Schema):
    stance: Annotated[str, one_of(Position.Stance)]
    comment: str = ""
    organisation_id: int | None = None


class ActionIn(Schema):
    title: str
    owner_id: int
    due: dt.date
    detail: str = ""
    item_id: int | None = None


class ActionOut(Schema):
    id: int
    meeting_id: int
    title: str
    owner_id: int
    organisation_id: int
    due: dt.date
    status: Annotated[str, one_of(Action.Status)]
    completed_on: dt.date | None
    url: str


class ActionUpdateIn(Schema):
    status: Annotated[str, one_of(Action.Status)]
    completed_on: dt.date | None = None


# ---- helpers -------------------------------------------------------------------------------------

def _meeting(request: HttpRequest, pk: int, meeting_pk: int, need: str) -> tuple[Meeting, policy.Access]:
    access = policy.get_partnership(request.user, pk, need=need)
    meeting = Meeting.objects.select_related("series__partnership").filter(
        pk=meeting_pk, series__partnership=access.partnership).first()
    if meeting is None:
        raise Http404("Not found")
    return meeting, access


@overload
def _person(access: policy.Access, person_id: int) -> Person: ...
@overload
def _person(access: policy.Access, person_id: int | None) -> Person | None: ...
def _person(access: policy.Access, person_id: int | None) -> Person | None:
    if person_id is None:
        return None
    person = partners.people(access.partnership).filter(pk=person_id).first()
    if person is None:
        raise ValidationError(gettext("Person %(id)s does not work for a member organisation of this partnership.")
                              % {"id": person_id})
    return person


def _item(meeting: Meeting, item_id: int | None) -> AgendaItem | None:
    if item_id is None:
        return None
    item = meeting.agenda.filter(pk=item_id).first()
    if item is None:
        raise ValidationError(gettext("Agenda item %(id)s is not on this meeting's agenda.") % {"id": item_id})
    return item


def _meeting_out(m: Meeting) -> dict[str, Any]:
    return {"id": m.pk, "series_id": m.series_id, "title": m.series.title, "original_start": m.original_start,
            "start": m.start, "end": m.end, "status": m.status, "place": m.where, "minutes_status": m.minutes_status,
            "url": m.get_absolute_url()}


def _decision_out(d: Decision) -> dict[str, Any]:
    return {"id": d.pk, "meeting_id": d.meeting_id, "url": d.get_absolute_url(), "proposal": d.proposal, "needs_consensus": d.needs_consensus,
            "result": d.result, "positions": {p.organisation_id: p.stance for p in d.positions.all()}}


def _action_out(a: Action) -> dict[str, Any]:
    return {"id": a.pk, "meeting_id": a.meeting_id, "title": a.title, "owner_id": a.owner_id,
            "organisation_id": a.organisation_id, "due": a.due, "status": a.status, "completed_on": a.completed_on,
            "url": a.get_absolute_url()}


def _agenda_out(i: AgendaItem) -> dict[str, Any]:
    return {"id": i.pk, "title": i.title, "owner_id": i.owner_id, "minutes_allotted": i.minutes_allotted,
            "papers": i.papers, "minutes": i.minutes,
            "amendments": [{"text": a.text, "reason": a.reason, "made_at": a.made_at.isoformat()}
                           for a in i.amendments.all()]}


# ---- series and meetings ---------------------------------------------------------------------------

@router.get("/partnerships/{pk}/meeting-series", response=list[SeriesOut],
            summary=gettext_noop("List Series"))
def list_series(request: HttpRequest, pk: int) -> list:
    access = policy.get_partnership(request.user, pk, need="view_members")
    return list(MeetingSeries.objects.filter(partnership=access.partnership))


@router.post("/partnerships/{pk}/meeting-series", response={201: SeriesOut},
             summary=gettext_noop("Create a series; its meetings are made and invitations sent"))
def create_series(request: HttpRequest, pk: int, payload: SeriesIn) -> tuple[int, object]:
    access = policy.get_partnership(request.user, pk, need="edit")
    data = payload.dict()
    extra = [_person(access, i) for i in data.pop("extra_attendee_ids")]
    series = services.series_create(actor=request.user, partnership=access.partnership, extra_attendees=extra,
                                    **data)
    return 201, series


@router.get("/partnerships/{pk}/meetings", response=list[MeetingOut], summary=gettext_noop("List Meetings"))
def list_meetings(request: HttpRequest, pk: int, start: dt.date | None = None, end: dt.date | None = None) -> list:
    access = policy.get_partnership(request.user, pk, need="view_members")
    qs = selectors.meetings(access.partnership).order_by("start")
    if start:
        qs = qs.filter(start__date__gte=start)
    if end:
        qs = qs.filter(start__date__lte=end)
    return [_meeting_out(m) for m in qs]


@router.get("/partnerships/{pk}/meetings/{meeting_pk}", response=MeetingOut,
            summary=gettext_noop("Get Meeting"))
def get_meeting(request: HttpRequest, pk: int, meeting_pk: int) -> dict:
    return _meeting_out(_meeting(request, pk, meeting_pk, "view_members")[0])


@router.post("/partnerships/{pk}/meetings/{meeting_pk}/move", response=MeetingOut,
             summary=gettext_noop("Move Meeting"))
def move_meeting(request: HttpRequest, pk: int, meeting_pk: int, payload: MeetingMoveIn) -> dict:
    meeting, _ = _meeting(request, pk, meeting_pk, "edit")
    return _meeting_out(services.meeting_move(actor=request.user, meeting=meeting, start=payload.start,
                                              end=payload.end, place=payload.place))


@router.post("/partnerships/{pk}/meetings/{meeting_pk}/cancel", response=MeetingOut,
             summary=gettext_noop("Cancel Meeting"))
def cancel_meeting(request: HttpRequest, pk: int, meeting_pk: int) -> dict:
    meeting, _ = _meeting(request, pk, meeting_pk, "edit")
    return _meeting_out(services.meeting_cancel(actor=request.user, meeting=meeting))


# ---- attendance ----------------------------------------------------------------------------------

def _attendance(meeting: Meeting) -> list[dict]:
    return [{"person_id": a.person_id, "person": a.person.name, "organisation_id": a.organisation_id,
             "expected": a.expected, "senior": a.senior, "status": a.status, "delegate_name": a.delegate_name}
            for a in meeting.attendance.select_related("person")]


@router.get("/partnerships/{pk}/meetings/{meeting_pk}/attendance", response=list[AttendanceOut],
            summary=gettext_noop("List Attendance"))
def list_attendance(request: HttpRequest, pk: int, meeting_pk: int) -> list:
    return _attendance(_meeting(request, pk, meeting_pk, "view_members")[0])


@router.post("/partnerships/{pk}/meetings/{meeting_pk}/attendance", response=list[AttendanceOut],
             summary=gettext_noop("Record attendance (all or nothing)"))
def record_attendance(request: HttpRequest, pk: int, meeting_pk: int, payload: list[AttendanceIn]) -> list:
    meeting, _ = _meeting(request, pk, meeting_pk, "edit")
    services.attendance_record(actor=request.user, meeting=meeting,
                               records=[(r.person_id, r.status, r.delegate_name) for r in payload])
    return _attendance(meeting)


@router.post("/partnerships/{pk}/meetings/{meeting_pk}/attendees", response={201: AttendanceOut},
             summary=gettext_noop("Add someone to one meeting"))
def add_attendee(request: HttpRequest, pk: int, meeting_pk: int, payload: AddPersonIn) -> tuple[int, object]:
    meeting, access = _meeting(request, pk, meeting_pk, "edit")
    services.attendee_add(actor=request.user, meeting=meeting, person=_person(access, payload.person_id))
    return 201, next(a for a in _attendance(meeting) if a["person_id"] == payload.person_id)


# ---- agenda and minutes ---------------------------------------------------------------------------

@router.get("/partnerships/{pk}/meetings/{meeting_pk}/agenda", response=list[AgendaOut],
            summary=gettext_noop("List Agenda"))
def list_agenda(request: HttpRequest, pk: int, meeting_pk: int) -> list:
    meeting, _ = _meeting(request, pk, meeting_pk, "view_members")
    return [_agenda_out(i) for i in meeting.agenda.prefetch_related("amendments")]


@router.post("/partnerships/{pk}/meetings/{meeting_pk}/agenda", response={201: AgendaOut},
             summary=gettext_noop("Add Agenda Item"))
def add_agenda_item(request: HttpRequest, pk: int, meeting_pk: int, payload: AgendaIn) -> tuple[int, object]:
    meeting, access = _meeting(request, pk, meeting_pk, "edit")
    item = services.agenda_item_add(actor=request.user, meeting=meeting, title=payload.title,
                                    owner=_person(access, payload.owner_id), minutes_allotted=payload.minutes_allotted,
                                    papers=payload.papers)
    return 201, _agenda_out(item)


@router.put("/partnerships/{pk}/meetings/{meeting_pk}/agenda/{item_pk}/minutes", response=AgendaOut,
            summary=gettext_noop("Draft minutes; once approved, a correction needs a reason and is kept as an amendment"))
def put_minutes(request: HttpRequest, pk: int, meeting_pk: int, item_pk: int, payload: MinutesIn) -> dict:
    meeting, _ = _meeting(request, pk, meeting_pk, "edit")
    item = _item(meeting, item_pk)
    assert item is not None
    services.minutes_write(actor=request.user, item=item, text=payload.text, reason=payload.reason or "")
    return _agenda_out(item)


@router.post("/partnerships/{pk}/meetings/{meeting_pk}/approve-minutes/{at_meeting_pk}", response=MeetingOut,
             summary=gettext_noop("Approve this meeting's minutes at a later meeting, which locks them"))
def approve_minutes(request: HttpRequest, pk: int, meeting_pk: int, at_meeting_pk: int) -> dict:
    meeting, _ = _meeting(request, pk, meeting_pk, "edit")
    at_meeting, _ = _meeting(request, pk, at_meeting_pk, "edit")
    return _meeting_out(services.minutes_approve(actor=request.user, meeting=meeting, at_meeting=at_meeting))


# ---- notes ---------------------------------------------------------------------------------------

class NoteIn(Schema):
    text: str
    item_id: int | None = None


class NoteOut(Schema):
    id: int
    text: str
    item_id: int | None


@router.get("/partnerships/{pk}/meetings/{meeting_pk}/notes", response=list[NoteOut],
            summary=gettext_noop("List Notes"))
def list_notes(request: HttpRequest, pk: int, meeting_pk: int) -> list:
    meeting, _ = _meeting(request, pk, meeting_pk, "view_members")
    return list(meeting.notes.all())


@router.post("/partnerships/{pk}/meetings/{meeting_pk}/notes", response={201: NoteOut},
             summary=gettext_noop("Add Note"))
def add_note(request: HttpRequest, pk: int, meeting_pk: int, payload: NoteIn) -> tuple[int, object]:
    meeting, _ = _meeting(request, pk, meeting_pk, "edit")
    return 201, services.note_add(actor=request.user, meeting=meeting, text=payload.text,
                                  item=_item(meeting, payload.item_id))


# ---- decisions -----------------------------------------------------------------------------------

@router.get("/partnerships/{pk}/decisions", response=list[DecisionOut],
            summary=gettext_noop("List Decisions"))
def list_decisions(request: HttpRequest, pk: int) -> list:
    access = policy.get_partnership(request.user, pk, need="view_members")
    qs = Decision.objects.filter(Q(meeting__series__partnership=access.partnership)  # at meetings and between
                                 | Q(partnership=access.partnership)).prefetch_related("positions")
    return [_decision_out(d) for d in qs]


@router.post("/partnerships/{pk}/meetings/{meeting_pk}/decisions", response={201: DecisionOut},
             summary=gettext_noop("Add Decision"))
def add_decision(request: HttpRequest, pk: int, meeting_pk: int, payload: MeetingDecisionIn) -> tuple[int, object]:
    meeting, _ = _meeting(request, pk, meeting_pk, "edit")
    decision = services.decision_add(actor=request.user, meeting=meeting, proposal=payload.proposal,
                                     needs_consensus=payload.needs_consensus, item=_item(meeting, payload.item_id))
    return 201, _decision_out(decision)


@router.post("/partnerships/{pk}/decisions/{decision_pk}/positions", response=DecisionOut,
             summary=gettext_noop("Record your organisation's position (the manager may record any member's)"))
def record_position(request: HttpRequest, pk: int, decision_pk: int, payload: PositionIn) -> dict:
    access = policy.get_partnership(request.user, pk, need="act")
    decision = Decision.objects.select_related("meeting__series__partnership").filter(
        pk=decision_pk, meeting__series__partnership=access.partnership).first()
    if decision is None:
        raise Http404("Not found")
    org_id = payload.organisation_id or (access.organisation.pk if access.organisation else None)
    if org_id is None:
        raise ValidationError(gettext("Say which organisation this position is for (organisation_id)."))
    if not access.is_manager and (access.organisation is None or org_id != access.organisation.pk):
        raise PermissionDenied(gettext("You record your own organisation's position only."))
    organisation = Organisation.objects.filter(pk=org_id, memberships__partnership=access.partnership).first()
    if organisation is None:  # the same answer whether the id is unknown or another partnership's
        raise ValidationError({"organisation_id": gettext("No member organisation of this partnership has this id.")})
    services.position_record(actor=request.user, decision=decision, organisation=organisation,
                             stance=payload.stance, comment=payload.comment)
    return _decision_out(decision)


# ---- actions ---------------------------------------------------------------------------------------

@router.get("/partnerships/{pk}/actions", response=list[ActionOut], summary=gettext_noop("List Actions"))
def list_actions(request: HttpRequest, pk: int, status: str | None = None) -> list:
    access = policy.get_partnership(request.user, pk, need="view_members")
    qs = Action.objects.filter(meeting__series__partnership=access.partnership).select_related(
        "meeting__series")
    if status:
        qs = qs.filter(status=status)
    return [_action_out(a) for a in qs]


@router.post("/partnerships/{pk}/meetings/{meeting_pk}/actions", response={201: ActionOut},
             summary=gettext_noop("Add Action"))
def add_action(request: HttpRequest, pk: int, meeting_pk: int, payload: ActionIn) -> tuple[int, object]:
    meeting, access = _meeting(request, pk, meeting_pk, "edit")
    action = services.action_add(actor=request.user, meeting=meeting, title=payload.title,
                                 owner=_person(access, payload.owner_id), due=payload.due, detail=payload.detail,
                                 item=_item(meeting, payload.item_id))
    return 201, _action_out(action)


@router.patch("/partnerships/{pk}/actions/{action_pk}", response=ActionOut,
              summary=gettext_noop("Update an action (its owner, its organisation's people, or the manager)"))
def update_action(request: HttpRequest, pk: int, action_pk: int, payload: ActionUpdateIn) -> dict:
    access = policy.get_partnership(request.user, pk, need="act")
    action = Action.objects.select_related("meeting__series__partnership", "owner").filter(
        pk=action_pk, meeting__series__partnership=access.partnership).first()
    if action is None:
        raise Http404("Not found")
    if not may_update_action(access, action, request.user):
        raise PermissionDenied(gettext("Only the action's owner, its organisation or the manager can update it."))
    return _action_out(services.action_update(actor=request.user, action=action, status=payload.status,
                                              completed_on=payload.completed_on))


@router.get("/my/actions", response=list[ActionOut], summary=gettext_noop("Actions you own, across your partnerships"))
def my_actions(request: HttpRequest) -> list:
    allowed = policy.partnerships_for(request.user, "view_members")
    return [_action_out(a) for a in
            selectors.actions_for_user(request.user).filter(meeting__series__partnership__in=allowed)]


# ---- health --------------------------------------------------------------------------------------

@router.get("/partnerships/{pk}/governance-health", summary=gettext_noop("Aggregates: funders may see these"))
def governance_health(request: HttpRequest, pk: int, start: dt.date | None = None,
                      end: dt.date | None = None) -> dict:
    access = policy.get_partnership(request.user, pk, need="view")
    data = selectors.governance_health(access.partnership, start=start, end=end)
    data["by_org"] = {str(k): v for k, v in data["by_org"].items()}
    return data


# ---- corrections on paths served here (api/corrections.py has the others) ---------------------------

@router.delete("/partnerships/{pk}/actions/{action_pk}", response=CorrectionOut,
               summary=gettext_noop("Delete an open action recorded by mistake (manager); undo for a while"))
def delete_action(request: HttpRequest, pk: int, action_pk: int) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    action = Action.objects.select_related("meeting__series__partnership", "owner").filter(
        pk=action_pk, meeting__series__partnership=access.partnership).first()
    if action is None:
        raise Http404("Not found")
    return correction_out(corrections.action_delete(actor=request.user, action=action))
