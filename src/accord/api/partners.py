"""Partnerships, organisations, people and memberships: read endpoints under the access policy."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Router, Schema

from accord.core import policy
from accord.partners import selectors, services
from accord.partners.models import Organisation

router = Router(tags=["Partners"])


class PartnershipOut(Schema):
    id: int
    name: str
    purpose: str
    start_date: dt.date
    status: str
    your_role: str
    language: str  # e-mails go in it to anyone whose own language is not known ("en" or "cy")
    email_languages: str  # "recipient": each person's own language; "both": Welsh and English, Welsh first


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    org_id: str
    website: str
    focus: str


class CapabilityOut(Schema):
    kind: str
    detail: str


class MembershipOut(Schema):
    id: int
    organisation: OrganisationOut
    joined: dt.date
    left: dt.date | None
    is_lead: bool
    local_role: str
    capabilities: list[CapabilityOut]


class PersonOut(Schema):
    id: int
    name: str
    job_title: str
    seniority: str
    email: str
    organisation_id: int
    start_date: dt.date
    end_date: dt.date | None


def _partnership_out(access: policy.Access) -> dict:
    p = access.partnership
    return {"id": p.pk, "name": p.name, "purpose": p.purpose, "start_date": p.start_date, "status": p.status,
            "language": p.language, "email_languages": p.email_languages,
            "your_role": access.role}


@router.get("/partnerships", response=list[PartnershipOut], summary=gettext_noop("The partnerships you have a role in"))
def list_partnerships(request: HttpRequest) -> list[dict]:
    out = []
    for partnership in policy.partnerships_for(request.user).order_by("name"):
        access = policy.access_for(request.user, partnership)
        assert access is not None  # partnerships_for lists only partnerships the user may see
        out.append(_partnership_out(access))
    return out


@router.get("/partnerships/{pk}", response=PartnershipOut, summary=gettext_noop("Get Partnership"))
def get_partnership(request: HttpRequest, pk: int) -> dict:
    return _partnership_out(policy.get_partnership(request.user, pk))


@router.get("/partnerships/{pk}/memberships", response=list[MembershipOut],
            summary=gettext_noop("Member organisations, with dates and what each brings"))
def list_memberships(request: HttpRequest, pk: int) -> list:
    access = policy.get_partnership(request.user, pk)
    return [
        {**{f: getattr(m, f) for f in ("id", "joined", "left", "is_lead", "local_role")},
         "organisation": m.organisation, "capabilities": list(m.capabilities.all())}
        for m in selectors.memberships(access.partnership)
    ]


@router.get("/partnerships/{pk}/organisations", response=list[OrganisationOut],
            summary=gettext_noop("List Organisations"))
def list_organisations(request: HttpRequest, pk: int) -> list:
    access = policy.get_partnership(request.user, pk)
    return [m.organisation for m in selectors.memberships(access.partnership)]


@router.get("/partnerships/{pk}/organisations/{org_pk}", response=OrganisationOut,
            summary=gettext_noop("Get Organisation"))
def get_organisation(request: HttpRequest, pk: int, org_pk: int) -> Organisation:
    access = policy.get_partnership(request.user, pk)
    membership = access.partnership.memberships.select_related("organisation").filter(organisation_id=org_pk).first()
    if membership is None:
        from django.http import Http404

        raise Http404("Not found")
    return membership.organisation


@router.get("/partnerships/{pk}/people", response=list[PersonOut],
            summary=gettext_noop("People of member organisations (not for funders)"))
def list_people(request: HttpRequest, pk: int, current_only: bool = False) -> list:
    access = policy.get_partnership(request.user, pk, need="view_members")
    return list(selectors.people(access.partnership, current_only=current_only))


class PartnershipIn(Schema):
    name: str
    purpose: str
    start_date: dt.date | None = None


@router.post("/partnerships", response={201: PartnershipOut},
             summary=gettext_noop("Start a partnership (you become its manager; ACCORD_WHO_MAY_START_PARTNERSHIPS says who may)"))
def create_partnership(request: HttpRequest, payload: PartnershipIn) -> tuple[int, dict]:
    partnership = services.partnership_create(actor=request.user, name=payload.name, purpose=payload.purpose,
                                              start_date=payload.start_date or dt.date.today())
    return 201, _partnership_out(policy.check(request.user, partnership))
