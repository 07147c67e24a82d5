"""The signed-in person's account is kept in the cache across requests under the data version stamp (issue 21,
home-page throughput: accounts.middleware.Authentication), so a page costs no query for it; every path that ends
a session still ends it at once. The tests of tests/accounts/test_session_endings.py run here again outside a
test's transaction, as a server runs, where the cached account is in use."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accord.accounts import middleware
from accord.accounts.models import User
from tests.accounts import test_session_endings as endings
from tests.conftest import PASSWORD, make_world

pytestmark = pytest.mark.django_db(transaction=True)  # outside a test's transaction, as a server runs

# every session ending again, now with the account read from the cache
engine = endings.engine
test_signing_out_ends_the_session = endings.test_signing_out_ends_the_session
test_signing_out_everywhere_else_ends_the_others = endings.test_signing_out_everywhere_else_ends_the_others
test_a_password_change_ends_every_other_session = endings.test_a_password_change_ends_every_other_session
test_closing_the_account_ends_every_session = endings.test_closing_the_account_ends_every_session
test_an_administrator_deactivating_the_account_ends_its_sessions = (
    endings.test_an_administrator_deactivating_the_account_ends_its_sessions)
test_an_administrator_signing_someone_out_ends_their_sessions = (
    endings.test_an_administrator_signing_someone_out_ends_their_sessions)
test_a_two_factor_reset_ends_their_sessions = endings.test_a_two_factor_reset_ends_their_sessions


def _user_queries(client, path="/partnerships/"):
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    return status, sum('FROM "accounts_user"' in q["sql"] for q in queries)


def test_the_account_is_read_once_then_kept():
    world = make_world()
    client = world.client("leader_a")
    assert _user_queries(client) == (200, 1)
    assert _user_queries(client) == (200, 0)  # from the cache
    assert _user_queries(world.client("leader_b"))[1] == 1  # another person's account is their own


def test_copied_sessions_use_the_kept_account_so_the_endings_above_test_it(world, engine):
    other = endings._copy(endings._signed_in("leader_a@example.org"))
    assert _user_queries(other) == (200, 0)


def test_a_change_to_the_account_is_read_at_once():
    world = make_world()
    client = world.client("leader_a")
    client.get("/partnerships/")
    User.objects.filter(pk=world.users["leader_a"].pk).update(email="renamed@example.org")
    assert "renamed@example.org" in client.get("/partnerships/").content.decode()
    User.objects.filter(pk=world.users["leader_a"].pk).update(is_active=False)  # a bulk update: no signal
    assert client.get("/partnerships/").status_code == 302


def test_a_kept_account_whose_session_hash_does_not_match_is_not_used():
    world = make_world()
    client = world.client("leader_a")
    client.get("/partnerships/")
    key = middleware.user_cache_key(world.users["leader_a"].pk)
    user, _ = cache.get(key)
    cache.set(key, (user, "a hash of another password"))
    assert _user_queries(client) == (200, 1)  # read afresh; the real account still matches the session


def test_the_cache_never_holds_a_password_hash_and_a_page_that_needs_it_reads_it():
    world = make_world()
    client = world.client("leader_a")
    client.get("/partnerships/")
    user, _ = cache.get(middleware.user_cache_key(world.users["leader_a"].pk))
    assert "password" not in user.__dict__ and "password" in user.get_deferred_fields()
    assert _user_queries(client) == (200, 0)
    new = "a completely different passphrase 42"
    response = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": new,
                                                   "new_password2": new})
    assert response.status_code == 302, response.content.decode()[:500]
    assert User.objects.get(pk=world.users["leader_a"].pk).check_password(new)
    assert client.get("/partnerships/").status_code == 200  # this session goes on


def test_an_account_read_inside_a_transaction_is_not_kept():
    world = make_world()
    client = world.client("leader_a")
    with transaction.atomic():
        assert client.get("/partnerships/").status_code == 200
    assert cache.get(middleware.user_cache_key(world.users["leader_a"].pk)) is None
