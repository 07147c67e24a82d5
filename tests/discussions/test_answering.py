"""Answering a proposal: one answer per organisation (changeable until the close), who may answer, and the
refusals (after the close, outside the audience), each with a plain message and nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accord.discussions import services
from accord.discussions.models import Answer, Delegate
from accord.partners.models import Membership

from .conftest import access_of, answer, open_proposal


def test_a_senior_leader_answers_for_their_organisation(world, thread):
    proposal = open_proposal(world, thread)
    saved, replaced = answer(world, proposal, "leader_a", stance="agree")
    assert (saved.organisation, saved.person, saved.given_by, replaced) == (world.org_a, None, world.people["leader_a"],
                                                                             False)


def test_a_second_answer_for_the_same_organisation_replaces_the_first(world, thread):
    proposal = open_proposal(world, thread)
    Delegate.objects.create(partnership=world.partnership, organisation=world.org_a, person=world.people["staff_a"])
    answer(world, proposal, "leader_a", stance="agree")
    saved, replaced = answer(world, proposal, "staff_a", stance="object", reason="Not before the data agreement.")
    assert replaced
    row = Answer.objects.get(proposal=proposal)
    assert (row.stance, row.given_by, row.organisation) == ("object", world.people["staff_a"], world.org_a)


def test_the_database_holds_one_answer_per_organisation(world, thread):
    proposal = open_proposal(world, thread)
    Answer.objects.create(proposal=proposal, organisation=world.org_a, stance="agree")
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(proposal=proposal, organisation=world.org_a, stance="block")


def test_staff_who_are_not_the_delegate_cannot_answer_for_their_organisation(world, thread):
    proposal = open_proposal(world, thread)
    with pytest.raises(PermissionDenied, match="senior leader or the delegate"):
        answer(world, proposal, "staff_a", stance="agree")
    assert not Answer.objects.exists()


def test_a_funder_cannot_answer(world, thread):
    thread.funders_see = True
    thread.save()
    proposal = open_proposal(world, thread)
    with pytest.raises(PermissionDenied):
        answer(world, proposal, "funder", stance="agree")
    assert not Answer.objects.exists()


def test_an_answer_after_the_close_is_refused_and_nothing_saved(world, thread):
    proposal = open_proposal(world, thread)
    later = proposal.closes_at + dt.timedelta(minutes=1)
    with pytest.raises(ValidationError, match="closed on .* so it takes no more answers"):
        services.answer_give(actor=world.users["leader_a"], access=access_of(world, "leader_a"), proposal=proposal,
                             stance="agree", now=later)
    assert not Answer.objects.exists()


def test_a_change_after_the_close_is_refused_and_the_answer_kept(world, thread):
    proposal = open_proposal(world, thread)
    answer(world, proposal, "leader_a", stance="agree")
    services.proposal_close(actor=world.users["manager"], access=access_of(world, "manager"), proposal=proposal)
    with pytest.raises(ValidationError, match="no more answers"):
        answer(world, proposal, "leader_a", stance="block", reason="Changed my mind")
    assert Answer.objects.get().stance == "agree"


def test_an_organisation_outside_a_named_audience_cannot_answer(world):
    named = services.thread_start(actor=world.users["leader_a"], access=access_of(world, "leader_a"),
                                  title="Alpha only", body="Internal.", audience="organisations",
                                  organisation_ids=[world.org_a.pk])
    proposal = open_proposal(world, named)
    with pytest.raises(PermissionDenied):
        answer(world, proposal, "leader_b", stance="agree")
    assert not Answer.objects.exists()


def test_object_and_block_need_a_reason(world, thread):
    proposal = open_proposal(world, thread)
    for stance in ("object", "block"):
        with pytest.raises(ValidationError, match="Say why"):
            answer(world, proposal, "leader_a", stance=stance, reason="  ")
    assert not Answer.objects.exists()


def test_an_answer_of_the_wrong_shape_is_refused(world, thread):
    proposal = open_proposal(world, thread, kind="choice", options=["Monthly", "Quarterly"])
    other = open_proposal(world, thread, kind="choice", options=["Yes", "No"])
    foreign = other.options.first().pk
    for bad in ([foreign], [], ["x"], None):
        with pytest.raises(ValidationError):
            answer(world, proposal, "leader_a", choice=bad)
    with pytest.raises(ValidationError):
        answer(world, proposal, "leader_a", stance="agree")
    assert not Answer.objects.exists()


def test_scores_out_of_range_are_refused(world, thread):
    proposal = open_proposal(world, thread, kind="score", options=["A", "B"], score_max=5)
    a = proposal.options.first().pk
    with pytest.raises(ValidationError, match="from 0 to 5"):
        answer(world, proposal, "leader_a", scores={str(a): 6})


def test_each_person_answers_where_the_proposal_says_so(world, thread):
    proposal = open_proposal(world, thread, answered_by="person")
    answer(world, proposal, "staff_a", stance="agree")
    answer(world, proposal, "leader_a", stance="abstain")
    assert Answer.objects.filter(proposal=proposal).count() == 2


def test_the_proposal_closes_early_when_everyone_has_answered(world, thread):
    proposal = open_proposal(world, thread)
    answer(world, proposal, "leader_a", stance="agree")
    proposal.refresh_from_db()
    assert proposal.closed_at is None
    answer(world, proposal, "leader_b", stance="agree")
    proposal.refresh_from_db()
    assert proposal.closed_at is not None


def test_an_organisation_that_left_mid_vote_is_not_counted_and_no_longer_awaited(world, thread):
    proposal = open_proposal(world, thread, kind="agree_disagree")
    answer(world, proposal, "leader_b", stance="disagree")
    Membership.objects.filter(partnership=world.partnership, organisation=world.org_b).update(
        left=timezone.localdate() - dt.timedelta(days=1))
    count = services.tally(proposal)
    assert count["answered"] == 0 and [a.organisation for a in count["not_counted"]] == [world.org_b]
    assert count["waiting"] == [world.org_a.pk]
    answer(world, proposal, "leader_a", stance="agree")
    proposal.refresh_from_db()
    assert proposal.closed_at is not None  # nobody else is awaited
    assert services.tally(proposal)["result"] == "carried"


def test_a_second_answer_for_the_organisation_at_the_same_moment_is_refused_and_nothing_saved(world, thread,
                                                                                             monkeypatch):
    """Two answers for one organisation at once: the second does not see the first (simulated here), so
    the database's one-answer rule refuses it, with a plain message, and the first stands."""
    from django.db.models import QuerySet

    proposal = open_proposal(world, thread)
    Answer.objects.create(proposal=proposal, organisation=world.org_a, stance="agree",
                          given_by=world.people["leader_a"])
    first = QuerySet.first
    monkeypatch.setattr(QuerySet, "first", lambda qs: None if qs.model is Answer else first(qs))
    with pytest.raises(ValidationError, match="at the same moment"):
        answer(world, proposal, "leader_a", stance="block", reason="No.")
    monkeypatch.undo()
    assert [(a.stance, a.reason) for a in Answer.objects.all()] == [("agree", "")]


def test_the_page_refuses_an_answer_from_someone_who_answers_for_no_organisation(world, thread):
    proposal = open_proposal(world, thread)
    page = world.client("staff_a").get(proposal.get_absolute_url()).content.decode()
    assert "Send the answer" not in page
    response = world.client("staff_a").post(proposal.get_absolute_url(), {"stance": "agree"})
    assert response.status_code == 403 and "senior leader or the delegate" in response.content.decode()
    assert not Answer.objects.exists()


def test_where_each_person_answers_only_those_who_can_sign_in_and_act_are_asked(world, thread):
    """Someone recorded without an account (or with no role that acts here) can never answer: they are not
    counted as awaited, not told, and do not stop the proposal closing early."""
    from accord.notices.models import Notice
    from accord.partners.models import Person

    no_account = Person.objects.create(partnership=world.partnership, organisation=world.org_b, name="No Account",
                                       seniority="staff", start_date=dt.date(2024, 1, 1), email="na@example.org")
    proposal = open_proposal(world, thread, answered_by="person")
    assert services.tally(proposal)["expected"] == 5  # manager, leader_a, staff_a, leader_b, staff_b
    assert not Notice.objects.filter(person=no_account).exists()
    for persona in ("manager", "leader_a", "staff_a", "leader_b", "staff_b"):
        answer(world, proposal, persona, stance="agree")
    proposal.refresh_from_db()
    assert proposal.closed_at is not None
