"""The share of commitments kept on time over the last 12 months, per partner ("walks the talk")."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accord.charter import selectors, services
from accord.charter.models import Commitment

AS_OF = dt.date(2026, 6, 30)


def _c(world, org, due, status="open", done_on=None, reason=""):
    return Commitment.objects.create(partnership=world.partnership, title=f"Promise due {due}", owner=org,
                                     made_on=dt.date(2024, 1, 1), due=due, status=status, done_on=done_on,
                                     dropped_reason=reason)


def test_the_share_counts_only_commitments_kept_by_their_due_date(world):
    a, b = world.org_a, world.org_b
    _c(world, a, dt.date(2026, 3, 1), "done", dt.date(2026, 2, 20))   # kept on time
    _c(world, a, dt.date(2026, 3, 1), "done", dt.date(2026, 3, 1))    # kept, on the day
    _c(world, a, dt.date(2026, 4, 1), "done", dt.date(2026, 4, 9))    # late
    _c(world, a, dt.date(2026, 5, 1))                                 # open and overdue
    _c(world, a, dt.date(2026, 6, 1), "dropped", reason="Funding cut")  # dropped: not kept
    _c(world, a, dt.date(2025, 6, 1), "done", dt.date(2025, 5, 1))    # more than 12 months ago: not counted
    _c(world, a, dt.date(2026, 9, 1))                                 # not yet due: not counted
    _c(world, b, dt.date(2026, 1, 15), "done", dt.date(2026, 1, 10))
    s = selectors.commitments_summary(world.partnership, as_of=AS_OF)
    assert s["by_org"][a.pk] == {"due": 5, "kept_on_time": 2, "share": pytest.approx(0.4)}
    assert s["by_org"][b.pk] == {"due": 1, "kept_on_time": 1, "share": 1.0}
    assert (s["due"], s["kept_on_time"], s["open_overdue"]) == (6, 3, 1)
    assert s["share"] == pytest.approx(0.5)


def test_a_partner_with_nothing_due_has_no_share_rather_than_zero(world):
    s = selectors.commitments_summary(world.partnership, as_of=AS_OF)
    assert s["by_org"][world.org_a.pk]["share"] is None and s["share"] is None


def test_dropping_needs_a_reason_and_saves_nothing_without_one(world):
    c = _c(world, world.org_a, dt.date(2026, 3, 1))
    with pytest.raises(ValidationError, match="Say why"):
        services.commitment_set_status(actor=world.users["manager"], commitment=c, status="dropped")
    c.refresh_from_db()
    assert c.status == "open"
    services.commitment_set_status(actor=world.users["manager"], commitment=c, status="dropped",
                                   dropped_reason="The council withdrew")
    c.refresh_from_db()
    assert c.status == "dropped" and c.dropped_reason == "The council withdrew"


def test_the_share_is_shown_beside_each_partner(world):
    today = dt.date.today()
    _c(world, world.org_b, today - dt.timedelta(days=30), "done", today - dt.timedelta(days=40))
    _c(world, world.org_b, today - dt.timedelta(days=20))
    page = world.client("staff_a").get(f"/p/{world.partnership.pk}/charter/commitments/").content.decode()
    row = page.split("<td>Beta Trust</td>")[1].split("</tr>")[0]
    assert "50%" in row and "1 of 2" in row
    home = world.client("leader_a").get(f"/p/{world.partnership.pk}/").content.decode()
    assert "Walks the talk" in home and "Beta Trust: 50%" in " ".join(home.split())


def test_the_owner_organisation_can_mark_its_own_commitment_done_but_not_anothers(world):
    mine = _c(world, world.org_a, dt.date.today() + dt.timedelta(days=5))
    theirs = _c(world, world.org_b, dt.date.today() + dt.timedelta(days=5))
    url = f"/p/{world.partnership.pk}/charter/commitments/{{}}/status/"
    client = world.client("staff_a")
    client.post(url.format(mine.pk), {"status": "done", "done_on": dt.date.today().isoformat()})
    assert client.post(url.format(theirs.pk), {"status": "done"}).status_code == 403
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == "done" and mine.kept_on_time() and theirs.status == "open"
    other = _c(world, world.org_a, dt.date.today() + dt.timedelta(days=9))
    page = client.post(url.format(other.pk), {"status": "dropped", "dropped_reason": ""}).content.decode()
    assert "Say why the commitment was dropped." in page
    other.refresh_from_db()
    assert other.status == "open"


def test_open_commitments_for_a_person(world):
    c = _c(world, world.org_a, dt.date(2027, 1, 1))
    c.person = world.people["staff_a"]
    c.save()
    assert selectors.open_commitments_for(world.people["staff_a"])[0]["title"] == c.title
