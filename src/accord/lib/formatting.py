"""Numbers, amounts, counts and dates written as a person would say them, in one place. Templates use them
through the filters in accord.core.templatetags.accord (`money`, `number`, `count`, `day`); Python code that
writes a message calls them directly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def number(value: object, places: int | None = None) -> str:
    """12345.6 → "12,346"; with places=1 → "12,345.6". Whole numbers keep no ".00". Not a number → "—"."""
    d = _decimal(value)
    if d is None:
        return "—"
    if places is None:
        places = 0 if d == d.to_integral_value() else 2
    return f"{d:,.{places}f}"


def money(amount: object, currency: str = "GBP") -> str:
    """450000.00, "GBP" → "£450,000"; 1234.5 → "£1,234.50"; an unknown currency code follows the number
    ("1,200 CHF"). Pence are shown only when there are some."""
    d = _decimal(amount)
    if d is None:
        return "—"
    code = (currency or "").upper()
    places = 0 if d == d.to_integral_value() else 2
    text = f"{abs(d):,.{places}f}"
    sign = "-" if d < 0 else ""
    if code in SYMBOLS:
        return f"{sign}{SYMBOLS[code]}{text}"
    return f"{sign}{text} {code}".strip()


def count(n: int, singular: str, plural: str | None = None) -> str:
    """count(1, "grant") → "1 grant"; count(3, "entry", "entries") → "3 entries"."""
    word = singular if n == 1 else (plural or singular + "s")
    return f"{number(n)} {word}"


def verb(n: int, singular: str, plural: str) -> str:
    """The verb that agrees with a count: verb(1, "is", "are") → "is"."""
    return singular if n == 1 else plural


def day(value: dt.date | dt.datetime | None) -> str:
    """A date as people in the UK write it: "3 March 2026"."""
    if value is None:
        return "—"
    return f"{value.day} {value:%B %Y}"
