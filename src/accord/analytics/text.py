"""The words the analytics write for people, translatable without Django.

The analytics are pure Python (no Django import: a lint contract checks it), yet their plain-language
sentences must show in the reader's language. So every sentence here goes through `_` / `ngettext`,
which are English as written (identity) until `use()` is given real translation functions: core's
`AppConfig.ready()` hands them Django's `gettext` / `ngettext`, so a sentence is translated into the
language active when it is written. Outside Django (benchmarks, unit tests) the text stays English.

Rules that keep the sentences translatable (a translator sees only the message):
- a whole sentence per message, with named placeholders (`%(count)s of %(total)s`), never fragments
  joined together;
- labels held in module constants are marked with `gettext_noop` (picked up by `makemessages`, left
  English in the constant) and translated with `_` where they are shown.

The catalogue is `src/accord/analytics/locale/cy/LC_MESSAGES/django.po`, found because `accord.analytics`
is listed (last) in INSTALLED_APPS: it has no apps.py and imports no Django, so it stays pure; refresh the
catalogue with `accord makemessages -l cy` run in `src/accord/analytics`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Gettext = Callable[[str], str]
Ngettext = Callable[[str, str, int], str]


def _english(message: str) -> str:
    return message


def _english_n(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


_gettext: Gettext = _english
_ngettext: Ngettext = _english_n


def use(gettext: Gettext, ngettext: Ngettext) -> None:
    """Translate through these from now on (Django's, given once at start-up)."""
    global _gettext, _ngettext
    _gettext, _ngettext = gettext, ngettext


def _(message: str) -> str:
    """The message in the active language (English outside Django)."""
    return _gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of the message for `n`, in the active language (Welsh has four)."""
    return _ngettext(singular, plural, n)


def gettext_noop(message: str) -> str:
    """Mark a constant for the catalogue without translating it now (it is translated where shown)."""
    return message


# --- sentences kept to be read later --------------------------------------------------------------
# A sentence that is stored (a health snapshot's explanation) is kept as its message and values, in the
# form `accord.lib.stored_text` reads ({"m": message, "p": values}, plus "pl" and "n" for a plural), so
# it is shown in the reader's language however long after it was made. The values must be what JSON
# holds (numbers, strings, another stored sentence).

Stored = dict[str, Any]


def stored(message: str, /, **values: Any) -> Stored:
    """Keep `message` (a whole sentence, English as written) with its named values."""
    return {"m": message, "p": dict(values)}


def plural(singular: str, plural_text: str, count: str, /, **values: Any) -> Stored:
    """Keep a message with a plural; `count` names the value that chooses the form. Written as two literal
    strings, not wrapped in gettext_noop: `accord makemessages` finds `plural(...)` as one message with its
    plural (keyword plural:1,2)."""
    return {"m": singular, "p": dict(values), "pl": plural_text, "n": count}


def said(kept: Stored) -> str:
    """The kept sentence in the active language now (the same text `stored_text.render` gives)."""
    values = {k: said(v) if isinstance(v, dict) and "m" in v else v for k, v in kept["p"].items()}
    if "pl" in kept:
        raw = kept["p"].get(kept["n"], 0)
        text = ngettext(kept["m"], kept["pl"], int(raw) if isinstance(raw, (int, float)) else 0)
    else:
        text = _(kept["m"])
    return text % values if values else text
