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
        raise ValidationError({"time_zone": f"“{name}” is not a time zone. Use a name such as Europe/London."}) from None


def check(text: str, *, starts_on: dt.date, start_time: dt.time, time_zone: str,
          ends_on: dt.date | None = None) -> Rule:
    """Validate a rule and find its first meeting; raise ValidationError with a plain message."""
    tz = zone(time_zone)
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "The end date is before the start date."})
    cleaned = " ".join((text or "").split()).strip()
    if cleaned.upper().startswith("RRULE:"):
        cleaned = cleaned[6:]
    cleaned = cleaned.upper().rstrip(";")
    if not cleaned:
        raise ValidationError({"rrule": "Give a recurrence, such as FREQ=MONTHLY;BYDAY=1TU."})
    if "\n" in text.strip() or "DTSTART" in cleaned:
        raise ValidationError({"rrule": "Give only the rule (such as FREQ=MONTHLY;BYDAY=1TU); the start date and "
                                        "time have their own fields."})
    parts = dict(p.split("=", 1) for p in cleaned.split(";") if "=" in p)
    freq = parts.get("FREQ")
    if freq not in ALLOWED_FREQ:
        raise ValidationError({"rrule": "The rule must start with FREQ=DAILY, WEEKLY, MONTHLY or YEARLY "
                                        "(for example FREQ=MONTHLY;BYDAY=1TU)."})
    if ends_on is not None and ("COUNT" in parts or "UNTIL" in parts):
        raise ValidationError({"ends_on": "The rule already says when it ends (COUNT or UNTIL): leave the end "
                                          "date empty, or take COUNT or UNTIL out of the rule."})
    start = dt.datetime.combine(starts_on, start_time, tzinfo=tz)
    try:
        parsed = rrulestr(cleaned, dtstart=start)
        first = next(iter(parsed), None)
    except (ValueError, TypeError) as exc:
        raise ValidationError({"rrule": f"That is not a recurrence rule we can read ({exc}). Write it like "
                                        "FREQ=MONTHLY;BYDAY=1TU; an UNTIL must be in UTC, such as "
                                        "UNTIL=20271231T235959Z."}) from None
    if first is None or (ends_on is not None and first.date() > ends_on):
        raise ValidationError({"rrule": "This recurrence never produces a meeting: no date matches it"
                                        + (" before the end date" if ends_on else "")
                                        + ". Check the days and months in the rule."})
    return Rule(text=cleaned, zone=tz, first=first, ends_on=ends_on)


def for_series(series: MeetingSeries) -> Rule:
    return check(series.rrule, starts_on=series.starts_on, start_time=series.start_time,
                 time_zone=series.time_zone, ends_on=series.ends_on)
