"""Sessions: an absolute lifetime, signing out of every other browser, and an administrator
ending someone's sessions."""

import time

from django.test import Client

from accord.accounts.middleware import STARTED_KEY
from accord.accounts.models import User
from accord.core.models import AuditEntry
from tests.conftest import PASSWORD


def _signed_in_client(email):
    client = Client()
    assert client.post("/accounts/sign-in/", {"email": email, "password": PASSWORD}).status_code == 302
    return client


def test_a_session_ends_after_its_absolute_lifetime_however_active(world, settings):
    settings.SESSION_MAX_HOURS = 12
    client = _signed_in_client("leader_a@example.org")
    assert client.get("/partnerships/").status_code == 200
    session = client.session
    session[STARTED_KEY] = time.time() - 12 * 3600 - 5
    session.save()
    assert client.get("/partnerships/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_signing_out_every_other_browser_keeps_this_one(world):
    other = _signed_in_client("leader_a@example.org")
    this = _signed_in_client("leader_a@example.org")
    assert this.post("/accounts/sign-out/others/").status_code == 302
    assert this.get("/partnerships/").status_code == 200
    assert other.get("/partnerships/").status_code == 302
    assert AuditEntry.objects.filter(action="accounts.sessions.ended").exists()


def test_an_administrator_signs_someone_out_everywhere(world, settings):
    settings.ACCORD_REQUIRE_2FA_FOR = []
    victim = _signed_in_client("leader_a@example.org")
    admin = Client()
    admin.force_login(User.objects.create_superuser("root@example.org", PASSWORD))
    admin.post("/admin/accounts/user/", {"action": "end_sessions", "_selected_action": [world.users["leader_a"].pk]})
    assert victim.get("/partnerships/").status_code == 302
    assert _signed_in_client("leader_a@example.org").get("/partnerships/").status_code == 200


def _session_writes(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q for q in queries.captured_queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]]


def test_a_page_view_saves_the_session_only_when_the_idle_limit_needs_sliding(world, settings):
    settings.SESSION_REFRESH_SECONDS = 60
    client = _signed_in_client("leader_a@example.org")
    client.get("/partnerships/")
    assert _session_writes(client, "/partnerships/") == []


def test_the_idle_limit_slides_with_activity(world, settings):
    from django.contrib.sessions.models import Session

    settings.SESSION_REFRESH_SECONDS = 0
    client = _signed_in_client("leader_a@example.org")
    client.get("/partnerships/")
    key = client.session.session_key
    Session.objects.filter(pk=key).update(expire_date=Session.objects.get(pk=key).expire_date
                                          - __import__("datetime").timedelta(hours=1))
    before = Session.objects.get(pk=key).expire_date
    assert _session_writes(client, "/partnerships/")
    assert Session.objects.get(pk=key).expire_date > before
