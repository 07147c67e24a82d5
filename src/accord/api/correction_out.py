"""What a correction answers (a delete, with its audit entry and until when it can be undone): shared by
api/corrections.py and the routers that hold a correction on a path they already serve."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from accord.core import undo
from accord.core.models import AuditEntry


class CorrectionOut(Schema):
    entry_id: int
    action: str
    label: str
    undo_until: dt.datetime | None


def correction_out(entry: AuditEntry) -> dict[str, Any]:
    can_undo = entry.action in undo.UNDOERS
    return {"entry_id": entry.pk, "action": entry.action, "label": entry.data.get("label", entry.object_repr),
            "undo_until": entry.created_at + undo.undo_window() if can_undo else None}
