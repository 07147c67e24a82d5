"""The demo partnership tells the story: an agreed charter with an earlier version, goals with history,
commitments kept and slipping, seven areas live within three years, and funding streams."""

import datetime as dt

import pytest

from accord.charter import selectors as charter_selectors
from accord.delivery import selectors as delivery_selectors
from accord.demo import partnership as demo
from accord.partners.models import Partnership
from tests.demo.snapshot import load_demo


@pytest.fixture
def compass(db):
    load_demo()
    return Partnership.objects.get(name=demo.NAME)


def test_the_demo_has_an_agreed_charter_with_an_earlier_version(compass):
    status = charter_selectors.charter_status(compass)
    assert status["agreed_version"] == 2 and status["draft_version"] is None
    v1 = compass.charter_versions.get(number=1)
    assert v1.is_agreed and v1.signoffs.count() == 4
    assert compass.charter_versions.get(number=2).signoffs.count() == compass.member_organisations().count() == 8


def test_the_demo_has_goals_with_history_and_commitments_kept_and_slipping(compass):
    goals = charter_selectors.goals_progress(compass)
    assert len(goals) == 3 and all(g["latest"] is not None for g in goals)
    live = next(g for g in goals if g["title"] == "Service live in seven new areas")
    assert live["latest"] == 7 and live["progress"] == 1.0
    s = charter_selectors.commitments_summary(compass, as_of=dt.date(2026, 11, 25))
    assert 0 < s["share"] < 1 and s["open_overdue"] >= 1


def test_the_demo_rolls_out_seven_areas_over_three_years_with_funding(compass):
    r = delivery_selectors.rollout(compass)
    assert r["live_now"] == 7 and r["target_live"] == 7
    first_live = r["series"][0][0]
    assert r["series"][-1][0] <= dt.date(2026, 10, 31) and first_live >= dt.date(2023, 10, 1)
    summary = delivery_selectors.funding_summary(compass, today=dt.date(2026, 11, 25))
    assert len(summary["streams"]) == 6 and len(summary["ending_soon"]) >= 2
    assert {s["funder"] for s in delivery_selectors.funding_streams(compass)} >= {"Lantern Foundation"}


def test_the_demo_pages_render_for_the_manager(compass, client):
    from accord.accounts.models import User

    client.force_login(User.objects.get(email="manager@compass.example"))
    p = compass.pk
    for url in [f"/p/{p}/", f"/p/{p}/charter/", f"/p/{p}/charter/v/1/", f"/p/{p}/charter/goals/",
                f"/p/{p}/charter/commitments/", f"/p/{p}/delivery/", f"/p/{p}/delivery/funding/"]:
        assert client.get(url).status_code == 200, url
    home = client.get(f"/p/{p}/").content.decode()
    assert "Version 2 agreed on" in home and "Lantern core grant: national team" in home
