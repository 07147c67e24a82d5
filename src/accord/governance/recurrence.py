"""Recurrence rules, evaluated by python-dateutil (we do not write a recurrence engine).

A rule is evaluated from an aware local start (for example 10:00 Europe/London), so every
occurrence keeps its wall-clock time across the change between GMT and BST.

Clock changes (docs/governance.md, "Clock changes"), as RFC 5545 §3.3.5 has calendar programs read
a local time: one the clocks skip (01:30 in London on the spring Sunday) is read with the UTC offset
in force before the change, so it is 02:30 BST; one the clocks pass twice (01:30 on the autumn
Sunday) is the first of the two, in summer time. Python's `fold=0` means exactly this, and
`instant` makes it explicit. Lengths are elapsed minutes, added in UTC, never to a local time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrule, rrulestr
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext as _

from accord.lib import languages

if TYPE_CHECKING:
    from .models import MeetingSeries

ALLOWED_FREQ = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}


@dataclass(frozen=True)
class Rule:
    """A checked rule: `text` is the normalised RRULE value, `first` the first occurrence (aware, local)."""

    text: str
    zone: ZoneInfo
    first: dt.datetime
    ends_on: dt.date | None

    def _rrule(self) -> rrule:
        return rrulestr(self.text, dtstart=self.first)

    def between(self, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
        """Occurrences (aware, local wall-clock) with start <= occurrence <= end, within ends_on."""
        if self.ends_on is not None:
            last = dt.datetime.combine(self.ends_on, dt.time.max, tzinfo=self.zone)
            end = min(end, last)
        if end < start:
            return []
        return list(self._rrule().between(start, end, inc=True))

    @property
    def until_utc(self) -> dt.datetime | None:
        """The UNTIL the feed's RRULE carries when the series has an end date (RFC 5545: in UTC)."""
        if self.ends_on is None:
            return None
        last = dt.datetime.combine(self.ends_on, dt.time(23, 59, 59), tzinfo=self.zone)
        return last.astimezone(dt.UTC)


def instant(local: dt.datetime) -> dt.datetime:
    """The UTC instant of an aware local wall-clock time, by the documented rule for clock changes:
    a skipped time takes the offset before the change, a repeated one is its first occurrence."""
    return local.replace(fold=0).astimezone(dt.UTC)


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder ("Europe") or a name too long
        raise ValidationError({"time_zone": _("“%(name)s” is not a time zone. Use a name such as Europe/London.")
                               % {"name": name}}) from None


def check(text: str, *, starts_on: dt.date, start_time: dt.time, time_zone: str,
          ends_on: dt.date | None = None) -> Rule:
    """Validate a rule and find its first meeting; raise ValidationError with a plain message."""
    tz = zone(time_zone)
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date is before the start date.")})
    cleaned = " ".join((text or "").split()).strip()
    if cleaned.upper().startswith("RRULE:"):
        cleaned = cleaned[6:]
    cleaned = cleaned.upper().rstrip(";")
    if not cleaned:
        raise ValidationError({"rrule": _("Give a recurrence, such as FREQ=MONTHLY;BYDAY=1TU.")})
    if "\n" in text.strip() or "DTSTART" in cleaned:
        raise ValidationError({"rrule": _("Give only the rule (such as FREQ=MONTHLY;BYDAY=1TU); the start date and "
                                          "time have their own fields.")})
    parts = dict(p.split("=", 1) for p in cleaned.split(";") if "=" in p)
    freq = parts.get("FREQ")
    if freq not in ALLOWED_FREQ:
        raise ValidationError({"rrule": _("The rule must start with FREQ=DAILY, WEEKLY, MONTHLY or YEARLY "
                                          "(for example FREQ=MONTHLY;BYDAY=1TU).")})
    if ends_on is not None and ("COUNT" in parts or "UNTIL" in parts):
        raise ValidationError({"ends_on": _("The rule already says when it ends (COUNT or UNTIL): leave the end "
                                            "date empty, or take COUNT or UNTIL out of the rule.")})
    start = dt.datetime.combine(starts_on, start_time, tzinfo=tz)
    try:
        parsed = rrulestr(cleaned, dtstart=start)
        first = next(iter(parsed), None)
    except (ValueError, TypeError) as exc:
        raise ValidationError({"rrule": _("That is not a recurrence rule we can read (%(problem)s). Write it like "
                                          "FREQ=MONTHLY;BYDAY=1TU; an UNTIL must be in UTC, such as "
                                          "UNTIL=20271231T235959Z.") % {"problem": exc}}) from None
    if first is None or (ends_on is not None and first.date() > ends_on):
        raise ValidationError({"rrule": _("This recurrence never produces a meeting: no date matches it before the "
                                          "end date. Check the days and months in the rule.") if ends_on else
                                        _("This recurrence never produces a meeting: no date matches it. Check "
                                          "the days and months in the rule.")})
    return Rule(text=cleaned, zone=tz, first=first, ends_on=ends_on)


def for_series(series: MeetingSeries) -> Rule:
    return check(series.rrule, starts_on=series.starts_on, start_time=series.start_time,
                 time_zone=series.time_zone, ends_on=series.ends_on)


# ---- in plain words ---------------------------------------------------------------------------------------

DAY_NAMES = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday",
             "SA": "Saturday", "SU": "Sunday"}
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last", -2: "second to last"}
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]
UNIT = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
DESCRIBED = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "COUNT", "UNTIL", "WKST"}


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _day_of_month(n: int) -> str:
    if n == -1:
        return "last day"
    if n < 0:
        return f"{_ordinal_number(-n)} to last day"
    return _ordinal_number(n)


def _ordinal_number(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _weekday(token: str, setpos: int | None) -> tuple[str, int | None]:
    """("Tuesday", 1) for "1TU"; the ordinal may come from BYSETPOS instead."""
    name, number = DAY_NAMES.get(token[-2:], ""), token[:-2]
    if not name:
        raise ValueError(token)
    return name, int(number) if number else setpos


# The shapes of rule most series use, as whole phrases to translate (the day is a weekday's name, WEEKDAY_WORDS)
MONTHLY_NTH = {
    1: gettext_noop("first %(day)s of every month"),
    2: gettext_noop("second %(day)s of every month"),
    3: gettext_noop("third %(day)s of every month"),
    4: gettext_noop("fourth %(day)s of every month"),
    5: gettext_noop("fifth %(day)s of every month"),
    -1: gettext_noop("last %(day)s of every month"),
    -2: gettext_noop("second to last %(day)s of every month"),
}
WEEKLY = gettext_noop("every %(day)s")
FORTNIGHTLY = gettext_noop("every other week on %(day)s")
BY_THE_RULE = gettext_noop("repeats by the rule %(rule)s")
# a weekday's name inside those phrases (in Welsh the phrase says "dydd", and the name follows it)
WEEKDAY_WORDS = {
    "MO": pgettext_lazy("weekday in a phrase", "Monday"), "TU": pgettext_lazy("weekday in a phrase", "Tuesday"),
    "WE": pgettext_lazy("weekday in a phrase", "Wednesday"), "TH": pgettext_lazy("weekday in a phrase", "Thursday"),
    "FR": pgettext_lazy("weekday in a phrase", "Friday"), "SA": pgettext_lazy("weekday in a phrase", "Saturday"),
    "SU": pgettext_lazy("weekday in a phrase", "Sunday"),
}


def _common(parts: dict[str, str]) -> str | None:
    """One of the common shapes in the active language, or None."""
    freq, byday, interval = parts.get("FREQ"), parts.get("BYDAY", ""), parts.get("INTERVAL", "1")
    day = WEEKDAY_WORDS.get(byday[-2:])
    if day is None or "," in byday or set(parts) - {"FREQ", "BYDAY", "INTERVAL"}:
        return None
    number = byday[:-2]
    if freq == "MONTHLY" and interval == "1" and number and int(number) in MONTHLY_NTH:
        return gettext(MONTHLY_NTH[int(number)]) % {"day": day}
    if freq == "WEEKLY" and not number and interval in ("1", "2"):
        phrase = WEEKLY if interval == "1" else FORTNIGHTLY
        return gettext(phrase) % {"day": day}
    return None


def describe(text: str) -> str:
    """A recurrence rule of the kind Accord accepts, as a person would say it:
    FREQ=MONTHLY;BYDAY=1TU → "first Tuesday of every month". A rule with parts this does not know
    is shown as it is, after "repeats by the rule", rather than described wrongly.

    The common shapes (the nth weekday of every month, every week or every other week on a day) are whole
    phrases in the reader's language; every other rule is described in full in English only (its parts are
    put together in English word order), and a reader of another language is shown the rule itself."""
    raw = (text or "").strip()
    cleaned = raw.upper()[6:] if raw.upper().startswith("RRULE:") else raw.upper()
    parts = dict(p.split("=", 1) for p in cleaned.rstrip(";").split(";") if "=" in p)
    try:
        common = _common(parts)
        if common is not None:
            return common
        if languages.current() == languages.ENGLISH:
            return _describe(parts)
    except (ValueError, KeyError, IndexError):
        pass
    return gettext(BY_THE_RULE) % {"rule": raw}


def _describe(parts: dict[str, str]) -> str:
    freq = parts["FREQ"]
    if freq not in UNIT or set(parts) - DESCRIBED:
        raise ValueError(freq)
    interval = int(parts.get("INTERVAL", "1"))
    unit = UNIT[freq]
    every = f"every {unit}" if interval == 1 else ("every other " + unit if interval == 2 else f"every {interval} {unit}s")
    setpos = int(parts["BYSETPOS"]) if "BYSETPOS" in parts else None
    if setpos is not None and ("," in parts["BYSETPOS"] or "BYDAY" not in parts):
        raise ValueError("BYSETPOS")
    days = [_weekday(t, setpos) for t in parts["BYDAY"].split(",")] if "BYDAY" in parts else []
    monthdays = [int(d) for d in parts["BYMONTHDAY"].split(",")] if "BYMONTHDAY" in parts else []
    months = [MONTH_NAMES[int(m) - 1] for m in parts["BYMONTH"].split(",")] if "BYMONTH" in parts else []
    if monthdays and days:
        raise ValueError("both")
    ordinal_days = [d for d in days if d[1] is not None]
    if ordinal_days and len(ordinal_days) != len(days):
        raise ValueError("mixed")

    if ordinal_days:
        which = _and([f"{ORDINALS[n]} {name}" for name, n in ordinal_days if n is not None])
        if freq == "MONTHLY":
            phrase = f"{which} of {every}"
        elif freq == "YEARLY" and months:
            phrase = f"{which} of {_and(months)}" + ("" if interval == 1 else f", {every}") + (
                " every year" if interval == 1 else "")
        else:
            raise ValueError("ordinal")
    elif days:
        names = _and([name for name, _ in days])
        if freq == "WEEKLY":
            phrase = f"{every} on {names}" if interval > 1 or len(days) > 1 else f"every {names}"
        elif freq == "DAILY" and interval == 1:
            phrase = f"every {names}"
        elif freq == "MONTHLY":
            phrase = f"every {names} in {every}" if interval > 1 else f"every {names}"
        else:
            raise ValueError("days")
        if months:
            phrase += f" in {_and(months)}"
    elif monthdays:
        which = _and([_day_of_month(n) for n in monthdays])
        if freq == "MONTHLY":
            phrase = f"the {which} of {every}"
        elif freq == "YEARLY" and months:
            if all(n > 0 for n in monthdays) and len(months) == 1:
                phrase = f"{_and([str(n) for n in monthdays])} {months[0]} {every}"
            else:
                phrase = f"the {which} of {_and(months)} {every}"
        else:
            raise ValueError("monthdays")
    elif months:
        phrase = f"{every} in {_and(months)}"
    else:
        phrase = every
    if "COUNT" in parts:
        count = int(parts["COUNT"])
        phrase += ", once only" if count == 1 else f", {count} times"
    if "UNTIL" in parts:
        until = dt.datetime.strptime(parts["UNTIL"][:8], "%Y%m%d").date()
        phrase += f", until {until.day} {MONTH_NAMES[until.month - 1]} {until.year}"
    return phrase
