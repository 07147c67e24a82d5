"""Every public page and every page of the survey a respondent answers, rendered in Welsh, has no
English left: each text node (and each label read aloud or shown: aria-label, title, placeholder, alt,
a button's value) of the Welsh page that is also on the English page must be made only of the records'
own words (names, addresses, numbers).

A string someone forgets to mark, or marks but does not translate, shows here as the same English on
both pages. The check is over the HTML, so it also covers words that come from Python (form labels,
errors, messages) and from the shared includes (base.html, the error summary, the fields)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from accord.accounts import services as account_services
from accord.mailing import messages as mailing_messages
from accord.mailing import services as mailing_services
from accord.trust import services as trust_services
from tests.trust.conftest import open_wave

# the same in both languages: the product's name and the names of the languages in the switch
SAME_EVERYWHERE = ("Accord", "API", "English", "Cymraeg", "JSON", "QR", "Google Authenticator",
                   "Microsoft Authenticator", "FreeOTP", "1Password", "Partner")


# not interface text: code, and a <textarea>'s content, which is what a person is editing (their own words,
# or a default written out in each language's own field, like a mailing list's consent wording)
NOT_WORDS = ("script", "style", "code", "pre", "template", "textarea")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in NOT_WORDS:
            self._skip += 1
        shown: tuple[str, ...] = ("aria-label", "title", "placeholder", "alt")
        if tag == "input" and dict(attrs).get("type") in ("submit", "button", "reset"):
            shown += ("value",)  # a button's words
        for name, value in attrs:
            if name in shown and value and value.strip():
                self.nodes.append(" ".join(value.split()))

    def handle_endtag(self, tag: str) -> None:
        if tag in NOT_WORDS and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.nodes.append(" ".join(data.split()))


def text_nodes(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.nodes


def untranslated(english: str, welsh: str, data: list[str]) -> list[str]:
    """Text of the Welsh page that is also on the English page and is more than the records' words."""
    known = sorted({*data, *SAME_EVERYWHERE}, key=len, reverse=True)
    english_nodes = set(text_nodes(english))
    left = []
    for node in text_nodes(welsh):
        if node not in english_nodes:
            continue
        rest = node
        for word in known:
            rest = rest.replace(word, " ")
        if re.search(r"[^\W\d_]{2,}", rest):  # two letters in a row that are no record's words
            left.append(node)
    return left


def both(client: Client, path: str, method: str = "get", data: dict | None = None) -> tuple[str, str]:
    pages = []
    for code in ("en", "cy"):
        join = "&" if "?" in path else "?"
        response = getattr(client, method)(f"{path}{join}lang={code}", data or {})
        assert response.status_code < 500, path
        pages.append(response.content.decode())
    return pages[0], pages[1]


@pytest.fixture
def public(world: Any) -> dict[str, Any]:
    manager = world.users["manager"]
    mailing_list = mailing_services.list_create(
        actor=manager, partnership=world.partnership, name="Partnership news", slug="news",
        statement="Statement words written by the partnership.", topics=["Research", "Events"],
        description="Monthly.")
    subscriber = mailing_services.subscriber_add(actor=None, mailing_list=mailing_list, email="sub@example.org",
                                                 name="", topic_ids=[], basis="Signed the paper form.")
    wave = open_wave(world)
    survey = wave.invitations.filter(organisation=world.org_a).first()
    assert survey is not None
    invitation = account_services.invitation_create(actor=manager, partnership=world.partnership,
                                                    email="newbie@example.org", role="staff")
    data = [world.partnership.name, world.org_a.name, world.org_b.name, wave.name, mailing_list.name,
            "Research", "Events", "Monthly.", "Statement words written by the partnership.", "sub@example.org",
            "newbie@example.org", world.partnership.purpose, str(mailing_list.owner_name)]
    return {"list": mailing_list, "subscriber": subscriber, "survey": survey, "invitation": invitation,
            "data": [d for d in data if d]}


def _path(url: str) -> str:
    return urlsplit(url).path


def test_public_and_survey_pages_have_no_english_left_in_welsh(world: Any, public: dict[str, Any]) -> None:
    sub, survey_token = public["subscriber"], trust_services.survey_token(public["survey"])
    other = world.org_b.pk
    pages: list[tuple[str, str, dict | None]] = [
        ("/lists/news/", "get", None),
        ("/lists/news/", "post", {"email": "not an address", "statement_version": "1"}),
        ("/lists/news/", "post", {"email": "new@example.org", "agree": "on", "statement_version": "1"}),
        ("/lists/news/preferences/", "get", None),
        ("/lists/news/preferences/", "post", {"email": ""}),
        (_path(mailing_messages.confirm_url(sub)), "get", None),
        (_path(mailing_messages.preferences_url(sub)), "get", None),
        (_path(mailing_messages.preferences_url(sub)), "post", {"action": "erase"}),
        (_path(mailing_messages.unsubscribe_url(sub)), "get", None),
        ("/lists/confirm/not-a-token/", "get", None),
        (f"/survey/{survey_token}/", "get", None),
        (f"/survey/{survey_token}/partner/{other}/", "get", None),
        (f"/survey/{survey_token}/partnership/", "get", None),
        ("/survey/not-a-token/", "get", None),
        ("/accounts/sign-in/", "get", None),
        ("/accounts/sign-in/", "post", {"email": "nobody@example.org", "password": "wrong password"}),
        ("/accounts/password-reset/", "get", None),
        ("/accounts/password-reset/sent/", "get", None),
        ("/accounts/password-reset/MQ/not-a-token/", "get", None),
        (_path(account_services.invitation_link(public["invitation"])), "get", None),
        ("/accounts/invitations/not-a-token/", "get", None),
        ("/no-such-page/", "get", None),
    ]
    problems = {}
    for path, method, data in pages:
        english, welsh = both(Client(), path, method, data)
        left = untranslated(english, welsh, public["data"])
        if left:
            problems[f"{method.upper()} {path}"] = left
    assert not problems, f"English left on Welsh pages (mark and translate it): {problems}"


def test_the_check_finds_an_english_sentence() -> None:
    """The check itself: an unmarked sentence is caught, a name is not."""
    english = "<p>Sign up to Partnership news</p><p>Partnership news</p>"
    welsh = "<p>Sign up to Partnership news</p><p>Partnership news</p>"
    assert untranslated(english, welsh, ["Partnership news"]) == ["Sign up to Partnership news"]
