"""The partnership home keeps its cards, to-dos and partner list in the cache (partners.views.home, keyed on
core.freshness's data version stamp): a change shows at once, and one person's page never reaches another."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.core import freshness
from accord.partners.models import Organisation


def _cached_part(client, world) -> str:
    """The part of the home page the template caches (the to-dos to the partner list)."""
    response = client.get(f"/p/{world.partnership.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('id="needs-you"'):html.index("</details>")]


def test_the_home_page_shows_a_change_made_after_it_was_cached(world):
    client = world.client("manager")
    assert "Beta Trust" in _cached_part(client, world)
    # a bulk update: no model signal, no audit entry; only the statement itself says something changed
    Organisation.objects.filter(pk=world.org_b.pk).update(name="Beta Renamed")
    part = _cached_part(client, world)
    assert "Beta Renamed" in part and "Beta Trust" not in part


def test_a_cached_home_page_is_reused_until_something_changes(world):
    client = world.client("manager")
    _cached_part(client, world)
    with CaptureQueriesContext(connection) as queries:
        _cached_part(client, world)
    assert not [q for q in queries.captured_queries if "partners_membership" in q["sql"]]


def test_one_person_never_sees_the_home_page_cached_for_another(world):
    fresh = {}
    for persona in ("funder", "staff_b", "leader_b"):
        fresh[persona] = _cached_part(world.client(persona), world)
        freshness.bump()  # the next one starts from an empty cache
    manager = _cached_part(world.client("manager"), world)  # now in the cache, under the manager's key
    assert "Senior leader" in manager and "Senior leader" not in fresh["funder"]
    for persona, page in fresh.items():
        assert _cached_part(world.client(persona), world) == page, persona


def test_a_committed_write_in_another_process_changes_the_stamp(world, monkeypatch):
    before = freshness.data_version()
    # as a web server that has not read the stamp sees a worker's change: only the commit changes it
    monkeypatch.setattr(freshness, "_read_since_bump", False)
    Organisation.objects.filter(pk=world.org_b.pk).update(name="Beta Renamed")
    Organisation.objects.filter(pk=world.org_a.pk).update(name="Alpha Renamed")
    assert freshness.data_version() == before  # not yet: the transaction has not committed
    pending = [entry[1] for entry in connection.run_on_commit if entry[1] is freshness.bump]
    assert pending == [freshness.bump]  # once per transaction, however many statements
    pending[0]()  # as the commit would (the test's own transaction never commits)
    assert freshness.data_version() != before


def test_which_statements_count_as_changes():
    assert freshness.is_write('UPDATE "partners_organisation" SET "name" = %s')
    assert freshness.is_write('  insert into "trust_response" ("id") VALUES (%s)')
    assert freshness.is_write('WITH gone AS (DELETE FROM "x" RETURNING 1) SELECT 1')
    assert not freshness.is_write('SELECT "partners_organisation"."name" FROM "partners_organisation"')
    # the session row saved on a page view is not content
    assert not freshness.is_write('UPDATE "django_session" SET "session_data" = %s')
