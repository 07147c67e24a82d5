"""Dates that must not be in the future, or before another: an action done tomorrow, minutes approved
at a meeting that has not taken place. The services refuse them, so the pages and the API do too."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.governance import services
from accord.governance.models import Action

from .conftest import meeting_on


@pytest.fixture
def action(world, series):
    return services.action_add(actor=world.users["manager"], meeting=meeting_on(series, dt.date(2024, 2, 6)),
                               title="Share the referral data", owner=world.people["leader_b"],
                               due=dt.date(2024, 3, 1))


def _tomorrow() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=1)


def test_an_action_cannot_be_done_tomorrow(world, action):
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.action_update(actor=world.users["leader_b"], action=action, status="done",
                               completed_on=_tomorrow())
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN and action.completed_on is None


def test_the_action_page_and_the_api_refuse_a_done_date_in_the_future(world, action):
    page = world.client("leader_b").post(action.get_absolute_url(),
                                         {"status": "done", "completed_on": _tomorrow().isoformat()})
    assert page.status_code == 200 and "cannot be in the future" in page.content.decode()
    api = world.client("leader_b").patch(f"/api/partnerships/{world.partnership.pk}/actions/{action.pk}",
                                         {"status": "done", "completed_on": _tomorrow().isoformat()},
                                         content_type="application/json")
    assert api.status_code == 422 and "cannot be in the future" in str(api.json()["detail"])
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN
    services.action_update(actor=world.users["leader_b"], action=action, status="done",
                           completed_on=timezone.localdate())  # today is fine
    assert action.completed_on == timezone.localdate()


def test_minutes_cannot_be_approved_at_a_meeting_that_has_not_started(world, series):
    now = timezone.now()
    held = series.meetings.filter(start__lt=now).order_by("-start").first()
    coming = series.meetings.filter(start__gt=now).order_by("start").first()
    with pytest.raises(ValidationError, match="has not taken place yet"):
        services.minutes_approve(actor=world.users["manager"], meeting=held, at_meeting=coming)
    api = world.client("manager").post(
        f"/api/partnerships/{world.partnership.pk}/meetings/{held.pk}/approve-minutes/{coming.pk}")
    assert api.status_code == 422
    held.refresh_from_db()
    assert not held.minutes_locked
