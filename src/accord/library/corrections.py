"""Corrections in the library: an item withdrawn by mistake is shared again by its owner. Its terms and the
grants still in date apply again as they were; the access record keeps both the withdrawal and this."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accord.core.audit import log_action
from accord.core.policy import Access

from . import chain, rules
from .models import AccessEntry, KnowledgeItem


@transaction.atomic
def item_reinstate(*, actor: Any, access: Access, item: KnowledgeItem) -> KnowledgeItem:
    item = KnowledgeItem.objects.select_for_update().get(pk=item.pk)
    if not rules.is_owner(access, item):
        raise PermissionDenied(f"Only people of {item.owner_org} can share this item again.")
    if not item.is_withdrawn:
        raise ValidationError("This item is not withdrawn, so there is nothing to put back.")
    withdrawn_at = item.withdrawn_at
    item.withdrawn_at, item.withdrawn_by = None, None
    item.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    chain.append(item=item, user=actor, organisation=access.organisation, action=AccessEntry.Action.REINSTATE,
                 terms_version=item.terms.version)
    log_action(actor, "library.item.reinstated", item, {"withdrawn_at": [withdrawn_at, None]})
    return item
