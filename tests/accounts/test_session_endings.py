"""Every path that ends a session still ends it with sessions kept in the cache as well as the database
(SESSION_ENGINE cached_db, issue 21's home-page throughput): sign-out, "sign out everywhere", a password
change, closing the account, an administrator deactivating the account, signing someone out or resetting
their two-factor sign-in. Each test replays the ended session's cookie from another browser, as someone
who had copied it would, on both engines."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client

from accord.accounts import twofactor
from accord.accounts.models import User
from accord.privacy import services as privacy
from tests.conftest import PASSWORD

ENGINES = ["django.contrib.sessions.backends.cached_db", "django.contrib.sessions.backends.db"]


@pytest.fixture(params=ENGINES, ids=["cached_db", "db"])
def engine(request, settings):
    settings.SESSION_ENGINE = request.param
    settings.ACCORD_REQUIRE_2FA_FOR = []
    cache.clear()
    return request.param


def _signed_in(email):
    client = Client()
    assert client.post("/accounts/sign-in/", {"email": email, "password": PASSWORD}).status_code == 302
    return client


def _copy(client):
    """Another browser holding the same session cookie."""
    thief = Client()
    thief.cookies[django_settings.SESSION_COOKIE_NAME] = client.cookies[
        django_settings.SESSION_COOKIE_NAME
    ].value
    assert thief.get("/partnerships/").status_code == 200  # the session works (and is now in the cache)
    return thief


def _ended(client):
    return client.get("/partnerships/").status_code == 302


def _admin():
    admin = Client()
    admin.force_login(User.objects.create_superuser("root@example.org", PASSWORD))
    return admin


def test_the_default_engine_keeps_sessions_in_the_cache_and_the_database():
    assert django_settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


def test_signing_out_ends_the_session(world, engine):
    client = _signed_in("leader_a@example.org")
    thief = _copy(client)
    assert client.post("/accounts/sign-out/").status_code == 302
    assert _ended(thief) and _ended(client)


def test_signing_out_everywhere_else_ends_the_others(world, engine):
    this = _signed_in("leader_a@example.org")
    other = _copy(_signed_in("leader_a@example.org"))
    this.post("/accounts/sign-out/others/")
    assert _ended(other) and not _ended(this)


def test_a_password_change_ends_every_other_session(world, engine):
    this = _signed_in("leader_a@example.org")
    other = _copy(_signed_in("leader_a@example.org"))
    new = "a completely different passphrase 42"
    response = this.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert _ended(other) and not _ended(this)


def test_closing_the_account_ends_every_session(world, engine):
    other = _copy(_signed_in("staff_b@example.org"))
    privacy.close_account(user=User.objects.get(email="staff_b@example.org"))
    assert _ended(other)


def test_an_administrator_deactivating_the_account_ends_its_sessions(world, engine):
    other = _copy(_signed_in("leader_a@example.org"))
    user = User.objects.get(email="leader_a@example.org")
    user.is_active = False
    user.save()  # what the admin's change page saves
    assert _ended(other)


def test_an_administrator_signing_someone_out_ends_their_sessions(world, engine):
    other = _copy(_signed_in("leader_a@example.org"))
    _admin().post(
        "/admin/accounts/user/", {"action": "end_sessions", "_selected_action": [world.users["leader_a"].pk]}
    )
    assert _ended(other)


def test_a_two_factor_reset_ends_their_sessions(world, engine):
    other = _copy(_signed_in("leader_a@example.org"))
    twofactor.reset(
        actor=User.objects.create_superuser("root2@example.org", PASSWORD), user=world.users["leader_a"]
    )
    assert _ended(other)
