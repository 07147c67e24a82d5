"""Helpers: a text dump of the whole database, and the partnership's figures."""

from __future__ import annotations

import json
from typing import Any

from django.db import connection


def database_text() -> str:
    """Every row of every table as text. SQLite: iterdump(); PostgreSQL: each row cast to text."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    out = []
    with connection.cursor() as cur:
        for table in connection.introspection.table_names(cur):
            cur.execute(f'SELECT t::text FROM "{table}" AS t')
            out += [r[0] for r in cur.fetchall()]
    return "\n".join(out)


def figures(partnership: Any) -> dict[str, Any]:
    """Health index and its components, every stored and recomputed trust result, and row counts."""
    import datetime as dt

    from accord.charter.models import Commitment, Signoff
    from accord.discussions.models import Answer, Comment
    from accord.governance.models import Action, Attendance, Position
    from accord.health import services as health
    from accord.library.models import AccessEntry
    from accord.trust.models import Invitation, Rating, Response, Wave, WaveResult
    from accord.trust.scoring import store_results

    as_of = dt.date.today()
    index = health.compute(partnership, as_of, health.settings_for(partnership).weights())
    trust: dict[str, Any] = {}
    for wave in Wave.objects.filter(partnership=partnership, status=Wave.Status.CLOSED).order_by("pk"):
        stored: dict[str, Any] = dict(WaveResult.objects.filter(wave=wave).values().first() or {})
        fresh = store_results(wave)
        trust[str(wave.pk)] = {k: stored.get(k) for k in ("trust_mean", "value_mean", "trust_pct", "value_pct", "density",
                                                  "centralisation", "reciprocity", "responses", "responding_orgs")}
        trust[f"{wave.pk}-fresh"] = [fresh.trust_mean, fresh.value_mean, fresh.density, fresh.responses]
        trust[f"{wave.pk}-detail"] = json.dumps(fresh.detail, sort_keys=True, default=str)
    counts = {
        "signoffs": Signoff.objects.filter(version__partnership=partnership).count(),
        "attendance": Attendance.objects.filter(meeting__series__partnership=partnership).count(),
        "attended": Attendance.objects.filter(meeting__series__partnership=partnership, status="attended").count(),
        "positions": list(Position.objects.filter(decision__meeting__series__partnership=partnership)
                          .order_by("pk").values_list("organisation_id", "stance")),
        "actions": list(Action.objects.filter(meeting__series__partnership=partnership).order_by("pk")
                        .values_list("status", flat=True)),
        "commitments": list(Commitment.objects.filter(partnership=partnership).order_by("pk")
                            .values_list("owner_id", "status")),
        "invitations": Invitation.objects.filter(wave__partnership=partnership).count(),
        "responses": Response.objects.filter(wave__partnership=partnership).count(),
        "ratings": list(Rating.objects.filter(response__wave__partnership=partnership).order_by("pk")
                        .values_list("about_id", "dimension", "score")),
        "access_entries": AccessEntry.objects.filter(partnership=partnership).count(),
        "answers": list(Answer.objects.filter(proposal__thread__partnership=partnership).order_by("pk")
                        .values_list("proposal_id", "organisation_id", "stance", "choice", "scores")),
        "comments": Comment.objects.filter(thread__partnership=partnership).count(),
        "replies": list(Attendance.objects.filter(meeting__series__partnership=partnership).order_by("pk")
                        .values_list("reply", "status")),
    }
    return {"overall": index["overall"], "scores": index["scores"], "summary": index["summary"], "trust": trust,
            "counts": counts}


def records_of(row: Any) -> dict[str, list[dict[str, Any]]]:
    """The records of a prepared subject-access file (everything.json), by kind."""
    import io
    import zipfile

    row.refresh_from_db()
    with row.file.open("rb") as fh, zipfile.ZipFile(io.BytesIO(fh.read())) as zf:
        return json.loads(zf.read("everything.json"))["records"]
