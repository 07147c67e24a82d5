"""When a senior leader leaves, Accord lists what they held and tracks a checklist to done."""

import datetime as dt

from accord.health.models import Handover
from accord.lib.stored_text import english

from .conftest import put, save


def _leave(world, fake):
    fake.held = {
        "meetings": [{"date": dt.date(2025, 11, 3), "title": "Partners' board", "url": "/p/1/meetings/4/"}],
        "relationships": [{"wave": "Spring 2025", "about_org": "Alpha Charity", "answered_on": dt.date(2025, 4, 2),
                           "url": "/p/1/trust/waves/1/"}],
        "actions": [{"title": "Draft the data-sharing agreement", "due": dt.date(2026, 2, 1), "url": "/p/1/actions/9/"}],
        "commitments": [{"title": "Second two practitioners", "due": dt.date(2026, 3, 1), "url": "/p/1/charter/c/3/"}],
        "items": [{"id": 5, "title": "Practice guide", "url": "/p/1/library/items/5/"}],
    }
    leader = world.people["leader_b"]
    leader.end_date = dt.date(2026, 1, 31)
    save(leader)
    return Handover.objects.get(partnership=world.partnership, leaving=leader)


def test_the_checklist_covers_what_they_held(world, fake):
    handover = _leave(world, fake)
    texts = [english(i.text) for i in handover.items.all()]
    assert "Introduce the incoming leader to Alpha Charity" in texts
    assert "Give the action “Draft the data-sharing agreement” a new owner" in texts
    assert "Confirm who now answers for the commitment “Second two practitioners”" in texts
    assert "Name a new owner for the 1 library item Leader B wrote" in texts
    assert not any("Practice guide" in t for t in texts)  # no titles in a checklist every partner reads
    page = world.client("manager").get(f"/p/{world.partnership.pk}/health/handovers/{handover.pk}/").content.decode()
    assert "Partners&#x27; board" in page and "Spring 2025" in page and "Practice guide" in page


def test_refreshing_adds_only_what_is_new(world, fake):
    handover = _leave(world, fake)
    before = handover.items.count()
    client = world.client("manager")
    url = f"/p/{world.partnership.pk}/health/handovers/{handover.pk}/"
    client.post(url, {"action": "refresh"})
    assert handover.items.count() == before
    fake.held["actions"].append({"title": "Book the venue", "due": dt.date(2026, 2, 9), "url": "/p/1/actions/10/"})
    client.post(url, {"action": "refresh"})
    assert handover.items.count() == before + 1


def test_ticking_every_item_completes_the_handover(world, fake):
    handover = _leave(world, fake)
    client = world.client("leader_b")  # partners act on the checklist; only the manager adds to it
    url = f"/p/{world.partnership.pk}/health/handovers/{handover.pk}/"
    assert client.post(url, {"action": "add", "text": "x"}).status_code == 403
    world.client("manager").post(url, {"action": "add", "text": "Hand over the budget file"})
    items = list(handover.items.all())
    for item in items:
        assert client.post(url, {"action": "done", "item": item.pk}).status_code == 302
    handover.refresh_from_db()
    assert handover.completed_at is not None
    client.post(url, {"action": "undo", "item": items[0].pk})
    handover.refresh_from_db()
    assert handover.completed_at is None
    assert world.client("funder").post(url, {"action": "done", "item": items[0].pk}).status_code == 403


def test_without_the_other_domains_it_says_so(world, no_selectors):
    leader = world.people["leader_a"]
    leader.end_date = dt.date(2026, 1, 31)
    save(leader)
    handover = Handover.objects.get(leaving=leader)
    # the general items, and an introduction to each other partner (from the membership)
    assert [english(i.text) for i in handover.items.all()][2:] == ["Introduce the incoming leader to Beta Trust"]
    assert handover.items.count() == 3
    page = world.client("manager").get(f"/p/{world.partnership.pk}/health/handovers/{handover.pk}/").content.decode()
    assert "Meetings are not recorded in Accord yet" in page


def test_survey_relationships_are_for_leaders_and_the_manager_only(world, fake):
    handover = _leave(world, fake)
    url = f"/p/{world.partnership.pk}/health/handovers/{handover.pk}/"
    assert "Spring 2025" in world.client("leader_a").get(url).content.decode()
    staff_page = world.client("staff_a").get(url).content.decode()
    assert "Spring 2025" not in staff_page and "Partners&#x27; board" in staff_page


def test_library_titles_show_only_to_those_who_may_open_the_item(world, fake, monkeypatch):
    handover = _leave(world, fake)
    put(monkeypatch, "library", readable_ids=lambda access: set())
    page = world.client("manager").get(f"/p/{world.partnership.pk}/health/handovers/{handover.pk}/")
    assert "Practice guide" not in page.content.decode()


def test_a_bad_item_number_is_not_an_error(world, fake):
    handover = _leave(world, fake)
    url = f"/p/{world.partnership.pk}/health/handovers/{handover.pk}/"
    for bad in ("abc", "²", "99999999999999999999999"):
        assert world.client("staff_a").post(url, {"action": "done", "item": bad}).status_code == 302
