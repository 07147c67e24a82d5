"""Each person chooses per kind how notices are e-mailed (page and service); the signed link in every
e-mail stops a kind or a digest in one click, without signing in (RFC 8058), and cannot be forged."""

from __future__ import annotations

import re

from accord.lib import tokens
from accord.notices import sending, services
from accord.notices.models import Preference

from .conftest import PING, QUIET, emit


def _unsubscribe_path(message) -> str:
    match = re.search(r"<https?://[^/]+(/notices/unsubscribe/[^>]+/)>", message["List-Unsubscribe"])
    assert match
    return match.group(1)


def test_the_preferences_page_shows_defaults_and_saves_choices(world):
    client = world.client("leader_a")
    page = client.get("/notices/preferences/").content.decode()
    assert "A test event" in page and "A quiet test event" in page
    assert re.search(rf'name="{re.escape(PING)}" value="immediate"[^>]*checked', page)
    assert re.search(rf'name="{re.escape(QUIET)}" value="daily"[^>]*checked', page)
    assert "A trust survey for you to answer" in page  # shown as in Accord only
    data = {k: v for k, v in services.preferences_of(world.users["leader_a"]).items()}
    data[PING] = "weekly"
    response = client.post("/notices/preferences/", data)
    assert response.status_code == 302
    assert services.preferences_of(world.users["leader_a"])[PING] == "weekly"
    assert services.preferences_of(world.users["leader_b"])[PING] == "immediate"  # only mine


def test_a_wrong_choice_is_refused_with_a_message_and_nothing_saved(world):
    response = world.client("leader_a").post("/notices/preferences/", {PING: "hourly"})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not Preference.objects.exists()


def test_one_click_unsubscribe_from_a_kind_works_without_signing_in(world, smtp, client):
    emit(world, ["leader_a"], key="e:1")
    sending.sweep()
    path = _unsubscribe_path(smtp.messages[0])
    assert "Stop these e-mails" in client.get(path).content.decode()  # GET only asks
    assert services.preferences_of(world.users["leader_a"])[PING] == "immediate"
    response = client.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and b"no longer receive" in response.content
    assert services.preferences_of(world.users["leader_a"])[PING] == "off"
    assert services.preferences_of(world.users["leader_a"])[QUIET] == "daily"  # only that kind
    emit(world, ["leader_a"], key="e:2")
    sending.sweep()
    assert len(smtp.messages) == 1


def test_the_digest_link_stops_that_digest(world, smtp, client):
    services.preferences_set(actor=world.users["leader_b"], choices={PING: "daily", QUIET: "daily"})
    token = services.unsubscribe_token(user=world.users["leader_b"], email="", period="daily")
    assert client.post(f"/notices/unsubscribe/{token}/").status_code == 200  # the page's button
    prefs = services.preferences_of(world.users["leader_b"])
    assert prefs[PING] == "off" and prefs[QUIET] == "off"


def test_a_changed_or_made_up_link_is_refused_and_changes_nothing(world, client):
    token = services.unsubscribe_token(user=world.users["leader_a"], email="", kind=PING)
    forged = tokens.make("mailing.unsubscribe", {"u": world.users["leader_b"].pk, "k": PING})  # another purpose
    tampered = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    for bad in (tampered, forged, "not-a-token"):
        response = client.post(f"/notices/unsubscribe/{bad}/", "List-Unsubscribe=One-Click",
                               content_type="application/x-www-form-urlencoded")
        assert response.status_code == 400
        assert client.get(f"/notices/unsubscribe/{bad}/").status_code == 400
    assert not Preference.objects.exists()


def test_someone_without_an_account_can_unsubscribe_by_their_address(world, smtp, client):
    import datetime as dt

    from accord.partners.models import Person

    person = Person.objects.create(partnership=world.partnership, organisation=world.org_a, name="Guest",
                                   email="guest@example.org", start_date=dt.date(2024, 1, 1))
    services.notify(partnership=world.partnership, people=[person], kind=PING, event_key="e:1", title="Hi",
                    url="/notices/")
    sending.sweep()
    client.post(_unsubscribe_path(smtp.messages[0]), "List-Unsubscribe=One-Click",
                content_type="application/x-www-form-urlencoded")
    services.notify(partnership=world.partnership, people=[person], kind=PING, event_key="e:2", title="Again",
                    url="/notices/")
    sending.sweep()
    assert len(smtp.messages) == 1
    assert Preference.objects.get().email == "guest@example.org"
