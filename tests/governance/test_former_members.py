"""A member organisation that has left: a consent decision no longer waits for it, its people are not
offered for new things (and are refused if named), and pages mark it "(left in <month year>)"."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.governance import services, tasks
from accord.governance.models import Decision
from accord.partners.models import Membership

from .conftest import meeting_on

LEFT = dt.date(2024, 6, 30)


def _leave(world, org, on=LEFT):
    Membership.objects.filter(partnership=world.partnership, organisation=org).update(left=on)


@pytest.fixture
def decision(world, series):
    d = services.decision_add(actor=world.users["manager"], meeting=meeting_on(series, dt.date(2024, 2, 6)),
                              proposal="Adopt the shared referral form.", needs_consensus=True)
    services.position_record(actor=world.users["manager"], decision=d, organisation=world.org_a, stance="agree")
    return d


def test_a_pending_consent_decision_no_longer_waits_for_a_member_that_left(world, decision):
    decision.refresh_from_db()
    assert decision.result == Decision.Result.OPEN  # waiting for Beta
    _leave(world, world.org_b)
    assert tasks.recheck_decisions.call_local() == 1  # the daily task
    decision.refresh_from_db()
    assert decision.result == Decision.Result.CARRIED and decision.decided_on == timezone.localdate()
    assert tasks.recheck_decisions.call_local() == 0


def test_a_member_that_left_cannot_give_a_position_any_more(world, decision):
    _leave(world, world.org_b)
    with pytest.raises(ValidationError, match=r"left the partnership .*June 2024"):
        services.position_record(actor=world.users["manager"], decision=decision, organisation=world.org_b,
                                 stance="object")
    assert not decision.positions.filter(organisation=world.org_b).exists()


def test_a_decided_decision_is_not_reopened_when_a_member_leaves(world, decision):
    services.position_record(actor=world.users["manager"], decision=decision, organisation=world.org_b,
                             stance="object")
    _leave(world, world.org_b)
    tasks.recheck_decisions.call_local()
    decision.refresh_from_db()
    assert decision.result == Decision.Result.NOT_CARRIED


def test_the_decision_page_marks_the_member_that_left_and_offers_only_current_members(world, decision):
    _leave(world, world.org_b)
    page = world.client("manager").get(decision.get_absolute_url()).content.decode()
    assert "Beta Trust <span class=\"muted\">(left in June 2024)</span>" in page
    form = page.split("<h2>Record a position</h2>", 1)[1]
    assert "Alpha Charity" in form and "Beta Trust" not in form


def test_people_of_a_member_that_left_are_not_offered_or_accepted_for_new_things(world, series):
    _leave(world, world.org_b)
    meeting = meeting_on(series, dt.date(2024, 2, 6))
    base = f"/p/{world.partnership.pk}/meetings/{meeting.pk}"
    client = world.client("manager")
    for path in ("actions/add/", "agenda/add/"):
        page = client.get(f"{base}/{path}").content.decode()
        assert "Leader A" in page and "Leader B" not in page and "Staff B" not in page, path
    assert "Leader B" not in client.get(f"/p/{world.partnership.pk}/meetings/series/new/").content.decode()
    with pytest.raises(ValidationError, match="left the partnership"):
        services.action_add(actor=world.users["manager"], meeting=meeting, title="Send data",
                            owner=world.people["leader_b"], due=timezone.localdate())


def test_the_home_page_marks_a_member_that_left(world, series):
    services.attendance_record(actor=world.users["manager"], meeting=meeting_on(series, dt.date(2024, 2, 6)),
                               records=[(world.people["leader_a"], "attended", ""),
                                        (world.people["leader_b"], "attended", "")])
    _leave(world, world.org_b)
    page = world.client("manager").get(f"/p/{world.partnership.pk}/").content.decode()
    assert "Beta Trust <span class=\"muted\">(left in June 2024)</span>" in page
    health = world.client("manager").get(f"/p/{world.partnership.pk}/meetings/health/").content.decode()
    assert "(left in June 2024)" in health
