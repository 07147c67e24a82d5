"""A signed-in person's roles are kept in the cache across requests under the data version stamp (issue 21,
home-page throughput), so a page costs no query for them; a role given, changed or taken away counts from
the very next request, and nothing read inside a transaction is kept."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accord.core import policy
from accord.partners.models import Role
from tests.conftest import make_world

pytestmark = pytest.mark.django_db(transaction=True)  # outside a test's transaction, as a server runs


def _role_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    return status, sum('"partners_role"' in q["sql"] and q["sql"].startswith("SELECT") for q in queries)


def test_roles_are_read_once_and_a_removed_role_counts_at_once():
    world = make_world()
    client = world.client("leader_b")
    path = f"/p/{world.partnership.pk}/people/"
    assert _role_queries(client, path) == (200, 1)
    assert _role_queries(client, path) == (200, 0)  # kept under the stamp
    Role.objects.filter(user=world.users["leader_b"], partnership=world.partnership).update(role=Role.FUNDER)
    assert _role_queries(client, path) == (403, 1)  # a funder may not see the people page
    Role.objects.filter(user=world.users["leader_b"], partnership=world.partnership).delete()
    assert _role_queries(client, path)[0] == 404


def test_roles_read_inside_a_transaction_are_not_kept():
    world = make_world()
    user = world.users["staff_a"]
    with transaction.atomic():
        Role.objects.filter(user=user).update(role=Role.MANAGER)
        assert policy.access_for(user, world.partnership).is_manager
        transaction.set_rollback(True)
    policy.forget(user)
    assert policy.access_for(user, world.partnership).role == Role.STAFF
