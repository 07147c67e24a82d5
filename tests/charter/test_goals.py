"""Goals need a target date; measurements are dated; a derived goal counts live areas from delivery."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accord.charter import selectors, services
from accord.charter.models import Goal
from accord.delivery import services as delivery_services
from accord.delivery.models import Area


def _goal(world, **kw):
    fields = {"title": "Service live in new areas", "metric": "areas live", "unit": "areas", "baseline": 0,
              "target": 7, "target_date": dt.date(2027, 3, 31)} | kw
    return services.goal_save(actor=world.users["manager"], goal=Goal(partnership=world.partnership, **fields))


def test_a_target_without_a_date_is_refused_everywhere(world):
    with pytest.raises(ValidationError, match="Give the date by which the target"):
        _goal(world, target_date=None)
    response = world.client("manager").post(f"/p/{world.partnership.pk}/charter/goals/new/", {
        "title": "Reach", "metric": "people", "unit": "people", "baseline": 0, "target": 100, "source": "entered"})
    assert "Give the date by which the target should be met." in response.content.decode()
    api = world.client("manager").post(f"/api/partnerships/{world.partnership.pk}/goals", {
        "title": "Reach", "metric": "people", "unit": "people", "target": 100}, content_type="application/json")
    assert api.status_code == 422 and "Give the date" in str(api.json()["detail"])
    assert not Goal.objects.exists()


def test_measurements_give_progress_and_one_per_day(world):
    goal = _goal(world, title="Families supported", metric="families", unit="families", target=200, baseline=50)
    services.measurement_add(actor=world.users["manager"], goal=goal, on=dt.date(2025, 1, 1), value=80)
    services.measurement_add(actor=world.users["manager"], goal=goal, on=dt.date(2025, 7, 1), value=125)
    with pytest.raises(ValidationError, match="already a measurement"):
        services.measurement_add(actor=world.users["manager"], goal=goal, on=dt.date(2025, 7, 1), value=130)
    row = selectors.goals_progress(world.partnership)[0]
    assert row["latest"] == 125 and row["latest_on"] == dt.date(2025, 7, 1)
    assert row["progress"] == pytest.approx(0.5)
    page = world.client("funder").get(f"/p/{world.partnership.pk}/charter/goals/{goal.pk}/").content.decode()
    assert "<svg" in page and "<td>1 Jul 2025</td><td>125</td>" in page


def test_a_derived_goal_counts_live_areas_from_delivery(world):
    goal = _goal(world, source=Goal.Source.LIVE_AREAS)
    manager = world.users["manager"]
    for name, on in [("Eastmarsh", dt.date(2024, 5, 1)), ("Cardwen", dt.date(2024, 9, 1))]:
        area = delivery_services.area_save(actor=manager, area=Area(partnership=world.partnership, name=name))
        delivery_services.stage_move(actor=manager, area=area, stage="scoping", on=on - dt.timedelta(days=60))
        delivery_services.stage_move(actor=manager, area=area, stage="live", on=on)
    assert selectors.goal_history(goal) == [(dt.date(2024, 3, 2), 0.0), (dt.date(2024, 5, 1), 1.0),
                                          (dt.date(2024, 7, 3), 1.0), (dt.date(2024, 9, 1), 2.0)]
    row = selectors.goal_row(goal)
    assert row["latest"] == 2 and row["progress"] == pytest.approx(2 / 7)
    with pytest.raises(ValidationError, match="counted from delivery"):
        services.measurement_add(actor=manager, goal=goal, on=dt.date(2025, 1, 1), value=3)


def test_progress_as_of_a_date_uses_only_measurements_made_by_then(world):
    goal = _goal(world, title="Families supported", metric="families", unit="families", target=200, baseline=50)
    services.measurement_add(actor=world.users["manager"], goal=goal, on=dt.date(2025, 1, 1), value=80)
    services.measurement_add(actor=world.users["manager"], goal=goal, on=dt.date(2025, 7, 1), value=125)
    [before] = selectors.goals_progress(world.partnership, as_of=dt.date(2024, 12, 31))
    assert (before["latest"], before["latest_on"], before["progress"]) == (None, None, None)
    [first] = selectors.goals_progress(world.partnership, as_of=dt.date(2025, 1, 1))
    assert (first["latest"], first["latest_on"]) == (80, dt.date(2025, 1, 1))
    assert first["progress"] == pytest.approx(0.2)
    [mid] = selectors.goals_progress(world.partnership, as_of=dt.date(2025, 6, 30))
    assert mid["latest"] == 80
    [today] = selectors.goals_progress(world.partnership)
    assert today["latest"] == 125 and today["progress"] == pytest.approx(0.5)


def test_a_derived_goal_as_of_a_date_counts_the_areas_live_by_then(world):
    _goal(world, source=Goal.Source.LIVE_AREAS)
    manager = world.users["manager"]
    for name, on in [("Eastmarsh", dt.date(2024, 5, 1)), ("Cardwen", dt.date(2024, 9, 1))]:
        area = delivery_services.area_save(actor=manager, area=Area(partnership=world.partnership, name=name))
        delivery_services.stage_move(actor=manager, area=area, stage="scoping", on=on - dt.timedelta(days=60))
        delivery_services.stage_move(actor=manager, area=area, stage="live", on=on)
    [row] = selectors.goals_progress(world.partnership, as_of=dt.date(2024, 6, 30))
    assert (row["latest"], row["latest_on"]) == (1, dt.date(2024, 5, 1))
    assert row["progress"] == pytest.approx(1 / 7)
    assert selectors.goals_progress(world.partnership, as_of=dt.date(2024, 3, 1))[0]["progress"] is None
