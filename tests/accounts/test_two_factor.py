"""Two-factor sign-in from the pages: enrolment, the second step, recovery codes when a device is
lost, re-enrolment, an administrator's reset, and who must use it. Every change is audited."""

import re
import time

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.accounts import twofactor
from accord.accounts.models import User
from accord.core.models import AuditEntry
from tests.conftest import PASSWORD


def _code(device: TOTPDevice, ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + ahead * device.step
    return f"{totp.token():06d}"


def _enrol(client: Client, email: str) -> tuple[TOTPDevice, list[str]]:
    page = client.get("/accounts/two-factor/app/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user__email=email, confirmed=False)
    response = client.post("/accounts/two-factor/app/", {"code": _code(device)})
    assert response.status_code == 200, response
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", response.content.decode())
    device.refresh_from_db()
    return device, codes


def _password(client: Client, email: str):
    return client.post("/accounts/sign-in/", {"email": email, "password": PASSWORD})


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_enrolling_an_app_turns_on_the_second_step_and_gives_recovery_codes(world):
    device, codes = _enrol(world.client("leader_a"), "leader_a@example.org")
    assert device.confirmed and len(codes) == 10
    assert AuditEntry.objects.filter(action="accounts.two_factor.enrolled").exists()

    client = Client()
    response = _password(client, "leader_a@example.org")
    assert response["Location"] == "/accounts/sign-in/second-step/"
    assert not _signed_in(client)
    assert client.get("/partnerships/").status_code == 302  # nothing opens half-way

    wrong = client.post("/accounts/sign-in/second-step/", {"code": "000000"})
    assert "not right" in wrong.content.decode() and not _signed_in(client)
    time.sleep(1.1)  # django-otp makes each try after a wrong one wait (1, 2, 4 … seconds)
    done = client.post("/accounts/sign-in/second-step/", {"code": _code(device, ahead=1)})
    assert done.status_code == 302 and _signed_in(client)
    assert client.get("/partnerships/").status_code == 200


def test_a_wrong_code_typed_enrolling_leaves_it_off(world):
    client = world.client("leader_a")
    client.get("/accounts/two-factor/app/")
    response = client.post("/accounts/two-factor/app/", {"code": "123456"})
    assert "not right" in response.content.decode()
    assert not twofactor.is_enrolled(world.users["leader_a"])


def test_the_second_step_cannot_be_guessed_for_ever(world):
    _enrol(world.client("leader_a"), "leader_a@example.org")
    client = Client()
    _password(client, "leader_a@example.org")
    for _ in range(5):
        response = client.post("/accounts/sign-in/second-step/", {"code": "999999"})
    assert response["Location"] == "/accounts/sign-in/"
    assert client.get("/accounts/sign-in/second-step/")["Location"] == "/accounts/sign-in/"


def test_a_lost_phone_recovery_code_then_set_up_again(world):
    old_device, codes = _enrol(world.client("leader_a"), "leader_a@example.org")
    client = Client()
    _password(client, "leader_a@example.org")
    response = client.post("/accounts/sign-in/second-step/", {"code": codes[0].upper()})
    assert response["Location"] == "/accounts/two-factor/" and _signed_in(client)
    assert AuditEntry.objects.filter(action="accounts.two_factor.recovery_code_used").exists()
    assert "9 unused recovery codes" in client.get("/accounts/two-factor/").content.decode()

    # the code works once only
    again = Client()
    _password(again, "leader_a@example.org")
    assert "not right" in again.post("/accounts/sign-in/second-step/", {"code": codes[0]}).content.decode()

    # remove the lost phone, set up the new one
    client.post(f"/accounts/two-factor/totp/{old_device.pk}/remove/")
    assert not TOTPDevice.objects.filter(pk=old_device.pk).exists()
    assert AuditEntry.objects.filter(action="accounts.two_factor.removed").exists()
    new_device, new_codes = _enrol(client, "leader_a@example.org")
    assert new_device.confirmed and new_codes  # the old codes went with the last method


def test_a_session_that_did_not_pass_the_second_step_cannot_change_it(world):
    device, _ = _enrol(world.client("leader_a"), "leader_a@example.org")
    unverified = world.client("leader_a")  # signed in some other way, without the second step
    unverified.post(f"/accounts/two-factor/totp/{device.pk}/remove/")
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert unverified.get("/accounts/two-factor/app/").status_code == 302


def test_an_administrator_resets_a_persons_second_factor(world, settings):
    settings.ACCORD_REQUIRE_2FA_FOR = []
    _enrol(world.client("leader_a"), "leader_a@example.org")
    admin = User.objects.create_superuser("root@example.org", PASSWORD)
    client = Client()
    client.force_login(admin)
    response = client.post("/admin/accounts/user/", {"action": "reset_two_factor",
                                                     "_selected_action": [world.users["leader_a"].pk]})
    assert response.status_code == 302
    assert not twofactor.is_enrolled(world.users["leader_a"])
    entry = AuditEntry.objects.get(action="accounts.two_factor.reset")
    assert entry.actor_id == admin.pk
    assert _password(Client(), "leader_a@example.org")["Location"] == "/partnerships/"


def test_managers_must_set_it_up_when_the_setting_says_so(world, settings):
    settings.ACCORD_REQUIRE_2FA_FOR = ["managers"]
    client = Client()
    response = _password(client, "manager@example.org")
    assert response["Location"] == "/accounts/two-factor/app/" and not _signed_in(client)
    assert client.get("/partnerships/").status_code == 302
    page = client.get("/accounts/two-factor/app/")
    assert "Your role asks for two-factor sign-in" in page.content.decode()
    device = TOTPDevice.objects.get(user__email="manager@example.org", confirmed=False)
    client.post("/accounts/two-factor/app/", {"code": _code(device)})
    assert _signed_in(client) and client.get("/partnerships/").status_code == 200
    # others are not asked
    assert _password(Client(), "leader_a@example.org")["Location"] == "/partnerships/"


def test_the_admin_needs_the_second_step(world, settings):
    settings.ACCORD_REQUIRE_2FA_FOR = ["admin"]
    User.objects.create_superuser("root@example.org", PASSWORD)
    client = Client()
    assert _password(client, "root@example.org")["Location"] == "/accounts/two-factor/app/"
    assert not _signed_in(client)
    forced = Client()
    forced.force_login(User.objects.get(email="root@example.org"))
    assert forced.get("/admin/").status_code == 302  # signed in without the second step: no admin
    client.get("/accounts/two-factor/app/")
    device = TOTPDevice.objects.get(user__email="root@example.org", confirmed=False)
    client.post("/accounts/two-factor/app/", {"code": _code(device)})
    assert client.get("/admin/").status_code == 200


def test_anyone_may_turn_it_on_from_the_account_page(world):
    page = world.client("staff_b").get("/accounts/").content.decode()
    assert "Turn on two-factor sign-in" in page and 'href="/accounts/two-factor/"' in page


def test_a_new_manager_from_an_invitation_sets_it_up_before_going_on(world, smtp, settings):
    settings.ACCORD_REQUIRE_2FA_FOR = ["managers"]
    from tests.conftest import SmtpSink

    world.client("manager").post(f"/accounts/p/{world.partnership.pk}/invite/",
                                 {"email": "boss@example.org", "role": "manager"})
    path = re.search(r"http://testserver(/accounts/invitations/[^\s]+/)",
                     SmtpSink.text(smtp.to("boss@example.org")[0])).group(1)
    client = Client()
    response = client.post(path, {"full_name": "New Boss", "password": "a long enough passphrase 42"})
    assert response["Location"] == "/accounts/two-factor/app/" and not _signed_in(client)


def test_renewing_recovery_codes_makes_the_old_ones_stop_working(world):
    client = Client()
    device, codes = _enrol(world.client("leader_a"), "leader_a@example.org")
    _password(client, "leader_a@example.org")
    client.post("/accounts/sign-in/second-step/", {"code": _code(device, ahead=1)})
    renewed = client.post("/accounts/two-factor/recovery-codes/")
    new_codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", renewed.content.decode())
    assert len(new_codes) == 10 and not set(new_codes) & set(codes)
    other = Client()
    _password(other, "leader_a@example.org")
    assert "not right" in other.post("/accounts/sign-in/second-step/", {"code": codes[1]}).content.decode()
    assert AuditEntry.objects.filter(action="accounts.two_factor.recovery_codes_renewed").exists()


def test_a_code_from_the_app_works_once(world):
    device, _ = _enrol(world.client("leader_a"), "leader_a@example.org")
    code = _code(device, ahead=1)
    first = Client()
    _password(first, "leader_a@example.org")
    assert first.post("/accounts/sign-in/second-step/", {"code": code}).status_code == 302
    replay = Client()
    _password(replay, "leader_a@example.org")
    assert "not right" in replay.post("/accounts/sign-in/second-step/", {"code": code}).content.decode()


def test_recovery_codes_are_kept_only_as_password_hashes(world):
    _, codes = _enrol(world.client("leader_a"), "leader_a@example.org")
    stored = list(twofactor.recovery(world.users["leader_a"]).codes.values_list("code_hash", flat=True))
    assert len(stored) == 10
    assert not any(c.replace("-", "") in h for c in codes for h in stored)


def test_a_password_reset_does_not_skip_the_second_step(world, smtp):
    from tests.conftest import SmtpSink

    _enrol(world.client("staff_b"), "staff_b@example.org")
    client = Client()
    client.post("/accounts/password-reset/", {"email": "staff_b@example.org"})
    path = re.search(r"http://testserver(/accounts/password-reset/\S+/)",
                     SmtpSink.text(smtp.to("staff_b@example.org")[0])).group(1)
    set_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": "brand new passphrase 7", "new_password2": "brand new passphrase 7"})
    assert not _signed_in(client)
    response = client.post("/accounts/sign-in/", {"email": "staff_b@example.org", "password": "brand new passphrase 7"})
    assert response["Location"] == "/accounts/sign-in/second-step/" and not _signed_in(client)
