"""The subject-access file: a ZIP with one JSON file of everything, one CSV per kind of record
(through accord.lib.exports, formula-safe) and a readable summary page (summary.html)."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from accord.core.personal import BASES
from accord.lib.exports import csv_text

from .engine import Export
from .words import declared


def _csv_name(model: str) -> str:
    return model.replace(".", "-").lower() + ".csv"


def build_zip(export: Export, *, about: str, scope: str) -> bytes:
    made = timezone.now()
    sections: list[dict[str, Any]] = []
    for decl, found in export.sections:
        header = list(found[0].keys())
        sections.append({"decl": decl, "rows": found, "header": header, "csv": _csv_name(decl.model),
                         "table": [[row.get(h) for h in header] for row in found],
                         # the summary is read by a person, in their language; the JSON keeps the English
                         "purpose": declared(decl.purpose), "basis": declared(BASES.get(decl.basis, decl.basis)),
                         "who": declared(decl.who), "retention": declared(decl.retention)})
    everything: dict[str, Any] = {
        "about": about, "scope": scope, "made_at": made.isoformat(),
        "records": {decl.model: found for decl, found in export.sections},
        "purposes": {decl.model: {"purpose": decl.purpose, "lawful_basis": decl.basis, "who_can_see": decl.who,
                                  "kept": decl.retention} for decl, _ in export.sections},
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("everything.json", json.dumps(everything, indent=2, ensure_ascii=False, default=str))
        for s in sections:
            zf.writestr(f"csv/{s['csv']}", csv_text(s["header"], s["table"]))
        zf.writestr("summary.html", render_to_string("privacy/export_summary.html", {
            "about": about, "scope": scope, "made": made, "sections": sections, "total": export.total}))
    return out.getvalue()
