"""Governance writes. Split by subject; import from here."""

from .between_meetings import decision_record_between_meetings, decisions_between_meetings, meeting_add
from .meetings import (
    agenda_item_add,
    attendance_record,
    attendee_add,
    check_people,
    feed_issue,
    feed_revoke,
    meeting_cancel,
    meeting_move,
    minutes_amend,
    minutes_approve,
    minutes_save,
    minutes_write,
    series_create,
    series_materialise,
    series_update,
)
from .outcomes import (
    action_add,
    action_reminders_due,
    action_update,
    decision_add,
    decision_result,
    decisions_recheck,
    note_add,
    position_record,
    reminder_claim,
    required_members,
)

__all__ = [
    "decision_record_between_meetings", "decisions_between_meetings", "meeting_add",
    "action_add", "action_reminders_due", "action_update", "agenda_item_add", "attendance_record", "attendee_add",
    "check_people", "decision_add", "decision_result", "decisions_recheck", "required_members", "feed_issue", "feed_revoke", "meeting_cancel", "meeting_move",
    "minutes_amend", "minutes_approve", "minutes_save", "minutes_write", "note_add", "position_record", "reminder_claim",
    "series_create", "series_materialise", "series_update",
]
