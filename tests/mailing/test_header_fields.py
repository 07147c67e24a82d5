"""Text that goes into an e-mail's headers (a list's name and sender name, a campaign's subject) is
one line: a line break is refused with a message, and one stored earlier cannot stop the list's mail."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from accord.lib.mail import LINE_BREAK_MESSAGE
from accord.mailing import sending, services
from accord.mailing.models import Campaign, MailingList

from .conftest import signup_data

BROKEN = ["News\r\nBcc: everyone@example.org", "News\nfrom us", "News\rfrom us"]


@pytest.mark.parametrize("value", BROKEN)
def test_the_list_page_refuses_a_sender_name_with_a_line_break(world, lists, value):
    url = f"/p/{world.partnership.pk}/lists/{lists.shared.pk}/edit/"
    response = world.client("manager").post(url, {"name": "Partnership news", "slug": "news", "statement": "x",
                                                  "from_name": value, "is_open": "on"})
    assert response.status_code == 200 and "Keep this on one line" in response.content.decode()
    assert MailingList.objects.get(pk=lists.shared.pk).from_name == ""


def test_the_service_refuses_it_too(world, lists):
    with pytest.raises(ValidationError) as caught:
        services.list_update(actor=world.users["manager"], mailing_list=lists.shared, statement="x", topics=[],
                             from_name=BROKEN[0])
    assert LINE_BREAK_MESSAGE in caught.value.message_dict["from_name"]
    with pytest.raises(ValidationError) as caught:
        services.list_update(actor=world.users["manager"], mailing_list=lists.shared, statement="x", topics=[],
                             name=BROKEN[1])
    assert "name" in caught.value.message_dict


def test_a_campaign_subject_with_a_line_break_is_refused(world, lists):
    base = f"/p/{world.partnership.pk}/lists/{lists.shared.pk}/campaigns/"
    response = world.client("manager").post(base + "new/", {"subject": "Hello\r\nBcc: x@example.org", "body": "Hi"})
    assert response.status_code == 200 and "Keep this on one line" in response.content.decode()
    with pytest.raises(ValidationError):
        sending.campaign_save(actor=world.users["manager"], mailing_list=lists.shared, subject="Hello\nthere",
                              body="Hi")
    assert not Campaign.objects.exists()


def test_a_line_break_stored_earlier_does_not_stop_the_confirmation_mail(lists, smtp):
    MailingList.objects.filter(pk=lists.shared.pk).update(from_name=BROKEN[0])
    Client().post("/lists/news/", signup_data(lists.shared, "grace@example.org"))
    [message] = smtp.to("grace@example.org")
    assert "News Bcc: everyone@example.org" in message["From"] and "\n" not in message["From"]
    assert message["Bcc"] is None
