"""Checking a partnership's access record, and naming the first place where it does not hold.

The walk recomputes each entry's seal (HMAC under the key file) and its link to the one before, and
says what is wrong in words a partner can act on:

- **changed**: the entry's content no longer matches its seal (edited, or re-sealed without the key);
- **missing**: an entry number is absent (deleted), or the latest entries are gone;
- **inserted**: an entry that the one after it does not link to, or entries past the chain's head;
- **out of order**: an entry that seals correctly under another number (entries renumbered or swapped);
- **checkpoint mismatch**: entry N is not what a signed checkpoint says it was (the record up to N was
  rewritten by someone holding the key), or a stored checkpoint's signature fails.

Checkpoints a partner uploads are checked on top of the signed ones Accord keeps.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from accord.partners.models import Partnership

from . import checkpoints as cps
from . import keys
from .chain import GENESIS, entry_hash, personal_ok
from .models import AccessChain, AccessEntry

CHANGED, MISSING, INSERTED, OUT_OF_ORDER, CHECKPOINT, KEY = (
    "changed", "missing", "inserted", "out of order", "checkpoint mismatch", "key")
WINDOW = 3  # how far from its number an entry is tried, to tell a renumbered entry from a changed one


@dataclass(frozen=True)
class Break:
    seq: int | None  # the entry number where the record breaks (None: the record as a whole)
    problem: str
    kind: str = CHANGED
    at: dt.datetime | None = None  # when that entry says it was written


@dataclass(frozen=True)
class Verdict:
    partnership: str
    entries: int
    breaks: list[Break]
    checkpoints_checked: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks

    @property
    def first(self) -> Break | None:
        return self.breaks[0] if self.breaks else None


def _resealed_as(entry: AccessEntry, key: bytes) -> int | None:
    """The entry number under which this entry's seal holds, if it is not its present one."""
    real = entry.seq
    try:
        for candidate in range(max(1, real - WINDOW), real + WINDOW + 1):
            if candidate != real:
                entry.seq = candidate
                if entry_hash(entry.prev_hash, entry, key) == entry.hash:
                    return candidate
    finally:
        entry.seq = real
    return None


def _walk(partnership: Partnership, key: bytes, wanted: set[int]) -> tuple[list[Break], dict[int, str], int, str, int]:
    """Walk the entries in order: the breaks, the hashes of the `wanted` entry numbers, the count,
    the last hash and the last number."""
    breaks: list[Break] = []
    hashes: dict[int, str] = {}
    prev, expected, count, last_broken = GENESIS, 1, 0, False
    rows = AccessEntry.objects.filter(partnership=partnership).order_by("seq").iterator(chunk_size=2000)
    entry = next(rows, None)
    while entry is not None:
        following = next(rows, None)
        count += 1
        if entry.seq in wanted:
            hashes[entry.seq] = entry.hash
            if entry.legacy_hash:
                hashes[-entry.seq] = entry.legacy_hash  # what a checkpoint signed before format 2 holds
        broken = False
        if entry.seq > expected:
            gone = f"entry {expected}" if entry.seq == expected + 1 else f"entries {expected} to {entry.seq - 1}"
            breaks.append(Break(entry.seq, f"{gone} missing before this one (deleted)", MISSING, entry.at))
            broken = True
        if entry_hash(entry.prev_hash, entry, key) != entry.hash:
            broken = True
            moved = _resealed_as(entry, key)
            if moved is not None:
                breaks.append(Break(entry.seq, f"out of order: this is entry {moved}, renumbered as {entry.seq}",
                                    OUT_OF_ORDER, entry.at))
            elif following is not None and following.prev_hash == prev:
                breaks.append(Break(entry.seq, "inserted: the entry after it links past it to the one before",
                                    INSERTED, entry.at))
                entry = following  # skip the insertion and go on checking from the entry before it
                expected = entry.seq
                continue
            else:
                breaks.append(Break(entry.seq, "changed: its content does not match its seal (edited, or "
                                               "written by someone without the key)", CHANGED, entry.at))
        elif not personal_ok(entry):
            broken = True
            breaks.append(Break(entry.seq, "changed: who it names does not match the fingerprint sealed in it "
                                           "(the reader's account or name was edited)", CHANGED, entry.at))
        elif entry.prev_hash != prev and not last_broken:
            broken = True
            breaks.append(Break(entry.seq, f"changed: its link to the previous entry ({expected - 1}) does not match: "
                                           "one of the two was rewritten and re-sealed by someone holding the key "
                                           "file", CHANGED, entry.at))
        last_broken = broken
        prev, expected = entry.hash, entry.seq + 1
        entry = following
    return breaks, hashes, count, prev, expected - 1


def _against(held: cps.Held, hashes: dict[int, str], last: int, good_before: int) -> Break | None:
    """Where the record disagrees with one checkpoint, if it does."""
    n, when = held.entries, held.payload["at"]
    whose = "your checkpoint" if held.source == "yours" else "a stored checkpoint"
    if n == 0:
        return None
    if n > last or n not in hashes:
        return Break(min(n, last + 1), f"missing: {whose} of {when} covers {n} entries, but entry {n} is gone "
                                       "(deleted)", MISSING)
    signed = hashes.get(-n, hashes[n]) if held.payload.get("format") == cps.FORMAT_V1 else hashes[n]
    if signed != held.payload["head_hash"]:
        span = f"between entry {good_before + 1} and entry {n}" if good_before else f"at or before entry {n}"
        return Break(n, f"checkpoint mismatch: entry {n} is not what {whose} of {when} says it was; the record "
                        f"was rewritten {span}", CHECKPOINT)
    return None


def verify(partnership: Partnership, checkpoints: list[dict[str, Any]] | list[cps.Held] | None = None, *,
           use_stored: bool = True) -> Verdict:
    """Check one partnership's record: every seal and link, the head, and every checkpoint (the signed
    ones Accord keeps, and any a partner brings). Breaks are listed first entry first."""
    key = keys.hmac_key()
    head = AccessChain.objects.filter(partnership=partnership).first()
    notes = [head.reanchor_note] if head and head.reanchor_note else []
    if head and head.key_id and head.key_id != keys.key_id(key):
        return Verdict(str(partnership), AccessEntry.objects.filter(partnership=partnership).count(), [Break(
            None, f"key: the record is sealed with key {head.key_id}, but this server's key file holds key "
                  f"{keys.key_id(key)}. The key file was replaced or lost; restore it before checking.", KEY)],
            notes=notes)
    held: list[cps.Held] = [h if isinstance(h, cps.Held) else cps.Held(h, "yours") for h in checkpoints or []]
    bad: list[Any] = []
    if use_stored:
        good, bad = cps.stored(partnership)
        held += good
    breaks, hashes, count, last_hash, last = _walk(partnership, key, {h.entries for h in held})
    length, head_hash = (head.length, head.head_hash) if head else (0, GENESIS)
    if length > last:
        breaks.append(Break(last + 1, f"missing: the record should have {length} entries but ends at entry {last} "
                                      "(the latest entries were deleted)", MISSING))
    elif length < last:
        breaks.append(Break(length + 1, f"inserted: entries {length + 1} to {last} were added after the record's "
                                        "head, outside Accord", INSERTED))
    elif head_hash != last_hash:
        breaks.append(Break(None, "changed: the record's head does not match its last entry", CHANGED))
    breaks += [Break(cp.entries, f"checkpoint mismatch: the stored checkpoint of {cp.at:%Y-%m-%d %H:%M} "
                                 f"(entry {cp.entries}) fails its signature: it was changed in the database",
                     CHECKPOINT) for cp in bad]
    good_before = 0
    for h in sorted(held, key=lambda h: h.entries):
        problem = _against(h, hashes, last, good_before)
        if problem:
            breaks.append(problem)
        else:
            good_before = max(good_before, h.entries)
    breaks.sort(key=lambda b: (b.seq is None, b.seq or 0))
    return Verdict(str(partnership), count, breaks, checkpoints_checked=len(held), notes=notes)


def verify_all(checkpoints: list[cps.Held] | None = None) -> list[Verdict]:
    ids = set(AccessChain.objects.values_list("partnership_id", flat=True))
    ids |= set(AccessEntry.objects.values_list("partnership_id", flat=True).distinct())
    return [verify(p, [c for c in checkpoints or [] if c.payload["partnership"] == p.pk])
            for p in Partnership.objects.filter(pk__in=ids).order_by("pk")]
