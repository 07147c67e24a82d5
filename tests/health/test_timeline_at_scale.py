"""The timeline of a large partnership (issue 21): past ACCORD_PAGE_SIZE events it shows one page of them,
a count of each kind and a search; the chart marks the events listed. A small partnership sees them all."""

import datetime as dt

from django.test import override_settings

from accord.health import services
from accord.health.models import ChangeEvent


def _events(world, n):
    for i in range(n):
        services.event_create(actor=None, partnership=world.partnership, kind=ChangeEvent.Kind.POLICY_CHANGE,
                              date=dt.date(2025, 1, 1) + dt.timedelta(days=i), note=f"Change number {i:03d}")


def test_a_long_timeline_is_a_page_with_counts_and_a_search(world):
    _events(world, 7)
    services.event_create(actor=None, partnership=world.partnership, kind=ChangeEvent.Kind.FUNDING_WON,
                          date=dt.date(2025, 6, 1), note="A new grant")
    client = world.client("manager")
    url = f"/p/{world.partnership.pk}/health/timeline/"
    with override_settings(ACCORD_PAGE_SIZE=3):
        page = client.get(url).content.decode()
        assert page.count("Change number") == 3 and "Change number 003" not in page
        assert "8 changes in all" in page and "Policy or sector change 7" in page and "Funding won 1" in page
        assert 'rel="next"' in page and page.count('class="marker"') <= 3 * 2  # the chart marks the page's events
        found = client.get(url + "?q=grant").content.decode()
        assert "A new grant" in found and "Change number" not in found
        by_kind = client.get(url + "?q=funding").content.decode()
        assert "A new grant" in by_kind and "Change number" not in by_kind
        second = client.get(url + "?page=2").content.decode()
        assert "Change number 003" in second


def test_a_short_timeline_lists_every_event(world):
    _events(world, 3)
    page = world.client("manager").get(f"/p/{world.partnership.pk}/health/timeline/").content.decode()
    assert page.count("Change number") == 3 and "in all" not in page and 'rel="next"' not in page
