"""Demo data for the charter: an agreed charter with one earlier version (the first signed by the founding
partners; the second after Change Path's new chief executive arrived and the local partners joined),
goals with history, and commitments kept and slipping over three years."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accord.charter import services
from accord.charter.models import Commitment, Goal
from accord.partners.models import Person

from .context import END, LEADER_CHANGE, START, DemoContext

V1 = {
    "vision": "Every survivor and child safe, because the people who cause harm are challenged and supported "
              "to stop.",
    "mission": "Together we will build a national response to those who cause harm, alongside support for "
               "survivors, and make it live in new areas across England and Wales.",
    "principles": "- We put the safety of survivors and children first.\n- We share what we learn, including "
                  "what did not work.\n- We keep our word, and say early when we cannot.",
    "roles": "- **Safer Homes Together** leads practice on survivors' safety and chairs the board.\n"
             "- **Change Path** leads work with people who cause harm.\n"
             "- **Common Good Finance** designs the funding model and leads on evidence.\n"
             "- **Eastmarsh Constabulary** is the first local partner.",
}
V2 = {
    **V1,
    "mission": "Together we will stop domestic abuse at source: challenge and support those who cause harm, "
               "keep survivors and children safe, and make the service live in seven new areas in three years.",
    "principles": V1["principles"] + "\n- Local partners shape how the service runs in their area.\n"
                                     "- A change of leader is a handover, not a restart.",
    "roles": V1["roles"].replace("- **Eastmarsh Constabulary** is the first local partner.",
                                 "- **Local partners** (police, councils and local charities) lead delivery in "
                                 "their area and tell the partnership what they see."),
}
# Senior leaders for the local partners that have none in the partnership step, so every member can sign.
LOCAL_LEADERS = [("sussex_charity_lead", "sussex_charity", "Maya Okafor", "Chief Executive"),
                 ("croydon_council_lead", "croydon_council", "Daniel Price", "Director of Community Safety"),
                 ("midlands_charity_lead", "midlands_charity", "Ruth Kaur", "Chief Executive")]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def build(ctx: DemoContext) -> None:
    p = ctx.partnership
    manager = ctx.users["manager"]
    for key, org_key, name, title in LOCAL_LEADERS:
        ctx.people[key] = Person.objects.create(
            partnership=p, organisation=ctx.orgs[org_key], name=name, job_title=title, seniority="senior_leader",
            email=f"{name.split()[-1].lower()}@{ctx.orgs[org_key].name.split()[0].lower()}.example", start_date=START)

    v1 = services.version_create(actor=manager, partnership=p, change_note="First charter", at=_at(START + dt.timedelta(days=7)), **V1)
    for i, key in enumerate(["survivors_ceo", "investment_ceo", "essex_police_lead", "perpetrators_ceo_old"]):
        services.signoff_record(actor=None, version=v1, person=ctx.people[key],
                                at=_at(START + dt.timedelta(days=14 + 9 * i)))
    v2_day = LEADER_CHANGE + dt.timedelta(days=70)  # after Change Path's new chief executive settles in
    v2 = services.version_create(actor=manager, partnership=p, at=_at(v2_day),
                                 change_note="Seven new areas in three years; local partners' role; handovers", **V2)
    signers = ["survivors_ceo", "perpetrators_ceo", "investment_ceo", "essex_police_lead", "wales_council_lead",
               "sussex_charity_lead", "croydon_council_lead", "midlands_charity_lead"]
    for i, key in enumerate(signers):
        services.signoff_record(actor=None, version=v2, person=ctx.people[key],
                                at=_at(v2_day + dt.timedelta(days=3 + 4 * i)))
    ctx.extra["charter_versions"] = [v1, v2]

    _goals(ctx)
    _commitments(ctx)


def _goals(ctx: DemoContext) -> None:
    p = ctx.partnership
    manager = ctx.users["manager"]
    # counted from delivery: the delivery step records the areas' stage moves
    live = services.goal_save(actor=manager, goal=Goal(
        partnership=p, title="Service live in seven new areas", metric="areas where the service is live",
        unit="areas", baseline=0, target=7, target_date=dt.date(2026, 9, 30), source=Goal.Source.LIVE_AREAS))
    families = services.goal_save(actor=manager, goal=Goal(
        partnership=p, title="Families made safer", metric="families supported by the service", unit="families",
        baseline=0, target=1500, target_date=dt.date(2026, 12, 31)))
    challenged = services.goal_save(actor=manager, goal=Goal(
        partnership=p, title="Harm challenged early", metric="share of referrals where the person causing harm "
        "was engaged within four weeks", unit="%", baseline=12, target=40, target_date=dt.date(2026, 6, 30)))
    day, total, share = dt.date(2024, 3, 31), 0.0, 12.0
    while day <= END:
        total += 40 + 12 * ((day.year - 2024) * 4 + (day.month - 1) // 3) + ctx.rng.randint(-10, 10)
        share = min(42.0, share + ctx.rng.uniform(0.5, 3.5))
        services.measurement_add(actor=manager, goal=families, on=day, value=round(total), note="Quarterly return")
        services.measurement_add(actor=manager, goal=challenged, on=day, value=round(share, 1))
        day = (dt.date(day.year, day.month, 1) + dt.timedelta(days=95)).replace(day=1) - dt.timedelta(days=1)
    ctx.extra["goals"] = [live, families, challenged]


COMMITMENTS = [
    # owner key, title, due, outcome ("on time", "late", "dropped", "open"), days early/late
    ("survivors", "Publish the survivor safety standards", "2024-03-31", "on time", 10),
    ("perpetrators", "Train the first practitioners in Eastmarsh", "2024-05-31", "on time", 3),
    ("investment", "Agree the outcome measures with the evaluator", "2024-06-30", "late", 21),
    ("essex_police", "Share referral data monthly", "2024-09-30", "on time", 0),
    ("survivors", "Recruit survivor advisers for the board", "2024-11-30", "on time", 14),
    ("perpetrators", "Handover pack for the new chief executive", "2025-02-28", "late", 30),
    ("wales_council", "Name a children's services lead for Cardwen", "2025-03-31", "on time", 5),
    ("investment", "Model the cost of three more areas", "2025-06-30", "on time", 2),
    ("sussex_charity", "Co-locate an adviser in Downshire", "2025-08-31", "dropped", 0),
    ("perpetrators", "Quality review of the Cardwen service", "2025-10-31", "on time", 7),
    ("survivors", "Annual learning report", "2025-12-15", "on time", 4),
    ("croydon_council", "Commission the Northbridge service", "2026-01-31", "late", 45),
    ("investment", "Second-year evaluation report", "2026-02-28", "on time", 1),
    ("essex_police", "Joint training for response officers", "2026-03-31", "on time", 9),
    ("midlands_charity", "Open the Midshire referral route", "2026-04-30", "late", 20),
    ("perpetrators", "Practice guidance for sustained areas", "2026-05-31", "on time", 6),
    ("wales_council", "Welsh-language materials", "2026-06-30", "open", 0),
    ("survivors", "Survivor feedback survey", "2026-07-31", "on time", 3),
    ("investment", "Funding case for the next three years", "2026-09-30", "open", 0),
    ("croydon_council", "Data-sharing agreement renewed", "2026-10-15", "on time", 0),
    ("perpetrators", "Recruit two more practice leads", "2027-01-31", "open", 0),
    ("survivors", "Publish the three-year impact report", "2027-03-31", "open", 0),
]


def _commitments(ctx: DemoContext) -> None:
    manager = ctx.users["manager"]
    for owner, title, due_s, outcome, days in COMMITMENTS:
        due = dt.date.fromisoformat(due_s)
        c = Commitment(partnership=ctx.partnership, title=title, owner=ctx.orgs[owner],
                       made_on=max(START, due - dt.timedelta(days=180)), due=due)
        if outcome == "on time":
            c.status, c.done_on = Commitment.Status.DONE, due - dt.timedelta(days=days)
        elif outcome == "late":
            c.status, c.done_on = Commitment.Status.DONE, due + dt.timedelta(days=days)
        elif outcome == "dropped":
            c.status, c.dropped_reason = Commitment.Status.DROPPED, "The co-location site closed; advice is now by phone."
        services.commitment_save(actor=manager, commitment=c)
