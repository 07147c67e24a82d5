"""The access record's hash chain: append one entry, and verify a whole chain.

Each entry's hash is SHA-256 over the previous entry's hash and the canonical JSON of the entry's
own content (sorted keys, no spaces, UTC timestamps to the microsecond). Appends lock the chain's
head row (`select_for_update`), so two appends at once on PostgreSQL queue up instead of both
chaining from the same predecessor. On SQLite the whole database is locked for the write anyway.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from accord.partners.models import Organisation, Partnership

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


def entry_hash(prev_hash: str, entry: AccessEntry) -> str:
    return hashlib.sha256((prev_hash + canonical(entry)).encode()).hexdigest()


def append(*, item: KnowledgeItem, user: Any, organisation: Organisation | None, action: str,
           terms_version: int | None, data: dict[str, Any] | None = None) -> AccessEntry:
    """Append one entry to the item's partnership chain (inside the caller's transaction, if any)."""
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
        entry.hash = entry_hash(chain.head_hash, entry)
        entry.save()
        AccessChain.objects.filter(pk=chain.pk).update(length=entry.seq, head_hash=entry.hash)
    return entry


@dataclass(frozen=True)
class Break:
    seq: int | None  # the entry number where the chain breaks (None: the chain as a whole)
    problem: str


@dataclass(frozen=True)
class Verdict:
    partnership: str
    entries: int
    breaks: list[Break]

    @property
    def ok(self) -> bool:
        return not self.breaks


def verify(partnership: Partnership) -> Verdict:
    """Walk one partnership's chain from the start and list every place where it does not hold."""
    breaks: list[Break] = []
    prev = GENESIS
    expected_seq = 1
    count = 0
    entries = AccessEntry.objects.filter(partnership=partnership).order_by("seq")
    for entry in entries.iterator(chunk_size=2000):
        count += 1
        if entry.seq != expected_seq:
            if entry.seq > expected_seq:
                missing = (f"entry {expected_seq}" if entry.seq == expected_seq + 1
                           else f"entries {expected_seq} to {entry.seq - 1}")
                breaks.append(Break(entry.seq, f"{missing} missing before this one (deleted?)"))
            else:
                breaks.append(Break(entry.seq, f"out of order: expected entry {expected_seq}"))
        if entry.prev_hash != prev:
            breaks.append(Break(entry.seq, "its link to the previous entry does not match (an entry before it "
                                           "was changed, removed or inserted)"))
        if entry_hash(entry.prev_hash, entry) != entry.hash:
            breaks.append(Break(entry.seq, "its content does not match its hash (this entry was changed)"))
        prev = entry.hash
        expected_seq = entry.seq + 1
    head = AccessChain.objects.filter(partnership=partnership).first()
    length, head_hash = (head.length, head.head_hash) if head else (0, GENESIS)
    if length != expected_seq - 1 or head_hash != prev:
        last = expected_seq - 1
        if length > last:
            breaks.append(Break(last + 1, f"the record should have {length} entries but ends at entry {last} "
                                          "(the latest entries were deleted)"))
        else:
            breaks.append(Break(None, "the chain's head does not match its last entry"))
    return Verdict(partnership=str(partnership), entries=count, breaks=breaks)


def verify_all() -> list[Verdict]:
    ids = set(AccessChain.objects.values_list("partnership_id", flat=True))
    ids |= set(AccessEntry.objects.values_list("partnership_id", flat=True).distinct())
    return [verify(p) for p in Partnership.objects.filter(pk__in=ids).order_by("pk")]
