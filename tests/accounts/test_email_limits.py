"""Password-reset and invitation e-mails are limited per address and per client, the answer does
not tell whether an account exists, and passwords are never trimmed on any form."""

import re

from django.test import Client

from accord.accounts.models import Invitation
from tests.conftest import SmtpSink


def _reset(email, ip="203.0.113.1"):
    return Client().post("/accounts/password-reset/", {"email": email}, REMOTE_ADDR=ip)


def test_ten_reset_requests_send_at_most_three_emails_with_the_same_answer(world, smtp, settings):
    settings.ACCOUNTS_EMAILS_PER_ADDRESS = 3
    answers = {(_reset("staff_b@example.org").status_code, _reset.__name__) for _ in range(10)}
    assert answers == {(302, "_reset")}
    assert len(smtp.to("staff_b@example.org")) == 3


def test_one_client_cannot_send_resets_to_many_addresses(world, smtp, settings):
    settings.ACCOUNTS_EMAILS_PER_CLIENT = 2
    for persona in ["leader_a", "staff_a", "leader_b", "staff_b"]:
        assert _reset(f"{persona}@example.org", ip="198.51.100.5").status_code == 302
    assert len(smtp.messages) == 2
    assert _reset("funder@example.org", ip="203.0.113.7").status_code == 302
    assert len(smtp.messages) == 3


def test_reset_with_the_store_down_says_so(world, smtp, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}
    response = _reset("staff_b@example.org")
    assert response.status_code == 200 and "is not answering" in response.content.decode()
    assert not smtp.messages


def test_invitations_to_one_address_are_limited(world, smtp, settings):
    settings.ACCOUNTS_EMAILS_PER_ADDRESS = 2
    client = world.client("manager")
    url = f"/accounts/p/{world.partnership.pk}/invite/"
    for _ in range(2):
        assert client.post(url, {"email": "newbie@example.org", "role": "staff"}).status_code == 302
    response = client.post(url, {"email": "newbie@example.org", "role": "staff"})
    assert response.status_code == 200 and "Too many invitations" in response.content.decode()
    assert len(smtp.to("newbie@example.org")) == 2 and Invitation.objects.count() == 2


def test_a_manager_cannot_send_invitations_without_limit(world, smtp, settings):
    settings.ACCOUNTS_EMAILS_PER_CLIENT = 2
    client = world.client("manager")
    url = f"/accounts/p/{world.partnership.pk}/invite/"
    codes = [client.post(url, {"email": f"n{i}@example.org", "role": "staff"}).status_code for i in range(3)]
    assert codes == [302, 302, 200] and len(smtp.messages) == 2


def test_a_password_with_spaces_set_by_reset_signs_in(world, smtp):
    client = Client()
    client.post("/accounts/password-reset/", {"email": "staff_b@example.org"})
    path = re.search(r"http://testserver(/accounts/password-reset/\S+/)",
                     SmtpSink.text(smtp.to("staff_b@example.org")[0])).group(1)
    set_url = client.get(path, follow=True).redirect_chain[-1][0]
    spaced = "  spaced out passphrase 9  "
    client.post(set_url, {"new_password1": spaced, "new_password2": spaced})
    response = Client().post("/accounts/sign-in/", {"email": "staff_b@example.org", "password": spaced})
    assert response.status_code == 302
    trimmed = Client().post("/accounts/sign-in/", {"email": "staff_b@example.org", "password": spaced.strip()})
    assert trimmed.status_code == 200


def test_a_password_with_spaces_chosen_on_an_invitation_signs_in(world, smtp):
    world.client("manager").post(f"/accounts/p/{world.partnership.pk}/invite/",
                                 {"email": "newbie@example.org", "role": "staff"})
    path = re.search(r"http://testserver(/accounts/invitations/[^\s]+/)",
                     SmtpSink.text(smtp.to("newbie@example.org")[0])).group(1)
    spaced = " another long passphrase 4 "
    Client().post(path, {"full_name": "New Bie", "password": spaced})
    assert Client().post("/accounts/sign-in/", {"email": "newbie@example.org", "password": spaced}).status_code == 302
