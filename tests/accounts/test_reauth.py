"""Confirm it's you (ASVS 7.5.1): changing second factors, recovery codes, API tokens or other
sessions needs the password (and second step) again within ACCORD_REAUTH_MINUTES. Each test fails
when the protection is taken off its view."""

import time

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accord.accounts import reauth, twofactor
from accord.accounts.models import ApiToken
from accord.core.models import AuditEntry
from tests.conftest import PASSWORD

CONFIRM = "/accounts/confirm/"


def _age(client: Client, minutes: float) -> None:
    """Make the session's last sign-in or confirmation `minutes` old."""
    session = client.session
    session[reauth.SESSION_KEY] = time.time() - minutes * 60
    session.save()


def _stale(world, persona: str = "leader_a") -> Client:
    client = world.client(persona)
    _age(client, 11)
    return client


def _confirm(client: Client, **data):
    return client.post(CONFIRM, {"password": PASSWORD, **data})


def _code(device: TOTPDevice, ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + ahead * device.step
    return f"{totp.token():06d}"


def _totp(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def _sent_to_confirm(response, back: str) -> bool:
    return response.status_code == 302 and response["Location"].startswith(CONFIRM) and \
        back.replace("/", "%2F") in response["Location"]


def _token(world, persona: str = "leader_a") -> ApiToken:
    return ApiToken.issue(world.users[persona], "script")[0]


# --- each protected action --------------------------------------------------------------------

def test_making_an_api_token_needs_a_recent_confirmation(world):
    client = _stale(world)
    assert client.get("/accounts/").status_code == 200  # looking needs nothing more
    response = client.post("/accounts/", {"name": "script"})
    assert _sent_to_confirm(response, "/accounts/")
    assert not ApiToken.objects.filter(user=world.users["leader_a"]).exists()
    assert _confirm(client, next="/accounts/")["Location"] == "/accounts/"
    client.post("/accounts/", {"name": "script"})
    assert ApiToken.objects.filter(user=world.users["leader_a"], name="script").exists()


def test_revoking_an_api_token_needs_a_recent_confirmation(world):
    token = _token(world)
    client = _stale(world)
    url = f"/accounts/tokens/{token.pk}/revoke/"
    assert _sent_to_confirm(client.post(url), "/accounts/")
    token.refresh_from_db()
    assert token.revoked_at is None
    _confirm(client)
    client.post(url)
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_ending_other_sessions_needs_a_recent_confirmation(world):
    user = world.users["leader_a"]
    before = user.session_version
    client = _stale(world)
    response = client.post("/accounts/sign-out/others/", {"back": "two-factor"})
    assert _sent_to_confirm(response, "/accounts/two-factor/")
    user.refresh_from_db()
    assert user.session_version == before
    _confirm(client)
    client.post("/accounts/sign-out/others/")
    user.refresh_from_db()
    assert user.session_version == before + 1


def test_adding_an_authenticator_app_needs_a_recent_confirmation(world):
    client = _stale(world)
    response = client.get("/accounts/two-factor/app/")
    assert _sent_to_confirm(response, "/accounts/two-factor/app/")
    assert not TOTPDevice.objects.filter(user=world.users["leader_a"]).exists()
    assert _sent_to_confirm(client.post("/accounts/two-factor/app/", {"code": "123456"}), "/accounts/two-factor/")
    assert _confirm(client, next="/accounts/two-factor/app/")["Location"] == "/accounts/two-factor/app/"
    assert client.get("/accounts/two-factor/app/").status_code == 200


def test_removing_a_second_factor_needs_a_recent_confirmation_with_it(world):
    user = world.users["leader_a"]
    device = _totp(user)
    twofactor.recovery_codes_renew(user=user)
    client = _stale(world)
    url = f"/accounts/two-factor/totp/{device.pk}/remove/"
    session = client.session  # a session that passed the second step, as before
    session["otp_device_id"] = device.persistent_id
    session.save()
    assert _sent_to_confirm(client.post(url), "/accounts/two-factor/")
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    # the password alone is not enough for someone with a second factor
    assert _confirm(client).status_code == 200
    assert _sent_to_confirm(client.post(url), "/accounts/two-factor/")
    wrong = _confirm(client, code="000000")
    assert wrong.status_code == 200 and "That code is not right" in wrong.content.decode()
    assert _sent_to_confirm(client.post(url), "/accounts/two-factor/")
    time.sleep(1.1)  # django-otp makes the try after a wrong code wait a second
    assert _confirm(client, code=_code(device, ahead=1))["Location"] == "/partnerships/"
    client.post(url)
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()


def test_new_recovery_codes_need_a_recent_confirmation(world):
    user = world.users["leader_a"]
    device = _totp(user)
    twofactor.recovery_codes_renew(user=user)
    old = twofactor.recovery(user).pk
    client = _stale(world)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    assert _sent_to_confirm(client.post("/accounts/two-factor/recovery-codes/"), "/accounts/two-factor/")
    assert twofactor.recovery(user).pk == old
    _confirm(client, code=_code(device))
    assert client.post("/accounts/two-factor/recovery-codes/").status_code == 200
    assert twofactor.recovery(user).pk != old


@pytest.mark.parametrize("path", ["/accounts/passkeys/register/begin/", "/accounts/passkeys/register/complete/"])
def test_adding_a_passkey_needs_a_recent_confirmation(world, path):
    client = _stale(world)
    response = client.post(path, content_type="application/json", data="{}")
    assert response.status_code == 403 and "Confirm it" in response.json()["detail"]
    assert not WebAuthnCredential.objects.exists()
    page = client.get("/accounts/two-factor/").content.decode()
    assert "Confirm it's you to add a passkey" in page and "passkey-register-button" not in page
    _confirm(client)
    assert client.post("/accounts/passkeys/register/begin/", content_type="application/json",
                       data="{}").status_code == 200
    assert "passkey-register-button" in client.get("/accounts/two-factor/").content.decode()


# --- the confirmation itself ------------------------------------------------------------------

def test_signing_in_counts_and_lasts_the_configured_minutes(world, settings):
    client = Client()
    client.post("/accounts/sign-in/", {"email": "leader_a@example.org", "password": PASSWORD})
    assert client.post("/accounts/", {"name": "fresh"}).status_code == 200  # no detour right after signing in
    _age(client, 9)
    assert client.post("/accounts/", {"name": "still"}).status_code == 200
    settings.ACCORD_REAUTH_MINUTES = 5
    assert _sent_to_confirm(client.post("/accounts/", {"name": "late"}), "/accounts/")


def test_a_confirmation_is_audited(world):
    client = _stale(world)
    _confirm(client)
    assert AuditEntry.objects.filter(action="accounts.reauth.confirmed").count() == 1


def test_a_wrong_password_is_refused(world):
    client = _stale(world)
    page = client.post(CONFIRM, {"password": "not it", "next": "/accounts/"})
    assert page.status_code == 200 and "That password is not right." in page.content.decode()
    assert _sent_to_confirm(client.post("/accounts/", {"name": "x"}), "/accounts/")
    assert AuditEntry.objects.filter(action="accounts.reauth.failed").exists()


def test_wrong_passwords_are_throttled_like_sign_in(world, settings):
    client = _stale(world)
    for _ in range(settings.SIGNIN_MAX_FAILURES):
        client.post(CONFIRM, {"password": "not it"})
    page = _confirm(client).content.decode()  # even the right password waits now
    assert "Too many failed attempts" in page
    assert _sent_to_confirm(client.post("/accounts/", {"name": "x"}), "/accounts/")
    # and the sign-in shares the count: no extra guesses by switching pages
    other = Client()
    refused = other.post("/accounts/sign-in/", {"email": "leader_a@example.org", "password": PASSWORD})
    assert "Too many failed attempts" in refused.content.decode()


@pytest.mark.parametrize("bad", ["https://evil.example/", "//evil.example/x", "http://evil.example/accounts/"])
def test_next_to_another_site_is_ignored(world, bad):
    client = _stale(world)
    response = _confirm(client, next=bad)
    assert response.status_code == 302 and response["Location"] == "/partnerships/"


def test_the_page_needs_a_signed_in_person(world):
    response = Client().get(CONFIRM)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")


def test_the_page_says_what_it_asks_in_plain_words(world):
    page = _stale(world).get(CONFIRM + "?next=/accounts/").content.decode()
    assert "Confirm it's you: enter your password again" in page
    assert "<script>" not in page and " style=" not in page


def test_a_passkey_user_gives_the_password_then_the_passkey(world):
    user = world.users["leader_a"]
    WebAuthnCredential.objects.create(user=user, name="Passkey", confirmed=True, credential_id=b"x" * 16,
                                      public_key=b"k", sign_count=0)
    client = _stale(world)
    page = _confirm(client, next="/accounts/two-factor/")
    assert page.status_code == 200 and "Confirm it's you: use your passkey" in page.content.decode()
    assert _sent_to_confirm(client.post("/accounts/", {"name": "x"}), "/accounts/")  # not yet confirmed
    assert reauth.half_way_user(client.get("/accounts/").wsgi_request) == user


def test_someone_with_an_app_must_give_its_code_too(world):
    _totp(world.users["leader_a"])
    client = _stale(world)
    assert _confirm(client).status_code == 200
    assert _sent_to_confirm(client.post("/accounts/", {"name": "x"}), "/accounts/")
