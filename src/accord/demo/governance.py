"""Demo governance: three years of monthly senior leaders' meetings (first Tuesday, 10:00 London).

Attendance is realistic: leaders mostly come, sometimes send apologies or a delegate; after Change
Path's chief executive leaves (LEADER_CHANGE) there is a month with nobody in post, and her
successor attends less at first, often sending his programme manager. There are minutes (approved at
the next meeting), decisions with each partner's position, and actions, some of them overdue.
Everything is written with bulk operations so the demo stays fast.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from accord.governance import services
from accord.governance.models import Action, AgendaItem, Attendance, Decision, Meeting, Note, Position

from .context import END, LEADER_CHANGE, START, DemoContext

# How often each senior leader attends, sends a delegate or apologies (the rest: absent).
HABITS = {
    "survivors_ceo": (0.92, 0.03, 0.05),
    "perpetrators_ceo_old": (0.88, 0.04, 0.08),
    "investment_ceo": (0.78, 0.08, 0.12),
    "essex_police_lead": (0.6, 0.15, 0.2),
    "wales_council_lead": (0.62, 0.1, 0.22),
}
NEW_LEADER = "perpetrators_ceo"
SETTLING_MONTHS = 7  # the successor attends less for this long after starting

AGENDA = [
    ("Progress in the areas", 30, "Each area reported on referrals and caseloads. {area} is ahead of plan; "
     "the others are on track."),
    ("Risks and issues", 20, "The partners reviewed the risk register. Recruitment of case workers remains "
     "the main risk."),
    ("Funding and sustainability", 25, "Common Good Finance updated on the outcomes contract and the next "
     "funding round."),
    ("Practice and safety", 20, "Safer Homes Together presented learning from case reviews."),
    ("Evidence and evaluation", 15, "The evaluation partner shared early findings."),
    ("Communications and influence", 15, "The partners agreed messages for the sector and government."),
]
DECISIONS = [
    ("Adopt the shared risk assessment in every area.", True),
    ("Open a new area in {area} next year.", True),
    ("Publish the annual outcomes report.", False),
    ("Move two meetings a year to the local areas.", False),
    ("Commission an independent review of practice standards.", True),
    ("Share case-level data under the new data sharing agreement.", True),
]
ACTIONS = [
    "Circulate the updated risk register",
    "Draft the outcomes report",
    "Confirm the data sharing agreement with {area}",
    "Prepare the funding proposal",
    "Arrange the practice review panel",
    "Brief the new commissioners in {area}",
    "Send case review learning to all areas",
]
AREAS = ["Eastmarsh", "Cardwen", "Downshire", "Northbridge", "Midshire"]


def _habit(key: str, on: dt.date, start: dt.date) -> tuple[float, float, float]:
    if key == NEW_LEADER:
        months = (on.year - start.year) * 12 + on.month - start.month
        if months < SETTLING_MONTHS:
            return (0.35, 0.35, 0.2)
        return (0.8, 0.08, 0.1)
    return HABITS.get(key, (0.7, 0.1, 0.15))


def _pick(rng: Any, habit: tuple[float, float, float]) -> str:
    x = rng.random()
    attended, delegate, apologies = habit
    if x < attended:
        return Attendance.Status.ATTENDED
    if x < attended + delegate:
        return Attendance.Status.DELEGATE
    if x < attended + delegate + apologies:
        return Attendance.Status.APOLOGIES
    return Attendance.Status.ABSENT


@transaction.atomic
def build(ctx: DemoContext) -> None:
    rng = ctx.rng
    manager = ctx.users["manager"]
    series = services.series_create(
        actor=manager, partnership=ctx.partnership, title="Senior leaders' meeting", rrule="FREQ=MONTHLY;BYDAY=1TU",
        starts_on=START, start_time=dt.time(10, 0), time_zone="Europe/London", duration_minutes=120,
        place="Safer Homes Together, London office", video_link="https://meet.example/compass-leaders",
        extra_attendees=[ctx.people["survivors_lead"]], notify=False)
    now = timezone.now()
    meetings = list(series.meetings.order_by("start"))
    past = [m for m in meetings if m.start < now]
    by_key = {p.pk: k for k, p in ctx.people.items()}

    # summer breaks are cancelled, and one December meeting moved a week for the Christmas diary
    for m in past:
        if m.local_start.month == 8 and m.local_start.year in (2024, 2026):
            m.status, m.sequence = Meeting.Status.CANCELLED, 1
        if m.local_start.year == 2024 and m.local_start.month == 12:
            m.start, m.end, m.sequence = m.start + dt.timedelta(days=7), m.end + dt.timedelta(days=7), 1
    Meeting.objects.bulk_update(past, ["status", "start", "end", "sequence"])
    held = [m for m in past if not m.is_cancelled]

    rows = list(Attendance.objects.filter(meeting__in=held).select_related("person", "meeting__series")
                .order_by("meeting__start", "person__start_date", "person__name"))  # rng order: same every run
    delegates = {"perpetrators": ctx.people["perpetrators_staff"].name}
    for row in rows:
        key = by_key.get(row.person_id, "")
        on = row.meeting.local_start.date()
        if key == "survivors_lead":
            row.status = Attendance.Status.ATTENDED
            continue
        row.status = _pick(rng, _habit(key, on, row.person.start_date))
        if row.status == Attendance.Status.DELEGATE:
            org_key = key.split("_")[0]
            row.delegate_name = delegates.get(org_key, "Deputy director")
    Attendance.objects.bulk_update(rows, ["status", "delegate_name"])

    people = [ctx.people[k] for k in ("survivors_ceo", "survivors_lead", "survivors_staff", "perpetrators_staff",
                                      "investment_ceo", "investment_staff")]
    items: list[AgendaItem] = []
    decisions: list[Decision] = []
    actions: list[Action] = []
    notes: list[Note] = []
    for i, m in enumerate(held):
        on = m.local_start.date()
        area = AREAS[i % len(AREAS)]
        for order, (title, minutes, text) in enumerate(rng.sample(AGENDA, 3), start=1):
            items.append(AgendaItem(meeting=m, order=order, title=title, minutes_allotted=minutes,
                                    owner=rng.choice(people), minutes=text.format(area=area),
                                    papers=[f"https://docs.example/compass/{on:%Y-%m}/{order}.pdf"]))
        if i % 3 == 1:
            proposal, consensus = DECISIONS[(i // 3) % len(DECISIONS)]
            decisions.append(Decision(meeting=m, proposal=proposal.format(area=area), needs_consensus=consensus))
        for _ in range(rng.choice([1, 1, 2])):
            owner = rng.choice(people + ([ctx.people[NEW_LEADER]] if on > LEADER_CHANGE + dt.timedelta(days=40)
                                         else []))
            due = on + dt.timedelta(days=rng.choice([14, 21, 28, 42]))
            status, completed = Action.Status.OPEN, None
            if due < END - dt.timedelta(days=45):
                x = rng.random()
                if x < 0.72:
                    status, completed = Action.Status.DONE, due - dt.timedelta(days=rng.randint(0, 10))
                elif x < 0.87:
                    status, completed = Action.Status.DONE, due + dt.timedelta(days=rng.randint(3, 30))
                elif x < 0.92:
                    status = Action.Status.DROPPED
            actions.append(Action(meeting=m, title=rng.choice(ACTIONS).format(area=area), owner=owner,
                                  organisation_id=owner.organisation_id, due=due, status=status,
                                  completed_on=max(completed, on) if completed else None))
        if on.month == 3 and on.year == 2025:
            notes.append(Note(meeting=m, text="Welcome to Tom Reyes, Change Path's new chief executive."))
    AgendaItem.objects.bulk_create(items)
    Action.objects.bulk_create(actions)
    Note.objects.bulk_create(notes)
    Decision.objects.bulk_create(decisions)

    # each member organisation's position: mostly agreement, some concerns, the odd objection
    positions: list[Position] = []
    for d in decisions:
        member_ids = set(ctx.partnership.current_memberships(d.at_meeting.local_start.date())
                         .values_list("organisation_id", flat=True))
        for org_id in sorted(member_ids):
            x = rng.random()
            stance = ("agree" if x < 0.75 else "concerns" if x < 0.9 else "abstain" if x < 0.95 else "object")
            positions.append(Position(decision=d, organisation_id=org_id, stance=stance,
                                      recorded_at=d.at_meeting.start))
        stances = {p.organisation_id: p.stance for p in positions if p.decision is d}
        d.result = services.decision_result(d, member_ids, stances)
        d.decided_on = d.at_meeting.local_start.date() if d.result != Decision.Result.OPEN else None
    Position.objects.bulk_create(positions)
    Decision.objects.bulk_update(decisions, ["result", "decided_on"])

    # minutes approved at the next meeting held
    for earlier, later in zip(held, held[1:], strict=False):
        earlier.minutes_status, earlier.minutes_approved_at = Meeting.Minutes.APPROVED, later
        earlier.minutes_approved_on = later.start
    Meeting.objects.bulk_update(held[:-1], ["minutes_status", "minutes_approved_at", "minutes_approved_on"])
    ctx.extra["governance_series"] = series
    _next_meeting(ctx, series, now)


AGENDA_PACK = """# Senior leaders' meeting: agenda pack

1. Progress in the areas (30 minutes)
2. Risks and issues (20 minutes)
3. Funding and sustainability (25 minutes)

Please read the area reports before the meeting.
"""


def _next_meeting(ctx: DemoContext, series: Any, now: dt.datetime) -> None:
    """The next meeting has a few replies (one sends a delegate, one has not replied) and a paper."""
    from django.core.files.base import ContentFile

    from accord.governance import papers
    from accord.governance.services import replies

    coming = series.meetings.filter(start__gt=now, status=Meeting.Status.SCHEDULED).order_by("start").first()
    if coming is None:
        return
    rows = {a.person_id: a for a in coming.attendance.select_related("person")}
    answers = [("survivors_ceo", Attendance.Reply.GOING, None),
               ("investment_ceo", Attendance.Reply.NOT_GOING, None),
               (NEW_LEADER, Attendance.Reply.DELEGATE, ctx.people["perpetrators_staff"])]
    for key, answer, delegate in answers:
        row = rows.get(ctx.people[key].pk)
        if row is not None:
            replies.reply_set(actor=ctx.users.get(key), row=row, reply=answer, delegate=delegate, via="page", now=now)
    papers.paper_add(actor=ctx.users["manager"], meeting=coming, title="Agenda pack",
                     upload=ContentFile(AGENDA_PACK.encode(), name="agenda-pack.md"))

