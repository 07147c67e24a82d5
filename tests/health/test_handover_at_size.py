"""A departing leader's handover in a large partnership (issue 21): past ACCORD_PAGE_SIZE other partners the
checklist proposes one introduction, giving their number and linking to the partner list, instead of one item
per partner (2,000 at national size); a small partnership keeps an item per partner."""

import datetime as dt

from django.utils import translation

from accord.health.models import Handover
from accord.lib.stored_text import english, render
from accord.partners.models import Membership, Organisation

from .conftest import save


def _leave(world):
    orgs = Organisation.objects.bulk_create([Organisation(name=f"Member {i}") for i in range(3)])
    Membership.objects.bulk_create([Membership(partnership=world.partnership, organisation=o,
                                               joined=dt.date(2024, 1, 1)) for o in orgs])
    leader = world.people["leader_b"]
    leader.end_date = dt.date(2026, 1, 31)
    save(leader)
    return Handover.objects.get(partnership=world.partnership, leaving=leader)


def _introductions(handover):
    return [english(i.text) for i in handover.items.all() if english(i.text).startswith("Introduce the incoming")]


def test_past_the_page_size_one_item_introduces_every_other_partner(world, settings):
    settings.ACCORD_PAGE_SIZE = 3  # four other partners: Alpha Charity and the three members added
    handover = _leave(world)
    assert _introductions(handover) == ["Introduce the incoming leader to the 4 other partners: find each, with "
                                        "its senior leaders, in the partner list"]
    item = handover.items.get(key="introductions")
    assert item.url == f"/p/{world.partnership.pk}/#partners"
    with translation.override("cy"):
        assert render(item.text).startswith("Cyflwynwch yr arweinydd newydd i’r 4 partner arall")
    page = world.client("leader_a").get(f"/p/{world.partnership.pk}/health/handovers/{handover.pk}/").content.decode()
    assert f'href="/p/{world.partnership.pk}/#partners"' in page


def test_a_small_partnership_keeps_an_introduction_per_partner(world, settings):
    settings.ACCORD_PAGE_SIZE = 4
    handover = _leave(world)
    assert _introductions(handover) == [f"Introduce the incoming leader to {name}"
                                        for name in ("Alpha Charity", "Member 0", "Member 1", "Member 2")]
    assert not handover.items.filter(key="introductions").exists()
