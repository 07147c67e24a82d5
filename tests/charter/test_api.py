"""The API applies the same rules and messages as the pages, because it calls the same services."""

import datetime as dt

from accord.charter.models import CharterVersion, Commitment, Signoff


def test_signing_through_the_api_until_agreed(world, draft):
    base = f"/api/partnerships/{world.partnership.pk}/charter"
    first = world.client("leader_a").post(f"{base}/versions/1/signoffs")
    assert first.status_code == 201 and first.json()["organisation"] == "Alpha Charity"
    again = world.client("leader_a").post(f"{base}/versions/1/signoffs")
    assert again.status_code == 422 and "already signed version 1" in str(again.json()["detail"])
    assert world.client("staff_b").get(base).json()["unsigned_orgs"] == ["Beta Trust"]
    assert world.client("leader_b").post(f"{base}/versions/1/signoffs").status_code == 201
    version = world.client("funder").get(f"{base}/versions/1").json()
    assert version["status"] == "agreed" and len(version["signoffs"]) == 2 and version["unsigned"] == []
    assert Signoff.objects.count() == 2


def test_a_new_version_through_the_api_starts_a_new_round(world, draft):
    base = f"/api/partnerships/{world.partnership.pk}/charter/versions"
    world.client("leader_a").post(f"{base}/1/signoffs")
    made = world.client("manager").post(base, {"mission": "A sharper mission.", "change_note": "Sharper"},
                                        content_type="application/json")
    assert made.status_code == 201 and made.json()["number"] == 2 and made.json()["status"] == "draft"
    assert made.json()["unsigned"] == ["Alpha Charity", "Beta Trust"]
    empty = world.client("manager").post(base, {"mission": "  "}, content_type="application/json")
    assert empty.status_code == 422 and "Write the mission" in str(empty.json()["detail"])
    assert CharterVersion.objects.count() == 2


def test_commitment_status_through_the_api_needs_a_reason_to_drop(world):
    c = Commitment.objects.create(partnership=world.partnership, title="Share data", owner=world.org_b,
                                  made_on=dt.date(2025, 1, 1), due=dt.date(2026, 1, 1))
    url = f"/api/partnerships/{world.partnership.pk}/commitments/{c.pk}"
    client = world.client("leader_b")
    refused = client.patch(url, {"status": "dropped"}, content_type="application/json")
    assert refused.status_code == 422 and "Say why" in str(refused.json()["detail"])
    assert world.client("staff_a").patch(url, {"status": "done"}, content_type="application/json").status_code == 403
    done = client.patch(url, {"status": "done", "done_on": "2025-12-20"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "done"
    summary = client.get(f"/api/partnerships/{world.partnership.pk}/commitments/summary").json()
    assert summary["by_org"][str(world.org_b.pk)]["kept_on_time"] == 1
