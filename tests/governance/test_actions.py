"""Actions: owner and due date, "my actions" across partnerships, updates by the owner's side, and
reminder e-mails (real SMTP) a few days before due and when overdue, each sent once, each linking to the action."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accord.governance import services, tasks
from accord.governance.models import Action, ActionReminder
from accord.partners.models import Membership, Person, Role

from .conftest import meeting_on


@pytest.fixture
def action(world, series):
    return services.action_add(actor=world.users["manager"], meeting=meeting_on(series, dt.date(2024, 2, 6)),
                               title="Share the referral data", owner=world.people["leader_b"],
                               due=dt.date(2024, 3, 1))


def test_an_action_due_before_its_meeting_is_refused(world, series):
    with pytest.raises(ValidationError, match="due before its meeting"):
        services.action_add(actor=world.users["manager"], meeting=meeting_on(series, dt.date(2024, 2, 6)),
                            title="Too early", owner=world.people["leader_a"], due=dt.date(2024, 2, 5))
    assert not Action.objects.exists()


def test_the_owner_organisation_is_the_owners_by_default(action, world):
    assert action.organisation == world.org_b


def test_my_actions_lists_the_owners_actions_across_partnerships(world, series, action):
    # leader B also serves a second partnership, with its own meeting series and an action there
    Membership.objects.create(partnership=world.other, organisation=world.org_b, joined=dt.date(2024, 1, 1))
    Role.objects.create(partnership=world.other, user=world.users["leader_b"], role=Role.LEADER,
                        organisation=world.org_b)
    other = services.series_create(actor=world.users["outsider"], partnership=world.other, title="Other board",
                                   rrule="FREQ=MONTHLY;BYMONTHDAY=15", starts_on=dt.date(2024, 1, 1), notify=False)
    there = Person.objects.create(partnership=world.other, organisation=world.org_b, name="Leader B",  # its record
                                  seniority="senior_leader", start_date=dt.date(2024, 1, 1), user=world.users["leader_b"])
    services.action_add(actor=world.users["outsider"], meeting=other.meetings.first(), title="Draft the bid",
                        owner=there, due=dt.date(2024, 2, 1))
    services.action_add(actor=world.users["manager"], meeting=action.meeting, title="Not mine",
                        owner=world.people["leader_a"], due=dt.date(2024, 3, 1))
    page = world.client("leader_b").get("/my/actions/").content.decode()
    assert "Share the referral data" in page and "Draft the bid" in page and "Not mine" not in page
    assert action.get_absolute_url() in page
    assert "Overdue" in page
    assert "Share the referral data" not in world.client("leader_a").get("/my/actions/").content.decode()


def test_my_actions_needs_sign_in(client):
    response = client.get("/my/actions/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")


@pytest.mark.parametrize("persona,expected", [
    ("leader_b", 302), ("staff_b", 302), ("manager", 302), ("leader_a", 403), ("staff_a", 403), ("funder", 403),
    ("outsider", 404)])
def test_an_action_is_updated_by_its_owners_side_or_the_manager(world, action, persona, expected):
    response = world.client(persona).post(action.get_absolute_url(), {"status": "done", "completed_on": "2024-02-20"})
    assert response.status_code == expected
    action.refresh_from_db()
    assert (action.status == "done") == (expected == 302)
    if expected == 302:
        assert action.done_on_time


def test_reminders_go_before_due_and_when_overdue_once_each(world, action, smtp):
    action.due = dt.date(2026, 5, 10)
    action.save()
    assert tasks.remind(today=dt.date(2026, 5, 1)) == 0  # too early
    assert tasks.remind(today=dt.date(2026, 5, 8)) == 1
    assert tasks.remind(today=dt.date(2026, 5, 9)) == 0  # sent already
    assert tasks.remind(today=dt.date(2026, 5, 11)) == 1
    assert tasks.remind(today=dt.date(2026, 5, 20)) == 0
    assert [str(m["Subject"]) for m in smtp.messages] == ["Due soon: Share the referral data",
                                                          "Overdue: Share the referral data"]
    assert all(str(m["To"]) == "leader_b@example.org" for m in smtp.messages)
    assert all(f"http://testserver{action.get_absolute_url()}" in smtp.text(m) for m in smtp.messages)
    assert set(ActionReminder.objects.values_list("kind", flat=True)) == {"due_soon", "overdue"}


def test_no_reminder_for_done_actions_or_owners_without_an_address(world, action, smtp):
    services.action_update(actor=world.users["manager"], action=action, status="done",
                           completed_on=dt.date(2024, 2, 20))
    nobody = Person.objects.create(partnership=world.partnership, organisation=world.org_a, name="No Mail", start_date=dt.date(2024, 1, 1))
    services.action_add(actor=world.users["manager"], meeting=action.meeting, title="Quiet", owner=nobody,
                        due=dt.date(2024, 3, 1))
    assert tasks.remind(today=dt.date(2024, 4, 1)) == 0
    assert smtp.messages == []
