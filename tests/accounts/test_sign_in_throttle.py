"""Sign-in cannot be bypassed through the admin, nor turned against users: the throttle stops
guessing without letting anyone lock out a named person or everyone behind one address."""

import threading
import time

from django.contrib.sessions.models import Session
from django.test import Client

from accord.accounts import throttle
from accord.accounts.models import User
from tests.conftest import PASSWORD


def _sign_in(client, email, password, ip="203.0.113.1", forwarded=""):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return client.post("/accounts/sign-in/", {"email": email, "password": password}, REMOTE_ADDR=ip, **extra)


def _superuser():
    return User.objects.create_superuser("root@example.org", PASSWORD)


def test_the_admin_login_page_sends_people_to_the_one_sign_in(world):
    response = Client().get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/sign-in/?next=%2Fadmin%2Faccounts%2Fuser%2F"
    # a password posted to the admin's own login form signs no one in
    _superuser()
    client = Client()
    client.post("/admin/login/", {"username": "root@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_guessing_an_admin_password_is_throttled_like_any_other(world, settings):
    settings.SIGNIN_MAX_FAILURES = 3
    settings.ACCORD_REQUIRE_2FA_FOR = []
    _superuser()
    client = Client()
    for _ in range(3):
        _sign_in(client, "root@example.org", "wrong")
    response = _sign_in(client, "root@example.org", PASSWORD)
    assert "Too many failed attempts" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_only_staff_reach_the_admin(world, settings):
    settings.ACCORD_REQUIRE_2FA_FOR = []
    assert world.client("manager").get("/admin/").status_code == 302
    staff = world.users["staff_a"]
    staff.is_staff = True
    staff.save()
    assert world.client("staff_a").get("/admin/").status_code == 200
    page = world.client("manager").get("/accounts/sign-in/?next=/admin/")
    assert "cannot open the administration pages" in page.content.decode()


def test_failures_from_one_address_do_not_lock_out_everyone_behind_it(world, settings):
    """25 wrong passwords from the office's one address, spread over accounts, leave the others free."""
    for persona in ["leader_a", "staff_a", "leader_b", "staff_b", "funder"]:
        for _ in range(5):
            _sign_in(Client(), f"{persona}@example.org", "wrong")
    assert _sign_in(Client(), "manager@example.org", PASSWORD).status_code == 302


def test_one_address_cannot_guess_without_limit_across_accounts(world, settings):
    settings.SIGNIN_MAX_PER_ADDRESS = 4
    for persona in ["leader_a", "staff_a", "leader_b", "staff_b"]:
        _sign_in(Client(), f"{persona}@example.org", "wrong", ip="198.51.100.66")
    response = _sign_in(Client(), "manager@example.org", PASSWORD, ip="198.51.100.66")
    assert "Too many failed sign-ins from your network" in response.content.decode()
    assert _sign_in(Client(), "manager@example.org", PASSWORD, ip="203.0.113.1").status_code == 302


def test_a_stranger_cannot_lock_a_named_person_out(world, settings):
    """Wrong passwords from elsewhere pause the stranger's address, and slow the account a little,
    but its owner gets in after seconds at most."""
    settings.SIGNIN_ACCOUNT_FREE_FAILURES = 3
    settings.SIGNIN_MAX_DELAY_SECONDS = 1
    refused = 0
    for n in range(12):  # a stranger from many addresses
        text = _sign_in(Client(), "leader_a@example.org", "guess", ip=f"198.51.100.{n}").content.decode()
        refused += "try again in" in text
    assert refused >= 8  # most guesses were never checked: the account is slowed down
    time.sleep(1.1)
    assert _sign_in(Client(), "leader_a@example.org", PASSWORD, ip="203.0.113.1").status_code == 302


def test_the_same_address_and_account_are_paused_after_the_limit(world, settings):
    settings.SIGNIN_MAX_FAILURES = 3
    for _ in range(3):
        _sign_in(Client(), "leader_a@example.org", "wrong", ip="198.51.100.9")
    assert "Too many failed attempts" in _sign_in(Client(), "leader_a@example.org", PASSWORD,
                                                  ip="198.51.100.9").content.decode()
    assert _sign_in(Client(), "leader_a@example.org", PASSWORD, ip="203.0.113.1").status_code == 302


def test_a_forged_forwarded_header_does_not_escape_the_pause(world, settings):
    settings.SIGNIN_MAX_FAILURES = 3
    settings.ACCORD_TRUSTED_PROXIES = 0
    for n in range(3):
        _sign_in(Client(), "leader_a@example.org", "wrong", ip="198.51.100.9", forwarded=f"10.9.9.{n}")
    response = _sign_in(Client(), "leader_a@example.org", PASSWORD, ip="198.51.100.9", forwarded="10.9.9.99")
    assert "Too many failed attempts" in response.content.decode()


def test_behind_a_trusted_proxy_people_are_told_apart_by_their_own_address(world, settings):
    settings.SIGNIN_MAX_FAILURES = 3
    settings.ACCORD_TRUSTED_PROXIES = 1
    for _ in range(3):
        _sign_in(Client(), "leader_a@example.org", "wrong", ip="10.0.0.2", forwarded="198.51.100.9")
    assert "Too many failed attempts" in _sign_in(Client(), "leader_a@example.org", PASSWORD, ip="10.0.0.2",
                                                  forwarded="198.51.100.9").content.decode()
    assert _sign_in(Client(), "leader_a@example.org", PASSWORD, ip="10.0.0.2",
                    forwarded="203.0.113.5").status_code == 302


def test_parallel_attempts_are_counted_before_the_password_is_checked(settings):
    """20 tries at once against a limit of 5: exactly 5 reach the password check."""
    settings.SIGNIN_MAX_FAILURES = 5
    barrier = threading.Barrier(20)
    allowed: list[bool] = []

    def attempt() -> None:
        barrier.wait()
        allowed.append(throttle.before_attempt("leader_a@example.org", "198.51.100.1") is None)

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(allowed) == 5


def test_with_the_throttle_store_down_sign_in_says_so_and_does_not_crash(world, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}
    client = Client()
    response = _sign_in(client, "manager@example.org", PASSWORD)
    assert response.status_code == 200
    assert "Sign-in is not possible just now" in response.content.decode()
    # nobody was signed in: no session in the database names anyone (the test client's own session
    # reader would ask the unreachable cache)
    assert not any("_auth_user_id" in s.get_decoded() for s in Session.objects.all())
