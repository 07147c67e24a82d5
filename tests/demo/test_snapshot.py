"""The demo copied into a test (tests/demo/snapshot.py) is the demo the command builds: the same rows in every
table, field for field, apart from what differs between any two builds (the moment each row was made, ids,
random tokens, salts and keys)."""

from __future__ import annotations

import io
import re
from collections import Counter

from django.core.management import call_command
from django.db import models

from accord.trust import pairs

from .snapshot import Snapshot, _models, _restore, _take, load_demo

RANDOM = ("token", "hash", "key", "secret", "password", "salt", "signature", "nonce", "uid")
DATES = (models.DateTimeField,)


def _same_in_any_build(text: str) -> str:
    """A value with what differs between two builds set aside: ids (the database goes on counting after a
    table is emptied), the suffix storage adds to a file name already taken, signed links, and the checksums
    of PDFs (which carry the moment they were made)."""
    text = re.sub(r"_[A-Za-z0-9]{7}(\.\w+')", r"\1", text)
    text = re.sub(r"/survey/[^/']+/", "/survey/TOKEN/", text)
    return re.sub(r"\d+", "N", re.sub(r"\b[0-9a-f]{64}\b", "SHA256", text))


def _readable(value: object) -> object:
    """A wave result's pairs, stored as packed arrays (base64 of their bytes, organisation ids among them), as
    the dicts every reader sees, so that the ids in them are set aside like any other."""
    if isinstance(value, dict) and "pair_arrays" in value:
        return {**value, "pair_arrays": pairs.as_dicts(pairs.stored(value))}
    return value


def _content() -> dict[str, Counter]:
    """Per table, the rows as the values of the fields that do not change between two builds."""
    out = {}
    for model in _models():
        names = [f.attname for f in model._meta.local_concrete_fields
                 if not f.primary_key and not f.is_relation and not isinstance(f, DATES)
                 and not any(word in f.name for word in RANDOM)]
        out[model._meta.db_table] = Counter(
            tuple(_same_in_any_build(repr(_readable(v))) for v in row) for row in model._base_manager.values_list(*names)) if names else \
            Counter({(): model._base_manager.count()})
    return out


def test_a_copied_demo_is_the_demo_the_command_builds(db):
    seeds = Snapshot(tables=_take())  # what the migrations left
    load_demo()  # the first time in this process, built for real and kept
    _restore(seeds)
    load_demo()  # now copied
    copied = _content()
    _restore(seeds)
    call_command("demo", stdout=io.StringIO())
    built = _content()
    differ = {table: (copied[table] - built[table], built[table] - copied[table])
              for table in built if copied[table] != built[table]}
    assert not differ
    assert sum(sum(c.values()) for c in built.values()) > 1000

