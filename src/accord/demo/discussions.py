"""Demo discussions: a few realistic threads between meetings, a consent proposal decided with each
partner's position, and a meeting-date poll that made an extra senior leaders' meeting.

Everything goes through the discussions services with fixed dates (`now=`), so the records are the same
every run; notices are left for the demo people to find, and no e-mail is sent while it builds.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction

from accord.core import policy
from accord.discussions import services
from accord.discussions.models import Comment, Thread
from accord.governance import services as governance

from .context import DemoContext

LONDON = ZoneInfo("Europe/London")


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


def _access(ctx: DemoContext, user_key: str) -> policy.Access:
    user = ctx.users[user_key]
    policy.forget(user)
    return policy.check(user, ctx.partnership, "view")


def _dated(thread: Thread, start: dt.datetime, step_hours: int = 20) -> None:
    """Give the thread and its comments the dates of the story (the services stamp them now)."""
    Thread.objects.filter(pk=thread.pk).update(created_at=start)
    for i, comment in enumerate(thread.comments.order_by("pk")):
        Comment.objects.filter(pk=comment.pk).update(created_at=start + dt.timedelta(hours=step_hours * i))


def _say(ctx: DemoContext, thread: Thread, user_key: str, body: str, parent: Comment | None = None) -> Comment:
    return services.comment_add(actor=ctx.users[user_key], access=_access(ctx, user_key), thread=thread, body=body,
                                parent=parent)


@transaction.atomic
def build(ctx: DemoContext) -> None:
    manager = _access(ctx, "manager")

    # 1. a data sharing agreement, agreed by consent with one objection
    data = services.thread_start(
        actor=ctx.users["manager"], access=manager, title="Data sharing agreement for the new areas",
        body="The revised agreement is in the library. The main change: **case-level data** goes to the "
             "evaluation partner each quarter, pseudonymised. Comments by the end of the month, please.")
    first = _say(ctx, data, "leader_perpetrators", "We are content with the text. Our data protection officer "
                 "asks that the pseudonymisation key stays with each area, not with us.")
    _say(ctx, data, "manager", "Agreed, @Tom Reyes: I have added that to clause 7.", parent=first)
    _say(ctx, data, "leader_investment", "Common Good Finance needs the quarterly figures for the outcomes "
         "contract, so we would like this settled before the October meeting.")
    opened = _at(dt.date(2026, 9, 14), 9)
    consent = services.proposal_open(
        actor=ctx.users["manager"], access=manager, thread=data, kind="consent", now=opened,
        title="Adopt the revised data sharing agreement from 1 November 2026",
        detail="Each partner signs the revised agreement; the first quarterly extract goes in January.",
        closes_at=_at(dt.date(2026, 9, 28), 17))
    answers = [("leader_survivors", "agree", ""), ("leader_investment", "agree", "Thank you for clause 7."),
               ("leader_perpetrators", "object", "We will sign, but the quarterly extract is a lot of work for "
                                                 "our areas; we would prefer every six months.")]
    for i, (user_key, stance, reason) in enumerate(answers):
        services.answer_give(actor=ctx.users[user_key], access=_access(ctx, user_key), proposal=consent,
                             stance=stance, reason=reason, now=opened + dt.timedelta(days=2 + i))
    services.proposal_decide(actor=ctx.users["manager"], access=manager, proposal=consent,
                             outcome="Adopted by consent. Change Path's objection is noted: the first two extracts "
                                     "will be reviewed at the January meeting.", now=_at(dt.date(2026, 9, 29), 10))
    _dated(data, _at(dt.date(2026, 9, 2), 10))

    # 2. finding a date for an extra meeting on the funding bid, which made the meeting
    series = ctx.extra["governance_series"]
    funding = services.thread_start(
        actor=ctx.users["leader_investment"], access=_access(ctx, "leader_investment"),
        title="An extra meeting on the outcomes contract bid",
        body="The bid is due in November. Can we meet for two hours in October to agree the partners' shares?")
    poll_opened = _at(dt.date(2026, 9, 21), 9)
    dates = [_at(dt.date(2026, 10, 14), 14), _at(dt.date(2026, 10, 15), 10), _at(dt.date(2026, 10, 19), 14)]
    poll = services.proposal_open(
        actor=ctx.users["leader_investment"], access=_access(ctx, "leader_investment"), thread=funding, kind="time",
        title="Extra senior leaders' meeting on the bid", series_id=series.pk, times=dates, now=poll_opened,
        closes_at=_at(dt.date(2026, 9, 30), 17))
    options = list(poll.options.all())
    suits = {"leader_survivors": [0, 1], "leader_perpetrators": [1, 2], "leader_investment": [0, 1, 2]}
    for i, (user_key, which) in enumerate(suits.items()):
        services.answer_give(actor=ctx.users[user_key], access=_access(ctx, user_key), proposal=poll,
                             choice=[options[w].pk for w in which], now=poll_opened + dt.timedelta(days=1 + i))
    services.proposal_decide(actor=ctx.users["leader_investment"], access=_access(ctx, "leader_investment"),
                             proposal=poll, outcome="Thursday 15 October suits every partner who answered.",
                             now=_at(dt.date(2026, 10, 1), 9), notify_meeting=False)
    poll.refresh_from_db()
    made = poll.meeting
    assert made is not None, "the date poll makes its meeting"
    governance.attendance_record(actor=ctx.users["manager"], meeting=made, now=made.end, records=[
        (a.person, "attended", "") for a in made.attendance.select_related("person")])
    _dated(funding, _at(dt.date(2026, 9, 18), 11))

    # 3. an open discussion among the national partners only, with an edited comment
    national = [ctx.orgs[k] for k in ("survivors", "perpetrators", "investment")]
    review = services.thread_start(
        actor=ctx.users["leader_survivors"], access=_access(ctx, "leader_survivors"),
        title="Who should chair the practice standards review?", audience="organisations",
        organisation_ids=[o.pk for o in national],
        body="We need an independent chair by December. I have two names in mind; please add yours.")
    said = _say(ctx, review, "leader_perpetrators", "Someone with experience of both survivor and perpetrator "
                "services, ideally from outside London.")
    services.comment_edit(actor=ctx.users["leader_perpetrators"], access=_access(ctx, "leader_perpetrators"),
                          comment=said,
                          body="Someone with experience of both survivor and perpetrator services, ideally from "
                               "outside London. @Helen Marsh, could you share the two names before we meet?")
    _dated(review, _at(dt.date(2026, 10, 20), 15))
    services.thread_close(actor=ctx.users["manager"], access=manager, thread=data,
                          summary="The revised agreement is adopted from 1 November 2026 (see the proposal).")
    Thread.objects.filter(pk=data.pk).update(closed_at=_at(dt.date(2026, 9, 29), 10, 5))
