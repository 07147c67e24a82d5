"""API for the charter: versions and sign-offs, goals and measurements, commitments.

Handlers are thin: fetch through core.policy, call the same services as the pages (so the same rules
and messages apply), and return plain data."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext, gettext_noop
from ninja import Router, Schema

from accord.api.correction_out import CorrectionOut, correction_out
from accord.charter import corrections as charter_corrections
from accord.charter import selectors, services
from accord.charter.models import CharterVersion, Commitment, Goal, Signoff
from accord.core import policy

from .schema import one_of

router = Router(tags=["Charter"])


class SignoffOut(Schema):
    organisation_id: int
    organisation: str
    person: str
    signed_at: dt.datetime


class VersionOut(Schema):
    number: int
    status: str
    vision: str
    mission: str
    principles: str
    roles: str
    vision_cy: str  # each section in Welsh, "" where not written (readers of Welsh then see the English)
    mission_cy: str
    principles_cy: str
    roles_cy: str
    change_note: str
    created_at: dt.datetime
    agreed_at: dt.datetime | None
    signoffs: list[SignoffOut]
    unsigned: list[str]


class VersionIn(Schema):
    mission: str
    vision: str = ""
    principles: str = ""
    roles: str = ""
    vision_cy: str = ""
    mission_cy: str = ""
    principles_cy: str = ""
    roles_cy: str = ""
    change_note: str = ""


class CharterStatusOut(Schema):
    agreed_version: int | None
    agreed_on: dt.date | None
    draft_version: int | None
    draft_since: dt.date | None
    unsigned_orgs: list[str]
    url: str


class GoalOut(Schema):
    id: int
    title: str
    metric: str
    unit: str
    baseline: float
    target: float
    target_date: dt.date
    latest: float | None
    latest_on: dt.date | None
    progress: float | None
    url: str


class GoalIn(Schema):
    title: str
    metric: str
    unit: str
    baseline: float = 0
    target: float
    target_date: dt.date | None = None
    source: Annotated[str, one_of(Goal.Source)] = Goal.Source.ENTERED


class GoalPatch(Schema):
    title: str | None = None
    metric: str | None = None
    unit: str | None = None
    baseline: float | None = None
    target: float | None = None
    target_date: dt.date | None = None
    source: Annotated[str, one_of(Goal.Source)] | None = None


class MeasurementOut(Schema):
    id: int | None = None  # a measurement entered by hand (to delete it); None for a goal counted from delivery
    on: dt.date
    value: float


class MeasurementIn(Schema):
    on: dt.date | None = None
    value: float
    note: str = ""


class CommitmentOut(Schema):
    id: int
    title: str
    owner_id: int
    owner: str
    person_id: int | None
    made_on: dt.date
    due: dt.date
    status: Annotated[str, one_of(Commitment.Status)]
    done_on: dt.date | None
    dropped_reason: str


class CommitmentIn(Schema):
    title: str
    owner_id: int
    person_id: int | None = None
    made_on: dt.date | None = None
    due: dt.date | None = None


class CommitmentStatusIn(Schema):
    status: Annotated[str, one_of(Commitment.Status)]
    done_on: dt.date | None = None
    dropped_reason: str = ""


class OrgShareOut(Schema):
    due: int
    kept_on_time: int
    share: float | None


class SummaryOut(Schema):
    due: int
    kept_on_time: int
    share: float | None
    open_overdue: int
    by_org: dict[int, OrgShareOut]


def _version_out(v: CharterVersion) -> dict:
    draft = selectors.current_draft(v.partnership)
    status = "agreed" if v.is_agreed else ("draft" if draft and draft.pk == v.pk else "replaced")
    return {**{f: getattr(v, f) for f in ("number", "vision", "mission", "principles", "roles", "vision_cy",
                                          "mission_cy", "principles_cy", "roles_cy", "change_note",
                                          "created_at", "agreed_at")},
            "status": status, "signoffs": [_signoff_out(s) for s in v.signoffs.select_related("organisation")],
            "unsigned": [o.name for o in selectors.unsigned_organisations(v)] if status == "draft" else []}


def _signoff_out(s: Signoff) -> dict:
    return {"organisation_id": s.organisation_id, "organisation": s.organisation.name, "person": s.person_name,
            "signed_at": s.signed_at}


def _version(access: policy.Access, number: int) -> CharterVersion:
    v = access.partnership.charter_versions.filter(number=number).first()
    if v is None:
        raise Http404("Not found")
    return v


@router.get("/partnerships/{pk}/charter", response=CharterStatusOut, summary=gettext_noop("The agreed version and the draft's sign-off"))
def charter_status(request: HttpRequest, pk: int) -> dict:
    return selectors.charter_status(policy.get_partnership(request.user, pk).partnership)


@router.get("/partnerships/{pk}/charter/versions", response=list[VersionOut], summary=gettext_noop("Every version, newest first"))
def list_versions(request: HttpRequest, pk: int) -> list:
    access = policy.get_partnership(request.user, pk)
    return [_version_out(v) for v in access.partnership.charter_versions.order_by("-number")]


@router.post("/partnerships/{pk}/charter/versions", response={201: VersionOut},
             summary=gettext_noop("Save a new draft version (manager)"))
def create_version(request: HttpRequest, pk: int, payload: VersionIn) -> tuple[int, dict]:
    access = policy.get_partnership(request.user, pk, need="edit")
    v = services.version_create(actor=request.user, partnership=access.partnership, **payload.dict())
    return 201, _version_out(v)


@router.get("/partnerships/{pk}/charter/versions/{number}", response=VersionOut,
            summary=gettext_noop("Get Version"))
def get_version(request: HttpRequest, pk: int, number: int) -> dict:
    return _version_out(_version(policy.get_partnership(request.user, pk), number))


@router.get("/partnerships/{pk}/charter/versions/{number}/signoffs", response=list[SignoffOut],
            summary=gettext_noop("List Signoffs"))
def list_signoffs(request: HttpRequest, pk: int, number: int) -> list:
    v = _version(policy.get_partnership(request.user, pk), number)
    return [_signoff_out(s) for s in v.signoffs.select_related("organisation")]


@router.post("/partnerships/{pk}/charter/versions/{number}/signoffs", response={201: SignoffOut},
             summary=gettext_noop("Sign off the draft for your organisation (senior leaders of member organisations)"))
def sign(request: HttpRequest, pk: int, number: int) -> tuple[int, dict]:
    access = policy.get_partnership(request.user, pk, need="act")
    signoff = services.signoff_record(actor=request.user, version=_version(access, number))
    return 201, _signoff_out(signoff)


# ---- goals ------------------------------------------------------------------------------------

def _goal(access: policy.Access, goal_id: int) -> Goal:
    goal = access.partnership.goals.filter(pk=goal_id).first()
    if goal is None:
        raise Http404("Not found")
    return goal


@router.get("/partnerships/{pk}/goals", response=list[GoalOut], summary=gettext_noop("List Goals"))
def list_goals(request: HttpRequest, pk: int) -> list:
    return selectors.goals_progress(policy.get_partnership(request.user, pk).partnership)


@router.post("/partnerships/{pk}/goals", response={201: GoalOut}, summary=gettext_noop("Add a goal (manager)"))
def create_goal(request: HttpRequest, pk: int, payload: GoalIn) -> tuple[int, dict]:
    access = policy.get_partnership(request.user, pk, need="edit")
    goal = services.goal_save(actor=request.user, goal=Goal(partnership=access.partnership, **payload.dict()))
    return 201, selectors.goal_row(goal)


@router.get("/partnerships/{pk}/goals/{goal_id}", response=GoalOut, summary=gettext_noop("Get Goal"))
def get_goal(request: HttpRequest, pk: int, goal_id: int) -> dict:
    return selectors.goal_row(_goal(policy.get_partnership(request.user, pk), goal_id))


@router.patch("/partnerships/{pk}/goals/{goal_id}", response=GoalOut, summary=gettext_noop("Change a goal (manager)"))
def update_goal(request: HttpRequest, pk: int, goal_id: int, payload: GoalPatch) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    goal = _goal(access, goal_id)
    for key, value in payload.dict(exclude_unset=True).items():
        setattr(goal, key, value)
    return selectors.goal_row(services.goal_save(actor=request.user, goal=goal))


@router.get("/partnerships/{pk}/goals/{goal_id}/measurements", response=list[MeasurementOut],
            summary=gettext_noop("Dated values: entered, or counted from delivery"))
def list_measurements(request: HttpRequest, pk: int, goal_id: int) -> list:
    goal = _goal(policy.get_partnership(request.user, pk), goal_id)
    ids = dict(goal.measurements.values_list("on", "pk"))
    return [{"id": ids.get(on), "on": on, "value": value} for on, value in selectors.goal_history(goal)]


@router.post("/partnerships/{pk}/goals/{goal_id}/measurements", response={201: MeasurementOut},
             summary=gettext_noop("Record a measurement (manager)"))
def add_measurement(request: HttpRequest, pk: int, goal_id: int, payload: MeasurementIn) -> tuple[int, dict]:
    access = policy.get_partnership(request.user, pk, need="edit")
    m = services.measurement_add(actor=request.user, goal=_goal(access, goal_id), **payload.dict())
    return 201, {"id": m.pk, "on": m.on, "value": m.value}


# ---- commitments ------------------------------------------------------------------------------

def _commitment_out(c: Commitment) -> dict:
    return {**{f: getattr(c, f) for f in ("id", "title", "owner_id", "person_id", "made_on", "due", "status",
                                          "done_on", "dropped_reason")}, "owner": c.owner.name}


@router.get("/partnerships/{pk}/commitments", response=list[CommitmentOut], summary=gettext_noop("Commitments (not for funders)"))
def list_commitments(request: HttpRequest, pk: int) -> list:
    access = policy.get_partnership(request.user, pk, need="view_members")
    return [_commitment_out(c) for c in access.partnership.commitments.select_related("owner")]


@router.get("/partnerships/{pk}/commitments/summary", response=SummaryOut,
            summary=gettext_noop("Walks the talk: the share kept on time over the last 12 months, by partner"))
def commitments_summary(request: HttpRequest, pk: int) -> dict:
    access = policy.get_partnership(request.user, pk, need="view_members")
    return selectors.commitments_summary(access.partnership)


@router.post("/partnerships/{pk}/commitments", response={201: CommitmentOut}, summary=gettext_noop("Record a commitment (manager)"))
def create_commitment(request: HttpRequest, pk: int, payload: CommitmentIn) -> tuple[int, dict]:
    access = policy.get_partnership(request.user, pk, need="edit")
    data = {k: v for k, v in payload.dict().items() if v is not None}
    c = services.commitment_save(actor=request.user, commitment=Commitment(partnership=access.partnership, **data))
    return 201, _commitment_out(c)


@router.patch("/partnerships/{pk}/commitments/{c_id}", response=CommitmentOut,
              summary=gettext_noop("Mark a commitment open, done or dropped (the owner organisation or the manager)"))
def set_commitment_status(request: HttpRequest, pk: int, c_id: int, payload: CommitmentStatusIn) -> dict:
    access = policy.get_partnership(request.user, pk, need="act")
    c = access.partnership.commitments.select_related("owner").filter(pk=c_id).first()
    if c is None:
        raise Http404("Not found")
    if not (access.can("edit") or (access.organisation and access.organisation.pk == c.owner_id)):
        raise PermissionDenied(gettext("Only the owner organisation or the partnership manager can update this commitment."))
    services.commitment_set_status(actor=request.user, commitment=c, **payload.dict())
    return _commitment_out(c)


# ---- corrections (api/corrections.py has the others) ----------------------------------------

@router.delete("/partnerships/{pk}/charter/versions/{number}", response=CorrectionOut,
               summary=gettext_noop("Withdraw the draft version (manager); an agreed version is refused"))
def withdraw_version(request: HttpRequest, pk: int, number: int) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    version = access.partnership.charter_versions.filter(number=number).first()
    if version is None:
        raise Http404("Not found")
    return correction_out(charter_corrections.version_withdraw(actor=request.user, version=version))


@router.delete("/partnerships/{pk}/goals/{goal_id}", response=CorrectionOut,
               summary=gettext_noop("Delete a goal entered by mistake (manager); refused while it has measurements; undo for a while"))
def delete_goal(request: HttpRequest, pk: int, goal_id: int) -> dict:
    goal = _goal(policy.get_partnership(request.user, pk, need="edit"), goal_id)
    return correction_out(charter_corrections.goal_delete(actor=request.user, goal=goal))


@router.delete("/partnerships/{pk}/commitments/{c_id}", response=CorrectionOut,
               summary=gettext_noop("Delete an open commitment entered by mistake (manager); undo for a while"))
def delete_commitment(request: HttpRequest, pk: int, c_id: int) -> dict:
    access = policy.get_partnership(request.user, pk, need="edit")
    commitment = access.partnership.commitments.filter(pk=c_id).first()
    if commitment is None:
        raise Http404("Not found")
    return correction_out(charter_corrections.commitment_delete(actor=request.user, commitment=commitment))
