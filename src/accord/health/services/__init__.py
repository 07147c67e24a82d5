"""Writes for health: change events (entered and derived), snapshots, alerts, handovers.

Every write runs in a transaction and is audited. Derived things (events from people's dates and
funding streams, alerts from rules, handover checklists) are keyed, so running them again adds
nothing twice.

A package (events, snapshots, alerts, handovers); everything callers use is here, as before.
"""

from __future__ import annotations

from .alerts import (
    alert_acknowledge,
    evaluate,
    evaluate_many,
    rule_update,
    rules_ensure,
    rules_ensure_many,
    send_digests,
)
from .events import (
    derive_events,
    derive_events_many,
    derive_person_events,
    event_create,
    event_update,
)
from .handovers import (
    handover_item_add,
    handover_item_mark,
    handover_open,
    handovers_open_many,
    held_by,
)
from .snapshots import (
    SNAPSHOT_FIELDS,
    _take,
    compute,
    current_refresh,
    settings_for,
    snapshot_now,
    snapshot_take,
    snapshots_backfill,
    snapshots_take,
    summary_of,
    weights_update,
)

__all__ = ["SNAPSHOT_FIELDS", "_take", "alert_acknowledge", "compute", "current_refresh", "derive_events", "derive_events_many", "derive_person_events", "evaluate", "evaluate_many", "event_create", "event_update", "handover_item_add", "handover_item_mark", "handover_open", "handovers_open_many", "held_by", "rule_update", "rules_ensure", "rules_ensure_many", "send_digests", "settings_for", "snapshot_now", "snapshot_take", "snapshots_backfill", "snapshots_take", "summary_of", "weights_update"]
