"""Search finds only what the user may open (PostgreSQL full-text search or a simpler match on
SQLite: the suite runs on both), and the reciprocity selector counts sharing and opening per pair."""

import pytest
from django.db import connection

from accord.library import selectors, services
from accord.partners.models import Membership, Organisation

from .conftest import access_of, share


@pytest.fixture
def shelf(world):
    return {
        "risk": share(world, title="Assessing risk at first contact", summary="A checklist for call handlers.",
                      body="Ask about coercive control and weapons.", tags="risk, triage"),
        "hidden": share(world, title="Risk register for Charlie", audience="named", named=[_org_c(world).pk],
                        body="Coercive control cases by area.", tags="risk"),
        "children": share(world, title="Working with schools", summary="Safeguarding children in education.",
                          body="Operation Encompass notes.", tags="children"),
    }


def _org_c(world):
    org = Organisation.objects.create(name="Charlie Council", kind="public_body")
    Membership.objects.create(partnership=world.partnership, organisation=org, joined=world.partnership.start_date)
    return org


def _titles(world, persona, q):
    return {i.title for i in selectors.search(access_of(world, persona), q)}


def test_search_matches_titles_summaries_notes_and_tags(world, shelf):
    assert _titles(world, "staff_b", "checklist") == {shelf["risk"].title}  # summary
    assert _titles(world, "staff_b", "coercive") == {shelf["risk"].title}  # note; the hidden one is left out
    assert _titles(world, "staff_b", "triage") == {shelf["risk"].title}  # tag
    assert _titles(world, "staff_b", "schools") == {shelf["children"].title}  # title
    assert _titles(world, "staff_b", "zebra") == set()


def test_search_never_shows_what_the_user_may_not_open(world, shelf):
    assert _titles(world, "staff_a", "coercive") == {shelf["risk"].title, shelf["hidden"].title}
    assert _titles(world, "staff_b", "risk") == {shelf["risk"].title}
    assert _titles(world, "funder", "risk") == set()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming is PostgreSQL full-text search")
def test_postgres_search_stems_words(world, shelf):
    assert _titles(world, "staff_b", "assess") == {shelf["risk"].title}  # "Assessing"


def test_search_through_the_page_and_the_api(world, shelf):
    page = world.client("staff_b").get(f"/p/{world.partnership.pk}/library/?q=coercive").content.decode()
    assert shelf["risk"].title in page and shelf["hidden"].title not in page
    api = world.client("staff_b").get(f"/api/partnerships/{world.partnership.pk}/library/items?q=schools").json()
    assert [i["title"] for i in api] == [shelf["children"].title]


def test_reciprocity_counts_items_shared_and_opened_for_each_pair(world):
    a, b = world.org_a.pk, world.org_b.pk
    note_a = share(world, "staff_a", title="From A")
    share(world, "staff_a", title="Second from A", tags="x")
    share(world, "staff_b", title="From B")
    for _ in range(3):
        services.record_view(actor=world.users["staff_b"], access=access_of(world, "staff_b"), item=note_a)
    services.record_download(actor=world.users["leader_b"], access=access_of(world, "leader_b"), item=note_a)
    services.record_view(actor=world.users["staff_a"], access=access_of(world, "staff_a"), item=note_a)  # own: not a pair
    rows = {(r["owner_org_id"], r["reader_org_id"]): r for r in selectors.reciprocity(world.partnership)}
    assert set(rows) == {(a, b), (b, a)}
    assert rows[(a, b)] == {"owner_org_id": a, "reader_org_id": b, "items_shared": 2, "opens": 4}
    assert rows[(b, a)] == {"owner_org_id": b, "reader_org_id": a, "items_shared": 1, "opens": 0}


def test_reciprocity_leaves_out_withdrawn_and_counts_grants(world):
    org_c = _org_c(world)
    item = share(world, title="For C", audience="named", named=[org_c.pk])
    rows = {(r["owner_org_id"], r["reader_org_id"]): r["items_shared"] for r in selectors.reciprocity(world.partnership)}
    assert rows[(world.org_a.pk, org_c.pk)] == 1 and rows[(world.org_a.pk, world.org_b.pk)] == 0
    req = services.request_create(actor=world.users["staff_b"], access=access_of(world, "staff_b"), item=item,
                                  reason="Same work")
    services.request_decide(actor=world.users["staff_a"], access=access_of(world, "staff_a"), request=req, grant=True)
    rows = {(r["owner_org_id"], r["reader_org_id"]): r["items_shared"] for r in selectors.reciprocity(world.partnership)}
    assert rows[(world.org_a.pk, world.org_b.pk)] == 1
    services.item_withdraw(actor=world.users["staff_a"], access=access_of(world, "staff_a"), item=item)
    rows = {(r["owner_org_id"], r["reader_org_id"]): r["items_shared"] for r in selectors.reciprocity(world.partnership)}
    assert rows[(world.org_a.pk, org_c.pk)] == 0


def test_the_front_page_shows_the_matrix_to_partners(world):
    share(world, "staff_b", title="From B")
    page = world.client("leader_a").get(f"/p/{world.partnership.pk}/library/").content.decode()
    assert "Who shares with whom" in page and "1 item · 0 opens" in page
    assert "Who shares with whom" not in world.client("funder").get(f"/p/{world.partnership.pk}/library/").content.decode()


def test_items_owned_by_lists_what_a_person_authored(world):
    item = share(world, "leader_a", title="Board paper")
    mine = [{"id": item.pk, "title": "Board paper", "url": item.get_absolute_url()}]
    assert selectors.items_owned_by(world.people["leader_a"]) == mine
    assert selectors.items_owned_by(world.people["leader_a"], partnership=world.partnership) == mine
    assert selectors.items_owned_by(world.people["leader_a"], partnership=world.other) == []
    assert selectors.items_owned_by(world.people["staff_b"]) == []
