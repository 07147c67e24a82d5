"""The health index's maths, worked by hand: each component, missing data, weights and drivers."""

import datetime as dt

import pytest

from accord.analytics import health as h
from tests.once import ONCE_ONLY

pytestmark = ONCE_ONLY  # pure maths (accord.analytics has no Django): no database has a part in it

D = dt.date(2026, 1, 1)


def test_trust_is_the_latest_wave_plus_half_its_trend():
    c = h.trust_component([70.0, 60.0])  # 60 + 0.5 x (60 - 70) = 55
    assert c.score == 55.0
    assert c.inputs["latest_pct"] == 60.0 and c.inputs["trend_points"] == -10.0
    assert "-10 points" in c.explanation


def test_trust_with_one_wave_has_no_trend_and_skips_unscored_waves():
    assert h.trust_component([None, 64.0]).score == 64.0
    assert h.trust_component([98.0, 100.0]).score == 100.0  # clamped: 100 + 1


def test_trust_without_a_wave_is_missing_not_zero():
    c = h.trust_component([])
    assert c.score is None and c.missing
    assert h.trust_component([None]).score is None


def test_engagement_mixes_senior_attendance_and_cadence():
    # 100 x (0.6 x 0.5 + 0.4 x 3/4) = 60
    assert h.engagement_component(0.5, 3, 4).score == 60.0
    # cadence is at most 1 when more meetings were held than planned
    assert h.engagement_component(1.0, 6, 4).score == 100.0


def test_engagement_with_one_input_uses_it_alone_and_with_none_is_missing():
    assert h.engagement_component(None, 2, 4).score == 50.0
    assert h.engagement_component(0.8, None, None).score == 80.0
    assert h.engagement_component(None, 0, 0).score is None


def test_rollout_on_track_against_a_straight_line_to_the_ambition():
    start, target = dt.date(2024, 1, 1), dt.date(2025, 1, 1)
    half = start + (target - start) / 2  # 10 expected by the end, 5 by halfway
    assert h.rollout_on_track(10, 4, start, target, half) == pytest.approx(0.8)
    assert h.rollout_on_track(10, 12, start, target, dt.date(2026, 1, 1)) == 1.0
    assert h.rollout_on_track(None, 4, start, target, half) is None
    # a month in, 10 x 31/366 = 0.85 of an area is due: no whole area yet, so on track with none live
    assert h.rollout_on_track(10, 0, start, target, dt.date(2024, 2, 1)) == 1.0
    # 110 days in, 10 x 110/366 = 3.01 areas are due, so 3 whole ones: 2 live is 2/3; 109 days in, only 2
    assert h.rollout_on_track(10, 2, start, target, dt.date(2024, 4, 20)) == pytest.approx(2 / 3)
    assert h.rollout_on_track(10, 2, start, target, dt.date(2024, 4, 19)) == 1.0


def test_delivery_is_the_mean_of_goals_and_rollout():
    # goals (0.2 + 0.6) / 2 = 0.4; rollout 0.8 -> 100 x 0.6 = 60
    c = h.delivery_component([0.2, 0.6, None], 0.8, live_now=4, target_live=10)
    assert c.score == 60.0
    assert c.inputs["goals_with_progress"] == 2 and c.inputs["mean_goal_progress"] == 0.4
    assert h.delivery_component([], None).score is None


def test_commitments_weigh_kept_on_time_and_actions_overdue():
    # 100 x (0.6 x 3/4 + 0.4 x (1 - 2/10)) = 45 + 32 = 77
    assert h.commitments_component(4, 3, 10, 2).score == 77.0
    assert h.commitments_component(0, 0, 5, 5).score == 0.0  # every action overdue is a real zero
    assert h.commitments_component(0, 0, 0, 0).score is None


def test_knowledge_balance_over_pairs_both_ways():
    # pair (1,2): 4 one way, 2 the other -> 0.5; pair (1,3): only one way -> 0
    flows = [(1, 2, 4), (2, 1, 2), (1, 3, 5), (3, 3, 9)]
    assert h.knowledge_balance(flows) == pytest.approx(0.25)
    assert h.knowledge_balance([]) is None
    assert h.knowledge_balance([(1, 2, 0)]) is None


def test_reciprocity_mixes_knowledge_and_contact():
    assert h.reciprocity_component(0.25, 0.75).score == 50.0
    assert h.reciprocity_component(None, 0.75).score == 75.0
    assert h.reciprocity_component(None, None).score is None


def test_stability_decays_with_a_half_life():
    # a leader left 180 days ago (25 x 0.5) and a medium policy change today (10): 100 - 22.5
    events = [(D - dt.timedelta(days=180), "leader_left", "medium"), (D, "policy_change", "medium")]
    c = h.stability_component(events, D)
    assert c.score == 77.5 and c.inputs["events_weighing"] == 2
    # high impact counts 1.5 times, a positive event nothing, a future event nothing yet
    assert h.stability_component([(D, "leader_left", "high")], D).score == 62.5
    assert h.stability_component([(D, "funding_won", "positive")], D).score == 100.0
    assert h.stability_component([(D + dt.timedelta(days=3), "leader_left", "high")], D).score == 100.0


def test_stability_with_no_events_is_known_and_full():
    c = h.stability_component([], D)
    assert c.score == 100.0 and not c.missing


def test_stability_series_matches_the_single_date_formula():
    events = [(D - dt.timedelta(days=90), "leader_left", "medium")]
    single = h.stability_component(events, D).score
    series = h.stability_series([0], [25.0], [90])
    assert series[0] == pytest.approx(single, abs=0.05)


def _comps(**scores):
    return {k: h.Component(k, scores.get(k)) for k in h.COMPONENTS}


def test_overall_is_the_weighted_mean_with_default_weights():
    idx = h.overall(_comps(trust=80, engagement=60, delivery=50, commitments=40, reciprocity=100, stability=90))
    # 0.25x80 + 0.2x60 + 0.2x50 + 0.15x40 + 0.1x100 + 0.1x90 = 20+12+10+6+10+9 = 67
    assert idx.score == 67.0 and idx.missing == [] and idx.note == ""


def test_overall_reweights_over_present_components_and_says_so():
    idx = h.overall(_comps(trust=80, stability=50))
    # trust 25 and stability 10 of 35: (25x80 + 10x50) / 35 = 71.43
    assert idx.score == pytest.approx(71.4)
    assert set(idx.missing) == {"engagement", "delivery", "commitments", "reciprocity"}
    assert "re-weighted over the 2 components" in idx.note
    assert idx.weights_used["trust"] == pytest.approx(25 / 35, abs=1e-4)


def test_overall_with_no_data_is_none():
    assert h.overall(_comps()).score is None


def test_stability_alone_makes_no_index():
    # nothing recorded anywhere and nothing changed: not 100 of 100
    idx = h.overall(_comps(stability=100))
    assert idx.score is None and "Only stability is known" in idx.note
    assert h.overall(_comps(stability=100, reciprocity=40)).score == pytest.approx((10 * 100 + 10 * 40) / 20)


def test_a_partnerships_own_weights_change_the_index():
    comps = _comps(trust=100, engagement=0, delivery=0, commitments=0, reciprocity=0, stability=0)
    assert h.overall(comps, {"trust": 1, "engagement": 1}).score == 50.0
    with pytest.raises(ValueError):
        h.normalise_weights({k: 0 for k in h.COMPONENTS})


def test_the_three_largest_drivers_of_change():
    before = {"trust": 70, "engagement": 80, "delivery": 50, "commitments": 60, "reciprocity": 40, "stability": 100}
    after = {"trust": 50, "engagement": 70, "delivery": 52, "commitments": 90, "reciprocity": 40, "stability": 75}
    top = h.drivers(before, after)
    # effects: trust 0.25x-20=-5, commitments 0.15x30=4.5, stability 0.1x-25=-2.5, engagement -2
    assert [d["key"] for d in top] == ["trust", "commitments", "stability"]
    assert top[0]["effect"] == -5.0 and top[0]["change"] == -20.0


def test_a_component_that_did_not_move_is_no_driver():
    same = {"trust": 70, "engagement": 80, "delivery": 50, "commitments": 60, "reciprocity": 40, "stability": 100}
    assert h.drivers(same, dict(same)) == []
    top = h.drivers(same, {**same, "engagement": 83})
    assert [(d["key"], d["change"]) for d in top] == [("engagement", 3.0)]


def test_a_component_that_appears_is_reported_without_an_effect():
    top = h.drivers({"trust": None, "stability": 90}, {"trust": 60, "stability": 100})
    assert top[0]["key"] == "stability" and top[0]["effect"] == 1.0
    assert top[1]["key"] == "trust" and top[1]["note"] == "now has data"


def test_month_starts():
    assert h.month_starts(dt.date(2025, 11, 15), dt.date(2026, 2, 1)) == [
        dt.date(2025, 11, 1), dt.date(2025, 12, 1), dt.date(2026, 1, 1), dt.date(2026, 2, 1)]
