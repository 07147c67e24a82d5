"""Areas move through stages on dated moves; history only runs forward; the rollout counts live areas."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accord.delivery import selectors, services
from accord.delivery.models import Area, StageMove
from accord.partners.models import Membership


def test_a_move_dated_before_the_last_move_is_refused(world, area):
    m = world.users["manager"]
    services.stage_move(actor=m, area=area, stage="scoping", on=dt.date(2024, 1, 10))
    services.stage_move(actor=m, area=area, stage="live", on=dt.date(2024, 6, 1))
    with pytest.raises(ValidationError, match="last moved on 01 June 2024"):
        services.stage_move(actor=m, area=area, stage="mobilising", on=dt.date(2024, 5, 31))
    with pytest.raises(ValidationError, match="already live"):
        services.stage_move(actor=m, area=area, stage="live", on=dt.date(2024, 7, 1))
    with pytest.raises(ValidationError, match="in the future"):
        services.stage_move(actor=m, area=area, stage="sustained", on=dt.date.today() + dt.timedelta(days=1))
    assert [(x.stage, x.on) for x in area.moves.all()] == [("scoping", dt.date(2024, 1, 10)),
                                                         ("live", dt.date(2024, 6, 1))]
    # the same day as the last move is not "back in time"
    services.stage_move(actor=m, area=area, stage="sustained", on=dt.date(2024, 6, 1))
    assert area.current_move().stage == "sustained"


def test_a_move_back_in_time_through_the_page_and_api_saves_nothing(world, area):
    services.stage_move(actor=world.users["manager"], area=area, stage="live", on=dt.date(2024, 6, 1))
    client = world.client("manager")
    page = client.post(f"/p/{world.partnership.pk}/delivery/areas/{area.pk}/",
                       {"stage": "sustained", "on": "2024-01-01"}).content.decode()
    assert "a move cannot be dated before that" in page
    api = client.post(f"/api/partnerships/{world.partnership.pk}/areas/{area.pk}/moves",
                      {"stage": "sustained", "on": "2024-01-01"}, content_type="application/json")
    assert api.status_code == 422 and "cannot be dated before" in str(api.json()["detail"])
    assert StageMove.objects.count() == 1


@pytest.mark.parametrize("code,ok", [("E06000001", True), ("w06000015", True), ("S12000033", True),
                                     ("E0600001", False), ("X06000001", False), ("E06-000001", False)])
def test_the_ons_code_must_have_the_right_shape(world, code, ok):
    area = Area(partnership=world.partnership, name=f"Area {code}", ons_code=code)
    if ok:
        services.area_save(actor=world.users["manager"], area=area)
        assert area.ons_code == code.upper()
    else:
        with pytest.raises(ValidationError, match="letter .* and eight digits"):
            services.area_save(actor=world.users["manager"], area=area)


def test_local_partners_must_be_members_with_a_local_role(world, area):
    with pytest.raises(ValidationError, match="no local role"):
        services.area_save(actor=world.users["manager"], area=area, local_partners=[world.org_b])
    with pytest.raises(ValidationError, match="not a member"):
        services.area_save(actor=world.users["manager"], area=area, local_partners=[world.other_org])
    Membership.objects.filter(organisation=world.org_b).update(local_role="Eastmarsh: local delivery")
    services.area_save(actor=world.users["manager"], area=area, local_partners=[world.org_b])
    assert list(area.local_partners.all()) == [world.org_b]


def test_the_rollout_counts_live_and_sustained_areas_after_each_move(world):
    m = world.users["manager"]
    services.ambition_set(actor=m, partnership=world.partnership, target_live=3, start_date=dt.date(2024, 1, 1),
                          target_date=dt.date(2026, 12, 31))
    a, b = (services.area_save(actor=m, area=Area(partnership=world.partnership, name=n)) for n in ("A", "B"))
    services.stage_move(actor=m, area=a, stage="live", on=dt.date(2024, 3, 1))
    services.stage_move(actor=m, area=b, stage="mobilising", on=dt.date(2024, 4, 1))
    services.stage_move(actor=m, area=b, stage="live", on=dt.date(2024, 9, 1))
    services.stage_move(actor=m, area=a, stage="sustained", on=dt.date(2025, 3, 1))
    services.stage_move(actor=m, area=a, stage="closed", on=dt.date(2025, 9, 1))
    r = selectors.rollout(world.partnership)
    assert r["series"] == [(dt.date(2024, 3, 1), 1), (dt.date(2024, 4, 1), 1), (dt.date(2024, 9, 1), 2),
                           (dt.date(2025, 3, 1), 2), (dt.date(2025, 9, 1), 1)]
    assert (r["live_now"], r["target_live"], r["target_date"]) == (1, 3, dt.date(2026, 12, 31))
    assert selectors.rollout(world.partnership, as_of=dt.date(2025, 1, 1))["live_now"] == 2


def test_the_ambition_view_has_a_chart_a_table_of_stages_and_a_text_alternative(world, area):
    services.ambition_set(actor=world.users["manager"], partnership=world.partnership, target_live=7,
                          start_date=dt.date(2024, 1, 1), target_date=dt.date(2027, 3, 31))
    services.stage_move(actor=world.users["manager"], area=area, stage="live", on=dt.date(2024, 6, 1))
    page = world.client("funder").get(f"/p/{world.partnership.pk}/delivery/").content.decode()
    assert '<svg class="chart' in page and 'role="img"' in page
    assert "Live areas by date" in page and "<td>1 Jun 2024</td><td>1</td>" in page
    live_row = page.split('<th scope="row">Live</th>')[1].split("</tr>")[0]
    assert "<td>1</td>" in live_row and "Eastmarsh" in live_row
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")


def test_the_ambition_through_the_api(world):
    url = f"/api/partnerships/{world.partnership.pk}/ambition"
    body = {"target_live": 7, "start_date": "2024-01-01", "target_date": "2023-06-30"}
    bad = world.client("manager").put(url, body, content_type="application/json")
    assert bad.status_code == 422 and "must be after the date you count from" in str(bad.json()["detail"])
    assert world.client("leader_a").put(url, body, content_type="application/json").status_code == 403
    body["target_date"] = "2027-03-31"
    ok = world.client("manager").put(url, body, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["target_live"] == 7 and ok.json()["live_now"] == 0
