"""The knowledge library's API: list and search what the caller may open, read (recorded), download
(recorded, terms restated), share an item (multipart), change terms, ask for and grant access, and
read the access record of one's own items. Handlers fetch through core.policy and library.rules."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext_noop
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from accord.core import policy
from accord.lib.markdown import render as render_markdown
from accord.library import corrections as library_corrections
from accord.library import rules, selectors, services
from accord.library.models import AccessEntry, AccessRequest, KnowledgeItem, SharingTerms, Use

from .schema import one_of

router = Router(tags=["Library"])


class TermsIn(Schema):
    audience: Annotated[str, one_of(SharingTerms.Audience)] = "partnership"
    named_orgs: list[int] = []
    include_funders: bool = False
    uses: list[Annotated[str, one_of(Use)]] = []
    onward_sharing: bool = False
    attribution: str = ""
    expires_on: dt.date | None = None
    discoverable: bool | None = None  # None: leave as it is


class TermsOut(TermsIn):
    version: int
    named_org_names: list[str]


class LibraryItemOut(Schema):
    id: int
    kind: Annotated[str, one_of(KnowledgeItem.Kind)]
    title: str
    summary: str
    owner_org_id: int
    owner_org: str
    tags: list[str]
    created_at: dt.datetime
    updated_at: dt.datetime
    withdrawn: bool
    terms: TermsOut
    url: str


class LibraryItemDetailOut(LibraryItemOut):
    note_markdown: str
    note_html: str
    link: str
    file_name: str
    size: int
    sha256: str
    download_url: str | None


class RequestIn(Schema):
    reason: str


class AccessDecisionIn(Schema):
    grant: bool
    until: dt.date | None = None
    note: str = ""


class RequestOut(Schema):
    id: int
    item_id: int
    item: str
    organisation_id: int
    organisation: str
    reason: str
    status: Annotated[str, one_of(AccessRequest.Status)]
    until: dt.date | None
    created_at: dt.datetime


class EntryOut(Schema):
    seq: int
    at: dt.datetime
    item_id: int
    item: str
    user: str
    organisation: str
    action: Annotated[str, one_of(AccessEntry.Action)]
    terms_version: int | None
    hash: str


def _terms_out(item: KnowledgeItem) -> dict[str, Any]:
    t = item.terms
    names = sorted(t.named_orgs.all(), key=lambda o: o.name)  # uses a prefetch where the caller made one
    return {"version": t.version, "audience": t.audience, "named_orgs": [o.pk for o in names],
            "named_org_names": [o.name for o in names], "include_funders": t.include_funders, "uses": t.uses,
            "onward_sharing": t.onward_sharing, "attribution": t.attribution, "expires_on": t.expires_on,
            "discoverable": item.discoverable}


def _item_out(item: KnowledgeItem) -> dict[str, Any]:
    return {"id": item.pk, "kind": item.kind, "title": item.title, "summary": item.summary,
            "owner_org_id": item.owner_org_id, "owner_org": item.owner_org.name, "tags": item.tag_list,
            "created_at": item.created_at, "updated_at": item.updated_at, "withdrawn": item.is_withdrawn,
            "terms": _terms_out(item), "url": item.get_absolute_url()}


def _readable(request: HttpRequest, pk: int, item_id: int) -> tuple[KnowledgeItem, policy.Access]:
    access = policy.get_partnership(request.user, pk)
    item = rules.readable(access).filter(pk=item_id).first()
    if item is None:
        raise Http404("Not found")
    return item, access


def _request_out(r: AccessRequest) -> dict[str, Any]:
    return {"id": r.pk, "item_id": r.item_id, "item": r.item.title, "organisation_id": r.organisation_id,
            "organisation": r.organisation.name, "reason": r.reason, "status": r.status, "until": r.until,
            "created_at": r.created_at}


@router.get("/partnerships/{pk}/library/items", response=list[LibraryItemOut],
            summary=gettext_noop("Items you may open (search with q)"))
def list_items(request: HttpRequest, pk: int, q: str = "") -> list[dict[str, Any]]:
    access = policy.get_partnership(request.user, pk)
    items = selectors.search(access, q).select_related("terms", "owner_org").prefetch_related("terms__named_orgs")
    return [_item_out(i) for i in items[:500]]


class AskableOut(Schema):
    id: int
    title: str
    summary: str
    owner_org_id: int
    owner_org: str


@router.get("/partnerships/{pk}/library/askable", response=list[AskableOut],
            summary=gettext_noop("Items shared with other partners that you may ask for (title and summary only)"))
def list_askable(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    access = policy.get_partnership(request.user, pk, need="act")
    return [{"id": i.pk, "title": i.title, "summary": i.summary, "owner_org_id": i.owner_org_id,
             "owner_org": i.owner_org.name} for i in rules.askable(access)[:500]]


@router.get("/partnerships/{pk}/library/items/{item_id}", response=LibraryItemDetailOut,
            summary=gettext_noop("Read one item, with its terms (recorded in the access record)"))
def read_item(request: HttpRequest, pk: int, item_id: int) -> dict[str, Any]:
    item, access = _readable(request, pk, item_id)
    services.record_view(actor=request.user, access=access, item=item)
    return {**_item_out(item), "note_markdown": item.body,
            "note_html": str(render_markdown(item.body)) if item.body else "", "link": item.url,
            "file_name": item.file_name, "size": item.size, "sha256": item.sha256,
            "download_url": reverse("api:library_download", args=[pk, item.pk]) if item.file else None}


@router.get("/partnerships/{pk}/library/items/{item_id}/download", url_name="library_download",
            summary=gettext_noop("Download the file, terms restated (recorded in the access record)"))
def download_item(request: HttpRequest, pk: int, item_id: int) -> HttpResponseBase:
    item, access = _readable(request, pk, item_id)
    if not item.file:
        raise Http404("Not found")
    return services.download(actor=request.user, access=access, item=item, snapshot=item.terms.snapshot())


@router.post("/partnerships/{pk}/library/items", response={201: LibraryItemOut},
             summary=gettext_noop("Share an item: multipart form with a file, or a link or note; terms as fields"))
def create_item(request: HttpRequest, pk: int, kind: Form[str], title: Form[str], summary: Form[str] = "",
                body: Form[str] = "", url: Form[str] = "", tags: Form[str] = "", audience: Form[str] = "partnership",
                named_orgs: Form[list[int]] = [],  # noqa: B006 - ninja reads the default, never mutates it
                include_funders: Form[bool] = False, uses: Form[list[str]] = [],  # noqa: B006
                onward_sharing: Form[bool] = False, attribution: Form[str] = "",
                expires_on: Form[dt.date | None] = None, discoverable: Form[bool] = True,
                file: UploadedFile | None = File(None)) -> tuple[int, dict[str, Any]]:  # noqa: B008 - ninja style
    access = policy.get_partnership(request.user, pk, need="act")
    item = services.item_create(
        actor=request.user, access=access, kind=kind, title=title, summary=summary, body=body, url=url,
        upload=file, tags=tags, discoverable=discoverable,
        terms={"audience": audience, "named_orgs": named_orgs, "include_funders": include_funders, "uses": uses,
               "onward_sharing": onward_sharing, "attribution": attribution, "expires_on": expires_on})
    return 201, _item_out(item)


@router.put("/partnerships/{pk}/library/items/{item_id}/terms", response=TermsOut,
            summary=gettext_noop("Change an item's terms (its owner organisation)"))
def set_terms(request: HttpRequest, pk: int, item_id: int, payload: TermsIn) -> dict[str, Any]:
    item, access = _readable(request, pk, item_id)
    services.terms_set(actor=request.user, access=access, item=item, terms=payload.model_dump())
    item.refresh_from_db()
    return _terms_out(KnowledgeItem.objects.select_related("terms").get(pk=item.pk))


@router.post("/partnerships/{pk}/library/items/{item_id}/requests", response={201: RequestOut},
             summary=gettext_noop("Ask for access to an item outside your audience"))
def ask(request: HttpRequest, pk: int, item_id: int, payload: RequestIn) -> tuple[int, dict[str, Any]]:
    access = policy.get_partnership(request.user, pk, need="act")
    item = rules.askable(access).filter(pk=item_id).first()
    if item is None:
        item = rules.readable(access).filter(pk=item_id).first()
        if item is None:
            raise Http404("Not found")
    req = services.request_create(actor=request.user, access=access, item=item, reason=payload.reason)
    return 201, _request_out(req)


@router.get("/partnerships/{pk}/library/requests", response=list[RequestOut],
            summary=gettext_noop("Requests for your organisation's items (all, for the manager), and your own"))
def list_requests(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    access = policy.get_partnership(request.user, pk, need="act")
    reqs = selectors.requests_to_decide(access) | selectors.my_requests(access)
    return [_request_out(r) for r in reqs.distinct()]


def _request(access: policy.Access, req_id: int) -> AccessRequest:
    req = AccessRequest.objects.select_related("item", "organisation").filter(
        pk=req_id, item__partnership=access.partnership).first()
    if req is None:
        raise Http404("Not found")
    return req


@router.post("/partnerships/{pk}/library/requests/{req_id}/decision", response=RequestOut,
             summary=gettext_noop("Grant (optionally until a date) or decline: the owner organisation or the manager"))
def decide(request: HttpRequest, pk: int, req_id: int, payload: AccessDecisionIn) -> dict[str, Any]:
    access = policy.get_partnership(request.user, pk, need="act")
    req = services.request_decide(actor=request.user, access=access, request=_request(access, req_id),
                                  grant=payload.grant, until=payload.until, note=payload.note)
    return _request_out(req)


@router.post("/partnerships/{pk}/library/requests/{req_id}/revoke", response=RequestOut,
             summary=gettext_noop("Revoke a grant; it takes effect at once"))
def revoke(request: HttpRequest, pk: int, req_id: int) -> dict[str, Any]:
    access = policy.get_partnership(request.user, pk, need="act")
    return _request_out(services.grant_revoke(actor=request.user, access=access, request=_request(access, req_id)))


class AccessReconsiderIn(Schema):
    until: dt.date | None = None
    note: str = ""


@router.post("/partnerships/{pk}/library/requests/{req_id}/reconsider", response=RequestOut,
             summary=gettext_noop("Grant after all a request declined or a grant revoked by mistake (the owner or the manager)"))
def reconsider(request: HttpRequest, pk: int, req_id: int, payload: AccessReconsiderIn) -> dict[str, Any]:
    access = policy.get_partnership(request.user, pk, need="act")
    req = library_corrections.request_reconsider(actor=request.user, access=access, request=_request(access, req_id),
                                                 until=payload.until, note=payload.note)
    return _request_out(req)


@router.get("/partnerships/{pk}/library/record", response=list[EntryOut],
            summary=gettext_noop("The access record of your organisation's items (all items, for the manager)"))
def record(request: HttpRequest, pk: int, item_id: int | None = None, limit: int = 500) -> list[dict[str, Any]]:
    access = policy.get_partnership(request.user, pk, need="act")
    entries = selectors.record_for(access)
    if item_id is not None:
        entries = entries.filter(item_id=item_id)
    return [{"seq": e.seq, "at": e.at, "item_id": e.item_id, "item": e.item.title, "user": e.user_label,
             "organisation": e.organisation_label, "action": e.action, "terms_version": e.terms_version,
             "hash": e.hash} for e in entries[:max(1, min(limit, 5000))]]


class BreakOut(Schema):
    seq: int | None
    kind: str
    problem: str
    at: dt.datetime | None


class VerdictOut(Schema):
    ok: bool
    entries: int
    checkpoints_checked: int
    first_break: BreakOut | None
    breaks: list[BreakOut]
    notes: list[str]
    public_key: str
    key_id: str


class CheckpointFileIn(Schema):
    """A checkpoint file exactly as downloaded: the signed checkpoint and its signature."""

    checkpoint: dict[str, Any]
    signature: str
    public_key: str = ""


def _verdict_out(verdict: Any) -> dict[str, Any]:
    from accord.library import keys

    breaks = [{"seq": b.seq, "kind": b.kind, "problem": b.problem, "at": b.at} for b in verdict.breaks]
    return {"ok": verdict.ok, "entries": verdict.entries, "checkpoints_checked": verdict.checkpoints_checked,
            "first_break": breaks[0] if breaks else None, "breaks": breaks, "notes": verdict.notes,
            "public_key": keys.public_key_b64(), "key_id": keys.key_id()}


@router.get("/partnerships/{pk}/library/access-log/verify", response=VerdictOut,
            summary=gettext_noop("Check the access record (senior leaders and the manager); names the first broken entry"))
def verify_record(request: HttpRequest, pk: int) -> dict[str, Any]:
    from accord.library import verification

    access = policy.get_partnership(request.user, pk, need="view_confidential")
    return _verdict_out(verification.verify(access.partnership))


@router.post("/partnerships/{pk}/library/access-log/verify", response=VerdictOut,
             summary=gettext_noop("Check the access record against a checkpoint file you kept (the file's JSON as the body)"))
def verify_record_against(request: HttpRequest, pk: int, payload: CheckpointFileIn) -> dict[str, Any]:
    from accord.library import checkpoints, verification

    access = policy.get_partnership(request.user, pk, need="view_confidential")
    held = checkpoints.parse(json.dumps(payload.model_dump()), access.partnership)
    return _verdict_out(verification.verify(access.partnership, [held]))


@router.post("/partnerships/{pk}/library/access-log/checkpoints", response={201: dict[str, Any]},
             summary=gettext_noop("Sign the access record's head now: a checkpoint file to keep outside Accord"))
def new_checkpoint(request: HttpRequest, pk: int) -> tuple[int, dict[str, Any]]:
    from accord.library import checkpoints

    access = policy.get_partnership(request.user, pk, need="view_confidential")
    cp = services.checkpoint_download(actor=request.user, access=access)
    return 201, json.loads(checkpoints.file_text(cp.body, cp.signature))


class CheckpointOut(Schema):
    id: int
    kind: str
    entries: int
    head_hash: str
    at: dt.datetime
    file: dict[str, Any]


@router.get("/partnerships/{pk}/library/access-log/checkpoints", response=list[CheckpointOut],
            summary=gettext_noop("Checkpoints Accord made and kept (newest first), each with its signed file"))
def list_checkpoints(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    from accord.library import checkpoints
    from accord.library.models import Checkpoint

    access = policy.get_partnership(request.user, pk, need="view_confidential")
    return [{"id": c.pk, "kind": c.kind, "entries": c.entries, "head_hash": c.head_hash, "at": c.at,
             "file": json.loads(checkpoints.file_text(c.body, c.signature))}
            for c in Checkpoint.objects.filter(partnership=access.partnership)[:100]]
