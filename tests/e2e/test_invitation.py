"""The newcomer's path: the demo manager opens the partnership home, invites a person, and that
person accepts from the link in the e-mail and lands on the partnership."""

import re

import pytest
from django.core import mail

from accord.demo import partnership as demo
from tests.demo.snapshot import load_demo

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_manager_invites_and_the_person_accepts(page, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    load_demo()
    sign_in(page, "manager@compass.example", demo.PASSWORD)
    page.get_by_role("link", name=demo.NAME).click()
    page.get_by_role("heading", name="Partners", exact=True).wait_for()
    page.locator("summary", has_text="partner organisation").click()  # the list is folded below the state
    partners_table = page.locator("table", has=page.get_by_role("columnheader", name="Brings"))
    assert partners_table.get_by_role("cell", name=re.compile("Safer Homes Together")).count() == 1
    page.get_by_role("link", name="Invite someone").click()
    page.get_by_label("Their e-mail address").fill("new.person@example.org")
    page.get_by_label("Role").select_option("staff")
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("Invitation sent to new.person@example.org").wait_for()

    link = re.search(r"https?://\S+/accounts/invitations/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("testserver", 1)[-1] if "testserver" in link else "/" + link.split("/", 3)[3]
    page.get_by_role("button", name="Sign out").click()
    page.goto(path)
    page.get_by_label("Your name").fill("New Person")
    page.get_by_label("Choose a password").fill("a long enough passphrase 42")
    page.get_by_role("button", name="Accept and create my account").click()
    page.get_by_text(f"Welcome to {demo.NAME}").wait_for()
    assert page.get_by_role("heading", name=demo.NAME, exact=True).count() == 1
