"""The demo partnership as scenery for tests: built by the real `accord demo` the first time a test process
asks for it, then copied into each later test that asks (a fraction of a second instead of about ten).

`load_demo()` leaves the database exactly as `call_command("demo")` would in an empty database: every row
of every table (the rows the migrations seed included, so ids that point at them stay right), the files the
demo stored, and the e-mails it sent. A copy is kept for each way a test runs (inside the test's transaction,
where nothing "after commit" happens, or committing as a browser test does), because what the demo leaves
differs between the two. When the test has already made records of its own, the demo is built for real.
tests/demo/test_snapshot.py checks that a copied demo is row for row the demo the command builds.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction


@dataclass
class Snapshot:
    tables: dict[str, tuple[list[str], Any]]  # table -> (columns, rows: a list on SQLite, COPY text on PostgreSQL)
    files: dict[tuple[str, str], bytes] = field(default_factory=dict)  # (which root, path under it) -> bytes
    mails: list[Any] = field(default_factory=list)


_SNAPSHOTS: dict[tuple[bool, str], Snapshot] = {}


def load_demo() -> None:
    """The demo partnership, as `call_command("demo")` builds it."""
    from accord.accounts.models import User
    from accord.partners.models import Partnership

    key = (connection.in_atomic_block, settings.EMAIL_BACKEND)
    if User.objects.exists() or Partnership.objects.exists():  # the test's own records stay: build for real
        call_command("demo", stdout=io.StringIO())
        return
    if key in _SNAPSHOTS:
        _restore(_SNAPSHOTS[key])
        return
    files_before = _files()
    mails_before = len(getattr(mail, "outbox", []))
    call_command("demo", stdout=io.StringIO())
    _SNAPSHOTS[key] = Snapshot(
        tables=_take(),
        files={k: v for k, v in _files().items() if k not in files_before},
        mails=[copy.deepcopy(m) for m in getattr(mail, "outbox", [])[mails_before:]],
    )


def _models() -> list[type[models.Model]]:
    seen: set[str] = set()
    found = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and meta.db_table not in seen:
            seen.add(meta.db_table)
            found.append(model)
    return found


def _columns(model: type[models.Model]) -> list[str]:
    return [str(f.column) for f in model._meta.local_concrete_fields]


def _sql_columns(model: type[models.Model]) -> str:
    return ", ".join(connection.ops.quote_name(c) for c in _columns(model))


def _take() -> dict[str, tuple[list[str], Any]]:
    tables: dict[str, tuple[list[str], Any]] = {}
    with connection.cursor() as cursor:
        for model in _models():
            table = connection.ops.quote_name(model._meta.db_table)
            data: Any
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({_sql_columns(model)}) TO STDOUT") as out:
                    data = b"".join(bytes(block) for block in out)
            else:
                cursor.execute(f"SELECT {_sql_columns(model)} FROM {table}")
                data = [tuple(_as_stored(v) for v in row) for row in cursor.fetchall()]
            if data:
                tables[model._meta.db_table] = (_columns(model), data)
    return tables


def _as_stored(value: Any) -> Any:
    """SQLite hands dates, times and decimals back as Python objects (Django registers converters): the
    text Django stores for them."""
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value) if isinstance(value, Decimal) else value


def _restore(snapshot: Snapshot) -> None:
    """Every table emptied, then filled from the copy, in one transaction (foreign keys are checked at its end,
    as Django declares them deferred on both databases)."""
    from django.contrib.contenttypes.models import ContentType

    with transaction.atomic(), connection.cursor() as cursor:
        for model in _models():
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
        by_table = {m._meta.db_table: m for m in _models()}
        for table, (_, data) in snapshot.tables.items():
            model = by_table[table]
            name = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {name} ({_sql_columns(model)}) FROM STDIN") as into:
                    into.write(data)
            else:
                marks = ", ".join(["%s"] * len(_columns(model)))
                cursor.executemany(f"INSERT INTO {name} ({_sql_columns(model)}) VALUES ({marks})", data)
        for sql in connection.ops.sequence_reset_sql(no_style(), _models()):
            cursor.execute(sql)
    ContentType.objects.clear_cache()
    roots = _roots()
    for (root, path), content in snapshot.files.items():
        target = roots[root] / path
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    if hasattr(mail, "outbox"):
        mail.outbox.extend(copy.deepcopy(m) for m in snapshot.mails)


def _roots() -> dict[str, Path]:
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.ACCORD_PRIVATE_FILES_DIR)}


def _files() -> dict[tuple[str, str], bytes]:
    found = {}
    for root, base in _roots().items():
        if base.is_dir():
            for path in base.rglob("*"):
                if path.is_file():
                    found[(root, str(path.relative_to(base)))] = path.read_bytes()
    return found
