"""Which language a page speaks: `?lang=` in the address (the switch, shareable), else the signed-in
person's choice on their account page, else the language cookie the switch set, else the browser's."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.test import Client
from django.utils import formats, translation
from django.utils.translation import ngettext

from accord.accounts.models import User

SIGN_IN = "/accounts/sign-in/"


def _lang(response: Any) -> str:
    found = re.search(r'<html lang="([^"]+)"', response.content.decode())
    assert found
    return found.group(1)


def test_the_browser_language_is_used_when_nothing_else_is_chosen(db: Any) -> None:
    welsh = Client(HTTP_ACCEPT_LANGUAGE="cy,en;q=0.5").get(SIGN_IN)
    assert _lang(welsh) == "cy" and welsh["Content-Language"] == "cy"
    assert "Mewngofnodi i Accord" in welsh.content.decode()
    english = Client().get(SIGN_IN)
    assert _lang(english) == "en-GB" and "Sign in to Accord" in english.content.decode()


def test_lang_in_the_address_wins_and_is_remembered(db: Any, settings: Any) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.get(SIGN_IN + "?lang=cy")
    assert _lang(response) == "cy"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "cy" and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert _lang(client.get("/accounts/password-reset/")) == "cy"  # a page reached from there, no ?lang
    assert _lang(client.get(SIGN_IN + "?lang=en")) == "en-GB"
    assert _lang(client.get(SIGN_IN + "?lang=xx")) == "en-GB"  # not a language Accord speaks: ignored


def test_the_switch_is_a_link_keeping_the_address(db: Any) -> None:
    html = Client().get(SIGN_IN + "?next=/p/1/").content.decode()
    [link] = re.findall(r'<a class="language-switch"[^>]*>[^<]*</a>', html)
    assert 'lang="cy"' in link and 'hreflang="cy"' in link and ">Cymraeg<" in link
    assert 'href="/accounts/sign-in/?next=%2Fp%2F1%2F&amp;lang=cy"' in link
    back = Client().get(SIGN_IN + "?lang=cy").content.decode()
    assert re.search(r'<a class="language-switch" href="/accounts/sign-in/\?lang=en" lang="en" hreflang="en"', back)


def test_a_signed_in_person_sees_their_own_language(world: Any) -> None:
    client = world.client("staff_a")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert _lang(client.get("/accounts/")) == "en-GB"  # blank: the browser's
    response = client.post("/accounts/language/", {"language": "cy"})
    assert response.status_code == 302
    assert User.objects.get(email=world.users["staff_a"].email).language == "cy"
    page = client.get("/accounts/")
    assert _lang(page) == "cy" and "Mae eich iaith wedi" in page.content.decode()
    assert _lang(client.get("/accounts/?lang=en")) == "en-GB"  # a shared English link still opens in English
    client.post("/accounts/language/", {"language": ""})
    assert _lang(client.get("/accounts/")) == "en-GB"


def test_a_language_accord_does_not_speak_is_refused(world: Any) -> None:
    client = world.client("staff_a")
    client.post("/accounts/language/", {"language": "fr"})
    assert User.objects.get(email=world.users["staff_a"].email).language == ""


def test_welsh_has_four_plural_forms_and_its_own_dates() -> None:
    with translation.override("cy"):
        one, many = "about %(minutes)s minute in all", "about %(minutes)s minutes in all"
        assert [ngettext(one, many, n) % {"minutes": n} for n in (1, 2, 3, 8)] == [
            "tua 1 munud i gyd", "tua 2 funud i gyd", "tua 3 munud i gyd", "tua 8 munud i gyd"]
        assert formats.date_format(dt.date(2026, 3, 1), "j F Y") == "1 Mawrth 2026"
    with translation.override("en"):  # British, not Django's American "en"
        assert formats.get_format("DATE_FORMAT") == "j M Y"
        assert formats.date_format(dt.date(2026, 3, 1)) == "1 Mar 2026"
