"""Writes to a meeting's outcomes (notes, decisions with positions, actions) and action reminders."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.core.audit import log_action
from accord.lib import stored_text
from accord.notices.services import notify
from accord.partners import selectors as partners
from accord.partners.models import Organisation, Partnership, Person

from ..models import Action, ActionReminder, AgendaItem, Decision, Meeting, Note, Position
from .meetings import _save, check_minutes_open, check_not_future, check_people


def _partnership(meeting: Meeting) -> Partnership:
    return meeting.series.partnership


def _check_item(meeting: Meeting, item: AgendaItem | None) -> None:
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError(_("That agenda item belongs to another meeting."))


@transaction.atomic
def note_add(*, actor: Any, meeting: Meeting, text: str, item: AgendaItem | None = None) -> Note:
    _check_item(meeting, item)
    check_minutes_open(meeting, _("a note"))
    note = Note(meeting=meeting, item=item, text=text)
    _save(note)
    log_action(actor, "governance.note.added", note, {"text": text[:200]}, partnership=_partnership(meeting))
    return note


# ---- decisions ----------------------------------------------------------------------------------

@transaction.atomic
def decision_add(*, actor: Any, meeting: Meeting, proposal: str, needs_consensus: bool = False,
                 item: AgendaItem | None = None) -> Decision:
    _check_item(meeting, item)
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled; propose the decision at another meeting."))
    check_minutes_open(meeting, _("a decision"))
    decision = Decision(meeting=meeting, item=item, proposal=proposal, needs_consensus=needs_consensus)
    _save(decision)
    log_action(actor, "governance.decision.proposed", decision,
               {"proposal": proposal[:200], "needs_consensus": needs_consensus}, partnership=_partnership(meeting))
    notify(partnership=_partnership(meeting), kind="governance.position_needed",
           people=partners.senior_leaders(_partnership(meeting)).filter(organisation_id__in=required_members(decision)),
           event_key=f"governance.decision:{decision.pk}", url=decision.get_absolute_url(),
           title=stored_text.message(gettext_noop("Your organisation's position is needed: %(proposal)s"),
                                     proposal=proposal[:200]))
    return decision


def decision_result(decision: Decision, member_ids: set[int], stances: dict[int, str]) -> str:
    """The result from the members' positions.

    Needing every partner's consent: not carried while any partner objects, and carried only when
    every member organisation has given a position. Otherwise: carried once more than half the
    members agree (with or without concerns); not carried once half or more object.
    """
    stances = {org: s for org, s in stances.items() if org in member_ids}
    objections = sum(1 for s in stances.values() if s == Position.Stance.OBJECT)
    agreeing = sum(1 for s in stances.values() if s in (Position.Stance.AGREE, Position.Stance.CONCERNS))
    if decision.needs_consensus:
        if objections:
            return Decision.Result.NOT_CARRIED
        return Decision.Result.CARRIED if set(stances) >= member_ids and agreeing else Decision.Result.OPEN
    if agreeing * 2 > len(member_ids):
        return Decision.Result.CARRIED
    if objections * 2 >= len(member_ids) and objections:
        return Decision.Result.NOT_CARRIED
    return Decision.Result.OPEN


def required_members(decision: Decision, today: dt.date | None = None) -> set[int]:
    """The organisations whose positions a decision counts: members on the day of its meeting that are
    still members today. When a member leaves, a pending decision no longer waits for it."""
    partnership = _partnership(decision.at_meeting)
    on = decision.at_meeting.local_start.date()
    today = today or timezone.localdate()
    at_meeting = set(partnership.current_memberships(on).values_list("organisation_id", flat=True))
    if today <= on:
        return at_meeting
    return at_meeting & set(partnership.current_memberships(today).values_list("organisation_id", flat=True))


def _set_result(decision: Decision, member_ids: set[int]) -> bool:
    """Work out the result again from the positions that count; True if it changed."""
    stances = dict(decision.positions.values_list("organisation_id", "stance"))
    result = decision_result(decision, member_ids, stances)
    if result == decision.result:
        return False
    decision.result = result
    decision.decided_on = timezone.localdate() if result != Decision.Result.OPEN else None
    decision.save(update_fields=["result", "decided_on"])
    return True


@transaction.atomic
def decisions_recheck(*, actor: Any = None) -> list[Decision]:
    """Decide the open decisions that no longer wait for anyone because the members still to give a
    position have left (membership changes happen in partners, which does not know decisions).
    Run daily by a task. A decision already carried or not carried is never reopened."""
    changed = []
    for decision in (Decision.objects.select_for_update().filter(result=Decision.Result.OPEN, meeting__isnull=False)
                     .select_related("meeting__series__partnership")):
        if _set_result(decision, required_members(decision)):
            log_action(actor, "governance.decision.rechecked", decision,
                       {"result": decision.result, "why": "a member that had not given its position left"},
                       partnership=_partnership(decision.at_meeting))
            changed.append(decision)
    return changed


@transaction.atomic
def position_record(*, actor: Any, decision: Decision, organisation: Organisation, stance: str,
                    comment: str = "") -> Position:
    """A member organisation's position on a decision (one per organisation; a later one replaces it)."""
    meeting = decision.at_meeting
    partnership = _partnership(meeting)
    member_ids = required_members(decision)
    if organisation.pk not in member_ids:
        left = partners.former_members(partnership).get(organisation.pk)
        if left:
            raise ValidationError(_("%(organisation)s %(left)s, so it no longer gives positions on its decisions.")
                                  % {"organisation": organisation,
                                     "left": left.replace("left", "left the partnership", 1)})
        raise ValidationError(_("%(organisation)s is not a member of %(partnership)s, so it has no position to give.")
                              % {"organisation": organisation, "partnership": partnership})
    if stance not in Position.Stance.values:
        raise ValidationError({"stance": _("Choose agree, agree with concerns, object or abstain.")})
    position, _created = Position.objects.select_for_update().get_or_create(
        decision=decision, organisation=organisation,
        defaults={"stance": stance, "comment": comment, "recorded_by": _user(actor)})
    position.stance, position.comment, position.recorded_by = stance, comment, _user(actor)
    position.recorded_at = timezone.now()
    _save(position)
    _set_result(decision, member_ids)
    log_action(actor, "governance.position.recorded", decision,
               {"organisation": organisation.name, "stance": stance, "result": decision.result},
               partnership=partnership)
    return position


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# ---- actions ------------------------------------------------------------------------------------

@transaction.atomic
def action_add(*, actor: Any, meeting: Meeting, title: str, owner: Person, due: dt.date, detail: str = "",
               organisation: Organisation | None = None, item: AgendaItem | None = None) -> Action:
    _check_item(meeting, item)
    check_minutes_open(meeting, _("an action"))
    check_people(_partnership(meeting), [owner], on=timezone.localdate())
    held_on = meeting.local_start.date()
    if due < held_on:
        raise ValidationError({"due": _("The action is due before its meeting (%(date)s). "
                                        "Choose a date on or after the meeting.")
                                      % {"date": date_format(held_on, "j F Y")}})
    action = Action(meeting=meeting, item=item, title=title, detail=detail, owner=owner,
                    organisation=organisation or owner.organisation, due=due)
    _save(action)
    log_action(actor, "governance.action.added", action,
               {"title": title, "owner": owner.name, "due": due}, partnership=_partnership(meeting))
    notify(partnership=_partnership(meeting), people=[owner], kind="governance.action",
           event_key=f"governance.action:{action.pk}:owner:{owner.pk}", url=action.get_absolute_url(),
           title=stored_text.message(gettext_noop("An action for you, due %(date)s: %(title)s"), date=due, title=title),
           body=detail)
    return action


@transaction.atomic
def action_update(*, actor: Any, action: Action, status: str, completed_on: dt.date | None = None,
                  due: dt.date | None = None) -> Action:
    if status not in Action.Status.values:
        raise ValidationError({"status": _("Choose open, done or dropped.")})
    before = (action.status, action.due)
    if due is not None:
        if due < action.meeting.local_start.date():
            raise ValidationError({"due": _("The action is due before its meeting. Choose a later date.")})
        action.due = due
    action.status = status
    if status == Action.Status.DONE:
        action.completed_on = completed_on or action.completed_on or timezone.localdate()
        check_not_future(action.completed_on, "completed_on")
        if action.completed_on < action.meeting.local_start.date():
            raise ValidationError({"completed_on": _("It cannot be done before the meeting that agreed it.")})
    else:
        action.completed_on = None
    _save(action)
    log_action(actor, "governance.action.updated", action,
               {"status": [before[0], status], "due": [before[1], action.due]},
               partnership=_partnership(action.meeting))
    if action.due != before[1] and action.status == Action.Status.OPEN:
        notify(partnership=_partnership(action.meeting), people=[action.owner], kind="governance.action",
               event_key=f"governance.action:{action.pk}:due:{action.due.isoformat()}", url=action.get_absolute_url(),
               title=stored_text.message(gettext_noop("Your action is now due %(date)s: %(title)s"), date=action.due,
                                         title=action.title))
    return action


def action_reminders_due(today: dt.date | None = None) -> list[tuple[Action, str]]:
    """Open actions whose owner should hear from us today, and which kind of reminder each needs."""
    today = today or timezone.localdate()
    soon = today + dt.timedelta(days=settings.GOVERNANCE_REMINDER_DAYS)
    out: list[tuple[Action, str]] = []
    actions = (Action.objects.filter(status=Action.Status.OPEN, due__lte=soon).exclude(owner__email="")
               .select_related("owner", "meeting__series__partnership").prefetch_related("reminders"))
    for action in actions:
        sent = {r.kind for r in action.reminders.all()}
        kind = ActionReminder.Kind.OVERDUE if action.due < today else ActionReminder.Kind.DUE_SOON
        if kind not in sent and not (kind == ActionReminder.Kind.DUE_SOON and action.due < today):
            out.append((action, kind))
    return out


def reminder_claim(action: Action, kind: str) -> bool:
    """Record that a reminder is being sent; False if one of this kind was already sent."""
    try:
        with transaction.atomic():
            ActionReminder.objects.create(action=action, kind=kind)
    except IntegrityError:
        return False
    return True
