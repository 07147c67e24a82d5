"""The partnership home keeps its cards, to-dos and partner list in the cache (partners.views.home, keyed on
core.freshness's data version stamp): a change shows at once, and one person's page never reaches another."""

import re

from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from accord.accounts.models import User
from accord.core import freshness
from accord.partners.models import Organisation, Partnership, Role


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


# The whole page is kept as well (core.pagecache): a page served from the cache renders no template.

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _page(client, world, **extra) -> tuple[str, bool]:
    """The home page with its CSRF tokens blanked, and whether it came from the cache (no template rendered)."""
    response = client.get(f"/p/{world.partnership.pk}/", **extra)
    assert response.status_code == 200
    return CSRF.sub('name="csrfmiddlewaretoken" value=""', response.content.decode()), not response.templates


def test_the_whole_page_is_kept_and_is_the_page_rendered_afresh(world):
    client = world.client("manager")
    fresh, kept = _page(client, world)
    assert not kept
    again, kept = _page(client, world)
    assert kept and again == fresh


def test_a_change_shows_at_once_on_the_kept_page(world):
    client = world.client("manager")
    _page(client, world)
    Partnership.objects.filter(pk=world.partnership.pk).update(name="Renamed partnership")
    page, kept = _page(client, world)
    assert not kept and "Renamed partnership" in page and "Test partnership" not in page


def test_nobody_gets_the_page_kept_for_another_person(world):
    # a second manager of the same organisation: the same role and organisation, only the person differs
    second = User.objects.create_user("manager2@example.org", "a long enough passphrase 1")
    Role.objects.create(partnership=world.partnership, user=second, role=Role.MANAGER, organisation=world.org_a)
    world.users["manager2"] = second
    personas = ("manager", "manager2", "leader_a", "staff_a", "leader_b", "staff_b", "funder")
    clients = {persona: world.client(persona) for persona in personas}  # signing in is a write: all first
    pages = {}
    for persona in personas:  # each page kept in turn, none served to the next person
        page, kept = _page(clients[persona], world)
        assert not kept, persona
        assert f"{persona}@example.org" in page and not [
            p for p in personas if p != persona and f"{p}@example.org" in page], persona
        pages[persona] = page
    for persona in personas:
        assert _page(clients[persona], world) == (pages[persona], True), persona  # their own, kept
    cache.clear()
    for persona in personas:
        assert _page(clients[persona], world) == (pages[persona], False), persona  # as rendered afresh


def test_nobody_gets_the_page_kept_in_another_language(world):
    client = world.client("manager")
    english, _ = _page(client, world)
    assert '<html lang="en-GB">' in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"  # same person, same address: only the language differs
    welsh, kept = _page(client, world)
    assert not kept and '<html lang="cy">' in welsh and "Skip to content" not in welsh
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert _page(client, world) == (english, True)


def test_each_answer_of_the_kept_page_has_its_own_working_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["manager"])
    tokens = []
    for _ in range(3):
        html = client.get(f"/p/{world.partnership.pk}/").content.decode()
        tokens.append(CSRF.search(html).group(1))
        assert "csrf-" not in html  # no placeholder is left
    assert len(set(tokens)) == 3
    assert client.post("/accounts/sign-out/", {"csrfmiddlewaretoken": tokens[-1]}).status_code == 302
    assert client.get(f"/p/{world.partnership.pk}/").status_code == 302  # signed out


def test_a_message_waiting_is_shown_once_on_the_kept_page(world):
    client = world.client("manager")
    _page(client, world)
    response = HttpResponse()
    CookieStorage(RequestFactory().get("/"))._store([Message(constants.SUCCESS, "Saved by a test.")], response)
    client.cookies[CookieStorage.cookie_name] = response.cookies[CookieStorage.cookie_name].value
    page, kept = _page(client, world)
    assert not kept and "Saved by a test." in page
    page, kept = _page(client, world)
    assert kept and "Saved by a test." not in page
