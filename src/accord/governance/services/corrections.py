"""Corrections of a meeting's record: delete a note, an agenda item or a decision added by mistake (each
can be undone for a while), reassign or re-date an action, and reinstate a cancelled meeting.

The lock is the same as for adding: once a meeting's minutes are approved its record is fixed, and a
correction is an amendment to an item's minutes (with its reason), never a silent change.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accord.core import undo
from accord.core.audit import log_action
from accord.core.models import AuditEntry
from accord.lib import queue
from accord.partners.models import Person

from ..models import Action, AgendaItem, Decision, Meeting, Note, Position
from .meetings import _save, check_people, send_meeting_update


def check_record_open(meeting: Meeting, what: str) -> None:
    """Refuse to change a meeting's record once its minutes are approved, saying what to do instead."""
    if meeting.minutes_locked:
        raise ValidationError(f"The minutes of {meeting} were approved, so {what} is part of the approved record "
                              "and cannot be changed or deleted. Amend an item's minutes with the reason for the "
                              "correction, or record the change at a later meeting.")


def _locked_meeting(meeting_id: int) -> Meeting:
    """The meeting as stored now, locked until the correction commits (so approval cannot slip between)."""
    return Meeting.objects.select_for_update().select_related("series__partnership").get(pk=meeting_id)


def _partnership(meeting: Meeting) -> Any:
    return meeting.series.partnership


def _meeting_of(entry: AuditEntry) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("series__partnership").filter(
        pk=entry.data["snapshot"]["fields"]["meeting_id"], series__partnership_id=undo.partnership_of(entry)).first()
    if meeting is None:
        raise ValidationError("The meeting it belonged to no longer exists, so it cannot be put back.")
    return meeting


# ---- notes -------------------------------------------------------------------------------------------

@transaction.atomic
def note_delete(*, actor: Any, note: Note) -> AuditEntry:
    meeting = _locked_meeting(note.meeting_id)
    check_record_open(meeting, "this note")
    snap = undo.snapshot(note)
    note.delete()
    return log_action(actor, "governance.note.deleted", meeting, {"note": note.text[:200], "label": f"the note “{note.text[:60]}”", "snapshot": snap},
                      partnership=_partnership(meeting))


@transaction.atomic
def note_restore(*, actor: Any, entry: AuditEntry) -> Note:
    meeting = _meeting_of(entry)
    check_record_open(meeting, "a note")
    snap = entry.data["snapshot"]
    item_id = snap["fields"].get("item_id")
    if item_id and not meeting.agenda.filter(pk=item_id).exists():
        item_id = None
    note = undo.rebuild(Note, snap, item_id=item_id)
    log_action(actor, "governance.note.restored", meeting, {"note": note.text[:200], "undoes": entry.pk},
               partnership=_partnership(meeting))
    return note


# ---- agenda items ------------------------------------------------------------------------------------

@transaction.atomic
def agenda_item_delete(*, actor: Any, item: AgendaItem) -> AuditEntry:
    """Delete an agenda item; the notes, decisions and actions recorded under it stay with the meeting
    (no longer under an item), and come back under it on undo."""
    meeting = _locked_meeting(item.meeting_id)
    check_record_open(meeting, f"the agenda item “{item.title}”")
    snap = undo.snapshot(item, notes=list(item.notes.values_list("pk", flat=True)),
                         decisions=list(item.decisions.values_list("pk", flat=True)),
                         actions=list(item.actions.values_list("pk", flat=True)))
    title = item.title
    item.delete()
    return log_action(actor, "governance.agenda.deleted", meeting, {"title": title, "label": f"the agenda item “{title}”", "snapshot": snap},
                      partnership=_partnership(meeting))


@transaction.atomic
def agenda_item_restore(*, actor: Any, entry: AuditEntry) -> AgendaItem:
    meeting = _meeting_of(entry)
    check_record_open(meeting, "an agenda item")
    snap = entry.data["snapshot"]
    owner_id = snap["fields"].get("owner_id")
    if owner_id and not Person.objects.filter(pk=owner_id, partnership_id=undo.partnership_of(entry)).exists():
        owner_id = None
    item = undo.rebuild(AgendaItem, snap, owner_id=owner_id)
    for model, key in ((Note, "notes"), (Decision, "decisions"), (Action, "actions")):
        model.objects.filter(meeting=meeting, item__isnull=True, pk__in=snap.get(key, [])).update(item=item)
    log_action(actor, "governance.agenda.restored", item, {"title": item.title, "undoes": entry.pk},
               partnership=_partnership(meeting))
    return item


# ---- decisions -----------------------------------------------------------------------------------------

@transaction.atomic
def decision_delete(*, actor: Any, decision: Decision) -> AuditEntry:
    """Delete a decision proposed by mistake, with the positions given on it."""
    if decision.meeting_id is None:
        raise ValidationError("This decision was taken between meetings, as the outcome of a proposal: it stays "
                              "in the record with the proposal it closed.")
    meeting = _locked_meeting(decision.meeting_id)
    check_record_open(meeting, "this decision")
    snap = undo.snapshot(decision, positions=[undo.snapshot(p) for p in decision.positions.all()])
    proposal = decision.proposal
    decision.delete()
    return log_action(actor, "governance.decision.deleted", meeting,
                      {"proposal": proposal[:200], "positions": len(snap["positions"]),
                       "label": f"the decision “{proposal[:60]}”", "snapshot": snap},
                      partnership=_partnership(meeting))


@transaction.atomic
def decision_restore(*, actor: Any, entry: AuditEntry) -> Decision:
    meeting = _meeting_of(entry)
    check_record_open(meeting, "a decision")
    snap = entry.data["snapshot"]
    item_id = snap["fields"].get("item_id")
    if item_id and not meeting.agenda.filter(pk=item_id).exists():
        item_id = None
    decision = undo.rebuild(Decision, snap, item_id=item_id)
    for position in snap.get("positions", []):
        undo.rebuild(Position, position)
    log_action(actor, "governance.decision.restored", decision, {"proposal": decision.proposal[:200],
                                                                 "undoes": entry.pk},
               partnership=_partnership(meeting))
    return decision


# ---- actions --------------------------------------------------------------------------------------------

@transaction.atomic
def action_correct(*, actor: Any, action: Action, owner: Person | None = None, due: dt.date | None = None) -> Action:
    """Give an open action to someone else (their organisation follows) or a new due date. A done or
    dropped action keeps the owner and date it was judged by: reopen it first."""
    if action.status != Action.Status.OPEN:
        raise ValidationError(f"This action is {action.get_status_display().lower()}, so its owner and due date "
                              "are what it was judged by. Set it back to open first to change them.")
    if owner is None and due is None:
        raise ValidationError("Choose a new owner, a new due date, or both.")
    before = {"owner": action.owner.name, "organisation": action.organisation.name, "due": action.due}
    if owner is not None and owner.pk != action.owner_id:
        check_people(_partnership(action.meeting), [owner], on=timezone.localdate())
        action.owner, action.organisation = owner, owner.organisation
    if due is not None:
        held_on = action.meeting.local_start.date()
        if due < held_on:
            raise ValidationError({"due": f"The action is due before its meeting ({held_on:%-d %B %Y}). "
                                          "Choose a date on or after the meeting."})
        action.due = due
    after = {"owner": action.owner.name, "organisation": action.organisation.name, "due": action.due}
    if after == before:
        raise ValidationError("Nothing would change: that is already the action's owner and due date.")
    _save(action)
    if action.due != before["due"]:
        action.reminders.all().delete()  # a new date earns its reminders again
    log_action(actor, "governance.action.corrected", action,
               {k: [before[k], after[k]] for k in before if before[k] != after[k]},
               partnership=_partnership(action.meeting))
    return action


# ---- meetings -------------------------------------------------------------------------------------------

@transaction.atomic
def meeting_reinstate(*, actor: Any, meeting: Meeting, notify: bool = True) -> Meeting:
    """Put a cancelled meeting back; everyone expected gets the invitation again (a new SEQUENCE)."""
    meeting = Meeting.objects.select_for_update().select_related("series__partnership").get(pk=meeting.pk)
    if not meeting.is_cancelled:
        raise ValidationError("This meeting is not cancelled, so there is nothing to reinstate.")
    series = meeting.series
    if series.ends_on is not None and meeting.local_start.date() > series.ends_on:
        raise ValidationError(f"The series “{series.title}” ends on {series.ends_on:%-d %B %Y}, before this "
                              "meeting. Change the series' end date first.")
    meeting.status = Meeting.Status.SCHEDULED
    meeting.sequence += 1
    _save(meeting)
    log_action(actor, "governance.meeting.reinstated", meeting, {"status": ["cancelled", "scheduled"],
                                                                  "start": meeting.start},
               partnership=_partnership(meeting))
    if notify and meeting.start >= timezone.now():
        queue.after_commit(send_meeting_update, meeting.pk, "REQUEST")
    return meeting


def register() -> None:
    """Undo for the deletes above (called from GovernanceConfig.ready())."""
    undo.register_undo("governance.note.deleted", note_restore)
    undo.register_undo("governance.agenda.deleted", agenda_item_restore)
    undo.register_undo("governance.decision.deleted", decision_restore)
