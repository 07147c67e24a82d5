"""Threads: what a thread is about (a meeting, goal, area or library item of its own partnership only),
replies kept one level deep whichever way they are posted, mentions that tell exactly the people named,
and writing that stops when someone's role no longer lets them write."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from accord.charter.models import Goal
from accord.delivery.models import Area
from accord.discussions import services
from accord.discussions.models import Comment, Thread
from accord.governance import services as governance
from accord.library import services as library
from accord.notices.models import Notice
from accord.partners.models import Person, Role

from .conftest import access_of

pytestmark = pytest.mark.django_db


def _goal(partnership) -> Goal:
    return Goal.objects.create(partnership=partnership, title="Referrals answered in a week", metric="share",
                               unit="%", target=90, target_date=dt.date(2027, 3, 31))


def _meeting(partnership):
    series = governance.series_create(actor=None, partnership=partnership, title="Leaders",
                                      rrule="FREQ=MONTHLY;COUNT=1", starts_on=dt.date(2024, 2, 1), notify=False)
    return series.meetings.get()


def _item(world, partnership=None, persona="leader_a", **terms):
    access = access_of(world, persona, partnership)
    terms = {"audience": "partnership", "named_orgs": [], "include_funders": False, "uses": ["learning"],
             "onward_sharing": False, "attribution": "© Alpha Charity", "expires_on": None, **terms}
    return library.item_create(actor=world.users[persona], access=access, kind="note", title="Alpha's risk checklist",
                               body="Ask about risk first.", terms=terms)


def test_a_thread_is_about_a_meeting_a_goal_an_area_or_a_library_item_from_the_page_and_the_api(world):
    p = world.partnership
    meeting, goal = _meeting(p), _goal(p)
    area = Area.objects.create(partnership=p, name="North ward")
    item = _item(world)
    client = world.client("leader_a")
    response = client.post(f"/p/{p.pk}/discussions/new/", {
        "title": "The North ward pilot", "body": "How is it going?", "audience": "partnership",
        "meeting": meeting.pk, "goal": goal.pk, "area": area.pk, "library_item": item.pk})
    assert response.status_code == 302
    thread = Thread.objects.get()
    assert (thread.meeting, thread.goal, thread.area, thread.library_item) == (meeting, goal, area, item)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Referrals answered in a week" in page and "North ward" in page and "Alpha&#x27;s risk checklist" in page
    api = client.post(f"/api/partnerships/{p.pk}/threads", {
        "title": "About the goal", "body": "Are we on track?", "goal_id": goal.pk, "area_id": area.pk,
        "meeting_id": meeting.pk, "library_item_id": item.pk}, content_type="application/json")
    assert api.status_code == 201, api.content
    assert (api.json()["goal_id"], api.json()["area_id"], api.json()["meeting_id"], api.json()["library_item_id"]) \
        == (goal.pk, area.pk, meeting.pk, item.pk)


@pytest.mark.parametrize("field", ["meeting_id", "goal_id", "area_id", "library_item_id"])
def test_another_partnerships_meeting_goal_area_or_item_is_not_found(world, field):
    from accord.partners.models import Membership

    other = world.other
    # leader_a is in the other partnership too (org A a member there), so the item is one they could share
    Membership.objects.create(partnership=other, organisation=world.org_a, joined=dt.date(2024, 1, 1))
    Role.objects.create(partnership=other, user=world.users["leader_a"], role=Role.LEADER, organisation=world.org_a)
    Person.objects.create(partnership=other, organisation=world.org_a, name="Leader A", seniority="senior_leader",
                          start_date=dt.date(2024, 1, 1), user=world.users["leader_a"])
    theirs = {"meeting_id": lambda: _meeting(other).pk, "goal_id": lambda: _goal(other).pk,
              "area_id": lambda: Area.objects.create(partnership=other, name="South ward").pk,
              "library_item_id": lambda: _item(world, other).pk}[field]()
    response = world.client("leader_a").post(f"/api/partnerships/{world.partnership.pk}/threads",
                                             {"title": "t", "body": "b", field: theirs},
                                             content_type="application/json")
    unknown = world.client("leader_a").post(f"/api/partnerships/{world.partnership.pk}/threads",
                                            {"title": "t", "body": "b", field: 987654321},
                                            content_type="application/json")
    assert response.status_code == 422 and response.json() == unknown.json()
    assert response.json()["errors"][0]["field"] == field
    page = world.client("leader_a").post(f"/p/{world.partnership.pk}/discussions/new/", {
        "title": "t", "body": "b", "audience": "partnership", field.removesuffix("_id"): theirs})
    assert page.status_code == 200 and "There is a problem" in page.content.decode()
    assert not Thread.objects.exists()


def test_a_library_item_someone_may_not_open_is_neither_linked_by_them_nor_named_to_them(world):
    from accord.partners.models import Membership, Organisation

    org_c = Organisation.objects.create(name="Charlie Housing", kind="charity")
    Membership.objects.create(partnership=world.partnership, organisation=org_c, joined=dt.date(2024, 1, 1))
    item = _item(world, audience="named", named_orgs=[org_c.pk])  # Alpha (its owner) and Charlie read it
    refused = world.client("leader_b").post(f"/api/partnerships/{world.partnership.pk}/threads",
                                            {"title": "t", "body": "b", "library_item_id": item.pk},
                                            content_type="application/json")
    assert refused.status_code == 422
    thread = services.thread_start(actor=world.users["leader_a"], access=access_of(world, "leader_a"),
                                   title="About the checklist", body="Thoughts?", library_item_id=item.pk)
    assert "risk checklist" in world.client("staff_a").get(thread.get_absolute_url()).content.decode()
    assert "risk checklist" not in world.client("leader_b").get(thread.get_absolute_url()).content.decode()


def test_a_funder_who_may_see_a_thread_is_not_shown_the_meeting_it_is_about(world):
    meeting = _meeting(world.partnership)
    thread = services.thread_start(actor=world.users["manager"], access=access_of(world, "manager"), title="Budget",
                                   body="Figures.", funders_see=True, meeting_id=meeting.pk)
    assert meeting.get_absolute_url() in world.client("leader_b").get(thread.get_absolute_url()).content.decode()
    page = world.client("funder").get(thread.get_absolute_url())
    assert page.status_code == 200 and meeting.get_absolute_url() not in page.content.decode()


def test_a_reply_to_a_reply_joins_the_first_comment_and_shows_on_the_page(world, thread):
    """Replies are one level deep: a reply posted to a reply (the API allows any parent) is kept under the
    comment it answers, never hidden from the page."""
    url = f"/api/partnerships/{world.partnership.pk}/threads/{thread.pk}/comments"
    client = world.client("leader_b")
    first = thread.comments.get()
    reply = client.post(url, {"body": "A reply.", "parent_id": first.pk}, content_type="application/json").json()
    deeper = client.post(url, {"body": "A reply to the reply.", "parent_id": reply["id"]},
                         content_type="application/json")
    assert deeper.status_code == 201 and deeper.json()["parent_id"] == first.pk
    world.client("leader_a").post(thread.get_absolute_url(), {"body": "From the page.", "parent": reply["id"]})
    assert Comment.objects.get(body="From the page.").parent == first
    page = world.client("leader_a").get(thread.get_absolute_url()).content.decode()
    assert "A reply to the reply." in page and "From the page." in page


def test_a_mention_tells_the_person_named_and_not_someone_whose_name_begins_the_same(world, thread):
    Person.objects.create(partnership=world.partnership, organisation=world.org_b, name="Leader Ab", seniority="staff",
                          start_date=dt.date(2024, 1, 1), email="ab@example.org")
    services.comment_add(actor=world.users["manager"], access=access_of(world, "manager"), thread=thread,
                         body="Over to @Leader Ab, then to @leader b.")
    told = sorted(n.person.name for n in Notice.objects.filter(kind="discussions.mentioned"))
    assert told == ["Leader Ab", "Leader B"]


def test_a_mention_added_by_changing_a_comment_tells_only_the_newly_named(world, thread):
    comment = services.comment_add(actor=world.users["leader_a"], access=access_of(world, "leader_a"), thread=thread,
                                   body="What does @Leader B think?")
    services.comment_edit(actor=world.users["leader_a"], access=access_of(world, "leader_a"), comment=comment,
                          body="What do @Leader B and @Staff B think?")
    told = [n.person for n in Notice.objects.filter(kind="discussions.mentioned").order_by("pk")]
    assert told == [world.people["leader_b"], world.people["staff_b"]]
    api = world.client("leader_a").get(f"/api/partnerships/{world.partnership.pk}/threads/{thread.pk}").json()
    mine = next(c for c in api["comments"] if c["id"] == comment.pk)
    assert mine["earlier_versions"] == ["What does @Leader B think?"] and mine["edited_at"]


def test_someone_whose_role_no_longer_lets_them_write_cannot_change_or_close_what_they_wrote(world):
    thread = services.thread_start(actor=world.users["leader_a"], access=access_of(world, "leader_a"), title="T",
                                   body="Mine.", funders_see=True)
    comment = thread.comments.get()
    Role.objects.filter(user=world.users["leader_a"], partnership=world.partnership).update(role=Role.FUNDER)
    client = world.client("leader_a")
    assert "Close it with this summary" not in client.get(thread.get_absolute_url()).content.decode()
    assert client.get(f"/p/{world.partnership.pk}/discussions/comments/{comment.pk}/edit/").status_code == 403
    assert client.post(f"/p/{world.partnership.pk}/discussions/comments/{comment.pk}/edit/",
                       {"body": "Changed."}).status_code == 403
    client.post(f"/p/{world.partnership.pk}/discussions/{thread.pk}/close/", {"summary": "Closed."})
    with pytest.raises(PermissionDenied):
        services.thread_close(actor=world.users["leader_a"], access=access_of(world, "leader_a"), thread=thread,
                              summary="Closed.")
    comment.refresh_from_db()
    thread.refresh_from_db()
    assert (comment.body, thread.status) == ("Mine.", "open")


def test_what_partners_write_is_markdown_cleaned_of_anything_unsafe_wherever_it_shows(world, thread):
    from accord.discussions.models import Proposal

    from .conftest import open_proposal

    unsafe = "**bold** <script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>"
    proposal = open_proposal(world, thread, detail=unsafe)
    services.proposal_decide(actor=world.users["manager"], access=access_of(world, "manager"), proposal=proposal,
                             outcome=unsafe)
    services.thread_close(actor=world.users["manager"], access=access_of(world, "manager"), thread=thread,
                          summary=unsafe)
    assert Proposal.objects.get().outcome == unsafe  # kept as written; cleaned when shown
    for url in (thread.get_absolute_url(), proposal.get_absolute_url()):
        page = world.client("leader_b").get(url).content.decode()
        assert "<strong>bold</strong>" in page
        assert "<script>alert" not in page and "javascript:alert" not in page and "onerror" not in page
