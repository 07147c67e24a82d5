"""Every page a signed-in person sees (as the demo partnership's manager, a leader, a staff member and the
funder), rendered in Welsh, has no English left: each text node (and each label read aloud or shown in a
control: aria-label, title, placeholder, alt, a button's value) of the Welsh page that is also on the English
page must be made only of the records' own words (names, addresses, numbers, dates), or of words that are the
same in both languages ("Accord", "CSV").

The pages come from the URL patterns, filled with the demo partnership's records, as the browser sweeps
walk them (tests/e2e/crawl.py), so a new page is checked as soon as it exists; here through Django's test
client, each distinct page once in English and once in Welsh. The public and survey pages have their own
test (test_public_pages_speak_welsh.py), with the forms' errors.

The records' own words are every text stored in the database (a name, a title, a note): whatever a page
shows that is not one of them is the code's, and must be marked and translated. WAITING lists, by page, the
English still left on pages of apps being marked now; it may only shrink (an entry no longer found fails)."""

from __future__ import annotations

import bisect
import re
from typing import Any

import pytest
from django.apps import apps
from django.db import models

from accord.lib.translations import catalogues, read
from tests.core.test_public_pages_speak_welsh import SAME_EVERYWHERE, text_nodes
from tests.e2e import crawl
from tests.once import ONCE_ONLY

# each test in its savepoint, inside the module's transaction; the sweep reads HTML only (some 800 pages
# fetched), so it runs once, on the SQLite pass (tests/once.py)
pytestmark = [pytest.mark.django_db, ONCE_ONLY]

ROLES = ["manager", "leader", "staff", "funder"]

# Words and names that are the same in Welsh (file formats, standards, products, units)
SAME_TOO = ("CSV", "PDF", "XLSX", "ZIP", "iCal", "ICS", "OpenAPI", "GraphML", "Pajek", "UCINET", "Gephi", "HTML",
            "WebAuthn", "TOTP", "URL", "GDPR", "UK", "CC BY", "UTC", "GMT", "BST", "ID", "IP", "ORCID", "DOI",
            "RRULE", "SHA-256", "openapi.json", "GET", "POST", "PUT", "PATCH", "DELETE", "Markdown", "KB", "MB", "km")


def same_in_welsh() -> set[str]:
    """Messages whose Welsh a translator wrote the same as the English ("Grant", "Person", "Staff")."""
    return {e.msgid for po in catalogues() if po.parts[-3] == "cy" for e in read(po)[1:]
            if e.msgid and not e.msgid_plural and e.msgstr == [e.msgid]}


# English still waiting for its Welsh, by route: (route, a regular expression the whole text matches, why).
# Empty: every page the walk reaches speaks Welsh. It exists for a change that must land in steps; an entry
# that no longer matches anything fails test_the_waiting_list_only_shrinks.
WAITING: list[tuple[str, str, str]] = []


class Records:
    """The records' own words: every text the database holds in a text field that is not a choice (a
    choice's label is the code's words), whole, line by line, and in the pieces Markdown's emphasis, code
    and links split a line into (each piece is a text node of its own on the page)."""

    def __init__(self) -> None:
        found: set[str] = same_in_welsh()
        for model in apps.get_models():
            fields = [f.attname for f in model._meta.concrete_fields
                      if isinstance(f, (models.CharField, models.TextField)) and not f.choices]
            if not fields or not model._meta.managed:
                continue
            for row in model._default_manager.values_list(*fields):
                for value in row:
                    if isinstance(value, str) and value.strip():
                        found.add(" ".join(value.split()))
                        found.update(piece for line in value.splitlines() for piece in pieces(line))
        self.whole = found
        self.sorted = sorted(found)
        self.by_first_word: dict[str, list[str]] = {}
        for value in sorted(found, key=len, reverse=True):
            first = WORD.search(value)
            if first and LETTERS.search(value):
                self.by_first_word.setdefault(first.group(), []).append(value)

    def contain(self, node: str) -> bool:
        """The node is a record's text, or the start of one cut short with "…" (a label in a chart)."""
        if node in self.whole:
            return True
        start = node.removesuffix("…")
        if start == node or len(start) < 4:
            return False
        at = bisect.bisect_left(self.sorted, start)
        return at < len(self.sorted) and self.sorted[at].startswith(start)

    def set_aside(self, node: str) -> str:
        """The node with every record's text in it replaced by a space."""
        for word in dict.fromkeys(WORD.findall(node)):
            for value in self.by_first_word.get(word, ()):
                node = node.replace(value, " ")
        return node


MARKDOWN = re.compile(r"\*\*|\*|__|`|\]\([^)]*\)|\[|\]|<[^>]+>")
LINE_START = re.compile(r"^\s*(?:#+|[-*+>]|\d+[.)])\s+")


def pieces(line: str) -> list[str]:
    text = LINE_START.sub("", line)
    return [" ".join(p.split()) for p in [text, *MARKDOWN.split(text)] if p.strip()]


WORD = re.compile(r"\w+")
LETTERS = re.compile(r"[^\W\d_]{2,}")
ADDRESS = re.compile(r"\S+@\S+|https?://\S+|/\S*")


def english_left(english: str, welsh: str, records: Records) -> list[str]:
    """The text of the Welsh page that is also on the English page and is more than the records' words."""
    english_nodes = set(text_nodes(english))
    left = []
    for node in dict.fromkeys(text_nodes(welsh)):
        if node not in english_nodes or records.contain(node):
            continue
        rest = records.set_aside(ADDRESS.sub(" ", node))
        for word in (*SAME_EVERYWHERE, *SAME_TOO):
            rest = rest.replace(word, " ")
        if LETTERS.search(rest):
            left.append(node)
    return left


def _with(url: str, lang: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}lang={lang}"


@pytest.fixture(scope="module")
def sweep(module_transaction: Any) -> dict[str, Any]:
    """Each distinct page (the first role to see it), in English and Welsh, and what no role reaches."""
    ids = crawl.demo_ids()
    crawl._CLIENTS.clear()
    records = Records()
    seen: set[str] = set()
    found: dict[tuple[str, str], str] = {}  # (route, string) -> the role and address where it shows
    reached: dict[str, list[str]] = {}
    pages = 0
    for route, _ in crawl.routes():
        url = ids.fill(route) if crawl.is_page(route) else None
        if url is None or route.startswith(("survey/", "lists/", "accounts/password-reset", "accounts/invitations")):
            continue
        for role in ROLES:
            english = crawl.client_for(role).get(_with(url, "en"))
            if english.status_code != 200 or "text/html" not in english.get("Content-Type", ""):
                continue
            reached.setdefault(route, []).append(role)
            html = english.content.decode()
            key = crawl.fingerprint(html)
            if key in seen:
                continue
            seen.add(key)
            pages += 1
            welsh = crawl.client_for(role).get(_with(url, "cy")).content.decode()
            for text in english_left(html, welsh, records):
                found.setdefault((route, text), f"{role} {url}")
    crawl._CLIENTS.clear()  # signed in as this module's users, rolled back at its end
    return {"found": found, "reached": reached, "pages": pages}


def test_the_sweep_reaches_the_pages_of_every_role(sweep: dict[str, Any]) -> None:
    assert sweep["pages"] > 100
    for role in ROLES:
        assert sum(role in roles for roles in sweep["reached"].values()) > 10, role


def _waiting(route: str, text: str) -> bool:
    return any(route == r and re.fullmatch(pattern, text) for r, pattern, _ in WAITING)


def test_every_page_has_no_english_left_in_welsh(sweep: dict[str, Any]) -> None:
    left = {key: where for key, where in sweep["found"].items() if not _waiting(*key)}
    report = "\n".join(f"{where} ({route}): {text!r}" for (route, text), where in sorted(left.items()))
    assert not left, f"English left on Welsh pages (mark it and write its Welsh):\n{report}"


def test_the_waiting_list_only_shrinks(sweep: dict[str, Any]) -> None:
    gone = [(route, pattern) for route, pattern, _ in WAITING
            if not any(r == route and re.fullmatch(pattern, text) for r, text in sweep["found"])]
    assert not gone, f"translated now: remove from WAITING: {gone}"


def test_the_check_tells_code_words_from_record_words() -> None:
    records = Records.__new__(Records)
    records.whole = {"Partnership news", *pieces("- We share what we learn, **including** what did not work.")}
    records.sorted = sorted(records.whole)
    records.by_first_word = {"Partnership": ["Partnership news"]}
    english = ('<p>Partnership news</p><p>Sent 3 messages</p><a href="/x" title="Edit">ada@example.org</a>'
               "<p>We share what we learn, <strong>including</strong> what did not work.</p>"
               "<h1>Edit Partnership news</h1><text>Partnership n…</text>")
    assert english_left(english, english, records) == ["Sent 3 messages", "Edit", "Edit Partnership news"]
    welsh = ('<p>Partnership news</p><p>Anfonwyd 3 neges</p><a title="Golygu">ada@example.org</a>'
             "<p>We share what we learn, <strong>including</strong> what did not work.</p>"
             "<h1>Golygu Partnership news</h1>")
    assert english_left(english, welsh, records) == []
    button = '<input type="submit" value="Save"><img alt="Chart of answers" src="c.png">'
    assert english_left(button, button, records) == ["Save", "Chart of answers"]
