"""The consent statement in Welsh: a list's statement has a Welsh wording beside the English (one
version holds both), the sign-up form shows the reader's, and each consent record says which
language's wording the person agreed to (the wording actually shown: English when no Welsh is written)."""

from __future__ import annotations

import json
import re
from typing import Any

from django.test import Client

from accord.mailing import services
from accord.mailing.models import ConsentRecord, Subscriber
from tests.mailing.conftest import STATEMENT, link, signup_data

WELSH_STATEMENT = "Byddwn yn anfon newyddion y bartneriaeth atoch. Rydym yn cadw eich data yn ddiogel."


def _welsh(lists: Any, world: Any) -> Any:
    services.list_update(
        actor=world.users["manager"],
        mailing_list=lists.shared,
        statement=STATEMENT,
        statement_cy=WELSH_STATEMENT,
        topics=["Research", "Events"],
    )
    return lists.shared


def _sign_up(mailing_list: Any, address: str, language: str, **extra: Any) -> Subscriber:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    page = client.get(f"/lists/{mailing_list.slug}/").content.decode()
    shown = re.search(r'name="statement_language" value="(\w*)"', page)
    assert shown, "the form says which wording it shows"
    data = {**signup_data(mailing_list, address), "statement_language": shown.group(1), **extra}
    assert client.post(f"/lists/{mailing_list.slug}/", data).status_code == 200
    return Subscriber.objects.get(mailing_list=mailing_list, email=address)


def test_only_the_welsh_wording_changed_is_a_new_version(lists: Any, world: Any) -> None:
    before = lists.shared.current_statement()
    mailing_list = _welsh(lists, world)
    statement = mailing_list.current_statement()
    assert statement.version == before.version + 1 and statement.text_cy == WELSH_STATEMENT
    assert statement.text == before.text
    again = services.list_update(
        actor=world.users["manager"],
        mailing_list=mailing_list,
        statement=STATEMENT,
        statement_cy=WELSH_STATEMENT,
        topics=["Research", "Events"],
    )
    now = again.current_statement()
    assert now is not None and now.version == statement.version  # nothing changed: the same version


def test_a_welsh_reader_is_shown_the_welsh_wording_and_the_record_says_so(
    lists: Any, world: Any, smtp: Any
) -> None:
    mailing_list = _welsh(lists, world)
    page = Client(HTTP_ACCEPT_LANGUAGE="cy").get(f"/lists/{mailing_list.slug}/").content.decode()
    assert WELSH_STATEMENT in page and STATEMENT not in page
    subscriber = _sign_up(mailing_list, "dewi@example.org", "cy")
    signed = ConsentRecord.objects.get(subscriber=subscriber, action="signed_up")
    assert signed.language == "cy" and signed.statement == mailing_list.current_statement()
    [message] = smtp.to("dewi@example.org")
    Client().post(
        link(message.get_body(("plain",)).get_content(), "confirm")
    )  # confirmed from an English browser
    confirmed = ConsentRecord.objects.get(subscriber=subscriber, action="confirmed")
    assert confirmed.language == "cy"  # they agreed to the Welsh wording they were shown
    data = services.subscriber_export(Subscriber.objects.get(pk=subscriber.pk))
    consent = [r for r in data["consent_records"] if r["what"] == "confirmed"][0]
    assert consent["statement_language"] == "cy" and consent["statement_text"] == WELSH_STATEMENT
    json.dumps(data)


def test_an_english_reader_agrees_to_the_english_wording(lists: Any, world: Any) -> None:
    mailing_list = _welsh(lists, world)
    subscriber = _sign_up(mailing_list, "ann@example.org", "en")
    assert ConsentRecord.objects.get(subscriber=subscriber, action="signed_up").language == "en"


def test_without_a_welsh_wording_a_welsh_reader_sees_and_agrees_to_the_english(lists: Any) -> None:
    page = Client(HTTP_ACCEPT_LANGUAGE="cy").get(f"/lists/{lists.shared.slug}/").content.decode()
    assert STATEMENT in page
    subscriber = _sign_up(lists.shared, "sian@example.org", "cy")
    assert ConsentRecord.objects.get(subscriber=subscriber, action="signed_up").language == "en"


def test_the_record_names_a_wording_that_exists_whatever_is_posted(lists: Any) -> None:
    """A form (the embedded one on the owner's site too) says which wording it showed; a claim of a
    Welsh wording the statement does not have is recorded as the English that was there."""
    subscriber = _sign_up(lists.shared, "claim@example.org", "cy", statement_language="cy")
    assert ConsentRecord.objects.get(subscriber=subscriber, action="signed_up").language == "en"


def test_the_embedded_form_says_which_wording_it_shows(lists: Any, world: Any) -> None:
    mailing_list = _welsh(lists, world)
    page = (
        world.client("manager")
        .get(f"/p/{world.partnership.pk}/lists/{mailing_list.pk}/", HTTP_ACCEPT_LANGUAGE="cy")
        .content.decode()
    )
    assert "statement_language" in page and WELSH_STATEMENT in page


def test_the_managers_form_takes_the_welsh_wording_and_a_new_list_offers_one(lists: Any, world: Any) -> None:
    client = world.client("manager")
    new = client.get(f"/p/{world.partnership.pk}/lists/new/", HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert 'name="statement_cy"' in new
    # the default wordings: English in the English field, Welsh in the Welsh one, whatever the page speaks
    assert "We will e-mail you updates about our work." in new and "Byddwn yn anfon" in new
    page = client.get(f"/p/{world.partnership.pk}/lists/{lists.shared.pk}/").content.decode()
    assert WELSH_STATEMENT not in page
    _welsh(lists, world)
    page = client.get(f"/p/{world.partnership.pk}/lists/{lists.shared.pk}/").content.decode()
    assert WELSH_STATEMENT in page
    edit = client.get(f"/p/{world.partnership.pk}/lists/{lists.shared.pk}/edit/").content.decode()
    assert WELSH_STATEMENT in edit
