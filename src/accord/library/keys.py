"""The access record's two secret keys, kept in files outside the database.

- The HMAC key (`ACCORD_LEDGER_KEY_FILE`) seals the chain: without it nobody can compute an entry's
  hash, so someone who can only write to the database cannot rewrite an entry and recompute the rest.
- The Ed25519 signing key (`ACCORD_LEDGER_SIGNING_KEY_FILE`, beside it) signs checkpoints, which
  partners download and keep; the public key is shown on the pages so they can check a signature
  without Accord.

Both are made on first use with mode 0600 (`O_EXCL`, so two processes starting at once agree on one
key). Keep them out of database backups: a backup that holds both the database and the keys lets
its holder rewrite the record up to the last checkpoint a partner holds.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings


def _read_or_create(path: Path, make: bytes) -> bytes:
    """The file's bytes; if it does not exist, write `make` to it (mode 0600) and return that."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes()
    with os.fdopen(fd, "wb") as fh:
        fh.write(make)
    return make


@cache
def _hmac_key(path: str) -> bytes:
    raw = _read_or_create(Path(path), secrets.token_hex(32).encode() + b"\n").strip()
    if len(raw) < 32:
        raise RuntimeError(f"The access record key in {path} is too short (at least 32 characters).")
    return raw


def hmac_key() -> bytes:
    """The secret that seals the access record (read once per process and path)."""
    return _hmac_key(str(settings.ACCORD_LEDGER_KEY_FILE))


def key_id(key: bytes | None = None) -> str:
    """A short public fingerprint of the HMAC key, so a replaced or lost key file can be told apart
    from a changed record. It reveals nothing that helps compute the key."""
    return hashlib.sha256(b"accord-ledger-key-id:" + (key if key is not None else hmac_key())).hexdigest()[:16]


class NotThisRecordsKey(RuntimeError):
    """This machine's key file holds another key than the one the record is sealed with: a machine
    started without a copy of the key files (README, "Running on more than one machine") would
    otherwise seal new entries with a key of its own, and the record would stop verifying."""


def require_sealing_key(sealed_with: str, key: bytes) -> None:
    if sealed_with and sealed_with != key_id(key):
        raise NotThisRecordsKey(
            f"The access record is sealed with key {sealed_with}, but {settings.ACCORD_LEDGER_KEY_FILE} on this "
            f"machine holds key {key_id(key)}. Copy the key files from the machine that made them "
            "(ACCORD_LEDGER_KEY_FILE, ACCORD_LEDGER_SIGNING_KEY_FILE); nothing was written.")


@cache
def _signing_key(path: str) -> Ed25519PrivateKey:
    fresh = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    key = serialization.load_pem_private_key(_read_or_create(Path(path), fresh), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise RuntimeError(f"The checkpoint signing key in {path} is not an Ed25519 key.")
    return key


def signing_key() -> Ed25519PrivateKey:
    return _signing_key(str(settings.ACCORD_LEDGER_SIGNING_KEY_FILE))


def public_key() -> Ed25519PublicKey:
    return signing_key().public_key()


def public_key_b64() -> str:
    """The raw 32-byte public key, base64: what a partner needs to check a checkpoint's signature."""
    raw = public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def public_key_pem() -> str:
    return public_key().public_bytes(serialization.Encoding.PEM,
                                     serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def forget() -> None:
    """Drop the cached keys (tests that point the settings at other files)."""
    _hmac_key.cache_clear()
    _signing_key.cache_clear()
