"""Writes for discussions: threads and comments, proposals and answers. Import from here."""

from .proposals import (
    answer_give,
    closings_record,
    counted_on,
    proposal_close,
    proposal_decide,
    proposal_open,
    reminders_send,
    tally,
)
from .threads import comment_add, comment_edit, delegate_name, thread_close, thread_start

__all__ = [
    "answer_give", "closings_record", "comment_add", "comment_edit", "counted_on", "delegate_name",
    "proposal_close", "proposal_decide", "proposal_open", "reminders_send", "tally", "thread_close", "thread_start",
]
