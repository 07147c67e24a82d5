"""Corrections of a meeting's record: delete a note, an agenda item, a decision or an action added by mistake
(each can be undone for a while), reassign or re-date an action, remove someone added to one meeting by mistake
(undone for a while), reinstate a cancelled meeting, and delete a meeting series set up by mistake (while none of
its meetings has records; otherwise end the series).

The lock is the same as for adding: once a meeting's minutes are approved its record is fixed, and a
correction is an amendment to an item's minutes (with its reason), never a silent change.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core import undo
from accord.core.audit import log_action
from accord.core.models import AuditEntry
from accord.core.references import check_unreferenced, register_passing
from accord.lib import queue
from accord.partners.models import Person

from .. import notify as mails
from ..models import Action, AgendaItem, Attendance, Decision, Meeting, MeetingSeries, Note, Position
from .meetings import (
    _save,
    check_people,
    send_guest_cancellations,
    send_guest_invitation,
    send_meeting_update,
)


def check_record_open(meeting: Meeting, what: str) -> None:
    """Refuse to change a meeting's record once its minutes are approved, saying what to do instead."""
    if meeting.minutes_locked:
        raise ValidationError(_("The minutes of %(meeting)s were approved, so %(what)s is part of the approved "
                                "record and cannot be changed or deleted. Amend an item's minutes with the reason "
                                "for the correction, or record the change at a later meeting.")
                              % {"meeting": meeting, "what": what})


def _locked_meeting(meeting_id: int) -> Meeting:
    """The meeting as stored now, locked until the correction commits (so approval cannot slip between)."""
    return Meeting.objects.select_for_update().select_related("series__partnership").get(pk=meeting_id)


def _partnership(meeting: Meeting) -> Any:
    return meeting.series.partnership


def _meeting_of(entry: AuditEntry) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("series__partnership").filter(
        pk=entry.data["snapshot"]["fields"]["meeting_id"], series__partnership_id=undo.partnership_of(entry)).first()
    if meeting is None:
        raise ValidationError(_("The meeting it belonged to no longer exists, so it cannot be put back."))
    return meeting


def _item_still_there(meeting: Meeting, snap: dict[str, Any]) -> int | None:
    """The agenda item a restored record was under, if the meeting still has it (else: under no item)."""
    item_id = snap["fields"].get("item_id")
    return item_id if item_id and meeting.agenda.filter(pk=item_id).exists() else None


# ---- notes -------------------------------------------------------------------------------------------

@transaction.atomic
def note_delete(*, actor: Any, note: Note) -> AuditEntry:
    meeting = _locked_meeting(note.meeting_id)
    check_record_open(meeting, _("this note"))
    snap = undo.snapshot(note)
    note.delete()
    return log_action(actor, "governance.note.deleted", meeting, {"note": note.text[:200], "label": f"the note “{note.text[:60]}”", "snapshot": snap},
                      partnership=_partnership(meeting))


@transaction.atomic
def note_restore(*, actor: Any, entry: AuditEntry) -> Note:
    meeting = _meeting_of(entry)
    check_record_open(meeting, _("a note"))
    snap = entry.data["snapshot"]
    note = undo.rebuild(Note, snap, item_id=_item_still_there(meeting, snap))
    log_action(actor, "governance.note.restored", meeting, {"note": note.text[:200], "undoes": entry.pk},
               partnership=_partnership(meeting))
    return note


# ---- agenda items ------------------------------------------------------------------------------------

@transaction.atomic
def agenda_item_delete(*, actor: Any, item: AgendaItem) -> AuditEntry:
    """Delete an agenda item; the notes, decisions and actions recorded under it stay with the meeting
    (no longer under an item), and come back under it on undo."""
    meeting = _locked_meeting(item.meeting_id)
    check_record_open(meeting, _("the agenda item “%(title)s”") % {"title": item.title})
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
    check_record_open(meeting, _("an agenda item"))
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
        raise ValidationError(_("This decision was taken between meetings, as the outcome of a proposal: it stays "
                                "in the record with the proposal it closed."))
    meeting = _locked_meeting(decision.meeting_id)
    check_record_open(meeting, _("this decision"))
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
    check_record_open(meeting, _("a decision"))
    snap = entry.data["snapshot"]
    decision = undo.rebuild(Decision, snap, item_id=_item_still_there(meeting, snap))
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
        raise ValidationError(_("This action is %(status)s, so its owner and due date are what it was judged by. "
                                "Set it back to open first to change them.")
                              % {"status": action.get_status_display().lower()})
    if owner is None and due is None:
        raise ValidationError(_("Choose a new owner, a new due date, or both."))
    before = {"owner": action.owner.name, "organisation": action.organisation.name, "due": action.due}
    if owner is not None and owner.pk != action.owner_id:
        check_people(_partnership(action.meeting), [owner], on=timezone.localdate())
        action.owner, action.organisation = owner, owner.organisation
    if due is not None:
        held_on = action.meeting.local_start.date()
        if due < held_on:
            raise ValidationError({"due": _("The action is due before its meeting (%(date)s). "
                                            "Choose a date on or after the meeting.")
                                          % {"date": date_format(held_on, "j F Y")}})
        action.due = due
    after = {"owner": action.owner.name, "organisation": action.organisation.name, "due": action.due}
    if after == before:
        raise ValidationError(_("Nothing would change: that is already the action's owner and due date."))
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
        raise ValidationError(_("This meeting is not cancelled, so there is nothing to reinstate."))
    series = meeting.series
    if series.ends_on is not None and meeting.local_start.date() > series.ends_on:
        raise ValidationError(_("The series “%(title)s” ends on %(date)s, before this meeting. Change the series' "
                                "end date first.") % {"title": series.title, "date": date_format(series.ends_on, "j F Y")})
    meeting.status = Meeting.Status.SCHEDULED
    meeting.sequence += 1
    _save(meeting)
    log_action(actor, "governance.meeting.reinstated", meeting, {"status": ["cancelled", "scheduled"],
                                                                  "start": meeting.start},
               partnership=_partnership(meeting))
    if notify and meeting.start >= timezone.now():
        queue.after_commit(send_meeting_update, meeting.pk, "REQUEST")
    return meeting


def check_action_deletable(action: Action) -> None:
    check_record_open(action.meeting, _("the action “%(title)s”") % {"title": action.title})
    if action.status != Action.Status.OPEN:
        raise ValidationError(_("This action is %(status)s, so it is part of the record of what was delivered. "
                                "Set it back to open first if it was recorded by mistake.")
                              % {"status": action.get_status_display().lower()})


@transaction.atomic
def action_delete(*, actor: Any, action: Action) -> AuditEntry:
    """Delete an action recorded by mistake (one done or dropped is part of the record: set it back to open
    first, so that nobody's record of delivery changes silently)."""
    meeting = _locked_meeting(action.meeting_id)
    check_record_open(meeting, _("the action “%(title)s”") % {"title": action.title})
    check_action_deletable(action)
    snap = undo.snapshot(action)
    title = action.title
    action.delete()
    return log_action(actor, "governance.action.deleted", meeting, {
        "title": title, "owner": action.owner.name, "label": f"the action “{title}”", "snapshot": snap},
        partnership=_partnership(meeting))


@transaction.atomic
def action_restore(*, actor: Any, entry: AuditEntry) -> Action:
    meeting = _meeting_of(entry)
    check_record_open(meeting, _("an action"))
    snap = entry.data["snapshot"]
    if not Person.objects.filter(pk=snap["fields"]["owner_id"], partnership_id=undo.partnership_of(entry)).exists():
        raise ValidationError(_("The action's owner is no longer recorded, so it cannot be put back. Add it again."))
    action = undo.rebuild(Action, snap, item_id=_item_still_there(meeting, snap))
    log_action(actor, "governance.action.restored", action, {"title": action.title, "undoes": entry.pk},
               partnership=_partnership(meeting))
    return action


# ---- attendees ------------------------------------------------------------------------------------------

def check_attendee_removable(row: Attendance) -> None:
    """Only someone added to this one meeting is removed here; the series decides who is expected at each."""
    check_record_open(row.meeting, _("%(name)s's place on the list") % {"name": row.person.name})
    if row.expected:
        raise ValidationError(_("%(name)s is expected at every meeting of “%(title)s”, not added to this one. "
                                "Change who the series expects, or give them an end date.")
                              % {"name": row.person.name, "title": row.meeting.series.title})


@transaction.atomic
def attendee_remove(*, actor: Any, row: Attendance, notify: bool = True) -> AuditEntry:
    """Take someone added to one meeting by mistake off its list; if it is still to come they are sent a
    cancellation of that meeting alone."""
    meeting = _locked_meeting(row.meeting_id)
    row = Attendance.objects.select_related("person", "meeting__series").get(pk=row.pk)
    check_attendee_removable(row)
    snap, person = undo.snapshot(row), row.person
    if notify and person.email and not meeting.is_cancelled and meeting.start >= timezone.now():
        meeting.sequence = max(meeting.sequence, meeting.series.sequence) + 1
        meeting.status = Meeting.Status.CANCELLED  # in memory only: the CANCEL names this meeting
        queue.after_commit(send_guest_cancellations, [mails.prepared_cancellation(
            meeting, [row], [person.email], withdrawn=True)])
        meeting.refresh_from_db()
    row.delete()
    return log_action(actor, "governance.attendance.removed", meeting, {
        "person": person.name, "label": f"{person.name} on the list of {meeting}", "snapshot": snap},
        partnership=_partnership(meeting))


@transaction.atomic
def attendee_restore(*, actor: Any, entry: AuditEntry) -> Attendance:
    meeting = _meeting_of(entry)
    check_record_open(meeting, _("the list"))
    snap = entry.data["snapshot"]
    if meeting.attendance.filter(person_id=snap["fields"]["person_id"]).exists():
        raise ValidationError(_("They are on the list of this meeting again already."))
    row = undo.rebuild(Attendance, snap)
    log_action(actor, "governance.attendance.restored", meeting, {"person": row.person.name, "undoes": entry.pk},
               partnership=_partnership(meeting))
    if not meeting.is_cancelled and meeting.start >= timezone.now():
        queue.after_commit(send_guest_invitation, meeting.pk, row.person_id)
    return row


# ---- meeting series ---------------------------------------------------------------------------------------

def check_series_deletable(series: MeetingSeries) -> None:
    kept = series.meetings.filter(
        Q(attendance__status__gt="") | Q(agenda__isnull=False) | Q(decisions__isnull=False) | Q(actions__isnull=False)
        | Q(notes__isnull=False) | Q(papers__isnull=False) | Q(minutes_status=Meeting.Minutes.APPROVED)
    ).distinct().order_by("start").first()
    if kept is not None:
        raise ValidationError(_("The meeting of %(date)s has records (attendance, agenda, notes, decisions, actions "
                                "or papers), so “%(title)s” cannot be deleted. To stop it, give the series an end "
                                "date: meetings after it are removed, those with records stay.")
                              % {"date": date_format(kept.local_start, "j F Y"), "title": series.title})
    refusal = gettext_lazy("“%(title)s” cannot be deleted: other records still name it (%(records)s). Give the "
                           "series an end date instead.")
    check_unreferenced(series, refusal=refusal, values={"title": series.title}, skip={"governance.meeting"})
    for meeting in series.meetings.all():
        check_unreferenced(meeting, refusal=refusal, values={"title": series.title}, skip={"governance.attendance"})


@transaction.atomic
def series_delete(*, actor: Any, series: MeetingSeries, notify: bool = True) -> AuditEntry:
    """Delete a series set up by mistake, with its meetings (none has any record); everyone invited to a
    meeting still to come is sent a cancellation of the whole series."""
    series = MeetingSeries.objects.select_for_update().select_related("partnership").get(pk=series.pk)
    check_series_deletable(series)
    if notify:
        cancels = mails.series_cancellation(series)
        if cancels:
            queue.after_commit(send_guest_cancellations, cancels)
    partnership, title, meetings = series.partnership, series.title, series.meetings.count()
    series.delete()
    return log_action(actor, "governance.series.deleted", partnership, {
        "title": title, "meetings": meetings, "rule": series.rrule, "starts_on": series.starts_on,
        "label": f"the meeting series “{title}”"}, partnership=partnership)


def _attendance_blocking(qs: Any) -> Any:
    """A person's place at a meeting still to come, with nothing recorded, goes with them."""
    return qs.exclude(meeting__start__gte=timezone.now(), status="", reply="")


def register() -> None:
    """Undo for the deletes above (called from GovernanceConfig.ready())."""
    undo.register_undo("governance.note.deleted", note_restore)
    undo.register_undo("governance.agenda.deleted", agenda_item_restore)
    undo.register_undo("governance.decision.deleted", decision_restore)
    undo.register_undo("governance.action.deleted", action_restore)
    undo.register_undo("governance.attendance.removed", attendee_restore)
    register_passing("governance.attendance", "person", _attendance_blocking)
    register_passing("governance.attendance", "organisation", _attendance_blocking)
