"""Text that is written now and read later, in the reader's language.

Some sentences are made when something happens and shown long after (a notice's title, a health
alert's reason, a handover checklist item, a preview problem, what changed between two waves). If
they were stored as finished English, a Welsh reader would read English forever; if they were stored
in the language of whoever happened to trigger them, an English reader might read Welsh. So we store
the *message* and its *values* instead, and translate when the text is shown:

    notice.title_text = stored_text.message(gettext_noop("Please sign version %(number)s of %(name)s"),
                                            number=3, name=partnership.name)
    ...
    {{ notice.title_text|stored_text }}      or      stored_text.render(notice.title_text)

The message must be marked with `gettext_noop` (or `pgettext_noop`) where it is written, so
`makemessages` puts it in the app's catalogue; `render` looks it up with `gettext` in the language
active when it is shown. A value may be a number, a string, a date (shown in full, with the
reader's month names; a datetime in the current time zone as the caller stored it), the
partnership's own words in both languages (`in_languages(obj, 'name')`), or another stored message (a translated label inside a sentence). Plural messages store the
count's name: `plural(singular, plural, "count", count=3, ...)`.

The stored form is a small JSON object, `{"m": message, "p": {values}}` (plus `"pl"` and `"n"` for a
plural), kept in a JSONField. `render` also accepts a plain string (text stored before a field moved
to this form, or a record's own words) and returns it unchanged, so old rows keep showing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext, ngettext

from accord.lib import languages

Stored = dict[str, Any]

_DATE, _DATETIME, _LANGUAGES = "date", "datetime", "languages"


def _pack(value: Any) -> Any:
    """A value as JSON can hold it, keeping dates recognisable so they are shown in the reader's format."""
    if isinstance(value, dt.datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, dt.date):
        return {_DATE: value.isoformat()}
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool, dict)):
        return value
    return str(value)  # a model instance, a lazy string: its text now (a name does not translate)


def message(text: str, /, **values: Any) -> Stored:
    """Store `text` (a message marked with gettext_noop) with its named values, to translate when shown."""
    return {"m": str(text), "p": {name: _pack(v) for name, v in values.items()}}


def in_languages(obj: Any, field: str) -> dict[str, dict[str, str]]:
    """A value written by the partnership in English and Welsh (`name` and its `name_cy` twin), to show
    in the reader's language inside a stored message: `message(..., name=in_languages(wave, "name"))`."""
    texts = {languages.ENGLISH: str(getattr(obj, field, "") or "")}
    welsh = str(getattr(obj, f"{field}_{languages.WELSH}", "") or "")
    if welsh:
        texts[languages.WELSH] = welsh
    return {_LANGUAGES: texts}


def plural(singular: str, plural_text: str, count: str, /, **values: Any) -> Stored:
    """Store a message with a plural: `count` names the value that chooses the form."""
    if count not in values:
        raise ValueError(f"the count {count!r} must be one of the values")
    stored = message(singular, **values)
    stored.update(pl=str(plural_text), n=count)
    return stored


def _unpack(value: Any) -> Any:
    if isinstance(value, dict):
        if "m" in value:
            return render(value)
        if _LANGUAGES in value:  # the partnership's own words, in the reader's language when written
            texts = value[_LANGUAGES]
            return texts.get(languages.current(), "") or texts.get(languages.ENGLISH, "")
        if _DATETIME in value:
            moment = dt.datetime.fromisoformat(value[_DATETIME])
            return formats.date_format(moment, "j F Y, H:i")
        if _DATE in value:  # the day in full ("4 March 2026", "4 Mawrth 2026"), as our sentences write it
            return formats.date_format(dt.date.fromisoformat(value[_DATE]), "j F Y")
    return value


def render(stored: Stored | str | None) -> str:
    """The stored text in the active language (a plain string is returned as it is; None is "")."""
    if stored is None:
        return ""
    if isinstance(stored, str):
        return stored
    values = {name: _unpack(v) for name, v in (stored.get("p") or {}).items()}
    if "pl" in stored:
        raw = (stored.get("p") or {}).get(stored.get("n", ""), 0)
        count = int(raw) if isinstance(raw, (int, float)) else 0
        text = ngettext(stored["m"], stored["pl"], count)
    else:
        count = 1
        text = gettext(stored["m"])
    try:
        return text % values if values else text
    except (KeyError, ValueError, TypeError):  # a translation that lost a placeholder: the English
        source = stored["pl"] if "pl" in stored and count != 1 else stored["m"]
        return source % values if values else source


def english(stored: Stored | str | None) -> str:
    """The stored text in English (for logs, exports that promise English, and search)."""
    with translation.override("en"):
        return render(stored)


def english_all(texts: Iterable[Stored | str | None]) -> list[str]:
    """`english` of each, switching to English once for them all (the switch costs more than a short
    text: the health snapshots give every link to evidence its English title)."""
    with translation.override("en"):
        return [render(t) for t in texts]
