"""Governance records made between meetings: a decision the partners took by answering a proposal, and
a meeting added to a series on a date found by a poll. Other domains (discussions) call these; the
decision is the same Decision/Position record meetings use, with no meeting and a link back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.audit import log_action
from accord.lib import queue
from accord.partners.models import Organisation, Partnership

from ..models import Attendance, Decision, Meeting, MeetingSeries, Position
from .meetings import Expected, _save, send_meeting_update

RESULTS = (Decision.Result.CARRIED, Decision.Result.NOT_CARRIED)


@transaction.atomic
def decision_record_between_meetings(
    *, actor: Any, partnership: Partnership, proposal: str, result: str, source_url: str,
    positions: Sequence[tuple[Organisation, str, str]] = (), decided_on: dt.date | None = None,
    needs_consensus: bool = False,
) -> Decision:
    """Record a decision already taken outside a meeting, with each organisation's position
    (organisation, stance, comment). It is decided at once: carried or not carried, never open."""
    if result not in RESULTS:
        raise ValidationError({"result": _("A decision taken between meetings is carried or not carried.")})
    member_ids = set(partnership.memberships.values_list("organisation_id", flat=True))
    for organisation, stance, _comment in positions:
        if organisation.pk not in member_ids:
            raise ValidationError(_("%(organisation)s is not a member of %(partnership)s, so it has no position to "
                                    "give.") % {"organisation": organisation, "partnership": partnership})
        if stance not in Position.Stance.values:
            raise ValidationError({"stance": _("“%(stance)s” is not a position.") % {"stance": stance}})
    decision = Decision(meeting=None, partnership=partnership, proposal=proposal, result=result,
                        needs_consensus=needs_consensus, decided_on=decided_on or timezone.localdate(),
                        source_url=source_url)
    _save(decision)
    user = actor if getattr(actor, "is_authenticated", False) else None
    for organisation, stance, comment in positions:
        _save(Position(decision=decision, organisation=organisation, stance=stance, comment=comment,
                       recorded_by=user))
    log_action(actor, "governance.decision.recorded_between_meetings", decision,
               {"proposal": proposal[:200], "result": result, "positions": len(positions), "where": source_url},
               partnership=partnership)
    return decision


def decisions_between_meetings(partnership: Partnership) -> list[Decision]:
    return list(Decision.objects.filter(partnership=partnership, meeting__isnull=True)
                .prefetch_related("positions__organisation").order_by("-decided_on", "-pk"))


@transaction.atomic
def meeting_add(*, actor: Any, series: MeetingSeries, start: dt.datetime, notify: bool = True) -> Meeting:
    """Add one meeting to a series at `start` (a date found outside the rule), with the people the series
    expects on that day; each is sent an invitation to it (METHOD:REQUEST with its RECURRENCE-ID)."""
    if timezone.is_naive(start):
        raise ValueError("meeting_add needs a time with its zone")
    start = start.astimezone(dt.UTC)
    if series.meetings.filter(original_start=start).exists() or series.meetings.filter(start=start).exists():
        raise ValidationError(_("The series already has a meeting at that time."))
    meeting = Meeting(series=series, original_start=start, start=start,
                      end=start + dt.timedelta(minutes=series.duration_minutes))
    _save(meeting)
    day = meeting.local_start.date()
    Attendance.objects.bulk_create([
        Attendance(meeting=meeting, person=p, organisation_id=p.organisation_id, senior=senior)
        for p, senior in Expected(series).on(day)])
    log_action(actor, "governance.meeting.added", meeting, {"start": start, "series": series.title},
               partnership=series.partnership)
    if notify:
        queue.after_commit(send_meeting_update, meeting.pk, "REQUEST")
    return meeting
