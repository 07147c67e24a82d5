"""A senior leader answers a proposal for her organisation on a 390 px phone: she finds it in the discussion,
objects without a reason and is told why, then gives her reason; later she changes the answer."""

import datetime as dt

import pytest
from django.utils import timezone

from accord.discussions.models import Answer
from tests.conftest import PASSWORD
from tests.discussions.conftest import access_of

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    return page


def test_a_leader_answers_a_proposal_on_a_phone(phone, world):
    from accord.discussions import services

    thread = services.thread_start(actor=world.users["manager"], access=access_of(world, "manager"),
                                   title="Referral data", body="Shall we share referral data monthly?")
    proposal = services.proposal_open(actor=world.users["manager"], access=access_of(world, "manager"),
                                      thread=thread, kind="consent", title="Share referral data monthly",
                                      closes_at=timezone.now() + dt.timedelta(days=7))
    page = phone
    sign_in(page, "leader_a@example.org", PASSWORD)
    page.goto(f"/p/{world.partnership.pk}/discussions/")
    page.get_by_role("link", name="Share referral data monthly").first.click()
    page.get_by_role("heading", name="Answer for Alpha Charity").wait_for()
    page.get_by_label("Object (say why)").check()
    page.get_by_role("button", name="Send the answer").click()
    page.get_by_text("Say why you object").first.wait_for()
    assert not Answer.objects.exists()
    page.get_by_label("Reason or comment").fill("Quarterly is enough for the small areas.")
    page.get_by_role("button", name="Send the answer").click()
    page.get_by_text("Thank you: the answer is saved.").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing runs off the side
    row = page.get_by_role("row", name="Alpha Charity")
    assert "Object" in row.inner_text() and "Quarterly is enough" in row.inner_text()
    page.get_by_label("Agree").check()
    page.get_by_role("button", name="Change the answer").click()
    page.get_by_text("The answer is changed.").wait_for()
    saved = Answer.objects.get(proposal=proposal)
    assert (saved.organisation, saved.stance) == (world.org_a, "agree")
