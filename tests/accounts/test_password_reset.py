import re

from django.test import Client

from tests.conftest import SmtpSink


def test_a_password_is_reset_through_the_emailed_link(world, smtp):
    client = Client()
    response = client.post("/accounts/password-reset/", {"email": "staff_b@example.org"})
    assert response.status_code == 302
    [message] = smtp.to("staff_b@example.org")
    path = re.search(r"http://testserver(/accounts/password-reset/\S+/)", SmtpSink.text(message)).group(1)
    form_page = client.get(path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    client.post(set_url, {"new_password1": "brand new passphrase 7", "new_password2": "brand new passphrase 7"})
    world.users["staff_b"].refresh_from_db()
    assert world.users["staff_b"].check_password("brand new passphrase 7")
    assert "cannot be used" in Client().get(path, follow=True).content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(world, smtp):
    response = Client().post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302 and not smtp.messages


def _reset_mail(smtp, address: str, page_language: str):
    Client(HTTP_ACCEPT_LANGUAGE=page_language).post("/accounts/password-reset/", {"email": address})
    [message] = smtp.to(address)
    return str(message["Subject"]), SmtpSink.text(message)


def test_the_email_speaks_the_account_holders_language_not_the_pages(world, smtp):
    welsh, english = world.users["staff_b"], world.users["staff_a"]
    welsh.language, english.language = "cy", "en"
    welsh.save(update_fields=["language"])
    english.save(update_fields=["language"])
    subject, text = _reset_mail(smtp, welsh.email, "en")  # asked from an English page
    assert subject == "Ailosod eich cyfrinair Accord" and "Helo," in text and "Hello," not in text
    subject, text = _reset_mail(smtp, english.email, "cy")  # asked from a Welsh page
    assert subject == "Reset your Accord password" and "Hello," in text and "Helo," not in text


def test_an_account_that_follows_its_browser_gets_the_language_of_the_page_that_asked(world, smtp):
    user = world.users["leader_a"]
    assert user.language == ""
    subject, text = _reset_mail(smtp, user.email, "cy")
    assert subject == "Ailosod eich cyfrinair Accord" and "Helo," in text
