"""The caller's own notices (across all their partnerships) and how each kind is e-mailed to them.

Not partnership-scoped: a notice belongs to one person, and only the notices of Person rows linked to
the caller's own account (in partnerships where they hold a role) are ever listed or changed. Another
person's notice id is "not found", exactly like an id that exists nowhere.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext_noop
from ninja import Router, Schema

from accord.notices import kinds, selectors, services
from accord.notices.models import Delivery, Notice

from .schema import one_of

router = Router(tags=["Notices"])


class NoticeOut(Schema):
    """`title` and `body` are in the request's language (Accept-Language), as the notices page shows them."""

    id: int
    partnership_id: int
    partnership_name: str
    kind: str
    title: str
    body: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None
    unread: bool


class NoticesReadOut(Schema):
    marked: int


class NoticePreferenceOut(Schema):
    kind: str
    label: str
    delivery: Annotated[str, one_of(Delivery)]
    default: Annotated[str, one_of(Delivery)]
    emailed: bool


class NoticePreferenceIn(Schema):
    kind: str
    delivery: Annotated[str, one_of(Delivery)]


def _out(n: Notice) -> dict[str, Any]:
    return {"id": n.pk, "partnership_id": n.partnership_id, "partnership_name": n.partnership.name, "kind": n.kind,
            "title": n.shown_title(), "body": n.shown_body(), "url": n.url, "created_at": n.created_at, "read_at": n.read_at,
            "unread": n.read_at is None}


@router.get("/me/notices", response=list[NoticeOut], summary=gettext_noop("Your notices, newest first"),
            description=gettext_noop("`unread=true`: only those not yet read; `unread=false`: only those read. "
                                     "At most `limit` (1-500)."))
def notices_list(request: HttpRequest, unread: bool | None = None, limit: int = 100) -> list[dict[str, Any]]:
    qs = selectors.for_user(request.user)
    if unread is not None:
        qs = qs.filter(read_at__isnull=unread)
    return [_out(n) for n in qs[:max(1, min(limit, 500))]]


@router.post("/me/notices/read", response=NoticesReadOut, summary=gettext_noop("Mark all your notices read"))
def notices_read_all(request: HttpRequest) -> dict[str, int]:
    return {"marked": services.mark_read(actor=request.user)}


@router.post("/me/notices/{notice_id}/read", response=NoticeOut, summary=gettext_noop("Mark one of your notices read"))
def notice_read(request: HttpRequest, notice_id: int) -> dict[str, Any]:
    notice = selectors.for_user(request.user).filter(pk=notice_id).first()
    if notice is None:
        raise Http404("Not found")
    services.mark_read(actor=request.user, notice_ids=[notice.pk])
    notice.refresh_from_db()
    return _out(notice)


def _preferences(user: Any) -> list[dict[str, Any]]:
    current = services.preferences_of(user)
    return [{"kind": k.key, "label": str(k.label), "delivery": current[k.key], "default": k.default if k.emailed else "off",
             "emailed": k.emailed} for k in kinds.all_kinds()]


@router.get("/me/notice-preferences", response=list[NoticePreferenceOut],
            summary=gettext_noop("How each kind of notice is e-mailed to you"))
def preferences_get(request: HttpRequest) -> list[dict[str, Any]]:
    return _preferences(request.user)


@router.put("/me/notice-preferences", response=list[NoticePreferenceOut],
            summary=gettext_noop("Choose how kinds of notice are e-mailed to you"),
            description=gettext_noop("Kinds not named keep their setting. All or nothing: an unknown kind or "
                                     "delivery changes nothing (422)."))
def preferences_put(request: HttpRequest, payload: list[NoticePreferenceIn]) -> list[dict[str, Any]]:
    services.preferences_set(actor=request.user, choices={p.kind: p.delivery for p in payload})
    return _preferences(request.user)
