"""Model fields with a different cost, not a different meaning, from Django's own."""

from __future__ import annotations

from typing import Any

from django.db import models


class JSONField(models.JSONField):
    """A JSONField whose rows are inserted in bulk as VALUES rows on PostgreSQL, for large documents.

    Django inserts many rows on PostgreSQL through UNNEST of one array per column, which psycopg writes as
    an array's text, escaping every double quote of every document in Python (a callback per quote): for
    the health snapshots' few kilobytes of JSON each, that was most of the cost of storing them. A field
    with `get_placeholder` keeps Django's ordinary VALUES form (same statement count, same rows), where
    each document is quoted once by libpq. The same column as `models.JSONField`: it deconstructs as one,
    so it needs no migration."""

    def get_placeholder(self, value: Any, compiler: Any, connection: Any) -> str:
        return "%s"

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.JSONField", args, kwargs
