"""Listing library items through the API costs the same queries however many items there are."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import share


def _queries(world):
    with CaptureQueriesContext(connection) as ctx:
        response = world.client("staff_b").get(f"/api/partnerships/{world.partnership.pk}/library/items")
    assert response.status_code == 200
    return len(ctx.captured_queries), response.json()


def test_listing_items_does_not_query_per_item(world):
    share(world, title="One", audience="named", named=[world.org_b])
    few, _ = _queries(world)
    for i in range(5):
        share(world, title=f"More {i}", audience="named", named=[world.org_b])
    many, body = _queries(world)
    assert many == few and len(body) == 6
    assert all(item["terms"]["named_org_names"] == ["Beta Trust"] for item in body)
