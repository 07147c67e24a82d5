"""A manager records events, edits a derived event's note only, and sets the index weights; bad
input says what to fix and saves nothing."""

import datetime as dt

from accord.health.models import ChangeEvent, HealthSettings

from .conftest import save


def test_a_manager_records_a_change_on_the_page(world, fake):
    client = world.client("manager")
    url = f"/p/{world.partnership.pk}/health/events/add/"
    response = client.post(url, {"kind": "restructure", "date": "2026-02-01", "organisation": world.org_b.pk,
                                 "impact": "high", "note": "Beta merges with a neighbour."})
    assert response.status_code == 302
    event = ChangeEvent.objects.get(partnership=world.partnership)
    assert (event.kind, event.organisation, event.created_by) == ("restructure", world.org_b, world.users["manager"])
    response = client.post(url, {"kind": "restructure", "date": "", "impact": "high"})
    assert response.status_code == 200 and ChangeEvent.objects.count() == 1
    # another partnership's organisation is not offered
    response = client.post(url, {"kind": "restructure", "date": "2026-02-01", "organisation": world.other_org.pk,
                                 "impact": "high"})
    assert response.status_code == 200 and ChangeEvent.objects.count() == 1


def test_a_derived_event_keeps_its_date_but_takes_a_note(world, fake):
    leader = world.people["leader_b"]
    leader.end_date = dt.date(2026, 1, 31)
    save(leader)
    event = ChangeEvent.objects.get(partnership=world.partnership, kind="leader_left")
    url = f"/p/{world.partnership.pk}/health/events/{event.pk}/"
    response = world.client("manager").post(url, {"kind": "policy_change", "date": "2020-01-01", "impact": "low",
                                                  "note": "Retired after twelve years."})
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.kind, event.date, event.impact, event.note) == ("leader_left", dt.date(2026, 1, 31), "low",
                                                                  "Retired after twelve years.")
    # an event of another partnership is not found through this one
    assert world.client("outsider").get(f"/p/{world.other.pk}/health/events/{event.pk}/").status_code == 404


def test_weights_are_saved_and_all_zero_is_refused(world):
    client = world.client("manager")
    url = f"/p/{world.partnership.pk}/health/weights/"
    fields = ["trust", "engagement", "delivery", "commitments", "reciprocity", "stability"]
    response = client.post(url, {f"weight_{k}": 0 for k in fields})
    assert response.status_code == 200 and "At least one weight" in response.content.decode()
    assert not HealthSettings.objects.exists()
    response = client.post(url, {**{f"weight_{k}": 10 for k in fields}, "weight_trust": 50})
    assert response.status_code == 302
    assert HealthSettings.objects.get(partnership=world.partnership).weights()["trust"] == 50
