"""Field types the API's schemas share, each documented as what it really is on the wire.

JSON Schema's `time` format is RFC 3339's full-time, which needs a UTC offset ("10:00:00Z"); a meeting's
start time is a local wall-clock time in its series' time zone, so it is documented as a pattern instead.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db import models
from django.utils.translation import gettext_noop
from pydantic import WithJsonSchema

EMPTY = gettext_noop("(empty)")  # the name of the value "" in a list of allowed values

TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"

LocalTime = Annotated[dt.time, WithJsonSchema({
    "type": "string", "pattern": TIME_PATTERN, "examples": ["10:00", "18:30:00"],
    "description": gettext_noop("A local wall-clock time, HH:MM or HH:MM:SS, with no UTC offset: it is read "
                                "in the series' time zone.")})]


def one_of(choices: type[models.TextChoices], *, blank: str = "") -> WithJsonSchema:
    """Marks a string (`Annotated[str, one_of(...)]`) documented with its allowed values (a model's choices). Validation stays with the service,
    so a wrong value is refused with the same plain message as on the pages. `blank` says what "" means,
    for a field that is sent empty until someone fills it in (marked with `gettext_noop`: the reference page
    shows the labels translated, `api.reference.described`)."""
    values = [str(value) for value in choices.values] + ([""] if blank else [])
    labels = "; ".join(f"{value or EMPTY}: {label}"
                       for value, label in zip(values, [*choices.labels, blank][:len(values)], strict=True))
    return WithJsonSchema({"type": "string", "enum": values, "description": labels})
