"""Writes in the library: items, their terms, requests and grants, withdrawal, and the access
record. Each runs in one transaction, checks who may do it, appends to the hash chain and audits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.core.audit import log_action
from accord.core.policy import Access
from accord.lib import stored_text
from accord.notices.services import notify
from accord.partners.models import Organisation

from . import chain, checkpoints, files, rules, selectors, verification
from .files import check_upload
from .models import (
    AccessChain,
    AccessEntry,
    AccessRequest,
    Checkpoint,
    KnowledgeItem,
    SharingTerms,
    TermsVersion,
    Use,
)

Action = AccessEntry.Action


TERMS_FIELDS = ["audience", "named_orgs", "include_funders", "uses", "onward_sharing", "attribution", "expires_on"]


def _clean_terms(access: Access, owner: Organisation, terms: dict[str, Any]) -> dict[str, Any]:
    """Check terms chosen by the owner; return them normalised or raise a ValidationError."""
    errors: dict[str, str] = {}
    audience = terms.get("audience") or SharingTerms.Audience.PARTNERSHIP
    if audience not in SharingTerms.Audience.values:
        errors["audience"] = _("Choose the whole partnership or named partner organisations.")
    members = {o.pk: o for o in access.partnership.member_organisations()}
    named: list[Organisation] = []
    for org in terms.get("named_orgs") or []:
        org_id = org.pk if isinstance(org, Organisation) else int(org)
        if org_id not in members:
            errors["named_orgs"] = _("Name only organisations that are members of this partnership.")
        elif org_id != owner.pk:
            named.append(members[org_id])
    if audience == SharingTerms.Audience.NAMED and not named and "named_orgs" not in errors:
        errors["named_orgs"] = _("Name at least one partner organisation, or share with the whole partnership.")
    uses = list(dict.fromkeys(terms.get("uses") or []))
    if any(u not in Use.values for u in uses):
        errors["uses"] = _("Choose permitted uses from the list.")
    expires_on = terms.get("expires_on")
    if isinstance(expires_on, str) and expires_on:
        try:
            expires_on = dt.date.fromisoformat(expires_on)
        except ValueError:
            errors["expires_on"] = _("Give the date the terms end as YYYY-MM-DD.")
    if isinstance(expires_on, dt.date) and expires_on < timezone.localdate():
        errors["expires_on"] = _("The date the terms end is in the past. Choose today or a later date, or leave it empty.")
    attribution = (terms.get("attribution") or "").strip()
    if len(attribution) > 300:
        errors["attribution"] = _("Keep the attribution line under 300 characters.")
    if errors:
        raise ValidationError(errors)
    return {"audience": audience, "named_orgs": named if audience == SharingTerms.Audience.NAMED else [],
            "include_funders": bool(terms.get("include_funders")), "uses": uses,
            "onward_sharing": bool(terms.get("onward_sharing")), "attribution": attribution,
            "expires_on": expires_on or None}


def _apply_terms(actor: Any, item: KnowledgeItem, terms: SharingTerms, clean: dict[str, Any]) -> None:
    for name in TERMS_FIELDS:
        if name != "named_orgs":
            setattr(terms, name, clean[name])
    terms.save()
    terms.named_orgs.set(clean["named_orgs"])
    TermsVersion.objects.create(item=item, version=terms.version, snapshot=terms.snapshot(), created_by=actor)


@transaction.atomic
def item_create(*, actor: Any, access: Access, kind: str, title: str, summary: str = "", body: str = "",
                url: str = "", upload: Any = None, tags: str = "", discoverable: bool = True,
                terms: dict[str, Any]) -> KnowledgeItem:
    """Share a new item on terms. Only a partner organisation's people may; nothing is saved on bad input."""
    if not access.can("act") or access.organisation is None:
        raise PermissionDenied(_("Only the partners' own people can share items in the library."))
    owner = access.organisation
    if not access.partnership.member_organisations().filter(pk=owner.pk).exists():
        raise PermissionDenied(_("%(org)s is not a current member of this partnership, so cannot share items in it.") % {"org": owner})
    errors: dict[str, Any] = {}
    meta: dict[str, Any] = {}
    if kind == KnowledgeItem.Kind.FILE:
        if upload is None:
            errors["file"] = _("Choose a file to upload.")
        else:
            try:
                meta = check_upload(upload)
            except ValidationError as exc:
                errors.update(exc.message_dict)
    elif kind == KnowledgeItem.Kind.LINK and not url:
        errors["url"] = _("Give the link's address.")
    elif kind == KnowledgeItem.Kind.NOTE and not body.strip():
        errors["body"] = _("Write the note.")
    elif kind not in KnowledgeItem.Kind.values:
        errors["kind"] = _("Choose a file, a link or a written note.")
    try:
        clean = _clean_terms(access, owner, terms)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    item = KnowledgeItem(partnership=access.partnership, owner_org=owner, author=actor, kind=kind,
                         title=(title or "").strip(), summary=summary.strip(),
                         body=body if kind == KnowledgeItem.Kind.NOTE else "",
                         url=url if kind == KnowledgeItem.Kind.LINK else "",
                         tags=", ".join(t.strip() for t in tags.split(",") if t.strip()),
                         discoverable=discoverable, **meta)
    try:
        item.full_clean(exclude=["file", "partnership", "owner_org", "author"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)
    if upload is not None and kind == KnowledgeItem.Kind.FILE:
        item.file.save(meta["file_name"], upload, save=False)
    try:
        item.save()
        terms_row = SharingTerms(item=item, version=1)
        _apply_terms(actor, item, terms_row, clean)
        chain.append(item=item, user=actor, organisation=owner, action=Action.TERMS, terms_version=1,
                     data={"terms": terms_row.snapshot()})
        log_action(actor, "library.item.shared", item, {"kind": kind, "terms_version": 1})
    except Exception:
        if item.file:
            item.file.delete(save=False)
        raise
    return item


@transaction.atomic
def terms_set(*, actor: Any, access: Access, item: KnowledgeItem, terms: dict[str, Any]) -> SharingTerms:
    """Change an item's terms: a new version, recorded in the access record."""
    if not rules.is_owner(access, item):
        raise PermissionDenied(_("Only people of %(org)s can change the terms of this item.") % {"org": item.owner_org})
    clean = _clean_terms(access, item.owner_org, terms)
    if terms.get("discoverable") is not None and bool(terms["discoverable"]) != item.discoverable:
        item.discoverable = bool(terms["discoverable"])
        item.save(update_fields=["discoverable", "updated_at"])
    row = SharingTerms.objects.select_for_update().get(item=item)
    row.version += 1
    _apply_terms(actor, item, row, clean)
    chain.append(item=item, user=actor, organisation=access.organisation, action=Action.TERMS,
                 terms_version=row.version, data={"terms": row.snapshot()})
    log_action(actor, "library.terms.changed", item, {"terms_version": row.version})
    return row


def record_view(*, actor: Any, access: Access, item: KnowledgeItem) -> AccessEntry:
    """The reader saw the item (after the terms): one entry, with the terms version shown."""
    return chain.append(item=item, user=actor, organisation=access.organisation, action=Action.VIEW,
                        terms_version=item.terms.version)


def record_download(*, actor: Any, access: Access, item: KnowledgeItem) -> AccessEntry:
    """One entry per download, written before the file is sent."""
    entry = chain.append(item=item, user=actor, organisation=access.organisation, action=Action.DOWNLOAD,
                         terms_version=item.terms.version, data={"sha256": item.sha256})
    return entry


def download(*, actor: Any, access: Access, item: KnowledgeItem, snapshot: dict[str, Any]) -> HttpResponseBase:
    """A download, for the page and the API alike: recorded in the access record first (`snapshot`:
    the terms the reader accepted), then the file with those terms restated (files.download_response)."""
    record_download(actor=actor, access=access, item=item)
    return files.download_response(item, snapshot, reader=str(actor), organisation=access.organisation)


@transaction.atomic
def request_create(*, actor: Any, access: Access, item: KnowledgeItem, reason: str) -> AccessRequest:
    if access.organisation is None:
        raise ValidationError(_("You do not speak for an organisation in this partnership, so you cannot ask."))
    if rules.can_read(access, item):
        raise ValidationError(_("You can already open this item, so there is nothing to ask for."))
    if item.is_withdrawn:
        raise ValidationError(_("This item has been withdrawn by its owner."))
    if item.terms.is_expired():
        raise ValidationError(_("The terms of this item have ended; its owner is no longer sharing it."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why your organisation needs it.")})
    if AccessRequest.objects.filter(item=item, organisation=access.organisation,
                                    status=AccessRequest.Status.PENDING).exists():
        raise ValidationError(_("%(org)s has already asked for this item; the owner has not answered yet.") % {"org": access.organisation})
    req = AccessRequest.objects.create(item=item, requested_by=actor, organisation=access.organisation,
                                       reason=reason.strip())
    log_action(actor, "library.access.requested", item, {"request": req.pk})
    notify(partnership=item.partnership, people=selectors.answerers(item), kind="library.access_requested",
           event_key=f"library.request:{req.pk}", url=reverse("library:requests", args=[item.partnership_id]),
           title=stored_text.message(gettext_noop("%(organisation)s asks to read “%(title)s”"),
                                     organisation=req.organisation.name, title=item.title), body=req.reason)
    return req


def _locked_request(access: Access, request: AccessRequest, verb: str) -> AccessRequest:
    req = AccessRequest.objects.select_for_update().select_related("item", "item__owner_org").get(pk=request.pk)
    if not rules.may_decide(access, req.item):
        refusal = (_("Only people of %(org)s (the owner) or the partnership manager can revoke access to this item.")
                   if verb == "revoke" else
                   _("Only people of %(org)s (the owner) or the partnership manager can grant or decline access to "
                     "this item."))
        raise PermissionDenied(refusal % {"org": req.item.owner_org})
    return req


@transaction.atomic
def request_decide(*, actor: Any, access: Access, request: AccessRequest, grant: bool,
                   until: dt.date | None = None, note: str = "") -> AccessRequest:
    """Grant (optionally until a date) or decline. Only the owner organisation's people or the manager."""
    req = _locked_request(access, request, "grant or decline")
    item = req.item
    if req.status != AccessRequest.Status.PENDING:
        raise ValidationError(_("This request has already been answered (%(status)s).") % {"status": req.get_status_display().lower()})
    if grant and until is not None and until < timezone.localdate():
        raise ValidationError({"until": _("The date access ends is in the past. Choose today or a later date.")})
    req.status = AccessRequest.Status.GRANTED if grant else AccessRequest.Status.DECLINED
    req.until = until if grant else None
    req.decided_by, req.decided_at, req.note = actor, timezone.now(), note.strip()[:300]
    req.save()
    chain.append(item=item, user=actor, organisation=access.organisation,
                 action=Action.GRANT if grant else Action.DECLINE, terms_version=item.terms.version,
                 data={"to": req.organisation.name, "request": req.pk,
                       "until": until.isoformat() if grant and until else None})
    log_action(actor, f"library.access.{'granted' if grant else 'declined'}", item,
               {"request": req.pk, "organisation": req.organisation.name})
    notify(partnership=item.partnership, people=selectors.requesters(req), kind="library.access_answered",
           event_key=f"library.request:{req.pk}:answered", url=item.get_absolute_url(), body=req.note,
           title=_answered(item.title, grant=grant, until=until))
    return req


def _answered(title: str, *, grant: bool, until: dt.date | None) -> stored_text.Stored:
    """The title of the notice answering a request: each answer a whole sentence, to translate whole."""
    if not grant:
        return stored_text.message(gettext_noop("Your request to read “%(title)s” was declined"), title=title)
    if until is not None:
        return stored_text.message(gettext_noop("Your request to read “%(title)s” was granted until %(date)s"),
                                   title=title, date=until)
    return stored_text.message(gettext_noop("Your request to read “%(title)s” was granted"), title=title)


@transaction.atomic
def grant_revoke(*, actor: Any, access: Access, request: AccessRequest) -> AccessRequest:
    """Take a grant back; the next page or download by that organisation is refused."""
    req = _locked_request(access, request, "revoke")
    item = req.item
    if req.status != AccessRequest.Status.GRANTED:
        raise ValidationError(_("Only a granted request can be revoked."))
    req.status, req.revoked_at = AccessRequest.Status.REVOKED, timezone.now()
    req.save()
    chain.append(item=item, user=actor, organisation=access.organisation, action=Action.REVOKE,
                 terms_version=item.terms.version, data={"from": req.organisation.name, "request": req.pk})
    log_action(actor, "library.access.revoked", item, {"request": req.pk, "organisation": req.organisation.name})
    return req


@transaction.atomic
def item_withdraw(*, actor: Any, access: Access, item: KnowledgeItem) -> KnowledgeItem:
    """Stop sharing the item. It stays (with its access record) for its owner and the manager."""
    if not rules.is_owner(access, item):
        raise PermissionDenied(_("Only people of %(org)s can withdraw this item.") % {"org": item.owner_org})
    if item.is_withdrawn:
        raise ValidationError(_("This item is already withdrawn."))
    item.withdrawn_at, item.withdrawn_by = timezone.now(), actor
    item.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    chain.append(item=item, user=actor, organisation=access.organisation, action=Action.WITHDRAW,
                 terms_version=item.terms.version)
    log_action(actor, "library.item.withdrawn", item)
    return item


def _checkpoint(partnership: Any, *, kind: str, made_by: Any = None) -> Checkpoint:
    """Check the record, then sign its head saying whether the check passed."""
    whole = verification.verify(partnership, use_stored=True).ok
    return checkpoints.make(partnership, kind=kind, whole=whole, made_by=made_by)


@transaction.atomic
def checkpoint_download(*, actor: Any, access: Access) -> Checkpoint:
    """A signed checkpoint of the record's head now, for a leader to keep outside Accord."""
    if not access.can("view_confidential"):
        raise PermissionDenied(_("Only senior leaders and the partnership manager can download checkpoints."))
    cp = _checkpoint(access.partnership, kind=Checkpoint.Kind.DOWNLOAD, made_by=actor)
    log_action(actor, "library.checkpoint.downloaded", access.partnership, {"entries": cp.entries})
    return cp


def checkpoints_daily() -> list[Checkpoint]:
    """Sign the head of every access record that has grown since its last checkpoint."""
    made: list[Checkpoint] = []
    for chain_row in AccessChain.objects.filter(length__gt=0).select_related("partnership"):
        latest = Checkpoint.objects.filter(partnership_id=chain_row.partnership_id).order_by("-entries").first()
        if latest is None or latest.entries < chain_row.length:
            with transaction.atomic():
                cp = _checkpoint(chain_row.partnership, kind=Checkpoint.Kind.DAILY)
                log_action(None, "library.checkpoint.made", chain_row.partnership, {"entries": cp.entries})
            made.append(cp)
    return made


def checkpoints_weekly() -> int:
    """Make a checkpoint where the record grew, then e-mail each record's latest checkpoint to its
    partnership's senior leaders and manager (when LIBRARY_CHECKPOINT_EMAIL is on). Returns e-mails sent."""
    from django.conf import settings

    from .notify import checkpoint_to_leaders

    checkpoints_daily()
    if not settings.LIBRARY_CHECKPOINT_EMAIL:
        return 0
    sent = 0
    for partnership_id in AccessChain.objects.filter(length__gt=0).values_list("partnership_id", flat=True):
        latest = (Checkpoint.objects.filter(partnership_id=partnership_id).select_related("partnership")
                  .order_by("-entries", "-at").first())
        if latest is not None:
            sent += checkpoint_to_leaders(latest)
    return sent


# Days before a grant ends on which its holder is told (a fixed schedule: a rerun sends nothing new).
GRANT_ENDING_DAYS = 7


def grants_ending_notify(*, today: dt.date | None = None) -> int:
    """Tell whoever asked for a grant that it ends within GRANT_ENDING_DAYS days (once per grant and
    end date). Run daily. Returns how many notices were made."""
    made = 0
    for req in selectors.grants_ending(today or timezone.localdate(), GRANT_ENDING_DAYS):
        item = req.item
        with transaction.atomic():
            made += len(notify(partnership=item.partnership, people=selectors.requesters(req),
                               kind="library.grant_ending", event_key=f"library.grant:{req.pk}:ends:{req.until}",
                               url=item.get_absolute_url(),
                               title=stored_text.message(gettext_noop("Your access to “%(title)s” ends on %(date)s"),
                                                         title=item.title, date=req.until)))
    return made
