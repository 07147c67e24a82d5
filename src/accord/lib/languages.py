"""Which language a reader gets, in one place: the language of each e-mail's recipient, whether a
partnership's e-mails go in both languages, and content a partnership writes in English and Welsh.

Languages are Django's codes from settings.LANGUAGES ("en", "cy"). English is the fallback everywhere:
it is the language every partnership writes its content in first.

Content in two languages: a model keeps the English text in its field (`name`) and the Welsh in a
twin field with the same name and `_cy` (`name_cy`, blank when nobody has written it). `localised(obj,
"name")` gives the reader's language when written, else the English. We chose explicit twin fields
over django-modeltranslation: that library makes `obj.name = …` and `filter(name=…)` mean the field of
the active language, so a manager browsing in Welsh would silently save English into the Welsh column
and every existing create/filter in the code would change meaning; one extra language needs no more
than a twin field and this helper.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import translation

ENGLISH, WELSH = "en", "cy"
# The partnership's choice for its e-mails (Partnership.email_languages)
RECIPIENT, BOTH = "recipient", "both"
# Welsh first, as the Welsh Language Standards expect of a bilingual message
BILINGUAL = (WELSH, ENGLISH)
# For model fields (fixed here, not read from settings, so migrations do not follow the settings)
CHOICES = [(ENGLISH, "English"), (WELSH, "Cymraeg")]


def codes() -> list[str]:
    """The language codes the site offers."""
    return [code for code, _ in getattr(settings, "LANGUAGES", [(ENGLISH, "English"), (WELSH, "Cymraeg")])]


def supported(code: str | None) -> str:
    """`code` as one of the offered languages ("cy-GB" → "cy", "en-gb" → "en"), or "" when it is none."""
    if not code:
        return ""
    code = code.strip().lower().replace("_", "-")
    offered = codes()
    if code in offered:
        return code
    base = code.split("-")[0]
    return base if base in offered else ""


def current() -> str:
    """The active language as an offered code (English when none is active)."""
    return supported(translation.get_language()) or ENGLISH


def choose(*preferences: str | None) -> str:
    """The first of `preferences` that is an offered language, else English."""
    for code in preferences:
        found = supported(code)
        if found:
            return found
    return ENGLISH


def for_recipient(*remembered: str | None, user: Any = None, partnership: Any = None) -> str:
    """The language an e-mail goes to one recipient in: what we remember of them (a subscriber's or
    survey invitee's language, given first), else their account's preference (`User.language`, blank
    meaning "the browser's", which an e-mail cannot know), else the partnership's own language, else English."""
    return choose(*remembered, getattr(user, "language", "") if user is not None else "",
                  getattr(partnership, "language", "") if partnership is not None else "")


def for_email(language: str, partnership: Any = None) -> tuple[str, ...]:
    """The languages one e-mail is written in: Welsh then English when the partnership chose both,
    otherwise the recipient's language alone."""
    if partnership is not None and getattr(partnership, "email_languages", RECIPIENT) == BOTH:
        return BILINGUAL
    return (supported(language) or ENGLISH,)


def email_languages(*remembered: str | None, user: Any = None, partnership: Any = None) -> tuple[str, ...]:
    """`for_email(for_recipient(...))`: the one call most senders need."""
    return for_email(for_recipient(*remembered, user=user, partnership=partnership), partnership)


def localised(obj: Any, field: str, language: str | None = None) -> str:
    """The text of `field` in `language` (the active one by default): the `<field>_cy` twin when the
    reader reads Welsh and it is written, else the English field."""
    code = supported(language) if language else current()
    if code and code != ENGLISH:
        text = getattr(obj, f"{field}_{code}", "") or ""
        if text.strip():
            return str(text)
    return str(getattr(obj, field, "") or "")


def twin_fields(fields: Iterable[str]) -> list[str]:
    """Each field followed by its Welsh twin: ["name", "name_cy", …], for forms and API schemas."""
    return [name for field in fields for name in (field, f"{field}_{WELSH}")]


def html_lang(code: str) -> str:
    """The value of an HTML lang attribute for a language code."""
    return {ENGLISH: "en-GB", WELSH: "cy"}.get(code, code)
