"""The access record's sealed chain: append one entry (checks are in `verification`).

Each entry's hash is HMAC-SHA256, under a secret key kept in a file outside the database
(`keys.hmac_key`), over the previous entry's hash and the canonical JSON of the entry's own content
(sorted keys, no spaces, UTC timestamps to the microsecond). Appends lock the chain's
head row (`select_for_update`), so two appends at once on PostgreSQL queue up instead of both
chaining from the same predecessor. On SQLite the whole database is locked for the write anyway.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from accord.partners.models import Organisation

from . import keys
from .models import AccessChain, AccessEntry, KnowledgeItem

GENESIS = "0" * 64


def canonical(entry: AccessEntry) -> str:
    """The entry's content as canonical JSON: everything but its own hash and the previous hash."""
    at = entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return json.dumps({
        "seq": entry.seq,
        "partnership": entry.partnership_id,
        "item": entry.item_id,
        "user": entry.user_id,
        "user_label": entry.user_label,
        "organisation": entry.organisation_id,
        "organisation_label": entry.organisation_label,
        "action": entry.action,
        "terms_version": entry.terms_version,
        "at": at,
        "data": entry.data,
    }, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def legacy_hash(prev_hash: str, entry: Any) -> str:
    """The unkeyed SHA-256 chain used before the key (kept for the upgrade's check, migration 0002)."""
    return hashlib.sha256((prev_hash + canonical(entry)).encode()).hexdigest()


def entry_hash(prev_hash: str, entry: Any, key: bytes | None = None) -> str:
    """HMAC-SHA256, under the secret key, of the previous hash and the entry's canonical content.
    Without the key file nobody can compute it, so a database writer cannot re-seal a changed entry."""
    return hmac.new(key if key is not None else keys.hmac_key(), (prev_hash + canonical(entry)).encode(),
                    hashlib.sha256).hexdigest()


def append(*, item: KnowledgeItem, user: Any, organisation: Organisation | None, action: str,
           terms_version: int | None, data: dict[str, Any] | None = None) -> AccessEntry:
    """Append one entry to the item's partnership chain (inside the caller's transaction, if any)."""
    key = keys.hmac_key()
    with transaction.atomic():
        chain, _ = AccessChain.objects.get_or_create(partnership_id=item.partnership_id)
        chain = AccessChain.objects.select_for_update().get(pk=chain.pk)
        entry = AccessEntry(
            partnership_id=item.partnership_id, seq=chain.length + 1, item=item,
            user=user if getattr(user, "is_authenticated", False) else None,
            user_label=str(user) if user else "system",
            organisation=organisation, organisation_label=organisation.name if organisation else "",
            action=action, terms_version=terms_version,
            # stored and hashed at microsecond precision, which both SQLite and PostgreSQL keep
            at=timezone.now(), data=json.loads(json.dumps(data or {}, default=str)),
            prev_hash=chain.head_hash,
        )
        entry.hash = entry_hash(chain.head_hash, entry, key)
        entry.save()
        AccessChain.objects.filter(pk=chain.pk).update(length=entry.seq, head_hash=entry.hash,
                                                       key_id=chain.key_id or keys.key_id(key))
    return entry
