"""The API end to end, as a partner's own software would use it: start a thread, reply, change a comment
(earlier wording kept), open proposals, answer (201, then 200 for a change), the refusals (422 with the
field, nothing saved), close, record the outcome (a governance decision, and a meeting for a date poll)
and close the thread with a summary."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accord.discussions.models import Answer, Proposal
from accord.governance import services as governance
from accord.governance.models import Decision

pytestmark = pytest.mark.django_db


def _url(world, rest: str) -> str:
    return f"/api/partnerships/{world.partnership.pk}/{rest}"


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_a_thread_and_a_consent_proposal_through_the_api(world):
    leader_a, leader_b, manager = (world.client(p) for p in ("leader_a", "leader_b", "manager"))
    started = _post(leader_a, _url(world, "threads"), {"title": "Referral data", "body": "Share **monthly**?"})
    assert started.status_code == 201
    thread = started.json()
    opening = thread["comments"][0]
    reply = _post(leader_b, _url(world, f"threads/{thread['id']}/comments"),
                  {"body": "Quarterly, @Leader A?", "parent_id": opening["id"]})
    assert reply.status_code == 201 and reply.json()["parent_id"] == opening["id"]
    assert reply.json()["mentions"] == [world.people["leader_a"].pk]
    assert leader_b.patch(_url(world, f"comments/{opening['id']}"), {"body": "Mine now"},
                          content_type="application/json").status_code == 403
    changed = leader_a.patch(_url(world, f"comments/{opening['id']}"), {"body": "Share monthly or quarterly?"},
                             content_type="application/json")
    assert changed.status_code == 200 and changed.json()["earlier_versions"] == ["Share **monthly**?"]

    closes = (timezone.localtime() + dt.timedelta(days=5)).replace(tzinfo=None).isoformat(timespec="minutes")
    past = _post(manager, _url(world, f"threads/{thread['id']}/proposals"),
                 {"kind": "consent", "title": "Share monthly", "closes_at": "2020-01-01T10:00"})
    assert past.status_code == 422 and past.json()["errors"][0]["field"] == "closes_at"
    opened = _post(manager, _url(world, f"threads/{thread['id']}/proposals"),
                   {"kind": "consent", "title": "Share monthly", "closes_at": closes})
    assert opened.status_code == 201, opened.content
    proposal = opened.json()
    assert (proposal["answered_by"], proposal["closed"], proposal["results"]["expected"]) == ("organisation", False, 2)
    answer = _url(world, f"proposals/{proposal['id']}/answer")
    refused = _post(leader_a, answer, {"stance": "block"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "reason"
    assert not Answer.objects.exists()
    assert _post(leader_a, answer, {"stance": "block", "reason": "Not yet."}).status_code == 201
    assert _post(leader_a, answer, {"stance": "agree"}).status_code == 200  # the change replaces it
    assert _post(world.client("staff_b"), answer, {"stance": "agree"}).status_code == 403
    last = _post(leader_b, answer, {"stance": "object", "reason": "Quarterly is enough."})
    assert last.status_code == 201 and last.json()["closed"]  # everyone has answered: it closed early
    late = _post(leader_b, answer, {"stance": "agree"})
    assert late.status_code == 422 and "no more answers" in late.json()["detail"]
    assert Answer.objects.get(organisation=world.org_b).stance == "object"

    assert _post(leader_b, _url(world, f"proposals/{proposal['id']}/outcome"), {"outcome": "x"}).status_code == 403
    decided = _post(manager, _url(world, f"proposals/{proposal['id']}/outcome"),
                    {"outcome": "Monthly from May; Beta's objection noted."})
    assert decided.status_code == 200 and decided.json()["decision_id"]
    decision = Decision.objects.get(pk=decided.json()["decision_id"])
    assert decision.result == "carried"
    assert {p.organisation: p.stance for p in decision.positions.all()} == {world.org_a: "agree",
                                                                            world.org_b: "object"}
    closed = _post(leader_a, _url(world, f"threads/{thread['id']}/close"), {"summary": "Monthly from May."})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert _post(leader_b, _url(world, f"threads/{thread['id']}/comments"), {"body": "Late"}).status_code == 422


def test_polls_through_the_api_a_ranked_choice_and_a_date_that_makes_a_meeting(world):
    manager, leader_a, leader_b = (world.client(p) for p in ("manager", "leader_a", "leader_b"))
    thread = _post(manager, _url(world, "threads"), {"title": "Where and when", "body": "Two polls."}).json()
    closes = (timezone.now() + dt.timedelta(days=5)).isoformat()
    ranked = _post(manager, _url(world, f"threads/{thread['id']}/proposals"), {
        "kind": "ranked", "title": "Where next?", "closes_at": closes, "options": ["Leeds", "Cardiff", "Norwich"],
        "results": "hidden"}).json()
    leeds, cardiff, norwich = (o["id"] for o in ranked["options"])
    assert _post(leader_a, _url(world, f"proposals/{ranked['id']}/answer"),
                 {"choice": [leeds, leeds]}).status_code == 422  # each option once
    _post(leader_a, _url(world, f"proposals/{ranked['id']}/answer"), {"choice": [cardiff, leeds]})
    hidden = leader_b.get(_url(world, f"proposals/{ranked['id']}")).json()
    assert hidden["results"] is None and hidden["answers"] is None and hidden["answered_count"] == 1
    assert _post(manager, _url(world, f"proposals/{ranked['id']}/close"), {}).status_code == 200
    shown = leader_b.get(_url(world, f"proposals/{ranked['id']}")).json()
    assert shown["results"]["winner"] == cardiff and shown["results"]["rounds"] == [
        {str(leeds): 0, str(cardiff): 1, str(norwich): 0}]
    outcome = _post(manager, _url(world, f"proposals/{ranked['id']}/outcome"), {"outcome": "Cardiff it is."})
    assert outcome.json()["outcome_option_id"] == cardiff

    series = governance.series_create(actor=None, partnership=world.partnership, title="Leaders",
                                      rrule="FREQ=MONTHLY;COUNT=1", starts_on=dt.date(2024, 2, 1), notify=False)
    day = timezone.now().replace(microsecond=0, second=0) + dt.timedelta(days=20)
    poll = _post(manager, _url(world, f"threads/{thread['id']}/proposals"), {
        "kind": "time", "title": "An extra meeting", "closes_at": closes, "series_id": series.pk,
        "times": [day.isoformat(), (day + dt.timedelta(days=1)).isoformat()]})
    assert poll.status_code == 201, poll.content
    first, second = (o["id"] for o in poll.json()["options"])
    _post(leader_a, _url(world, f"proposals/{poll.json()['id']}/answer"), {"choice": [first, second]})
    _post(leader_b, _url(world, f"proposals/{poll.json()['id']}/answer"), {"choice": [second]})
    made = _post(manager, _url(world, f"proposals/{poll.json()['id']}/outcome"), {"outcome": "The later date."})
    assert made.status_code == 200 and made.json()["meeting_id"]
    meeting = Proposal.objects.get(pk=poll.json()["id"]).meeting
    assert meeting.series == series and meeting.start == day + dt.timedelta(days=1)
    assert meeting.attendance.count() == 2  # the people the series expects are invited


def test_a_nul_character_is_refused_with_its_field_and_nothing_saved(world, thread):
    """PostgreSQL cannot store a NUL: the API (whose JSON may carry one, unlike a page's form) refuses it
    plainly instead of failing with a server error, on every text a discussion keeps."""
    from accord.discussions.models import Comment, Thread

    manager, leader_a = world.client("manager"), world.client("leader_a")
    closes = (timezone.now() + dt.timedelta(days=5)).isoformat()
    proposal = _post(manager, _url(world, f"threads/{thread.pk}/proposals"),
                     {"kind": "consent", "title": "Clean", "closes_at": closes}).json()
    tries = [
        (manager, "threads", {"title": "A\x00", "body": "b"}, "title"),
        (manager, "threads", {"title": "A", "body": "b\x00"}, "body"),
        (manager, f"threads/{thread.pk}/comments", {"body": "\x00"}, "body"),
        (manager, f"threads/{thread.pk}/proposals", {"kind": "consent", "title": "T\x00", "closes_at": closes},
         "title"),
        (manager, f"threads/{thread.pk}/proposals", {"kind": "consent", "title": "T", "detail": "\x00",
                                                     "closes_at": closes}, "detail"),
        (manager, f"threads/{thread.pk}/proposals", {"kind": "choice", "title": "T", "options": ["a\x00", "b"],
                                                     "closes_at": closes}, "options"),
        (leader_a, f"proposals/{proposal['id']}/answer", {"stance": "object", "reason": "\x00"}, "reason"),
        (manager, f"proposals/{proposal['id']}/outcome", {"outcome": "Done\x00"}, "outcome"),
    ]
    for client, path, body, field in tries:
        response = _post(client, _url(world, path), body)
        assert response.status_code == 422, (path, body, response.status_code)
        assert response.json()["errors"][0]["field"] == field
    assert (Thread.objects.count(), Comment.objects.count(), Proposal.objects.count(), Answer.objects.count()) == \
        (1, 1, 1, 0)
    edit = world.client("manager").patch(_url(world, f"comments/{thread.comments.get().pk}"), {"body": "\x00"},
                                         content_type="application/json")
    assert edit.status_code == 422
    other = _post(manager, _url(world, "threads"), {"title": "No proposal", "body": "b"}).json()
    closing = _post(manager, _url(world, f"threads/{other['id']}/close"), {"summary": "\x00"})
    assert closing.status_code == 422 and closing.json()["errors"][0]["field"] == "summary"
