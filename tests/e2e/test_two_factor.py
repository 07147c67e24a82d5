"""Two-factor sign-in in a real browser: a person turns on an authenticator app (the code is
computed here from the key the page shows, as the app would) and signs in with it; another adds
a passkey with Chromium's virtual authenticator and signs in with it."""

import base64
import re
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.accounts.models import User

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 42"


def _code_for(secret: str) -> str:
    key = base64.b32decode(secret.replace(" ", "").upper() + "=" * (-len(secret.replace(" ", "")) % 8))
    totp = TOTP(key)
    return f"{totp.token():06d}"


def _next_code(secret: str, email: str) -> str:
    """The code an app shows next, as the server will accept it: the time step after the last one used
    (a code is good once), no earlier than now as the server counts it (with the drift it learned at set-up).
    Computed from the clock alone, a set-up that straddled two 30-second steps made the test fail now and then."""
    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    now = int((time.time() - device.t0) // device.step) + device.drift
    step = max(device.last_t + 1, now)
    key = base64.b32decode(secret.replace(" ", "").upper() + "=" * (-len(secret.replace(" ", "")) % 8))
    totp = TOTP(key, step=device.step, t0=device.t0)
    totp.time = device.t0 + step * device.step + 1
    return f"{totp.token():06d}"


def _no_inline_script(page) -> None:
    assert page.locator("script:not([src]):not([type='application/json'])").count() == 0
    assert page.locator("[onclick], [onload], [style]").count() == 0


def _sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/sign-in/")


def _password_step(page, email: str) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/sign-in/second-step/")


def test_turn_on_an_authenticator_app_and_sign_in_with_it(page):
    User.objects.create_user("ada@example.org", PASSWORD, full_name="Ada")
    sign_in(page, "ada@example.org", PASSWORD)
    page.goto("/accounts/")
    page.get_by_role("link", name="Turn on two-factor sign-in").click()
    page.get_by_role("link", name="Add an authenticator app").click()
    _no_inline_script(page)
    assert page.locator("figure.qr svg").count() == 1
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("The 6-digit code your app shows").fill(_code_for(secret))
    page.get_by_role("button", name="Turn on").click()
    page.get_by_role("heading", name="Save your recovery codes").wait_for()
    assert page.locator("#recovery-codes li").count() == 10
    page.get_by_role("link", name="I have saved them, continue").click()
    page.get_by_text("Two-factor sign-in is on.").wait_for()

    _sign_out(page)
    _password_step(page, "ada@example.org")
    _no_inline_script(page)
    page.get_by_label(re.compile("Code from your authenticator app")).fill(_next_code(secret, "ada@example.org"))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/partnerships/")


def test_add_a_passkey_and_sign_in_with_it(page, live_server, settings):
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True}})

    User.objects.create_user("grace@example.org", PASSWORD, full_name="Grace")
    sign_in(page, "grace@example.org", PASSWORD)
    page.goto("/accounts/two-factor/")
    _no_inline_script(page)
    page.get_by_role("button", name="Add a passkey").click()
    page.get_by_role("heading", name="Save your recovery codes").wait_for()  # the page reloads with them
    assert page.locator("#recovery-codes li").count() == 10
    page.get_by_text("Two-factor sign-in is on.").wait_for()

    _sign_out(page)
    _password_step(page, "grace@example.org")
    _no_inline_script(page)
    page.get_by_role("button", name="Use your passkey").click()
    page.wait_for_url("**/partnerships/")
    assert page.get_by_role("button", name="Sign out").count() == 1


def test_confirm_it_is_you_with_the_password_and_a_passkey(page, live_server, settings):
    """Before a change to two-factor sign-in, someone whose factor is a passkey confirms with it."""
    from accord.core.models import AuditEntry

    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True}})
    User.objects.create_user("lin@example.org", PASSWORD, full_name="Lin")
    sign_in(page, "lin@example.org", PASSWORD)
    page.goto("/accounts/two-factor/")
    page.get_by_role("button", name="Add a passkey").click()
    page.get_by_text("Two-factor sign-in is on.").wait_for()

    settings.ACCORD_REAUTH_MINUTES = 0  # the sign-in no longer counts
    page.goto("/accounts/two-factor/")
    page.get_by_role("link", name="Confirm it's you to add a passkey").click()
    page.get_by_role("heading", name="Confirm it's you: enter your password again").wait_for()
    _no_inline_script(page)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="Confirm it's you: use your passkey").wait_for()
    _no_inline_script(page)
    page.get_by_role("button", name="Use your passkey").click()
    page.wait_for_url("**/accounts/two-factor/")
    assert AuditEntry.objects.filter(action="accounts.reauth.confirmed", data__with="password+passkey").exists()
