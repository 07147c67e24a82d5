"""Corrections in the library: an item withdrawn by mistake is shared again by its owner. Its terms and the
grants still in date apply again as they were; the access record keeps both the withdrawal and this.

A refusal (a declined request) or a revocation can be reconsidered by whoever may decide (the owner organisation
or the manager): access is granted after all, and the access record keeps the refusal and the new grant. A grant
made by mistake is revoked (services.grant_revoke, asked first)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.core.audit import log_action
from accord.core.policy import Access
from accord.lib import stored_text
from accord.notices.services import notify

from . import chain, rules, selectors
from .models import AccessEntry, AccessRequest, KnowledgeItem


@transaction.atomic
def item_reinstate(*, actor: Any, access: Access, item: KnowledgeItem) -> KnowledgeItem:
    item = KnowledgeItem.objects.select_for_update().get(pk=item.pk)
    if not rules.is_owner(access, item):
        raise PermissionDenied(_("Only people of %(org)s can share this item again.") % {"org": item.owner_org})
    if not item.is_withdrawn:
        raise ValidationError(_("This item is not withdrawn, so there is nothing to put back."))
    withdrawn_at = item.withdrawn_at
    item.withdrawn_at, item.withdrawn_by = None, None
    item.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    chain.append(item=item, user=actor, organisation=access.organisation, action=AccessEntry.Action.REINSTATE,
                 terms_version=item.terms.version)
    log_action(actor, "library.item.reinstated", item, {"withdrawn_at": [withdrawn_at, None]})
    return item


RECONSIDERED = (AccessRequest.Status.DECLINED, AccessRequest.Status.REVOKED)


def check_reconsiderable(req: AccessRequest) -> None:
    if req.status not in RECONSIDERED:
        raise ValidationError(_("This request is %(status)s: only a declined request or a revoked grant can be "
                                "reconsidered.") % {"status": req.get_status_display().lower()})
    if req.item.is_withdrawn:
        raise ValidationError(_("The item is withdrawn, so nobody new can be given access to it. Share it again first."))
    if req.item.terms.is_expired():
        raise ValidationError(_("The terms of this item have ended; it is no longer shared."))


@transaction.atomic
def request_reconsider(*, actor: Any, access: Access, request: AccessRequest, until: dt.date | None = None,
                       note: str = "") -> AccessRequest:
    """Grant access after all, to a request declined (or a grant revoked) by mistake."""
    req = AccessRequest.objects.select_for_update(of=("self",)).select_related("item__owner_org", "item__terms",
                                                                   "organisation").get(pk=request.pk)
    if not rules.may_decide(access, req.item):
        raise PermissionDenied(_("Only people of %(org)s (the owner) or the partnership manager can reconsider access "
                                 "to this item.") % {"org": req.item.owner_org})
    check_reconsiderable(req)
    if until is not None and until < timezone.localdate():
        raise ValidationError({"until": _("The date access ends is in the past. Choose today or a later date.")})
    was = req.status
    req.status, req.until, req.revoked_at = AccessRequest.Status.GRANTED, until, None
    req.decided_by, req.decided_at, req.note = actor, timezone.now(), note.strip()[:300]
    req.save()
    item = req.item
    chain.append(item=item, user=actor, organisation=access.organisation, action=AccessEntry.Action.GRANT,
                 terms_version=item.terms.version,
                 data={"to": req.organisation.name, "request": req.pk, "reconsidered": was,
                       "until": until.isoformat() if until else None})
    log_action(actor, "library.access.reconsidered", item,
               {"request": req.pk, "organisation": req.organisation.name, "status": [was, req.status]})
    notify(partnership=item.partnership, people=selectors.requesters(req), kind="library.access_answered",
           event_key=f"library.request:{req.pk}:reconsidered", url=item.get_absolute_url(), body=req.note,
           title=stored_text.message(gettext_noop("Your request to read “%(title)s” was reconsidered: access granted "
                                                  "until %(date)s"), title=item.title, date=until)
           if until else stored_text.message(gettext_noop("Your request to read “%(title)s” was reconsidered: "
                                                          "access granted"), title=item.title))
    return req
