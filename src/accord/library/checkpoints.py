"""Signed checkpoints of the access record: "in partnership P, entry N has hash H, at time T".

A checkpoint is a small JSON file: `{"checkpoint": {...}, "signature": "...", "public_key": "..."}`.
The signature is Ed25519 over the checkpoint's canonical JSON (UTF-8, sorted keys, no spaces), so a
partner can check it without Accord, with the public key shown on the record page. Partners keep
the files; a later check against one shows whether entries 1 to N are still what they were, which
holds even against someone who has the server's key files (they cannot change what a partner holds).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accord.partners.models import Partnership

from . import keys
from .models import AccessChain, AccessEntry, Checkpoint

FORMAT = "accord-access-checkpoint/2"
# Checkpoints signed before the chain's format 2 name the entry's hash as it was then (its legacy_hash).
FORMAT_V1 = "accord-access-checkpoint/1"
FIELDS: dict[str, type | tuple[type, ...]] = {"format": str, "partnership": int, "partnership_name": str, "entries": int, "last_entry_id": (int, type(None)),
          "head_hash": str, "at": str, "key_id": str, "whole": bool}


def canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign(payload: dict[str, Any]) -> str:
    return base64.b64encode(keys.signing_key().sign(canonical(payload))).decode()


def file_text(body: str, signature: str) -> str:
    """The downloadable file: the signed checkpoint, its signature and the public key to check it."""
    return json.dumps({"checkpoint": json.loads(body), "signature": signature, "public_key": keys.public_key_b64()},
                      indent=2, ensure_ascii=False) + "\n"


@transaction.atomic
def make(partnership: Partnership, *, kind: str, made_by: Any = None) -> Checkpoint:
    """Sign the chain's current head and keep a copy. `whole` says whether the check passed at that
    moment, so a checkpoint never vouches for a record that was already broken."""
    from .verification import verify

    head = AccessChain.objects.filter(partnership=partnership).first()
    length, head_hash = (head.length, head.head_hash) if head else (0, "0" * 64)
    last_id = AccessEntry.objects.filter(partnership=partnership, seq=length).values_list("pk", flat=True).first()
    now = timezone.now()
    payload = {"format": FORMAT, "partnership": partnership.pk, "partnership_name": partnership.name,
               "entries": length, "last_entry_id": last_id, "head_hash": head_hash,
               "at": now.isoformat(timespec="seconds"), "key_id": keys.key_id(),
               "whole": verify(partnership, use_stored=True).ok}
    signature = sign(payload)
    return Checkpoint.objects.create(partnership=partnership, kind=kind, entries=length, head_hash=head_hash, at=now,
                                     body=canonical(payload).decode(), signature=signature,
                                     made_by=made_by if getattr(made_by, "is_authenticated", False) else None)


@dataclass(frozen=True)
class Held:
    """A checkpoint whose signature holds: what it says, and where it came from."""

    payload: dict[str, Any]
    source: str  # "yours" (uploaded by a partner) or "stored"

    @property
    def entries(self) -> int:
        return int(self.payload["entries"])


def check_signature(payload: dict[str, Any], signature: str) -> bool:
    try:
        keys.public_key().verify(base64.b64decode(signature, validate=True), canonical(payload))
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def parse(text: str | bytes, partnership: Partnership) -> Held:
    """Read a checkpoint file a partner kept; raise a ValidationError saying plainly what is wrong."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        raise ValidationError("This is not a checkpoint file: it is not JSON. Upload or paste the file exactly "
                              "as it was downloaded.") from None
    payload = data.get("checkpoint") if isinstance(data, dict) else None
    signature = data.get("signature") if isinstance(data, dict) else None
    if not isinstance(payload, dict) or not isinstance(signature, str):
        raise ValidationError("This is not a checkpoint file: it has no “checkpoint” and “signature”.")
    for name, kind in FIELDS.items():
        if not isinstance(payload.get(name), kind) or (kind is int and isinstance(payload.get(name), bool)):
            raise ValidationError(f"This checkpoint file is incomplete or altered: “{name}” is missing or wrong.")
    if payload["format"] not in (FORMAT, FORMAT_V1):
        raise ValidationError(f"This checkpoint is in a format this Accord does not know ({payload['format']}).")
    if not check_signature(payload, signature):
        raise ValidationError(
            "Checkpoint mismatch: its signature does not match this Accord's public key "
            f"({keys.public_key_b64()}). Either the file was altered after it was downloaded, or the server's "
            "signing key has been replaced since; either way, raise it with the partnership manager.")
    if payload["partnership"] != partnership.pk:
        raise ValidationError(f"This checkpoint is for another partnership ({payload['partnership_name']}).")
    return Held(payload=payload, source="yours")


def stored(partnership: Partnership) -> tuple[list[Held], list[Checkpoint]]:
    """The stored checkpoints whose signatures hold, and those whose signatures fail (changed in the
    database: reported, never trusted)."""
    good: list[Held] = []
    bad: list[Checkpoint] = []
    for cp in Checkpoint.objects.filter(partnership=partnership).order_by("entries", "at"):
        try:
            payload = json.loads(cp.body)
        except ValueError:
            bad.append(cp)
            continue
        if (isinstance(payload, dict) and check_signature(payload, cp.signature)
                and payload.get("partnership") == partnership.pk):
            good.append(Held(payload=payload, source="stored"))
        else:
            bad.append(cp)
    return good, bad
