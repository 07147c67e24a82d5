"""Personal data: subject access (request, status, download) and erasure for a partnership's manager;
a person's own copy of their data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from ninja import Router, Schema

from accord.core import policy
from accord.privacy import services
from accord.privacy.models import SubjectAccess

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


def _access_out(row: SubjectAccess) -> dict[str, Any]:
    url = None
    if row.downloadable:
        url = (reverse("api:privacy_download", args=[row.partnership_id, row.pk]) if row.partnership_id
               else reverse("api:privacy_own_download", args=[row.pk]))
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


def _file(row: SubjectAccess, request: HttpRequest) -> HttpResponseBase:
    if not services.downloadable(row, request.user):
        raise Http404("Not found")
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=f"personal-data-{row.pk}.zip",
                        content_type="application/zip")


@router.post("/partnerships/{pk}/privacy/access", response={201: PrivacyAccessOut},
             summary="Ask for everything this partnership holds about a person (prepared in the background)")
def access_request(request: HttpRequest, pk: int, payload: PrivacyAccessIn) -> tuple[int, dict[str, Any]]:
    access = policy.get_partnership(request.user, pk, need="audit")
    row = services.export_request(actor=request.user, partnership=access.partnership, email=payload.email)
    return 201, _access_out(row)


@router.get("/partnerships/{pk}/privacy/access/{access_id}", response=PrivacyAccessOut,
            summary="How far a subject access request has got")
def access_status(request: HttpRequest, pk: int, access_id: int) -> dict[str, Any]:
    return _access_out(_theirs(request, pk, access_id))


@router.get("/partnerships/{pk}/privacy/access/{access_id}/download", url_name="privacy_download",
            summary="The ZIP (JSON, CSV and a summary page), for whoever asked, until it expires")
def access_download(request: HttpRequest, pk: int, access_id: int) -> HttpResponseBase:
    return _file(_theirs(request, pk, access_id), request)


@router.post("/partnerships/{pk}/privacy/erasures", response={201: PrivacyErasureOut},
             summary="Erase or pseudonymise a person in this partnership, in one step")
def erase(request: HttpRequest, pk: int, payload: PrivacyErasureIn) -> tuple[int, dict[str, Any]]:
    access = policy.get_partnership(request.user, pk, need="audit")
    record = services.erase(actor=request.user, partnership=access.partnership, email=payload.email,
                            reason=payload.reason)
    return 201, {"reference": record.reference, "created_at": record.created_at, "reason": record.reason,
                 "counts": record.counts}


@router.post("/me/privacy/access", response={201: PrivacyAccessOut},
             summary="Ask for a copy of everything held about you (prepared in the background)")
def own_request(request: HttpRequest) -> tuple[int, dict[str, Any]]:
    return 201, _access_out(services.export_request(actor=request.user, own=True))


@router.get("/me/privacy/access/{access_id}", response=PrivacyAccessOut, summary="How far your copy has got")
def own_status(request: HttpRequest, access_id: int) -> dict[str, Any]:
    return _access_out(_mine(request, access_id))


@router.get("/me/privacy/access/{access_id}/download", url_name="privacy_own_download",
            summary="Your ZIP, until it expires")
def own_download(request: HttpRequest, access_id: int) -> HttpResponseBase:
    return _file(_mine(request, access_id), request)
