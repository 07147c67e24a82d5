"""`accord.lib.dbfields.JSONField` changes how rows are inserted in bulk, never what is stored: documents
with quotes, backslashes, Welsh letters and nesting come back as written, the rows go in as VALUES (not
UNNEST: no per-quote escaping), and the column is Django's own JSONField (no migration)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accord.health.models import HealthSnapshot
from accord.lib import dbfields
from accord.partners.models import Partnership

pytestmark = pytest.mark.django_db

AWKWARD = [{"title": 'The "Ŵyl" plan', "path": "C:\\shared\\notes", "n": [1, 2.5, None, True], "nested": {"'": "{}"}},
           "a plain string with \\\" both", [], {}]


def test_documents_inserted_in_bulk_come_back_as_written():
    partnerships = Partnership.objects.bulk_create(
        [Partnership(name=f"JSON {i}", purpose="Test.", start_date=dt.date(2024, 1, 1)) for i in range(3)])
    rows = [HealthSnapshot(partnership=p, month=dt.date(2026, 1, 1), computed_at=timezone.now(), overall=50.0,
                           scores={"trust": 1.5}, components=AWKWARD, weights={"trust": 1}, missing=["x"],
                           drivers=AWKWARD[:1], summary={"live_now": 3})
            for p in partnerships]
    with CaptureQueriesContext(connection) as queries:
        HealthSnapshot.objects.bulk_create(rows, update_conflicts=True, unique_fields=["partnership", "month"],
                                           update_fields=["components", "drivers"])
    inserts = [q["sql"] for q in queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1 and "UNNEST" not in inserts[0]
    for stored in HealthSnapshot.objects.filter(partnership__in=partnerships):
        assert stored.components == AWKWARD and stored.drivers == AWKWARD[:1] and stored.scores == {"trust": 1.5}


def test_the_column_is_djangos_jsonfield():
    field = HealthSnapshot._meta.get_field("components")
    assert isinstance(field, dbfields.JSONField) and isinstance(field, models.JSONField)
    assert field.deconstruct()[1] == "django.db.models.JSONField"
