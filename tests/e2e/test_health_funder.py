"""The funder signs in, opens the partnerships they fund, sorts by the index and sees the demo
partnership beside the synthetic ones; then the demo manager acknowledges an early warning."""

import re

import pytest
from django.core.management import call_command

from accord.demo import partnership as demo
from accord.health.models import Alert, AlertRule

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_funder_sees_the_portfolio_and_manager_acknowledges_a_warning(page, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("demo")
    sign_in(page, "funder@lantern.example", demo.PASSWORD)
    page.goto("/funders/")
    page.get_by_role("heading", name="Partnerships you fund").wait_for()
    assert page.get_by_role("rowheader", name=re.compile(demo.NAME)).count() == 1
    assert page.get_by_role("rowheader", name=re.compile("Riverside Family Safety Network")).count() == 1
    page.get_by_role("link", name="Index", exact=True).click()
    page.wait_for_url(re.compile(r"sort=overall"))
    page.get_by_label("Name contains").fill("Valley")
    page.get_by_role("button", name="Filter").click()
    page.get_by_text("1 of the 5 partnerships you fund").wait_for()
    assert page.get_by_role("rowheader", name=re.compile(demo.NAME)).count() == 0

    # the manager finds an open warning and acknowledges it with a note
    p = Alert.objects.filter(partnership__name=demo.NAME).first().partnership
    rule = AlertRule.objects.get(partnership=p, kind=AlertRule.Kind.SENIOR_ABSENT)
    Alert.objects.create(partnership=p, rule=rule, cause_key="e2e", fired_at=p.created_at,
                         reason="Change Path's senior leader has missed the last 2 meetings in a row.",
                         look_at="Look at the meetings' attendance.")
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "manager@compass.example", demo.PASSWORD)
    page.goto(f"/p/{p.pk}/health/")
    page.get_by_role("heading", name="Partnership health").wait_for()
    page.get_by_role("link", name="Early warnings").click()
    card = page.locator("section.card", has_text="missed the last 2 meetings")
    card.get_by_label("What you did or decided").fill("Called Tom; he will attend in person next month.")
    card.get_by_role("button", name=re.compile("Acknowledge")).click()
    page.get_by_text("Alert acknowledged.").wait_for()
    assert Alert.objects.get(cause_key="e2e").acknowledgement.startswith("Called Tom")
