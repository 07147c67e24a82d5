"""Which language an e-mail goes in (accord.lib.languages), Welsh plural forms, bilingual messages Welsh
first, and content written in both languages falling back to English. No database."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import ngettext

from accord.lib import languages, mail

BOTH, ONE = languages.BOTH, languages.RECIPIENT


def test_the_remembered_language_comes_first_then_the_account_then_the_partnership():
    cy_partnership = SimpleNamespace(language="cy", email_languages=ONE)
    en_user, cy_user, browser_user = (SimpleNamespace(language="en"), SimpleNamespace(language="cy"),
                                      SimpleNamespace(language=""))
    assert languages.for_recipient("en", user=cy_user, partnership=cy_partnership) == "en"
    assert languages.for_recipient("", user=en_user, partnership=cy_partnership) == "en"
    assert languages.for_recipient(None, user=browser_user, partnership=cy_partnership) == "cy"
    assert languages.for_recipient(user=SimpleNamespace(), partnership=None) == "en"  # no language field yet
    assert languages.for_recipient("cy-GB") == "cy" and languages.for_recipient("fr") == "en"


def test_a_bilingual_partnership_writes_welsh_then_english_whatever_the_recipient_reads():
    both = SimpleNamespace(language="en", email_languages=BOTH)
    assert languages.email_languages("en", partnership=both) == ("cy", "en")
    assert languages.email_languages("cy", partnership=SimpleNamespace(language="en", email_languages=ONE)) == ("cy",)
    assert languages.email_languages() == ("en",)


def test_content_shows_in_the_readers_language_and_falls_back_to_english():
    written = SimpleNamespace(name="Partnership news", name_cy="Newyddion y bartneriaeth")
    unwritten = SimpleNamespace(name="Partnership news", name_cy="  ")
    template = Template('{% load localised %}{{ obj|localised:"name" }}')
    with translation.override("cy"):
        assert languages.localised(written, "name") == "Newyddion y bartneriaeth"
        assert languages.localised(unwritten, "name") == "Partnership news"
        assert template.render(Context({"obj": written})) == "Newyddion y bartneriaeth"
    with translation.override("en"):
        assert languages.localised(written, "name") == "Partnership news"
        assert template.render(Context({"obj": written})) == "Partnership news"
    assert languages.localised(written, "name", "cy") == "Newyddion y bartneriaeth"


@pytest.mark.parametrize(("n", "expected"), [
    (1, "Accord: 1 rhybudd cynnar i edrych arno"), (2, "Accord: 2 rybudd cynnar i edrych arnynt"),
    (3, "Accord: 3 rhybudd cynnar i edrych arnynt"), (8, "Accord: 8 rhybudd cynnar i edrych arnynt")])
def test_welsh_plural_forms_in_a_subject(n, expected):
    with translation.override("cy"):
        text = ngettext("Accord: %(count)s early warning to look at", "Accord: %(count)s early warnings to look at",
                        n) % {"count": n}
    assert text == expected


@pytest.mark.parametrize(("n", "words"), [(1, "1 diwrnod"), (2, "2 ddiwrnod"), (3, "3 diwrnod"), (8, "8 niwrnod")])
def test_welsh_plural_forms_in_an_e_mail_body(n, words):
    """Welsh has four forms here (1, 2, 3–7 and most others, 8 and 11); each comes out right."""
    invitation = SimpleNamespace(invited_by="Sam", partnership=SimpleNamespace(purpose="Together."))
    message = mail.build(to=["a@example.org"], subject="s", template="accounts/email/invitation", language=("cy",),
                         context={"invitation": invitation, "role": "staff", "days": n, "link": "https://x.example/"})
    assert f"yn dod i ben ymhen {words}):" in message.body
    with translation.override("en"):
        english = mail.build(to=["a@example.org"], subject="s", template="accounts/email/invitation",
                             context={"invitation": invitation, "role": "staff", "days": n, "link": "https://x"})
    assert f"expires in {n} day{'s' if n != 1 else ''}):" in english.body


def test_a_bilingual_message_has_both_subjects_and_bodies_welsh_first_each_marked_with_its_language():
    partnership = SimpleNamespace(name="Cardiff Together", purpose="Together.")
    message = mail.build(
        to=["a@example.org"], template="accounts/email/invitation", language=("cy", "en"),
        subject=lambda: translation.gettext("You are invited to %(partnership)s on Accord") % {
            "partnership": partnership.name},
        context={"invitation": SimpleNamespace(invited_by="", partnership=partnership), "role": "staff", "days": 7,
                 "link": "https://x.example/"})
    assert message.subject == ("Gwahoddiad i ymuno â Cardiff Together ar Accord / "
                               "You are invited to Cardiff Together on Accord")
    assert message.body.index("Rheolwr y bartneriaeth") < message.body.index("The partnership manager")
    (html, _), = message.alternatives
    assert html.startswith('<!doctype html>\n<html lang="cy">')
    assert html.index('<div lang="cy">') < html.index("<hr>") < html.index('<div lang="en-GB">')
    assert message.extra_headers["Content-Language"] == "cy, en"
    assert translation.get_language() != "cy"  # rendering left the active language as it was
