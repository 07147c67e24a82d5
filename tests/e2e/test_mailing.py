"""A member of the public signs up on the list's page, confirms from the e-mail, and leaves with one
click from the unsubscribe link the message carries."""

import re

import pytest

from accord.mailing import services
from accord.mailing.models import Subscriber
from accord.partners.models import Partnership

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_sign_up_confirm_and_unsubscribe_with_one_click(page, smtp):
    partnership = Partnership.objects.create(name="Compass", purpose="Stop harm at source.")
    services.list_create(actor=None, partnership=partnership, name="Compass news", slug="compass-news",
                         statement="We will e-mail you monthly news. We never share your data.",
                         topics=["Research", "Events"])

    page.goto("/lists/compass-news/")
    page.get_by_role("heading", name="Compass news").wait_for()
    assert page.get_by_text("We will e-mail you monthly news. We never share your data.").is_visible()
    page.get_by_label("Your e-mail address").fill("reader@example.org")
    page.get_by_label("Events").check()
    page.get_by_label("I agree to the statement above").check()
    page.get_by_role("button", name="Sign up").click()
    page.get_by_role("heading", name="Check your inbox").wait_for()

    [message] = smtp.to("reader@example.org")
    confirm = re.search(r"https?://\S+/lists/confirm/\S+/", smtp.text(message)).group(0)
    page.goto(_path(confirm))
    page.get_by_role("button", name="Yes, subscribe me").click()
    page.get_by_role("heading", name="You are subscribed").wait_for()
    subscriber = Subscriber.objects.get(email="reader@example.org")
    assert subscriber.status == "subscribed" and [t.name for t in subscriber.topics.all()] == ["Events"]

    unsubscribe = re.search(r"<(https?://[^>]+)>", message["List-Unsubscribe"]).group(1)
    page.goto(_path(unsubscribe))
    page.get_by_role("button", name="Unsubscribe").click()
    page.get_by_role("heading", name="You have left the list").wait_for()
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"
