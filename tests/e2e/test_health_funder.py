"""The funder signs in, opens the partnerships they fund, sorts by the index and sees the demo
partnership beside the synthetic ones; then the demo manager acknowledges an early warning."""

import re

import pytest

from accord.demo import partnership as demo
from accord.health.models import Alert
from accord.lib import stored_text
from accord.partners.models import Partnership
from tests.demo.snapshot import load_demo

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_funder_sees_the_portfolio_and_manager_acknowledges_a_warning(page, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    load_demo()
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

    # the manager finds the open warning the rules fired from the demo's data, and acknowledges it
    p = Partnership.objects.get(name=demo.NAME)
    alert = Alert.objects.filter(partnership=p, acknowledged_at__isnull=True).first()
    assert alert is not None and not alert.cause_key.startswith("demo:")
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "manager@compass.example", demo.PASSWORD)
    page.goto(f"/p/{p.pk}/health/")
    page.get_by_role("heading", name="Partnership health").wait_for()
    page.get_by_role("link", name="Early warnings").click()
    # several warnings of the same kind can be open at once: this card is the one headed by this alert
    card = page.locator(f'section.card[aria-labelledby="alert-{alert.pk}"]')
    assert stored_text.english(alert.reason) in card.inner_text()
    card.get_by_label("What you did or decided").fill("Called the partner; their leader will attend next month.")
    card.get_by_role("button", name=re.compile("Acknowledge")).click()
    page.get_by_text("Alert acknowledged.").wait_for()
    alert.refresh_from_db()
    assert alert.acknowledgement.startswith("Called the partner") and alert.acknowledged_by.email == "manager@compass.example"
