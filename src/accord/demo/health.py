"""Demo data for health (runs last, after the other domains' demo steps).

In the Compass Partnership: the leader change at Change Path shows up as derived events (and any
funding streams as funding events), monthly snapshots over the whole story, an early warning that
fired after the leader change and was acknowledged, and a completed handover to the new chief
executive. Then a few synthetic partnerships that the demo funder also funds, with three years of
generated health history, so the funders' view shows a portfolio.

`synthetic_history` is shared with bench/health.py: it generates plain analytics inputs and
computes every monthly snapshot with the pure functions in accord.analytics.health.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from accord.analytics import health as hx
from accord.health import services
from accord.health.models import Alert, AlertRule, ChangeEvent, HealthSnapshot
from accord.partners.models import Capability, Membership, Organisation, Partnership, Person, Role

from .context import END, LEADER_CHANGE, START, DemoContext

SYNTHETIC = [
    ("Riverside Family Safety Network", ["delivery", "reach"], ["expertise", "data"]),
    ("Northern Homes Alliance", ["delivery"], ["funding", "policy"]),
    ("Coastal Recovery Partnership", ["expertise", "delivery"], ["data"]),
    ("Valley Youth Futures", ["reach", "delivery"], ["expertise"]),
]
KINDS = ["leader_left", "leader_arrived", "funding_ending", "policy_change", "restructure"]


def synthetic_inputs(rng: random.Random, months: list[dt.date]) -> list[dict[str, Any]]:
    """Three years of plain inputs for one made-up partnership, month by month (random walks)."""
    trust = rng.uniform(55, 80)
    attendance = rng.uniform(0.5, 0.95)
    live, target = 0, rng.randint(6, 20)
    kept = rng.uniform(0.5, 0.95)
    knowledge = rng.uniform(0.2, 0.9)
    waves: list[float] = []
    events: list[tuple[dt.date, str, str]] = []
    out = []
    for i, month in enumerate(months):
        if i % 6 == 5:
            trust = min(95.0, max(20.0, trust + rng.gauss(0, 6)))
            waves.append(round(trust, 1))
        if rng.random() < 0.04:
            events.append((month, rng.choice(KINDS), rng.choice(["high", "medium", "low"])))
        attendance = min(1.0, max(0.1, attendance + rng.gauss(0, 0.05)))
        kept = min(1.0, max(0.1, kept + rng.gauss(0, 0.04)))
        knowledge = min(1.0, max(0.0, knowledge + rng.gauss(0, 0.03)))
        if rng.random() < 0.25 and live < target:
            live += 1
        planned = 3
        out.append({
            "as_of": month, "trust_pcts": list(waves), "senior_attendance": attendance,
            "meetings_held": planned - (rng.random() < 0.2), "meetings_planned": planned,
            "goal_progress": [min(1.0, i / len(months) * rng.uniform(0.6, 1.2)) for _ in range(3)],
            "live_now": live, "target_live": target, "start": months[0], "target_date": months[-1],
            "due": 6, "kept_on_time": round(6 * kept), "actions_total": 12, "actions_overdue": rng.randint(0, 4),
            "knowledge": knowledge if i > 2 else None, "contact": 0.6 if waves else None,
            "events": list(events),
        })
    return out


def components_from(inputs: dict[str, Any]) -> dict[str, hx.Component]:
    as_of = inputs["as_of"]
    rollout = hx.rollout_on_track(inputs["target_live"], inputs["live_now"], inputs["start"], inputs["target_date"], as_of)
    comps = (
        hx.trust_component(inputs["trust_pcts"]),
        hx.engagement_component(inputs["senior_attendance"], inputs["meetings_held"], inputs["meetings_planned"]),
        hx.delivery_component(inputs["goal_progress"], rollout, live_now=inputs["live_now"],
                              target_live=inputs["target_live"]),
        hx.commitments_component(inputs["due"], inputs["kept_on_time"], inputs["actions_total"],
                                 inputs["actions_overdue"]),
        hx.reciprocity_component(inputs["knowledge"], inputs["contact"]),
        hx.stability_component(inputs["events"], as_of),
    )
    return {c.key: c for c in comps}


def synthetic_history(inputs: list[dict[str, Any]], weights: dict[str, float] | None = None) -> list[dict[str, Any]]:
    """Every monthly snapshot of one partnership from its inputs: scores, index, drivers."""
    out: list[dict[str, Any]] = []
    previous: dict[str, float | None] | None = None
    for month in inputs:
        comps = components_from(month)
        index = hx.overall(comps, weights)
        scores = {k: c.score for k, c in comps.items()}
        out.append({"month": month["as_of"], "overall": index.score, "scores": scores,
                    "components": [c.as_dict() for c in comps.values()], "weights": index.weights_used,
                    "missing": index.missing, "note": index.note, "summary": services.summary_of(comps),
                    "drivers": hx.drivers(previous, scores, weights) if previous is not None else []})
        previous = scores
    return out


def _store(partnership: Partnership, history: list[dict[str, Any]]) -> None:
    now = timezone.now()
    HealthSnapshot.objects.bulk_create([HealthSnapshot(partnership=partnership, computed_at=now, **h) for h in history])
    services.current_refresh([partnership.pk])


def _synthetic(ctx: DemoContext) -> None:
    rng = random.Random(8080)
    months = hx.month_starts(START, END)
    funder = ctx.users["funder"]
    for name, caps_a, caps_b in SYNTHETIC:
        p = Partnership.objects.create(name=name, purpose="A synthetic partnership for the funders' view.",
                                       start_date=START)
        for j, caps in enumerate((caps_a, caps_b)):
            org = Organisation.objects.create(name=f"{name.split()[0]} {['Trust', 'Council'][j]}",
                                              kind=["charity", "public_body"][j])
            m = Membership.objects.create(partnership=p, organisation=org, joined=START, is_lead=j == 0)
            Capability.objects.bulk_create([Capability(membership=m, kind=k) for k in caps])
            Person.objects.create(partnership=p, organisation=org, name=f"Leader of {org.name}", seniority="senior_leader",
                                  start_date=START)
        Role.objects.create(partnership=p, user=funder, role=Role.FUNDER, organisation=ctx.orgs["funder"])
        _store(p, synthetic_history(synthetic_inputs(rng, months)))
        services.rules_ensure(p)
        if rng.random() < 0.6:
            rule = AlertRule.objects.get(partnership=p, kind=AlertRule.Kind.FUNDING_ENDING)
            Alert.objects.create(partnership=p, rule=rule, cause_key="demo:funding", fired_at=timezone.now(),
                                 reason="The main grant ends within six months and nothing is lined up to follow it.",
                                 look_at="Look at the funding streams and agree who will seek follow-on funding.")


def build(ctx: DemoContext) -> None:
    p = ctx.partnership
    manager = ctx.users["manager"]
    services.derive_events(p)
    services.event_create(actor=manager, partnership=p, kind=ChangeEvent.Kind.POLICY_CHANGE,
                          date=dt.date(2024, 4, 1), impact=ChangeEvent.Impact.MEDIUM,
                          note="New statutory guidance on domestic abuse changes what councils must commission.")
    services.event_create(actor=manager, partnership=p, kind=ChangeEvent.Kind.KEY_PERSON_LEFT,
                          organisation=ctx.orgs["perpetrators"], date=LEADER_CHANGE + dt.timedelta(days=60),
                          impact=ChangeEvent.Impact.LOW,
                          note="Change Path's head of partnerships moved on soon after the chief executive.")

    # the early warnings, run month by month through the story, each dated when the rule found it; the
    # warning about Change Path's leader leaving comes from the rules reading the other domains' data
    # (never recorded by hand) and is acknowledged a week later; older warnings were dealt with then
    for month in hx.month_starts(LEADER_CHANGE, END):
        fired = services.evaluate(p, month)
        at = timezone.make_aware(dt.datetime.combine(month, dt.time(6, 15)))
        Alert.objects.filter(pk__in=[a.pk for a in fired]).update(fired_at=at, emailed_at=at)
    left = ChangeEvent.objects.filter(partnership=p, kind=ChangeEvent.Kind.LEADER_LEFT,
                                      person=ctx.people["perpetrators_ceo_old"]).first()
    leader_alert = Alert.objects.filter(partnership=p, cause_key=f"{AlertRule.Kind.LEADER_CHANGE_DROP}:event:"
                                        f"{left.pk if left else 0}").first()
    if leader_alert is not None:
        services.alert_acknowledge(actor=manager, alert=leader_alert,
                                   note="Met Tom Reyes with Helen; he joins the next board and the spring survey.")
        Alert.objects.filter(pk=leader_alert.pk).update(acknowledged_at=leader_alert.fired_at + dt.timedelta(days=7))
    settled = timezone.make_aware(dt.datetime.combine(END - dt.timedelta(days=120), dt.time(0, 0)))
    for alert in Alert.objects.filter(partnership=p, acknowledged_at__isnull=True, fired_at__lt=settled):
        services.alert_acknowledge(actor=manager, alert=alert,
                                   note="Raised at the next senior leaders' meeting and followed up with the partner.")
        Alert.objects.filter(pk=alert.pk).update(acknowledged_at=alert.fired_at + dt.timedelta(days=10))

    # the handover from Dr Grace Adeyemi to Tom Reyes, carried through to done
    handover = services.handover_open(partnership=p, leaving=ctx.people["perpetrators_ceo_old"], actor=manager)
    for item in handover.items.all():
        services.handover_item_mark(actor=manager, item=item, done=True)
    done = timezone.make_aware(dt.datetime.combine(LEADER_CHANGE + dt.timedelta(days=75), dt.time(17, 0)))
    handover.items.update(done_at=done)
    type(handover).objects.filter(pk=handover.pk).update(completed_at=done)

    services.snapshots_backfill(partnership=p, start=START, end=END)
    _synthetic(ctx)
