"""The access record's sealed chain: append one entry (checks are in `verification`).

Each entry's hash is HMAC-SHA256, under a secret key kept in a file outside the database
(`keys.hmac_key`), over the previous entry's hash and the canonical JSON of the entry's own content
(sorted keys, no spaces, UTC timestamps to the microsecond). Appends lock the chain's
head row (`select_for_update`), so two appends at once on PostgreSQL queue up instead of both
chaining from the same predecessor. On SQLite the whole database is locked for the write anyway.

Personal fields are not in the chain itself (format 2, migration 0003). The reader's account and
name (`user`, `user_label`) are sealed through a fingerprint: `personal_hash` is SHA-256 over a random
per-entry salt and those fields, and the entry's canonical content holds `personal_hash`, not the
fields. While the salt is there, verification checks the fields against the fingerprint, so a changed
reader is still detected. Erasure removes the fields and the salt and keeps the fingerprint: the chain
and every checkpoint still verify, and without the salt nobody can test a guess of who the reader was.
Entries converted from format 1 keep their old hash (`legacy_hash`, itself sealed in the new content)
so that checkpoints signed before the conversion are checked against what they signed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from accord.partners.models import Organisation

from . import keys
from .models import AccessChain, AccessEntry, KnowledgeItem

GENESIS = "0" * 64


def canonical_v1(entry: Any) -> str:
    """Format 1 (before migration 0003): the reader's account and name sealed as they are."""
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


def canonical(entry: Any) -> str:
    """The entry's content as canonical JSON: everything but its own hash, the previous hash and its
    personal fields, which are present only through their fingerprint (`personal_hash`)."""
    at = entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return json.dumps({
        "format": 2,
        "seq": entry.seq,
        "partnership": entry.partnership_id,
        "item": entry.item_id,
        "personal": entry.personal_hash,
        "organisation": entry.organisation_id,
        "organisation_label": entry.organisation_label,
        "action": entry.action,
        "terms_version": entry.terms_version,
        "at": at,
        "data": entry.data,
        "legacy": entry.legacy_hash,
    }, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def personal_digest(salt: str, user_id: int | None, user_label: str) -> str:
    """The fingerprint of an entry's personal fields: SHA-256 over the salt and the fields."""
    body = json.dumps({"user": user_id, "user_label": user_label}, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)
    return hashlib.sha256((salt + body).encode()).hexdigest()


def personal_ok(entry: Any) -> bool:
    """Whether the entry's personal fields match their fingerprint (erased entries have no salt left
    to check against, and hold no personal fields)."""
    if not entry.personal_salt:
        return entry.user_id is None
    return personal_digest(entry.personal_salt, entry.user_id, entry.user_label) == entry.personal_hash


def legacy_hash(prev_hash: str, entry: Any) -> str:
    """The unkeyed SHA-256 chain used before the key (kept for the upgrade's check, migration 0002)."""
    return hashlib.sha256((prev_hash + canonical_v1(entry)).encode()).hexdigest()


def entry_hash_v1(prev_hash: str, entry: Any, key: bytes | None = None) -> str:
    """Format 1's seal (migrations 0002 and 0003)."""
    return hmac.new(key if key is not None else keys.hmac_key(), (prev_hash + canonical_v1(entry)).encode(),
                    hashlib.sha256).hexdigest()


def entry_hash(prev_hash: str, entry: Any, key: bytes | None = None) -> str:
    """HMAC-SHA256, under the secret key, of the previous hash and the entry's canonical content.
    Without the key file nobody can compute it, so a database writer cannot re-seal a changed entry."""
    return hmac.new(key if key is not None else keys.hmac_key(), (prev_hash + canonical(entry)).encode(),
                    hashlib.sha256).hexdigest()


ERASED_LABEL = "(erased)"


def erase_personal(entries: Any, label: str = ERASED_LABEL) -> int:
    """Remove the reader's account, name and salt from these entries, keeping their fingerprint: the
    chain still verifies. The only change ever made to an entry (a queryset update, never save())."""
    return int(entries.update(user=None, user_label=label, personal_salt=""))


def append(*, item: KnowledgeItem, user: Any, organisation: Organisation | None, action: str,
           terms_version: int | None, data: dict[str, Any] | None = None) -> AccessEntry:
    """Append one entry to the item's partnership chain (inside the caller's transaction, if any)."""
    key = keys.hmac_key()
    with transaction.atomic():
        chain, _ = AccessChain.objects.get_or_create(partnership_id=item.partnership_id)
        chain = AccessChain.objects.select_for_update().get(pk=chain.pk)
        keys.require_sealing_key(chain.key_id, key)  # never fork the record under another machine's key
        reader = user if getattr(user, "is_authenticated", False) else None
        label = str(user) if user else "system"
        salt = secrets.token_hex(16)
        entry = AccessEntry(
            partnership_id=item.partnership_id, seq=chain.length + 1, item=item,
            user=reader, user_label=label, personal_salt=salt,
            personal_hash=personal_digest(salt, reader.pk if reader else None, label),
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
