"""Personal data: the record of processing and what retention removes next, subject access (request, status,
download) and erasure for a partnership's manager and, for the whole site, a site administrator; a person's
own copy of their data. (Closing one's own account is on the account page only: like tokens and second
factors, it needs the password again, which a token cannot give.)"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext_noop
from ninja import Router, Schema

from accord.core import policy
from accord.core.personal import BASES, declarations
from accord.privacy import retention, services
from accord.privacy.models import Erasure, SubjectAccess

router = Router(tags=["Personal data"])


class PrivacyAccessIn(Schema):
    email: str


class PrivacyAccessOut(Schema):
    id: int
    scope: str
    status: str
    done: int
    total: int
    rows: int
    created_at: dt.datetime
    expires_at: dt.datetime | None
    download_url: str | None


class PrivacyErasureIn(Schema):
    email: str
    reason: str


class PrivacyErasureOut(Schema):
    reference: str
    created_at: dt.datetime
    reason: str
    counts: dict[str, int]


class PrivacyRecordOut(Schema):
    record: str
    personal_fields: list[str]
    purpose: str
    lawful_basis: str
    lawful_basis_means: str
    who_can_see: str
    kept: str
    scope: str


class PrivacyRetentionOut(Schema):
    key: str
    describe: str
    setting: str
    days: int
    due_now: int
    due_within_30_days: int


class PrivacyProcessingOut(Schema):
    record_of_processing: list[PrivacyRecordOut]
    removed_next: list[PrivacyRetentionOut]
    erasures: list[PrivacyErasureOut]


def _erasure_out(record: Erasure) -> dict[str, Any]:
    return {"reference": record.reference, "created_at": record.created_at, "reason": record.reason,
            "counts": record.counts}


def _processing(partnership: Any) -> dict[str, Any]:
    """What the personal data page shows: the register, what retention removes next, the erasures made."""
    erasures = Erasure.objects.filter(partnership=partnership) if partnership is not None else Erasure.objects.all()
    return {
        "record_of_processing": [{
            "record": d.model, "personal_fields": list(d.fields), "purpose": d.purpose, "lawful_basis": d.basis,
            "lawful_basis_means": BASES[d.basis], "who_can_see": d.who, "kept": d.retention,
            "scope": "partnership" if d.partnership else "site"} for d in declarations()],
        "removed_next": [{"key": u["key"], "describe": u["describe"], "setting": u["setting"], "days": u["days"],
                          "due_now": u["now"], "due_within_30_days": u["soon"]} for u in retention.upcoming(partnership)],
        "erasures": [_erasure_out(e) for e in erasures[:50]],
    }


def _access_out(row: SubjectAccess) -> dict[str, Any]:
    url = None
    if row.downloadable:
        if row.scope == SubjectAccess.Scope.PARTNERSHIP:
            url = reverse("api:privacy_download", args=[row.partnership_id, row.pk])
        elif row.scope == SubjectAccess.Scope.SITE:
            url = reverse("api:privacy_site_download", args=[row.pk])
        else:
            url = reverse("api:privacy_own_download", args=[row.pk])
    return {"id": row.pk, "scope": row.scope, "status": row.status, "done": row.done, "total": row.total,
            "rows": row.rows, "created_at": row.created_at, "expires_at": row.expires_at, "download_url": url}


def _theirs(request: HttpRequest, pk: int, access_id: int) -> SubjectAccess:
    row, _ = policy.get_object(request.user, SubjectAccess.objects.filter(requested_by_id=request.user.pk), pk=access_id,
                               need="audit", within=pk)
    return row


def _mine(request: HttpRequest, access_id: int) -> SubjectAccess:
    row = SubjectAccess.objects.filter(pk=access_id, requested_by_id=request.user.pk,
                                       scope=SubjectAccess.Scope.SELF).first()
    if row is None:
        raise Http404("Not found")
    return row


def _admin(request: HttpRequest) -> None:
    """The whole site is a site administrator's; to anyone else these operations do not exist (as the page)."""
    if not getattr(request.user, "is_superuser", False):
        raise Http404("Not found")


def _site_row(request: HttpRequest, access_id: int) -> SubjectAccess:
    _admin(request)
    row = SubjectAccess.objects.filter(pk=access_id, requested_by_id=request.user.pk,
                                       scope=SubjectAccess.Scope.SITE).first()
    if row is None:
        raise Http404("Not found")
    return row


def _file(row: SubjectAccess, request: HttpRequest) -> HttpResponseBase:
    if not services.downloadable(row, request.user):
        raise Http404("Not found")
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=f"personal-data-{row.pk}.zip",
                        content_type="application/zip")


@router.get("/partnerships/{pk}/privacy", response=PrivacyProcessingOut,
            summary=gettext_noop("The record of processing, what retention removes next, and the erasures made"))
def processing(request: HttpRequest, pk: int) -> dict[str, Any]:
    access = policy.get_partnership(request.user, pk, need="audit")
    return _processing(access.partnership)


@router.post("/partnerships/{pk}/privacy/access", response={201: PrivacyAccessOut},
             summary=gettext_noop("Ask for everything this partnership holds about a person (prepared in the background)"))
def access_request(request: HttpRequest, pk: int, payload: PrivacyAccessIn) -> tuple[int, dict[str, Any]]:
    access = policy.get_partnership(request.user, pk, need="audit")
    row = services.export_request(actor=request.user, partnership=access.partnership, email=payload.email)
    return 201, _access_out(row)


@router.get("/partnerships/{pk}/privacy/access/{access_id}", response=PrivacyAccessOut,
            summary=gettext_noop("How far a subject access request has got"))
def access_status(request: HttpRequest, pk: int, access_id: int) -> dict[str, Any]:
    return _access_out(_theirs(request, pk, access_id))


@router.get("/partnerships/{pk}/privacy/access/{access_id}/download", url_name="privacy_download",
            summary=gettext_noop("The ZIP (JSON, CSV and a summary page), for whoever asked, until it expires"))
def access_download(request: HttpRequest, pk: int, access_id: int) -> HttpResponseBase:
    return _file(_theirs(request, pk, access_id), request)


@router.post("/partnerships/{pk}/privacy/erasures", response={201: PrivacyErasureOut},
             summary=gettext_noop("Erase or pseudonymise a person in this partnership, in one step"))
def erase(request: HttpRequest, pk: int, payload: PrivacyErasureIn) -> tuple[int, dict[str, Any]]:
    access = policy.get_partnership(request.user, pk, need="audit")
    record = services.erase(actor=request.user, partnership=access.partnership, email=payload.email,
                            reason=payload.reason)
    return 201, _erasure_out(record)


@router.get("/privacy", response=PrivacyProcessingOut,
            summary=gettext_noop("For a site administrator: the record of processing, what retention removes next, every erasure"))
def site_processing(request: HttpRequest) -> dict[str, Any]:
    _admin(request)
    return _processing(None)


@router.post("/privacy/access", response={201: PrivacyAccessOut},
             summary=gettext_noop("For a site administrator: ask for everything the whole site holds about a person"))
def site_access_request(request: HttpRequest, payload: PrivacyAccessIn) -> tuple[int, dict[str, Any]]:
    _admin(request)
    return 201, _access_out(services.export_request(actor=request.user, site=True, email=payload.email))


@router.get("/privacy/access/{access_id}", response=PrivacyAccessOut,
            summary=gettext_noop("For a site administrator: how far a request for the whole site has got"))
def site_access_status(request: HttpRequest, access_id: int) -> dict[str, Any]:
    return _access_out(_site_row(request, access_id))


@router.get("/privacy/access/{access_id}/download", url_name="privacy_site_download",
            summary=gettext_noop("For a site administrator: the ZIP, until it expires"))
def site_access_download(request: HttpRequest, access_id: int) -> HttpResponseBase:
    return _file(_site_row(request, access_id), request)


@router.post("/privacy/erasures", response={201: PrivacyErasureOut},
             summary=gettext_noop("For a site administrator: erase or pseudonymise a person across the whole site, in one step"))
def site_erase(request: HttpRequest, payload: PrivacyErasureIn) -> tuple[int, dict[str, Any]]:
    _admin(request)
    return 201, _erasure_out(services.erase(actor=request.user, site=True, email=payload.email,
                                            reason=payload.reason))


@router.post("/me/privacy/access", response={201: PrivacyAccessOut},
             summary=gettext_noop("Ask for a copy of everything held about you (prepared in the background)"))
def own_request(request: HttpRequest) -> tuple[int, dict[str, Any]]:
    return 201, _access_out(services.export_request(actor=request.user, own=True))


@router.get("/me/privacy/access/{access_id}", response=PrivacyAccessOut, summary=gettext_noop("How far your copy has got"))
def own_status(request: HttpRequest, access_id: int) -> dict[str, Any]:
    return _access_out(_mine(request, access_id))


@router.get("/me/privacy/access/{access_id}/download", url_name="privacy_own_download",
            summary=gettext_noop("Your ZIP, until it expires"))
def own_download(request: HttpRequest, access_id: int) -> HttpResponseBase:
    return _file(_mine(request, access_id), request)
