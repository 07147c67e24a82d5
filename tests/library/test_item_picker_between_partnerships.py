"""The library item picker (a new discussion's "about a library item") suggests only the items of
this partnership that the person may open: a person in two partnerships that share their organisation is never offered the
other partnership's items, and each partnership's picker offers its own."""

import datetime as dt

from accord.library.models import KnowledgeItem, SharingTerms
from accord.partners.models import Membership, Partnership, Role


def _item(partnership, org, title):
    item = KnowledgeItem.objects.create(partnership=partnership, owner_org=org, kind="note", title=title, body="x")
    SharingTerms.objects.create(item=item, uses=["read"])
    return item


def test_a_person_of_two_partnerships_is_offered_only_the_items_of_the_one_they_pick_in(world):
    b = Partnership.objects.create(name="Partnership B", purpose="Another.", start_date=dt.date(2024, 1, 1))
    Membership.objects.create(partnership=b, organisation=world.org_a, joined=dt.date(2024, 1, 1))
    Role.objects.create(partnership=b, user=world.users["leader_a"], role=Role.LEADER, organisation=world.org_a)
    mine = _item(world.partnership, world.org_a, "Shared guide for A")
    theirs = _item(b, world.org_a, "Shared guide for B")
    client = world.client("leader_a")

    in_a = client.get(f"/p/{world.partnership.pk}/library/pick/items/", {"q": "shared guide"}).json()["results"]
    in_b = client.get(f"/p/{b.pk}/library/pick/items/", {"q": "shared guide"}).json()["results"]

    assert in_a == [{"id": mine.pk, "label": mine.title}]
    assert in_b == [{"id": theirs.pk, "label": theirs.title}]
    # someone of A alone does not reach B's picker at all
    assert world.client("staff_b").get(f"/p/{b.pk}/library/pick/items/", {"q": "guide"}).status_code == 404
