"""Health against the REAL domains: no fakes anywhere in this file.

The demo loads every domain's data through their own services (`accord demo`); health reads it
through the real selectors only. Each expected value is worked out here from those selectors (the
same contract), not from health's own output, so a broken wire between the two fails these tests.
A small world-based test builds a partnership with real trust and governance services too.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from accord.accounts.models import User
from accord.analytics import health as hx
from accord.charter import selectors as charter
from accord.charter.models import Goal
from accord.core import registry
from accord.delivery import selectors as delivery
from accord.demo import partnership as demo
from accord.demo.context import END, LEADER_CHANGE
from accord.governance import selectors as governance
from accord.governance.models import Action
from accord.health import readiness, rules, services
from accord.health.models import Alert, AlertRule, ChangeEvent, Handover, HealthSnapshot
from accord.lib.stored_text import english
from accord.library.models import KnowledgeItem
from accord.partners.models import Organisation, Partnership, Person
from accord.trust import selectors as trust
from accord.trust.models import Wave
from tests.demo.snapshot import load_demo

MONTH_BEFORE = dt.date(2025, 1, 1)  # the snapshot of the month the old leader's last day falls in


def _month(p: Partnership, month: dt.date) -> HealthSnapshot:
    return HealthSnapshot.objects.get(partnership=p, month=month)


def _component(snapshot: HealthSnapshot, key: str) -> dict:
    return next(c for c in snapshot.components if c["key"] == key)


@pytest.fixture
def loaded(db, settings) -> Partnership:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    load_demo()
    return Partnership.objects.get(name=demo.NAME)


def test_the_demo_health_comes_from_the_other_domains_real_data(loaded):
    p = loaded
    # the modules health reads are the real selectors, not stand-ins
    src = registry.HEALTH_SOURCES
    assert (src["trust"].wave_summaries, src["governance"].governance_health, src["charter"].charter_status,
            src["delivery"].rollout) == (trust.wave_summaries, governance.governance_health, charter.charter_status,
                                         delivery.rollout)
    assert HealthSnapshot.objects.filter(partnership=p).count() == len(hx.month_starts(dt.date(2023, 10, 1), END))

    # ---- every component present, with values that follow from the real data --------------------
    last = HealthSnapshot.objects.filter(partnership=p).order_by("-month").first()
    assert last.month == END.replace(day=1) and last.missing == [] and last.note == ""
    for key in hx.COMPONENTS:
        c = _component(last, key)
        assert c["score"] is not None and 0 < c["score"] < 100, (key, c["score"])
        assert c["evidence"], f"{key} links to no evidence"

    waves = [w for w in trust.wave_summaries(p) if w["closed_on"] <= END]
    latest, previous = waves[-1]["trust_pct"], waves[-2]["trust_pct"]
    assert last.scores["trust"] == round(latest + 0.5 * (latest - previous), 1)
    # the confidential wave is listed but feeds no figure outside its own page (docs/trust.md)
    assert _component(last, "trust")["inputs"]["waves"] == len([w for w in waves if w["trust_pct"] is not None]) == 11
    assert len(waves) == 12

    quarter = governance.governance_health(p, start=END - dt.timedelta(days=91), end=END)
    shares = [o["senior_attendance_share"] for o in quarter["by_org"].values()
              if o["senior_attendance_share"] is not None]
    cadence = min(1.0, quarter["meetings_held"] / quarter["meetings_planned"])
    assert last.scores["engagement"] == round(100 * (0.6 * sum(shares) / len(shares) + 0.4 * cadence), 1)

    roll = delivery.rollout(p, as_of=END)
    goals = [g for g in charter.goals_progress(p) if g["latest_on"] <= END]
    d = _component(last, "delivery")["inputs"]
    assert (d["live_now"], d["target_live"]) == (roll["live_now"], roll["target_live"]) == (7, 7)
    assert d["goals_with_progress"] == len(goals) == 3
    assert d["mean_goal_progress"] == round(sum(g["progress"] for g in goals) / 3, 3)

    kept = charter.commitments_summary(p, as_of=END, months=12)
    half = governance.governance_health(p, start=END - dt.timedelta(days=182), end=END)
    c = _component(last, "commitments")["inputs"]
    assert (c["commitments_due"], c["kept_on_time"]) == (kept["due"], kept["kept_on_time"])
    assert (c["actions_total"], c["actions_overdue"]) == (half["actions_total"], half["actions_overdue"])
    assert kept["due"] > 0 and half["actions_total"] > 0

    r = _component(last, "reciprocity")["inputs"]
    assert r["contact_reciprocated"] == round(waves[-1]["reciprocity"], 3)
    assert r["knowledge_both_ways"] is not None  # the demo library's real sharing and opens

    events = ChangeEvent.objects.filter(partnership=p, date__lte=END)
    penalty = sum(hx.event_penalty(e.kind, e.impact, (END - e.date).days) for e in events)
    assert _component(last, "stability")["inputs"]["penalty"] == round(penalty, 1)

    # history never uses the future: June 2024's snapshot (taken as of 30 June) sees the goals as they were
    # measured by then and the actions overdue then, worked out here from the stored rows
    june, early_day = _month(p, dt.date(2024, 6, 1)), dt.date(2024, 6, 30)
    early = _component(june, "delivery")["inputs"]
    progress = []
    for goal in Goal.objects.filter(partnership=p):
        if goal.source == Goal.Source.LIVE_AREAS:
            value = delivery.rollout(p, as_of=early_day)["live_now"]
        else:
            value = goal.measurements.filter(on__lte=early_day).latest("on").value
            assert goal.measurements.filter(on__gt=early_day).exists()  # later measurements exist, unused
        progress.append((value - goal.baseline) / (goal.target - goal.baseline))
    assert early["live_now"] == 1 and early["goals_with_progress"] == 3
    assert early["mean_goal_progress"] == round(sum(progress) / 3, 3) < d["mean_goal_progress"]
    # each month of 2024 counts the actions overdue at its end (judged over half a year), including those
    # done since; counting today's open ones instead would miss them
    done_since = 0
    for month in hx.month_starts(dt.date(2024, 1, 1), dt.date(2024, 12, 1)):
        day = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        window = list(Action.objects.filter(meeting__series__partnership=p, meeting__start__date__lte=day,
                                            meeting__start__date__gte=day - dt.timedelta(days=182)))
        overdue_then = [a for a in window if a.due < day and (
            a.status == Action.Status.OPEN or (a.status == Action.Status.DONE and a.completed_on > day))]
        acts = _component(_month(p, month), "commitments")["inputs"]
        assert (acts["actions_total"], acts["actions_overdue"]) == (len(window), len(overdue_then)), month
        done_since += sum(1 for a in overdue_then if a.status == Action.Status.DONE)
    assert done_since > 0

    # ---- the leader change: derived events, a dip in trust and in engagement after it -------------
    old = Person.objects.get(name="Dr Grace Adeyemi")
    new = Person.objects.get(name="Tom Reyes")
    change_path = old.organisation
    left = ChangeEvent.objects.get(partnership=p, source_key=f"person:{old.pk}:left")
    arrived = ChangeEvent.objects.get(partnership=p, source_key=f"person:{new.pk}:arrived")
    assert (left.kind, left.date, left.organisation) == ("leader_left", LEADER_CHANGE - dt.timedelta(days=1),
                                                        change_path)
    assert arrived.kind == "leader_arrived" and arrived.date == new.start_date > left.date
    before = _month(p, MONTH_BEFORE)
    after = [_month(p, m) for m in (dt.date(2025, 2, 1), dt.date(2025, 3, 1), dt.date(2025, 4, 1))]
    assert min(s.scores["trust"] for s in after) < before.scores["trust"]
    assert min(s.scores["engagement"] for s in after) < before.scores["engagement"]
    spring = _month(p, dt.date(2025, 3, 1))  # the first wave after the change closes in March
    trust_driver = next(x for x in spring.drivers if x["key"] == "trust")
    assert trust_driver["change"] < 0 and trust_driver["effect"] < 0
    # the partner whose leader changed: its senior leader came to fewer meetings after than before
    share = [governance.governance_health(p, start=a, end=b)["by_org"][change_path.pk]["senior_attendance_share"]
             for a, b in ((LEADER_CHANGE - dt.timedelta(days=182), LEADER_CHANGE),
                          (LEADER_CHANGE, LEADER_CHANGE + dt.timedelta(days=182)))]
    assert share[1] < share[0]

    # ---- the warning fired from the real signals, and was acknowledged --------------------------
    assert not Alert.objects.filter(partnership=p, cause_key__startswith="demo:").exists()
    # one warning for the one change (the successor arriving is the same change, not a second warning)
    [warning] = Alert.objects.filter(partnership=p, rule__kind=AlertRule.Kind.LEADER_CHANGE_DROP)
    assert warning.cause_key == f"{AlertRule.Kind.LEADER_CHANGE_DROP}:event:{left.pk}"
    # trust received by Change Path, from the waves either side of the change (named waves, by partner)
    received = [trust.trust_received_by_org(p, w["id"])[change_path.pk] for w in waves
                if w["name"] in ("Winter 2024", "Spring 2025")]
    assert f"fall in trust in Change Path from {received[0]:.2f} (Winter 2024) to {received[1]:.2f} (Spring 2025)" \
        in english(warning.reason)
    assert (received[0] - received[1]) / 4 * 100 >= 10 and warning.acknowledged_at > warning.fired_at
    assert warning.acknowledgement.startswith("Met Tom Reyes")
    # the rule finds it again from the selectors alone (the stored alert is not what proves it)
    found = rules.leader_change_drop(p, 10, LEADER_CHANGE + dt.timedelta(days=120))
    assert f"event:{left.pk}" in [f.cause for f in found]
    # and trust received by Change Path fell between the waves either side of the change
    assert any("Trust in Change Path fell" in english(a.reason) for a in Alert.objects.filter(
        partnership=p, rule__kind=AlertRule.Kind.TRUST_DROP, organisation=change_path))

    # ---- the handover lists what the departed leader really held --------------------------------
    held = services.held_by(old, p)
    assert held["meetings"] and all(m["date"] < LEADER_CHANGE for m in held["meetings"])
    assert held["meetings"] == governance.meetings_attended_by(old)
    partners = {r["about_org"] for r in held["relationships"]}
    assert "Safer Homes Together" in partners and "Change Path" not in partners
    handover = Handover.objects.get(partnership=p, leaving=old)
    assert handover.incoming == new and handover.completed_at is not None
    keys = set(handover.items.values_list("key", flat=True))
    assert {f"relationship:{name}" for name in partners} <= keys
    page = Client()
    page.force_login(User.objects.get(email="manager@compass.example"))
    html = page.get(f"/p/{p.pk}/health/handovers/{handover.pk}/").content.decode()
    assert held["meetings"][-1]["url"] in html
    # one line per partner they answered about (the selector gives one per wave)
    waves_about = sum(1 for r in held["relationships"] if r["about_org"] == "Safer Homes Together")
    assert f"Safer Homes Together: answered about them in {waves_about} waves" in html

    # ---- readiness: the agreed charter, a trust baseline and a governance rhythm are in place -----
    check = {c.key: c for c in readiness.check(p, as_of=END).checks}
    assert check["charter"].status == "in_place" and charter.charter_status(p)["agreed_version"] == 2
    assert check["trust"].status == "in_place"
    assert check["governance"].status == "in_place"
    assert check["joint_work"].status == "in_place"

    # ---- the pages render from the same data ---------------------------------------------------
    health = page.get(f"/p/{p.pk}/health/").content.decode()
    assert "Missing:" not in health and f"October 2026: <strong>{last.overall:.0f} of 100</strong>" in health
    engagement = _component(last, "engagement")["inputs"]["senior_attendance"]
    assert f"<dt>Senior leaders&#x27; attendance</dt><dd>{100 * engagement:.0f}%</dd>" in health
    first = last.drivers[0]
    assert f"({first['change']:+.1f} points), moving the index {first['effect']:+.1f}" in health


def test_funders_see_the_demo_partnership_in_aggregate_only(loaded):
    p = loaded
    client = Client()
    client.force_login(User.objects.get(email="funder@lantern.example"))
    portfolio = client.get("/funders/").content.decode()
    assert demo.NAME in portfolio and "Riverside Family Safety Network" in portfolio
    assert "Valley Youth Futures" in portfolio  # the synthetic partnerships the demo funder also funds
    csv = client.get("/funders/?format=csv").content.decode()
    api = client.get("/api/funders/portfolio").json()
    [row] = [r for r in api if r["name"] == demo.NAME]
    last = HealthSnapshot.objects.filter(partnership=p).order_by("-month").first()
    assert row["overall"] == last.overall and row["scores"] == last.scores
    open_alerts = Alert.objects.filter(partnership=p, acknowledged_at__isnull=True).count()
    assert row["open_warnings"] == open_alerts > 0

    snapshots = client.get(f"/api/partnerships/{p.pk}/health/snapshots").content.decode()
    page = client.get(f"/p/{p.pk}/health/").content.decode()
    seen = "\n".join([portfolio, csv, json.dumps(api), snapshots, page])
    # no library content (titles) and no survey detail by organisation
    titles = list(KnowledgeItem.objects.filter(partnership=p).values_list("title", flat=True))
    assert titles and not [t for t in titles if t in seen]
    assert "/trust/waves/" not in seen and "/library/" not in seen and "/meetings/" not in seen
    # the confidential wave's results by organisation never leave trust, so health cannot show them
    confidential = Wave.objects.get(partnership=p, confidentiality=Wave.Confidentiality.CONFIDENTIAL)
    assert trust.trust_received_by_org(p, confidential.pk) == {}
    # no people: neither partners' staff nor the leaders who left
    people = Person.objects.filter(organisation__memberships__partnership=p).exclude(name="").distinct()
    assert not [x.name for x in people if x.name in seen]
    assert not [x.email for x in people if x.email and x.email in seen]
    member_names = set(Organisation.objects.filter(memberships__partnership=p).values_list("name", flat=True))
    assert not [n for n in member_names if n in json.dumps(api)]


def test_a_component_from_real_trust_and_governance_rows(world):
    """A closed trust wave and a meeting series, written by those domains' own services."""
    from accord.governance import services as meetings
    from accord.trust import services as surveys

    manager = world.users["manager"]
    today = timezone.localdate()
    wave = surveys.wave_open(actor=manager, partnership=world.partnership, name="First survey",
                             closes_on=today + dt.timedelta(days=14), instruments=["relationships"],
                             confidentiality="named", invite="leaders", send=False)
    for person, about in ((world.people["leader_a"], world.org_b), (world.people["leader_b"], world.org_a)):
        inv = wave.invitations.get(person=person)
        surveys.answer_partner(invitation=inv, about=about, contact=3,
                               ratings={c: 4 for c in ("reliability", "openness", "mission", "influence",
                                                        "involvement", "resources")})
        surveys.response_finish(invitation=inv)
    surveys.wave_close(actor=manager, wave=wave)  # closed early: it counts today

    series = meetings.series_create(
        actor=manager, partnership=world.partnership, title="Leaders' meeting", rrule="FREQ=WEEKLY",
        starts_on=today - dt.timedelta(days=17), start_time=dt.time(10, 0), time_zone="Europe/London",
        duration_minutes=60, place="Alpha's office", notify=False)
    # weekly from 17 days ago: 17, 10 and 3 days ago, the next one in 4 days (none today, whatever the hour)
    held = [m for m in series.meetings.order_by("start") if m.local_start.date() < today]
    assert len(held) == 3 and not [m for m in series.meetings.all() if m.local_start.date() == today]
    for m, b in zip(held, ("attended", "delegate", "apologies"), strict=True):
        meetings.attendance_record(actor=manager, meeting=m, records=[
            (world.people["leader_a"], "attended", ""), (world.people["leader_b"], b, "Bea Deputy")])

    snap = services.snapshot_take(partnership=world.partnership, as_of=today)
    trust_c, engagement = _component(snap, "trust"), _component(snap, "engagement")
    # everyone rated 4 of 4: 100% trust, one wave so no trend
    assert trust_c["score"] == 100.0 and trust_c["inputs"]["waves"] == 1
    assert trust_c["evidence"] == [{"title": "First survey", "url": wave.get_absolute_url()}]
    # Alpha's leader came to 3 of 3, Beta's to 1 of 3 (a delegate does not count); 3 of 3 held
    assert engagement["inputs"]["senior_attendance"] == round((1 + 1 / 3) / 2, 3)
    assert engagement["score"] == round(100 * (0.6 * (1 + 1 / 3) / 2 + 0.4), 1)
    assert snap.scores["delivery"] is None and "delivery" in snap.missing  # no goals, no ambition
