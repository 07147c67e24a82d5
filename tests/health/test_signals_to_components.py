"""Signals from the other domains become components with their inputs and evidence; a missing
selector or an empty answer makes a component missing, never zero."""

import datetime as dt

from accord.analytics import health as hx
from accord.health import services, signals

from .conftest import TODAY, full, put


def test_every_component_from_the_selectors(world, fake):
    full(fake, world)
    comps = signals.components(signals.gather(world.partnership, TODAY))
    # trust: 60 + 0.5 x (60 - 70) = 55
    assert comps["trust"].score == 55.0
    assert comps["trust"].evidence[-1]["url"] == "/p/1/trust/waves/2/"
    # engagement: attendance mean(1.0, 0.0) = 0.5, cadence 3/4 -> 100 x (0.3 + 0.3) = 60
    assert comps["engagement"].score == 60.0
    assert [e["url"] for e in comps["engagement"].evidence] == ["/p/1/meetings/1/", "/p/1/meetings/2/",
                                                               "/p/1/meetings/3/"]
    # delivery: goals 0.4; rollout 4 live of the 7 whole areas due by now (10 x 530/730 days = 7.26) = 0.571
    # -> mean 0.4857
    expected = 10 * (TODAY - dt.date(2025, 1, 1)).days / (dt.date(2027, 1, 1) - dt.date(2025, 1, 1)).days
    assert int(expected) == 7
    assert comps["delivery"].score == round(100 * (0.4 + 4 / 7) / 2, 1)
    # commitments: 100 x (0.6 x 3/4 + 0.4 x 8/10) = 77
    assert comps["commitments"].score == 77.0
    # reciprocity: knowledge 2/4 = 0.5, contact 0.5 -> 50
    assert comps["reciprocity"].score == 50.0
    assert comps["stability"].score == 100.0


def test_no_domain_yet_means_every_signal_component_is_missing(world, no_selectors):
    comps = signals.components(signals.gather(world.partnership, TODAY))
    assert [k for k, c in comps.items() if c.missing] == ["trust", "engagement", "delivery", "commitments",
                                                          "reciprocity"]
    # stability alone (nothing changed) is no evidence of health: no index rather than 100 of 100
    index = hx.overall(comps)
    assert index.score is None and "Only stability is known" in index.note


def test_selectors_with_no_data_are_missing_too(world, fake):
    fake.governance = {"meetings_planned": 0, "meetings_held": 0, "decisions": 0, "actions_total": 0,
                       "actions_done_on_time": 0, "actions_overdue": 0, "by_org": {}}
    comps = signals.components(signals.gather(world.partnership, TODAY))
    assert comps["engagement"].missing and comps["commitments"].missing and comps["trust"].missing


def test_a_snapshot_stores_components_and_drivers(world, fake):
    full(fake, world)
    first = services.snapshot_take(partnership=world.partnership, as_of=dt.date(2026, 5, 31))
    assert first.drivers == [] and first.scores["trust"] == 55.0
    fake.waves.append({**fake.waves[-1], "id": 3, "name": "Wave 3", "closed_on": dt.date(2026, 6, 1),
                       "trust_pct": 40.0})
    second = services.snapshot_take(partnership=world.partnership, as_of=TODAY)
    # trust fell 55 -> 30 (40 + 0.5 x -20): the largest driver, at its weight 25%
    assert second.drivers[0]["key"] == "trust" and second.drivers[0]["change"] == -25.0
    assert second.drivers[0]["effect"] == -6.25
    assert len(second.drivers) <= 3
    assert second.overall < first.overall
    # taking it again the same month replaces that month's snapshot
    services.snapshot_take(partnership=world.partnership, as_of=TODAY)
    assert world.partnership.health_snapshots.count() == 2


def test_a_partnerships_weights_apply_to_its_snapshot(world, fake, django_user_model):
    full(fake, world)
    services.weights_update(actor=world.users["manager"], partnership=world.partnership,
                            weights={"trust": 100, "engagement": 0, "delivery": 0, "commitments": 0,
                                     "reciprocity": 0, "stability": 0})
    snap = services.snapshot_take(partnership=world.partnership, as_of=TODAY)
    assert snap.overall == 55.0 and snap.weights == {"trust": 1.0}


def test_monthly_task_takes_a_snapshot_of_each_active_partnership(world, fake):
    from accord.health.tasks import monthly_snapshots

    full(fake, world)
    monthly_snapshots.call_local(dt.date(2026, 7, 1))
    [snap] = world.partnership.health_snapshots.all()
    assert snap.month == dt.date(2026, 6, 1)  # the month just ended
    assert world.other.health_snapshots.count() == 1


def test_the_manager_recomputes_on_demand_and_the_page_explains(world, fake):
    full(fake, world)
    url = f"/p/{world.partnership.pk}/health/recompute/"
    assert world.client("leader_a").post(url).status_code == 403
    assert world.client("manager").post(url).status_code == 302
    assert world.partnership.health_snapshots.count() == 1
    page = world.client("manager").get(f"/p/{world.partnership.pk}/health/").content.decode()
    assert "Trust: " in page and "Evidence:" in page and 'href="/p/1/meetings/3/"' in page
    assert "This is the first snapshot" in page


def test_a_missing_component_is_shown_as_missing(world, fake):
    full(fake, world)
    fake.governance = None
    services.snapshot_take(partnership=world.partnership, as_of=TODAY)
    page = world.client("manager").get(f"/p/{world.partnership.pk}/health/").content.decode()
    assert "Engagement: missing" in page and "Missing: engagement." in page
    assert "re-weighted over the 5 components with data" in page


def test_a_failing_selector_makes_its_component_missing_and_is_logged(world, fake, monkeypatch, caplog):
    full(fake, world)

    def broken(p, start=None, end=None):
        raise KeyError("by_org")

    put(monkeypatch, "governance", governance_health=broken)
    with caplog.at_level("ERROR", logger="accord.health.signals"):
        comps = signals.components(signals.gather(world.partnership, TODAY))
    assert comps["engagement"].missing and comps["trust"].score == 55.0
    assert "governance_health_many failed" in caplog.text  # the snapshot reads the batch form


def test_a_month_when_nothing_moved_says_so(world, fake):
    full(fake, world)
    services.snapshot_take(partnership=world.partnership, as_of=dt.date(2026, 5, 31))
    snap = services.snapshot_take(partnership=world.partnership, as_of=dt.date(2026, 6, 1))
    assert snap.drivers == []  # the same data a day later: nothing moved, so no "+0.0 points" drivers
    page = world.client("manager").get(f"/p/{world.partnership.pk}/health/").content.decode()
    assert "No component moved since the snapshot before." in page and "This is the first snapshot" not in page
