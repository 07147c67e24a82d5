"""Listing areas through the API costs the same few queries however many areas there are."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.delivery import services
from accord.delivery.models import Area


def _add_areas(world, n):
    for _ in range(n):
        area = services.area_save(actor=world.users["manager"], area=Area(partnership=world.partnership,
                                                                          name=f"Area {Area.objects.count()}"))
        services.stage_move(actor=world.users["manager"], area=area, stage="scoping", on=dt.date(2024, 1, 1))
        services.stage_move(actor=world.users["manager"], area=area, stage="live", on=dt.date(2024, 6, 1))


def _queries(world):
    with CaptureQueriesContext(connection) as ctx:
        response = world.client("manager").get(f"/api/partnerships/{world.partnership.pk}/areas")
    assert response.status_code == 200
    return len(ctx.captured_queries), response.json()


def test_listing_areas_does_not_query_per_area(world):
    _add_areas(world, 2)
    few, _ = _queries(world)
    _add_areas(world, 6)
    many, body = _queries(world)
    assert many == few and len(body) == 8
    assert all(a["stage"] == "live" and [m["stage"] for m in a["moves"]] == ["scoping", "live"] for a in body)
