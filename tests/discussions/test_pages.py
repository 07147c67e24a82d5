"""The pages, end to end: start a discussion, comment, reply, change a comment (history shown), close it; open
each kind of proposal, answer it on its page, refusals with a plain message, and the outcome."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accord.discussions.models import Answer, Comment, Proposal, Thread
from accord.governance import services as governance

from .conftest import answer, open_proposal


def test_start_comment_reply_change_and_close_a_discussion(world):
    p = world.partnership.pk
    client = world.client("leader_a")
    response = client.post(f"/p/{p}/discussions/new/", {"title": "Referral pathway", "body": "Is the *new* pathway "
                                                        "working?<script>alert(1)</script>", "audience": "partnership"})
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "<em>new</em>" in page and "<script>alert" not in page
    first = thread.comments.get()
    world.client("leader_b").post(thread.get_absolute_url(), {"body": "Yes, mostly.", "parent": first.pk})
    reply = Comment.objects.get(parent=first)
    assert reply.thread == thread
    client.post(f"/p/{p}/discussions/comments/{first.pk}/edit/", {"body": "Is the pathway working for you?"})
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Earlier wording (1)" in page and "working for you?" in page
    # only the author changes a comment
    assert world.client("leader_b").get(f"/p/{p}/discussions/comments/{first.pk}/edit/").status_code == 403
    client.post(f"/p/{p}/discussions/{thread.pk}/close/", {"summary": "It works; review in June."})
    thread.refresh_from_db()
    assert thread.is_closed
    assert world.client("leader_b").post(thread.get_absolute_url(), {"body": "Late"}).status_code == 403
    assert thread.comments.count() == 2


def test_bad_input_on_the_new_discussion_page_is_explained(world):
    p = world.partnership.pk
    response = world.client("leader_a").post(f"/p/{p}/discussions/new/", {
        "title": "", "body": "x", "audience": "organisations", "meeting": "99999999999999999999"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Thread.objects.exists()


@pytest.mark.parametrize("kind,extra,answer_data", [
    ("consent", {}, {"stance": "agree"}),
    ("agree_disagree", {}, {"stance": "disagree", "reason": "Too soon."}),
    ("choice", {"options": "Monthly\nQuarterly"}, {"choice": "first"}),
    ("ranked", {"options": "Leeds\nCardiff\nNorwich"}, {"rank_0": "second", "rank_1": "first"}),
    ("score", {"options": "Leeds\nCardiff", "score_max": 5}, {"score_first": 4, "score_second": 2}),
    ("time", {}, {"choice": ["first", "second"]}),
])
def test_each_kind_is_opened_and_answered_on_its_page(world, thread, kind, extra, answer_data):
    p = world.partnership.pk
    closes = (timezone.localtime() + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    data = {"kind": kind, "title": "Where next?", "closes_at": closes, "answered_by": "organisation",
            "results": "live", **extra}
    if kind == "time":
        series = governance.series_create(actor=None, partnership=world.partnership, title="Leaders",
                                          rrule="FREQ=MONTHLY;COUNT=1", starts_on=dt.date(2024, 2, 1), notify=False)
        day = timezone.localdate() + dt.timedelta(days=20)
        data.update(series=series.pk, times=f"{day} 10:00\n{day + dt.timedelta(days=1)} 14:00")
    response = world.client("manager").post(f"/p/{p}/discussions/{thread.pk}/proposals/new/", data)
    proposal = Proposal.objects.get()
    assert response.status_code == 302, response.content.decode()[:2000]
    ids = [str(o.pk) for o in proposal.options.all()]
    filled = {}
    for key, value in answer_data.items():
        def real(v):
            return {"first": ids[0] if ids else v, "second": ids[1] if len(ids) > 1 else v}.get(v, v)
        key = key.replace("first", ids[0]).replace("second", ids[1]) if key.startswith("score_") else key
        filled[key] = [real(v) for v in value] if isinstance(value, list) else real(value)
    client = world.client("leader_a")
    assert "Send the answer" in client.get(proposal.get_absolute_url()).content.decode()
    response = client.post(proposal.get_absolute_url(), filled)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Answer.objects.get().organisation == world.org_a


def test_the_page_refuses_an_answer_after_the_close_and_saves_nothing(world, thread):
    proposal = open_proposal(world, thread)
    Proposal.objects.filter(pk=proposal.pk).update(closed_at=timezone.now())
    response = world.client("leader_a").post(proposal.get_absolute_url(), {"stance": "agree"}, follow=True)
    assert "takes no more answers" in response.content.decode()
    assert not Answer.objects.exists()


def test_a_consent_objection_without_a_reason_is_explained_on_the_page(world, thread):
    proposal = open_proposal(world, thread)
    response = world.client("leader_a").post(proposal.get_absolute_url(), {"stance": "block", "reason": ""})
    assert response.status_code == 200 and "Say why you block" in response.content.decode()
    assert not Answer.objects.exists()


def test_the_outcome_is_recorded_from_the_page(world, thread):
    proposal = open_proposal(world, thread)
    answer(world, proposal, "leader_a", stance="agree")
    client = world.client("manager")
    client.post(f"/p/{world.partnership.pk}/discussions/proposals/{proposal.pk}/outcome/",
                {"outcome": "Agreed: we start in May."})
    proposal.refresh_from_db()
    assert proposal.decided and proposal.decision.result == "carried"
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Agreed: we start in May." in page and "Recorded in the decisions record" in page


def test_the_home_page_lists_what_waits_for_an_answer(world, thread):
    proposal = open_proposal(world, thread)
    page = world.client("leader_b").get(f"/p/{world.partnership.pk}/discussions/").content.decode()
    assert "Waiting for your answer" in page and proposal.title in page


def test_a_senior_leader_names_a_delegate_who_may_then_answer(world, thread):
    p = world.partnership.pk
    world.client("leader_b").post(f"/p/{p}/discussions/delegates/", {"organisation": world.org_b.pk,
                                                                     "person": world.people["staff_b"].pk})
    proposal = open_proposal(world, thread)
    answer(world, proposal, "staff_b", stance="abstain")
    assert Answer.objects.get().organisation == world.org_b
    # a leader cannot name another organisation's delegate
    response = world.client("leader_b").post(f"/p/{p}/discussions/delegates/", {"organisation": world.org_a.pk,
                                                                                "person": world.people["staff_a"].pk})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()


def test_the_delegates_page_of_a_large_partnership_is_counted_searched_and_paged(world, settings):
    settings.ACCORD_PAGE_SIZE = 1
    url = f"/p/{world.partnership.pk}/discussions/delegates/"
    html = world.client("manager").get(url).content.decode()
    assert "2 member organisations: 0 named a delegate; 0 have no senior leader recorded." in html
    assert "Alpha Charity" in html and "Beta Trust" not in html.split('id="who-answers"')[1].split("</table>")[0]
    found = world.client("manager").get(url, {"q": "beta"}).content.decode()
    table = found.split('id="who-answers"')[1].split("</table>")[0]
    assert "Beta Trust" in table and "Alpha Charity" not in table and "Leader B" in table
