"""Closing a proposal: the outcome becomes a governance decision with each organisation's position, a
meeting-date poll makes its meeting (with invitations), results hidden until the close, reminders once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accord.discussions import services
from accord.discussions.models import Proposal, Reminder
from accord.governance import services as governance
from accord.governance.models import Decision, Meeting
from accord.notices.models import Notice

from .conftest import access_of, answer, open_proposal


def decide(world, proposal, persona="manager", **kw):
    kw.setdefault("outcome", "We share monthly from April.")
    return services.proposal_decide(actor=world.users[persona], access=access_of(world, persona), proposal=proposal,
                                    **kw)


def test_the_outcome_becomes_a_decision_with_each_organisations_position(world, thread):
    proposal = open_proposal(world, thread)
    answer(world, proposal, "leader_a", stance="agree", reason="Long overdue.")
    answer(world, proposal, "leader_b", stance="block", reason="Our board has not agreed.")
    decide(world, proposal, outcome="Blocked by Beta Trust's board; back in June.")
    proposal.refresh_from_db()
    decision = proposal.decision
    assert decision.meeting is None and decision.partnership == world.partnership
    assert decision.result == Decision.Result.NOT_CARRIED
    assert decision.get_absolute_url() == proposal.get_absolute_url()
    positions = {p.organisation: (p.stance, p.comment) for p in decision.positions.all()}
    assert positions == {world.org_a: ("agree", "Long overdue."),
                         world.org_b: ("object", "Blocked: Our board has not agreed.")}


def test_the_outcome_is_recorded_once_and_only_by_the_author_or_manager(world, thread):
    proposal = open_proposal(world, thread, persona="leader_a")
    with pytest.raises(PermissionDenied):
        decide(world, proposal, persona="leader_b")
    decide(world, proposal, persona="leader_a")
    with pytest.raises(ValidationError, match="already recorded"):
        decide(world, proposal)
    assert Decision.objects.count() == 1


def test_a_tie_must_be_settled_by_whoever_records_the_outcome(world, thread):
    proposal = open_proposal(world, thread, kind="choice", options=["Monthly", "Quarterly"])
    monthly, quarterly = proposal.options.all()
    answer(world, proposal, "leader_a", choice=[monthly.pk])
    answer(world, proposal, "leader_b", choice=[quarterly.pk])
    with pytest.raises(ValidationError, match="tie \\(Monthly, Quarterly\\)"):
        decide(world, proposal)
    assert not Decision.objects.exists()
    decide(world, proposal, option_id=quarterly.pk)
    positions = {p.organisation: p.stance for p in Decision.objects.get().positions.all()}
    assert positions == {world.org_a: "concerns", world.org_b: "agree"}


def test_decisions_at_meetings_still_work_beside_those_between_meetings(world, thread):
    series = governance.series_create(actor=None, partnership=world.partnership, title="Leaders",
                                      rrule="FREQ=MONTHLY;COUNT=2", starts_on=dt.date(2024, 2, 1), notify=False)
    meeting = series.meetings.first()
    at_meeting = governance.decision_add(actor=None, meeting=meeting, proposal="Adopt the plan.")
    governance.position_record(actor=world.users["manager"], decision=at_meeting, organisation=world.org_a, stance="agree")
    governance.position_record(actor=world.users["manager"], decision=at_meeting, organisation=world.org_b, stance="agree")
    at_meeting.refresh_from_db()
    assert at_meeting.result == Decision.Result.CARRIED and "/meetings/" in at_meeting.get_absolute_url()
    decide(world, open_proposal(world, thread))
    assert governance.decisions_recheck() == []
    response = world.client("manager").get(f"/api/partnerships/{world.partnership.pk}/decisions")
    assert sorted(d["meeting_id"] is None for d in response.json()) == [False, True]


def test_a_time_poll_makes_its_meeting_with_invitations(world, thread, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    series = governance.series_create(actor=None, partnership=world.partnership, title="Leaders",
                                      rrule="FREQ=MONTHLY;COUNT=1", starts_on=dt.date(2024, 2, 1), notify=False)
    soon = timezone.now().replace(microsecond=0, second=0) + dt.timedelta(days=20)
    proposal = open_proposal(world, thread, kind="time", series_id=series.pk,
                             times=[soon, soon + dt.timedelta(days=1)])
    first, second = proposal.options.all()
    answer(world, proposal, "leader_a", choice=[first.pk, second.pk])
    answer(world, proposal, "leader_b", choice=[second.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(world, proposal, outcome="The extra meeting is on the later date.")
    proposal.refresh_from_db()
    meeting = proposal.meeting
    assert meeting.series == series and meeting.start == second.starts_at
    assert meeting.end - meeting.start == dt.timedelta(minutes=series.duration_minutes)
    assert {a.person for a in meeting.attendance.all()} == {world.people["leader_a"], world.people["leader_b"]}
    assert sorted(m.to[0] for m in mail.outbox) == ["leader_a@example.org", "leader_b@example.org"]
    assert Meeting.objects.filter(series=series).count() == 2


def test_a_time_poll_needs_a_series_of_its_own_partnership(world, thread):
    other = governance.series_create(actor=None, partnership=world.other, title="Theirs",
                                     rrule="FREQ=MONTHLY;COUNT=1", starts_on=dt.date(2024, 2, 1), notify=False)
    soon = timezone.now() + dt.timedelta(days=20)
    with pytest.raises(ValidationError, match="Choose the meeting series"):
        open_proposal(world, thread, kind="time", series_id=other.pk, times=[soon, soon + dt.timedelta(days=1)])


def test_hidden_results_are_hidden_from_everyone_until_the_close(world, thread):
    proposal = open_proposal(world, thread, results="hidden")
    answer(world, proposal, "leader_a", stance="block", reason="No.")
    for persona in ("manager", "leader_a", "leader_b", "staff_b"):
        page = world.client(persona).get(proposal.get_absolute_url()).content.decode()
        assert "hidden until the proposal closes" in page and "Blocked" not in page and "No.</td>" not in page
        api = world.client(persona).get(f"/api/partnerships/{world.partnership.pk}/proposals/{proposal.pk}").json()
        assert api["results"] is None and api["answers"] is None
    services.proposal_close(actor=world.users["manager"], access=access_of(world, "manager"), proposal=proposal)
    api = world.client("leader_b").get(f"/api/partnerships/{world.partnership.pk}/proposals/{proposal.pk}").json()
    assert api["results"]["counts"]["block"] == 1


def test_those_who_have_not_answered_are_reminded_once_per_reminder(world, thread, settings):
    settings.DISCUSSIONS_REMINDER_HOURS = [72, 24]
    proposal = open_proposal(world, thread, closes_at=timezone.now() + dt.timedelta(days=7))
    answer(world, proposal, "leader_a", stance="agree")
    assert services.reminders_send() == 0  # not yet due
    at = proposal.closes_at - dt.timedelta(hours=70)
    assert services.reminders_send(now=at) == 1
    assert services.reminders_send(now=at + dt.timedelta(hours=1)) == 0  # the same reminder is not sent twice
    reminded = Notice.objects.filter(kind="discussions.proposal_reminder")
    assert [n.person for n in reminded] == [world.people["leader_b"]]
    assert services.reminders_send(now=proposal.closes_at - dt.timedelta(hours=2)) == 1
    assert Reminder.objects.filter(proposal=proposal).count() == 2
    assert Notice.objects.filter(kind="discussions.proposal_reminder").count() == 2


def test_a_proposal_closes_on_its_date_and_its_author_is_asked_for_the_outcome(world, thread):
    proposal = open_proposal(world, thread, persona="leader_a")
    assert services.closings_record(now=proposal.closes_at + dt.timedelta(minutes=5)) == 1
    proposal.refresh_from_db()
    assert proposal.closed_at == proposal.closes_at
    assert Notice.objects.filter(kind="discussions.proposal_closed", person=world.people["leader_a"]).exists()


def test_a_new_proposal_tells_those_who_answer(world, thread):
    proposal = open_proposal(world, thread)
    told = {n.person for n in Notice.objects.filter(kind="discussions.proposal_opened")}
    assert told == {world.people["leader_a"], world.people["leader_b"]}
    decide(world, proposal)
    assert Notice.objects.filter(kind="discussions.outcome").count() == 2


def test_recording_an_outcome_while_results_are_hidden_does_not_reveal_a_tie(world, thread):
    """Hidden means hidden: a refused outcome on an open proposal (rolled back, so still open and hidden)
    must not name the options the count has tied."""
    proposal = open_proposal(world, thread, kind="score", options=["Monthly", "Quarterly"], results="hidden")
    monthly, quarterly = proposal.options.all()
    answer(world, proposal, "leader_a", scores={str(monthly.pk): 3, str(quarterly.pk): 3})
    with pytest.raises(ValidationError) as refused:
        decide(world, proposal)
    assert "Monthly" not in str(refused.value.messages) and "tie" not in str(refused.value.messages)
    response = world.client("manager").post(
        f"/api/partnerships/{world.partnership.pk}/proposals/{proposal.pk}/outcome", {"outcome": "x"},
        content_type="application/json")
    assert response.status_code == 422 and "Monthly" not in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.closed_at is None and not Decision.objects.exists()
    decide(world, proposal, option_id=quarterly.pk)  # naming the option decided is always possible
    assert Decision.objects.count() == 1


def test_an_author_whose_role_no_longer_acts_cannot_close_or_decide(world, thread):
    from accord.partners.models import Role

    thread.funders_see = True
    thread.save()
    proposal = open_proposal(world, thread, persona="leader_a")
    Role.objects.filter(user=world.users["leader_a"], partnership=world.partnership).update(role=Role.FUNDER)
    with pytest.raises(PermissionDenied):
        services.proposal_close(actor=world.users["leader_a"], access=access_of(world, "leader_a"),
                                proposal=proposal)
    with pytest.raises(PermissionDenied):
        decide(world, proposal, persona="leader_a")
    proposal.refresh_from_db()
    assert proposal.closed_at is None and not Decision.objects.exists()


def test_a_proposal_closes_at_the_next_tick_when_the_last_organisation_awaited_leaves(world, thread):
    from accord.partners.models import Membership

    proposal = open_proposal(world, thread)
    answer(world, proposal, "leader_a", stance="agree")
    Membership.objects.filter(partnership=world.partnership, organisation=world.org_b).update(
        left=timezone.localdate() - dt.timedelta(days=1))
    assert services.closings_record() == 1
    proposal.refresh_from_db()
    assert proposal.closed_at is not None
    assert Notice.objects.filter(kind="discussions.proposal_closed", person=world.people["manager"]).exists()
    decide(world, proposal)
    # the organisation that left has no position in the decision
    assert [p.organisation for p in Decision.objects.get().positions.all()] == [world.org_a]


def test_the_outcome_notice_goes_in_the_daily_digest_and_the_others_at_once(world, thread):
    proposal = open_proposal(world, thread)
    answer(world, proposal, "leader_a", stance="agree")
    decide(world, proposal)
    deliveries = {n.kind: n.delivery for n in Notice.objects.filter(person=world.people["leader_b"])}
    assert deliveries == {"discussions.proposal_opened": "immediate", "discussions.outcome": "daily"}


def test_a_date_poll_offers_only_dates_after_it_closes(world, thread):
    """A date that comes before the poll closes could never be made into the meeting (the outcome refuses a
    date that has passed), leaving the poll undecidable: it is refused when the poll is opened."""
    series = governance.series_create(actor=None, partnership=world.partnership, title="Leaders",
                                      rrule="FREQ=MONTHLY;COUNT=1", starts_on=dt.date(2024, 2, 1), notify=False)
    closes = timezone.now() + dt.timedelta(days=10)
    with pytest.raises(ValidationError, match="after the poll closes"):
        open_proposal(world, thread, kind="time", series_id=series.pk, closes_at=closes,
                      times=[closes - dt.timedelta(days=5), closes + dt.timedelta(days=5)])
    assert not Proposal.objects.exists()
