"""Writes for proposals and polls: open one, answer it (one answer per organisation, changeable until it
closes), close it, record its outcome as a governance decision, and the reminders and closing done by the
periodic task. The counting itself is in ../counting.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.core.audit import log_action
from accord.core.policy import Access
from accord.governance import selectors as governance
from accord.governance import services as governance_services
from accord.lib import stored_text
from accord.notices.services import notify
from accord.partners.models import Person

from .. import counting, rules
from ..models import Answer, Proposal, ProposalOption, Reminder, Thread
from .text import required, storable

Kind = Proposal.Kind
OPTION_KINDS = (Kind.CHOICE, Kind.RANKED, Kind.SCORE)


def _save(obj: Any) -> None:
    obj.full_clean()
    obj.save()


def _when(moment: dt.datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y, H:i")


# ---- opening -------------------------------------------------------------------------------------

def _clean_options(kind: str, options: Sequence[str], times: Sequence[dt.datetime], now: dt.datetime,
                   closes_at: dt.datetime) -> list[ProposalOption]:
    if kind in OPTION_KINDS:
        labels = [str(o).strip() for o in options if str(o).strip()]
        if len(labels) < 2:
            raise ValidationError({"options": _("Give at least two options, one a line.")})
        if len({label.lower() for label in labels}) != len(labels):
            raise ValidationError({"options": _("Two options have the same words. Make each option different.")})
        if any(len(label) > 200 for label in labels):
            raise ValidationError({"options": _("Keep each option to 200 characters.")})
        return [ProposalOption(label=label, order=i) for i, label in enumerate(labels)]
    if kind == Kind.TIME:
        if len(times) < 2:
            raise ValidationError({"times": _("Give at least two dates and times to choose from.")})
        times = [timezone.make_aware(t) if timezone.is_naive(t) else t for t in times]  # a time typed is local
        if any(t <= now for t in times):
            raise ValidationError({"times": _("Every date to choose from must be in the future.")})
        if any(t <= closes_at for t in times):  # else the date decided could have passed: no meeting made
            raise ValidationError({"times": _("Every date to choose from must be after the poll closes, so that the "
                                            "meeting can be made on the date decided.")})
        if len(set(times)) != len(times):
            raise ValidationError({"times": _("The same date and time is given twice.")})
        return [ProposalOption(label=_when(t), starts_at=t, order=i) for i, t in enumerate(sorted(times))]
    return []


def answerers_to_notify(proposal: Proposal) -> list[Person]:
    return [p for people in rules.answerers(proposal).values() for p in people]


@transaction.atomic
def proposal_open(*, actor: Any, access: Access, thread: Thread, kind: str, title: str, closes_at: dt.datetime,
                  detail: str = "", answered_by: str = Proposal.AnsweredBy.ORGANISATION,
                  results: str = Proposal.Results.LIVE, options: Sequence[str] = (),
                  times: Sequence[dt.datetime] = (), score_max: int = 5, series_id: int | None = None,
                  now: dt.datetime | None = None) -> Proposal:
    now = now or timezone.now()
    if not access.can("act") or not rules.can_see(access, thread):
        raise PermissionDenied(_("Only the partners' people who see this discussion can make a proposal in it."))
    if thread.is_closed:
        raise ValidationError(_("This discussion is closed, so nothing more can be added to it."))
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose a kind of proposal.")})
    if answered_by not in Proposal.AnsweredBy.values:
        raise ValidationError({"answered_by": _("Choose who answers: each organisation, or each person.")})
    if results not in Proposal.Results.values:
        raise ValidationError({"results": _("Choose whether results show as answers come in or only at the close.")})
    title = required(title, "title", _("what is proposed, in a line"), 200)
    detail = storable(detail, "detail")
    options = [storable(str(o), "options") for o in options]
    if timezone.is_naive(closes_at):  # a time typed is local
        closes_at = timezone.make_aware(closes_at)
    if closes_at <= now:
        raise ValidationError({"closes_at": _("The closing date must be in the future.")})
    if closes_at > now + dt.timedelta(days=366):
        raise ValidationError({"closes_at": _("Close it within a year.")})
    if kind == Kind.SCORE and not 1 <= int(score_max) <= 10:
        raise ValidationError({"score_max": _("The highest score is between 1 and 10.")})
    series = None
    if kind == Kind.TIME:
        found = governance.series_of(access.partnership).filter(pk=series_id).first() if series_id else None
        if found is None:
            raise ValidationError({"series_id": _("Choose the meeting series the new meeting joins.")})
        series = found
        if any((timezone.make_aware(t) if timezone.is_naive(t) else t) > closes_at + dt.timedelta(days=730)
               for t in times):
            raise ValidationError({"times": _("Choose dates within two years.")})
    option_rows = _clean_options(kind, options, times, now, closes_at)
    proposal = Proposal(thread=thread, kind=kind, title=title, detail=detail, author=actor,
                        answered_by=answered_by, results=results, score_max=int(score_max), series=series,
                        opened_at=now, closes_at=closes_at)
    _save(proposal)
    for option in option_rows:
        option.proposal = proposal
        _save(option)
    log_action(actor, "discussions.proposal.opened", proposal,
               {"kind": kind, "title": title, "closes_at": closes_at, "answered_by": answered_by,
                "results": results, "options": [o.label for o in option_rows]}, partnership=access.partnership)
    notify(partnership=access.partnership, people=answerers_to_notify(proposal), kind="discussions.proposal_opened",
           event_key=f"discussions.proposal:{proposal.pk}:opened", url=proposal.get_absolute_url(),
           title=stored_text.message(gettext_noop("Your answer is asked: %(title)s"), title=title),
           body=_closes_on(closes_at))
    return proposal


# ---- answering -----------------------------------------------------------------------------------

def _option_ids(proposal: Proposal) -> list[int]:
    return list(proposal.options.values_list("pk", flat=True))


def _ids(values: Any, field: str) -> list[int]:
    try:
        return [int(v) for v in (values or [])]
    except (TypeError, ValueError):
        raise ValidationError({field: _("Choose from the options given.")}) from None


def _clean_answer(proposal: Proposal, stance: str, reason: str, choice: Any, scores: Any) -> dict[str, Any]:
    kind, reason = proposal.kind, storable(reason, "reason")
    if kind == Kind.CONSENT:
        if stance not in counting.CONSENT_STANCES:
            raise ValidationError({"stance": _("Choose agree, abstain, object or block.")})
        if stance in counting.REASON_NEEDED and not reason:
            raise ValidationError({"reason": _("Say why you block: the others need your reason to respond to it.")
                                   if stance == "block" else
                                   _("Say why you object: the others need your reason to respond to it.")})
        return {"stance": stance, "reason": reason, "choice": [], "scores": {}}
    if kind == Kind.AGREE_DISAGREE:
        if stance not in counting.AGREE_DISAGREE_STANCES:
            raise ValidationError({"stance": _("Choose agree or disagree.")})
        return {"stance": stance, "reason": reason, "choice": [], "scores": {}}
    known = set(_option_ids(proposal))
    if kind == Kind.SCORE:
        if not isinstance(scores, dict) or not scores:
            raise ValidationError({"scores": _("Give a score to at least one option.")})
        clean: dict[str, int] = {}
        for key, value in scores.items():
            try:
                option, points = int(key), int(value)
            except (TypeError, ValueError):
                raise ValidationError({"scores": _("Each score is a whole number.")}) from None
            if option not in known:
                raise ValidationError({"scores": _("Score only the options given.")})
            if not 0 <= points <= proposal.score_max:
                raise ValidationError({"scores": _("Each score is from 0 to %(most)d.") % {"most": proposal.score_max}})
            clean[str(option)] = points
        return {"stance": "", "reason": reason, "choice": [], "scores": clean}
    ids = _ids(choice, "choice")
    if any(i not in known for i in ids) or len(set(ids)) != len(ids):
        raise ValidationError({"choice": _("Choose from the options given, each once.")})
    if kind == Kind.CHOICE and len(ids) != 1:
        raise ValidationError({"choice": _("Choose one option.")})
    if kind == Kind.RANKED and not ids:
        raise ValidationError({"choice": _("Rank at least your first choice.")})
    return {"stance": "", "reason": reason, "choice": ids, "scores": {}}


@transaction.atomic
def answer_give(*, actor: Any, access: Access, proposal: Proposal, stance: str = "", reason: str = "",
                choice: Any = None, scores: Any = None, now: dt.datetime | None = None) -> tuple[Answer, bool]:
    """Give (or change) the answer of the organisation the person answers for, or their own where each
    person answers. Returns (answer, True when it replaced an earlier answer). Refused with a plain
    message, and nothing saved, after the close or from someone outside the proposal's audience."""
    now = now or timezone.now()
    proposal = Proposal.objects.select_for_update().select_related("thread__partnership").get(pk=proposal.pk)
    if proposal.is_closed(now):
        closed = proposal.closed_at or proposal.closes_at
        raise ValidationError(_("This proposal closed on %(when)s, so it takes no more answers.") % {"when": _when(closed)})
    if not access.can("act") or not rules.can_see(access, proposal.thread):
        raise PermissionDenied(_("Only the partners' people who see this discussion can answer it."))
    person, key = rules.may_answer_for(actor, proposal)
    if key is None:
        if proposal.answered_by == Proposal.AnsweredBy.PERSON:
            raise PermissionDenied(_("This proposal asks the people of the organisations it is for, and you are not "
                                   "among them."))
        raise PermissionDenied(_("Each organisation answers through its senior leader or the delegate it names, "
                               "and you answer for no organisation on this proposal."))
    values = _clean_answer(proposal, stance, reason, choice, scores)
    by_person = proposal.answered_by == Proposal.AnsweredBy.PERSON
    lookup = {"person_id": key} if by_person else {"organisation_id": key, "person__isnull": True}
    existing = Answer.objects.filter(proposal=proposal, **lookup).first()
    replaced = existing is not None
    answer = existing or Answer(proposal=proposal, created_at=now,
                                **({"person": person, "organisation_id": person.organisation_id} if by_person  # type: ignore[union-attr]  # by person: `person` is set (checked above)
                                   else {"organisation_id": key}))
    for field, value in values.items():
        setattr(answer, field, value)
    answer.given_by, answer.updated_at = person, now
    try:
        with transaction.atomic():
            _save(answer)
    except (IntegrityError, ValidationError) as exc:
        if isinstance(exc, ValidationError) and "__all__" not in getattr(exc, "message_dict", {}):
            raise
        raise ValidationError(_("Someone else answered for your organisation at the same moment. "
                              "Open the proposal again to see their answer, and change it if you need to.")) from exc
    who = answer.person.name if by_person and answer.person else str(answer.organisation)
    log_action(actor, "discussions.answer.changed" if replaced else "discussions.answer.given", proposal,
               {"for": who}, partnership=proposal.thread.partnership)  # never what they answered: results may be hidden
    if _all_answered(proposal, now):
        _close(proposal, now, why="everyone it asks has answered")
    return answer, replaced


def _all_answered(proposal: Proposal, now: dt.datetime) -> bool:
    """Whether everyone the proposal still asks has answered (and someone has): it then closes early. An
    organisation that left the partnership is no longer waited for."""
    expected = set(rules.answerers(proposal, counted_on(proposal, now)))
    answered = {rules.answer_key(a) for a in proposal.answers.all()}
    return bool(expected & answered) and not expected - answered


# ---- counting and closing ------------------------------------------------------------------------

def counted_on(proposal: Proposal, now: dt.datetime | None = None) -> dt.date:
    """The day whose members count: the closing day once closed, else today."""
    now = now or timezone.now()
    closed = proposal.closed_at or (proposal.closes_at if proposal.closes_at <= now else None)
    return timezone.localdate(closed or now)


def tally(proposal: Proposal, now: dt.datetime | None = None) -> dict[str, Any]:
    """The count of the answers that count: those of organisations (or people) still in the proposal's
    audience. An organisation that left the partnership before the close is not counted (its answer is
    kept and shown as not counted)."""
    answerers = rules.answerers(proposal, counted_on(proposal, now))
    answers = list(proposal.answers.select_related("organisation", "person", "given_by"))
    counted = [a for a in answers if rules.answer_key(a) in answerers]
    result = counting.count(proposal.kind, [{"stance": a.stance, "choice": a.choice, "scores": a.scores}
                                            for a in counted], _option_ids(proposal))
    result["expected"] = len(answerers)
    result["not_counted"] = [a for a in answers if rules.answer_key(a) not in answerers]
    result["counted"] = counted
    answered = {rules.answer_key(a) for a in counted}
    result["waiting"] = [k for k in answerers if k not in answered]
    return result


# Why a proposal closed, as its notice says it (each a whole sentence, to translate whole)
_CLOSED_BECAUSE = {
    "everyone it asks has answered": gettext_noop("It closed because everyone it asks has answered."),
    "its closing date came": gettext_noop("It closed because its closing date came."),
}


def _closes_on(moment: dt.datetime) -> stored_text.Stored:
    """"It closes on …", the moment stored in local time and shown in the reader's words."""
    return stored_text.message(gettext_noop("It closes on %(when)s."), when=timezone.localtime(moment))


def _close(proposal: Proposal, at: dt.datetime, *, why: str) -> None:
    """`why` is one of _CLOSED_BECAUSE's reasons (its English, kept in the audit log)."""
    proposal.closed_at = at
    proposal.save(update_fields=["closed_at"])
    log_action(None, "discussions.proposal.closed", proposal, {"why": why}, partnership=proposal.thread.partnership)
    author = rules.person_of(proposal.author, proposal.thread.partnership) if proposal.author else None
    if author is not None:
        notify(partnership=proposal.thread.partnership, people=[author], kind="discussions.proposal_closed",
               event_key=f"discussions.proposal:{proposal.pk}:closed", url=proposal.get_absolute_url(),
               title=stored_text.message(gettext_noop("“%(title)s” has closed: write its outcome"),
                                         title=proposal.title),
               body=stored_text.message(_CLOSED_BECAUSE[why]))


def _may_manage(actor: Any, access: Access, proposal: Proposal) -> None:
    """The author or the manager, while their role still acts in the partnership and sees the thread."""
    author = proposal.author_id is not None and proposal.author_id == getattr(actor, "pk", None)
    if not access.can("act") or not rules.can_see(access, proposal.thread) or not (access.is_manager or author):
        raise PermissionDenied(_("Only the person who made the proposal, or the manager, can close it or record "
                               "its outcome."))


@transaction.atomic
def proposal_close(*, actor: Any, access: Access, proposal: Proposal, now: dt.datetime | None = None) -> Proposal:
    now = now or timezone.now()
    _may_manage(actor, access, proposal)
    if proposal.is_closed(now):
        raise ValidationError(_("This proposal has already closed."))
    proposal.closed_at = now
    proposal.save(update_fields=["closed_at"])
    log_action(actor, "discussions.proposal.closed", proposal, {"why": "closed early by hand"},
               partnership=access.partnership)
    return proposal


def _position(kind: str, answer: Answer, option_id: int | None) -> tuple[str, str]:
    """An organisation's answer as a governance position (stance, comment)."""
    reason = answer.reason
    if kind == Kind.CONSENT:
        stance = {"agree": "agree", "abstain": "abstain", "object": "object", "block": "object"}[answer.stance]
        prefix = "Blocked" if answer.stance == "block" else "Objected" if answer.stance == "object" else ""
        return stance, (f"{prefix}: {reason}" if prefix else reason)
    if kind == Kind.AGREE_DISAGREE:
        return ("agree" if answer.stance == "agree" else "object"), reason
    labels = dict(answer.proposal.options.values_list("pk", "label"))
    if kind == Kind.SCORE:
        said = ", ".join(f"{labels.get(int(k), '?')}: {v}" for k, v in answer.scores.items())
    elif kind == Kind.TIME:
        said = "Suits: " + (", ".join(labels.get(i, "?") for i in answer.choice) or "none of the dates")
    else:
        said = " > ".join(labels.get(i, "?") for i in answer.choice)
    said = f"{said}. {reason}".strip() if reason else said
    # an answer for the chosen option agrees; one that preferred another option accepted it with concerns
    backs = counting.backs(kind, {"choice": answer.choice, "scores": answer.scores}, option_id)
    return ("agree" if backs else "concerns"), said


@transaction.atomic
def proposal_decide(*, actor: Any, access: Access, proposal: Proposal, outcome: str, option_id: int | None = None,
                    now: dt.datetime | None = None, notify_meeting: bool = True) -> Proposal:
    """Write the outcome (closing the proposal if it is still open). It becomes a decision in the
    governance record, with each organisation's position; a meeting-date poll adds the meeting."""
    now = now or timezone.now()
    proposal = Proposal.objects.select_for_update().select_related("thread__partnership").get(pk=proposal.pk)
    _may_manage(actor, access, proposal)
    if proposal.decided:
        raise ValidationError(_("The outcome of this proposal is already recorded."))
    outcome = required(outcome, "outcome", _("the outcome: what was decided, in a sentence or two"))
    hidden = not rules.results_visible(proposal, now)
    if not proposal.is_closed(now):
        proposal.closed_at = now
    count = tally(proposal, now)
    option = None
    if proposal.has_options:
        if option_id is None and hidden:
            # a refusal is rolled back, leaving the proposal open: it must not tell what the count says
            raise ValidationError({"option_id": _("The results are hidden until the proposal closes. Close it first "
                                                "to see the count, or choose the option decided.")})
        chosen = option_id if option_id is not None else count["winner"]
        if chosen is None:
            tied = ", ".join(o.label for o in proposal.options.filter(pk__in=count["tied"])) or _("no option")
            raise ValidationError({"option_id": _("The count is a tie (%(tied)s). Choose which option is decided.") % {
                "tied": tied}})
        try:
            option = proposal.options.get(pk=int(chosen))
        except (ProposalOption.DoesNotExist, TypeError, ValueError):
            raise ValidationError({"option_id": _("Choose one of this proposal's options.")}) from None
    partnership = proposal.thread.partnership
    if proposal.kind in (Kind.CONSENT, Kind.AGREE_DISAGREE):
        result = "carried" if count["result"] == counting.CARRIED else "not_carried"
    else:
        result = "carried"
    positions = []
    if proposal.answered_by == Proposal.AnsweredBy.ORGANISATION:
        for answer in count["counted"]:
            stance, comment = _position(proposal.kind, answer, option.pk if option else None)
            positions.append((answer.organisation, stance, comment))
    text = f"{proposal.title}: {outcome}" if not option else f"{proposal.title}: {option.label}. {outcome}"
    decision = governance_services.decision_record_between_meetings(
        actor=actor, partnership=partnership, proposal=text, result=result, source_url=proposal.get_absolute_url(),
        positions=positions, decided_on=timezone.localdate(now), needs_consensus=proposal.kind == Kind.CONSENT)
    if proposal.kind == Kind.TIME and option is not None and proposal.series is not None:
        if option.starts_at is None or option.starts_at <= now:
            raise ValidationError({"option_id": _("That date has passed. Choose a date still to come.")})
        proposal.meeting = governance_services.meeting_add(actor=actor, series=proposal.series, start=option.starts_at,
                                                           notify=notify_meeting)
    proposal.outcome, proposal.outcome_option, proposal.decision, proposal.decided_at = outcome, option, decision, now
    _save(proposal)
    log_action(actor, "discussions.proposal.decided", proposal,
               {"outcome": outcome[:200], "option": option.label if option else None, "result": result,
                "decision": decision.pk, "meeting": proposal.meeting_id}, partnership=partnership)
    notify(partnership=partnership, people=answerers_to_notify(proposal), kind="discussions.outcome",
           event_key=f"discussions.proposal:{proposal.pk}:outcome", url=proposal.get_absolute_url(),
           title=stored_text.message(gettext_noop("Decided: %(title)s"), title=proposal.title), body=outcome[:500])
    return proposal


# ---- the periodic task's work --------------------------------------------------------------------

def reminder_hours() -> list[int]:
    return sorted({int(h) for h in settings.DISCUSSIONS_REMINDER_HOURS}, reverse=True)


def reminders_send(now: dt.datetime | None = None) -> int:
    """Remind those who have not answered, once per proposal per reminder point (hours before the close).
    The claim is a row with a unique constraint, recorded before the notices, so a rerun never repeats one."""
    now = now or timezone.now()
    sent = 0
    hours = reminder_hours()
    if not hours:
        return 0
    soon = now + dt.timedelta(hours=hours[0])
    for proposal in (Proposal.objects.filter(closed_at__isnull=True, closes_at__gt=now, closes_at__lte=soon)
                     .select_related("thread__partnership")):
        due = [h for h in hours if proposal.closes_at - dt.timedelta(hours=h) <= now]
        if not due:
            continue
        point = min(due)  # the latest point reached; earlier points missed are not sent late
        try:
            with transaction.atomic():
                Reminder.objects.create(proposal=proposal, hours_before=point)
        except IntegrityError:
            continue
        with transaction.atomic():
            count = tally(proposal, now)
            waiting = set(count["waiting"])
            people = [p for key, ps in rules.answerers(proposal).items() if key in waiting for p in ps]
            notify(partnership=proposal.thread.partnership, people=people, kind="discussions.proposal_reminder",
                   event_key=f"discussions.proposal:{proposal.pk}:reminder:{point}", url=proposal.get_absolute_url(),
                   title=stored_text.message(gettext_noop("Not answered yet: %(title)s"), title=proposal.title),
                   body=_closes_on(proposal.closes_at))
        sent += 1
    return sent


def closings_record(now: dt.datetime | None = None) -> int:
    """Mark proposals whose closing date has passed as closed, and those where everyone still asked has
    answered (the last organisation awaited left the partnership), and ask their authors for the outcome."""
    now = now or timezone.now()
    done = 0
    for proposal in Proposal.objects.filter(closed_at__isnull=True).select_related("thread__partnership"):
        with transaction.atomic():
            if proposal.closes_at <= now:
                _close(proposal, proposal.closes_at, why="its closing date came")
            elif _all_answered(proposal, now):
                _close(proposal, now, why="everyone it asks has answered")
            else:
                continue
        done += 1
    return done
