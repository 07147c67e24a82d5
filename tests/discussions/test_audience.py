"""Who sees a thread and who answers its proposals, for every role, across two partnerships that share an
organisation (Alpha Charity) and a person (leader_a, recorded in each)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from accord.discussions import services
from accord.discussions.models import Answer
from accord.notices.models import Notice
from accord.partners.models import Membership, Partnership, Person, Role

from .conftest import access_of, answer, open_proposal

PERSONAS = ["manager", "leader_a", "staff_a", "leader_b", "staff_b", "funder", "outsider", "anonymous"]


@pytest.fixture
def threads(world):
    manager, access = world.users["manager"], access_of(world, "manager")
    everyone = services.thread_start(actor=manager, access=access, title="For everyone", body="Hello all.")
    alpha = services.thread_start(actor=manager, access=access, title="Alpha only", body="Alpha's matter.",
                                  audience="organisations", organisation_ids=[world.org_a.pk])
    funders = services.thread_start(actor=manager, access=access, title="Funders welcome", body="Budget.",
                                    funders_see=True)
    return {"everyone": everyone, "alpha": alpha, "funders": funders}


@pytest.fixture
def shared(world):
    """A second partnership with Alpha Charity in it, where leader_a is recorded again (another Person)."""
    s = Partnership.objects.create(name="Shared partnership", purpose="Another joint purpose.",
                                   start_date=dt.date(2024, 1, 1))
    Membership.objects.create(partnership=s, organisation=world.org_a, joined=dt.date(2024, 1, 1))
    Role.objects.create(partnership=s, user=world.users["leader_a"], role=Role.LEADER, organisation=world.org_a)
    Role.objects.create(partnership=s, user=world.users["outsider"], role=Role.MANAGER, organisation=world.org_a)
    again = Person.objects.create(partnership=s, organisation=world.org_a, name="Leader A", seniority="senior_leader",
                                  start_date=dt.date(2024, 1, 1), user=world.users["leader_a"])
    return s, again


SEES = {
    "everyone": {"manager", "leader_a", "staff_a", "leader_b", "staff_b"},
    "alpha": {"manager", "leader_a", "staff_a"},
    "funders": {"manager", "leader_a", "staff_a", "leader_b", "staff_b", "funder"},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_role_sees_exactly_the_threads_and_proposals_meant_for_it(world, threads, persona):
    proposals = {key: open_proposal(world, thread) for key, thread in threads.items()}
    client = world.client(persona)
    listed = client.get(f"/api/partnerships/{world.partnership.pk}/threads")
    listed_proposals = client.get(f"/api/partnerships/{world.partnership.pk}/proposals")
    home = client.get(f"/p/{world.partnership.pk}/discussions/")
    for key, thread in threads.items():
        proposal = proposals[key]
        page = client.get(thread.get_absolute_url())
        api = client.get(f"/api/partnerships/{world.partnership.pk}/threads/{thread.pk}")
        proposal_page = client.get(proposal.get_absolute_url())
        proposal_api = client.get(f"/api/partnerships/{world.partnership.pk}/proposals/{proposal.pk}")
        if persona == "anonymous":
            assert page.status_code == proposal_page.status_code == 302
            assert api.status_code == proposal_api.status_code == 401
        elif persona in SEES[key]:
            assert page.status_code == api.status_code == 200, (persona, key)
            assert proposal_page.status_code == proposal_api.status_code == 200, (persona, key)
            assert thread.pk in {t["id"] for t in listed.json()}
            assert proposal.pk in {p["id"] for p in listed_proposals.json()}
            assert thread.title in home.content.decode()
        else:
            assert page.status_code == api.status_code == 404, (persona, key)
            assert proposal_page.status_code == proposal_api.status_code == 404, (persona, key)
            assert listed.status_code == 404 or thread.pk not in {t["id"] for t in listed.json()}
            assert listed_proposals.status_code == 404 or proposal.pk not in {p["id"] for p in listed_proposals.json()}
            assert home.status_code == 404 or thread.title not in home.content.decode()


@pytest.mark.parametrize("persona", ["manager", "leader_a", "staff_a", "leader_b", "staff_b", "funder"])
def test_only_senior_leaders_or_delegates_answer_and_only_the_partners_write(world, threads, persona):
    proposal = open_proposal(world, threads["funders"])
    response = world.client(persona).post(
        f"/api/partnerships/{world.partnership.pk}/proposals/{proposal.pk}/answer", {"stance": "agree"},
        content_type="application/json")
    assert response.status_code == (201 if persona in ("leader_a", "leader_b") else 403), response.content
    assert Answer.objects.count() == (1 if persona in ("leader_a", "leader_b") else 0)
    comment = world.client(persona).post(
        f"/api/partnerships/{world.partnership.pk}/threads/{threads['funders'].pk}/comments", {"body": "Hi"},
        content_type="application/json")
    assert comment.status_code == (403 if persona == "funder" else 201)


def test_a_funder_sees_totals_but_not_each_partners_answer(world, threads):
    proposal = open_proposal(world, threads["funders"])
    answer(world, proposal, "leader_a", stance="object", reason="Costs too much.")
    api = world.client("funder").get(f"/api/partnerships/{world.partnership.pk}/proposals/{proposal.pk}").json()
    assert api["results"]["counts"]["object"] == 1 and api["answers"] is None
    page = world.client("funder").get(proposal.get_absolute_url()).content.decode()
    assert "Costs too much." not in page
    assert "Costs too much." in world.client("leader_b").get(proposal.get_absolute_url()).content.decode()


def test_another_partnerships_threads_are_not_found_even_for_someone_in_both(world, threads, shared):
    s, _ = shared
    thread = threads["everyone"]
    for persona in ("leader_a", "outsider"):
        client = world.client(persona)
        assert client.get(f"/p/{s.pk}/discussions/{thread.pk}/").status_code == 404
        assert client.get(f"/api/partnerships/{s.pk}/threads/{thread.pk}").status_code == 404
        assert client.get(f"/api/partnerships/{s.pk}/threads").json() == []
    assert world.client("outsider").get(thread.get_absolute_url()).status_code == 404


def test_the_same_person_answers_for_alpha_in_each_partnership_separately(world, threads, shared):
    s, again = shared
    ours = open_proposal(world, threads["everyone"])
    s_thread = services.thread_start(actor=world.users["outsider"], access=access_of(world, "outsider", s),
                                     title="Their matter", body="Theirs.")
    theirs = open_proposal(world, s_thread, persona="outsider")
    answer(world, ours, "leader_a", stance="agree")
    services.answer_give(actor=world.users["leader_a"], access=access_of(world, "leader_a", s), proposal=theirs,
                         stance="block", reason="Not for us.")
    assert Answer.objects.get(proposal=ours).given_by == world.people["leader_a"]
    assert Answer.objects.get(proposal=theirs).given_by == again
    # an access of one partnership cannot answer the other's proposal
    with pytest.raises(PermissionDenied):
        services.answer_give(actor=world.users["leader_a"], access=access_of(world, "leader_a", s), proposal=ours,
                             stance="block", reason="Wrong door.")
    assert Answer.objects.get(proposal=ours).stance == "agree"


def test_a_mention_notifies_only_this_partnerships_record_of_the_person(world, threads, shared):
    _, again = shared
    services.comment_add(actor=world.users["manager"], access=access_of(world, "manager"),
                         thread=threads["everyone"], body="Over to you, @Leader A.")
    mentioned = Notice.objects.filter(kind="discussions.mentioned")
    assert [n.person for n in mentioned] == [world.people["leader_a"]]
    assert not Notice.objects.filter(person=again).exists()


def test_a_mention_of_someone_outside_the_threads_audience_tells_nobody(world, threads):
    services.comment_add(actor=world.users["manager"], access=access_of(world, "manager"), thread=threads["alpha"],
                         body="Should @Leader B hear about this?")
    assert not Notice.objects.filter(kind="discussions.mentioned").exists()


def test_what_needs_me_lists_a_proposal_until_the_organisation_answers(world, threads):
    from accord.core.registry import TODO_SOURCES

    proposal = open_proposal(world, threads["everyone"])
    collect = TODO_SOURCES["discussions"].collect
    assert [t.url for t in collect(world.users["leader_b"], access_of(world, "leader_b"))] == \
        [proposal.get_absolute_url()]
    assert collect(world.users["staff_b"], access_of(world, "staff_b")) == []
    answer(world, proposal, "leader_b", stance="agree")
    assert collect(world.users["leader_b"], access_of(world, "leader_b")) == []


def test_another_partnerships_proposals_are_not_found_on_any_page_or_endpoint(world, threads, shared):
    """leader_a (recorded in both) and the other partnership's manager, asking through the partnership they
    share an organisation with, get exactly what an unknown id gets, and nothing is saved."""
    s, _ = shared
    ours = open_proposal(world, threads["everyone"])
    comment = threads["everyone"].comments.first()
    tried = {
        "page": ("get", f"/p/{s.pk}/discussions/proposals/{{}}/", None),
        "answer on the page": ("post", f"/p/{s.pk}/discussions/proposals/{{}}/", {"stance": "agree"}),
        "close on the page": ("post", f"/p/{s.pk}/discussions/proposals/{{}}/close/", {}),
        "outcome on the page": ("post", f"/p/{s.pk}/discussions/proposals/{{}}/outcome/", {"outcome": "x"}),
        "api": ("get", f"/api/partnerships/{s.pk}/proposals/{{}}", None),
        "answer": ("post", f"/api/partnerships/{s.pk}/proposals/{{}}/answer", {"stance": "agree"}),
        "close": ("post", f"/api/partnerships/{s.pk}/proposals/{{}}/close", {}),
        "outcome": ("post", f"/api/partnerships/{s.pk}/proposals/{{}}/outcome", {"outcome": "x"}),
    }
    for persona in ("leader_a", "outsider"):
        client = world.client(persona)
        for what, (method, url, data) in tried.items():
            api = url.startswith("/api/")
            kw = {"content_type": "application/json"} if api and data is not None else {}
            args = (data,) if data is not None else ()
            found = getattr(client, method)(url.format(ours.pk), *args, **kw)
            unknown = getattr(client, method)(url.format(987654321), *args, **kw)
            assert found.status_code == unknown.status_code == 404, (persona, what, found.status_code)
        assert client.get(f"/api/partnerships/{s.pk}/proposals").json() == []
        assert client.patch(f"/api/partnerships/{s.pk}/comments/{comment.pk}", {"body": "x"},
                            content_type="application/json").status_code == 404
        assert client.post(f"/api/partnerships/{s.pk}/threads/{threads['everyone'].pk}/comments", {"body": "x"},
                           content_type="application/json").status_code == 404
    ours.refresh_from_db()
    assert not Answer.objects.exists() and ours.closed_at is None and not ours.decided
    assert threads["everyone"].comments.count() == 1


def test_what_needs_me_asks_the_author_for_the_outcome_once_the_proposal_closes(world, threads):
    from accord.core.registry import TODO_SOURCES

    collect = TODO_SOURCES["discussions"].collect
    proposal = open_proposal(world, threads["everyone"], persona="leader_a")
    assert [t.kind for t in collect(world.users["leader_a"], access_of(world, "leader_a"))] == ["discussions.answer"]
    services.proposal_close(actor=world.users["leader_a"], access=access_of(world, "leader_a"), proposal=proposal)
    owed = collect(world.users["leader_a"], access_of(world, "leader_a"))
    assert [(t.kind, t.url) for t in owed] == [("discussions.outcome", proposal.get_absolute_url())]
    assert collect(world.users["manager"], access_of(world, "manager")) == []  # the author's, not the manager's
    services.proposal_decide(actor=world.users["leader_a"], access=access_of(world, "leader_a"), proposal=proposal,
                             outcome="Agreed.")
    assert collect(world.users["leader_a"], access_of(world, "leader_a")) == []
