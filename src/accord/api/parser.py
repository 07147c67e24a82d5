"""Reading a request's JSON body and query string, refusing text no database can keep.

PostgreSQL cannot store a NUL character (U+0000) in text: a value holding one, passed to the database,
is a server error there (SQLite would quietly keep it, so the two would disagree). A page's form already
refuses it (Django's CharField does); this does the same for every API operation, once, before any
handler runs: 422 naming each field that holds one, nothing saved.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext
from ninja.errors import ValidationError
from ninja.parser import Parser
from ninja.types import DictStrAny

NUL = "\x00"


def _nul_places(value: Any, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """Where in a parsed JSON value a string (or a key) holds a NUL character."""
    if isinstance(value, str):
        if NUL in value:
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            if NUL in str(key):
                yield (*path, str(key).replace(NUL, ""))
            yield from _nul_places(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_places(item, (*path, str(index)))


def _refuse(places: list[tuple[str, ...]]) -> None:
    if places:
        message = gettext("The text holds a character that cannot be saved (NUL). Remove it and try again.")
        raise ValidationError([{"loc": place, "msg": message, "type": "nul_character"} for place in places])


class TextThatCanBeStored(Parser):
    """Django Ninja's JSON parser, refusing a NUL character anywhere in the body or the query string."""

    def parse_body(self, request: HttpRequest) -> DictStrAny:
        data = super().parse_body(request)
        # ("body", "payload", …): the errors handler keeps what follows the first two, the caller's own path.
        # ninja turns anything raised here into HttpError(400) "from" it; errors.py answers that cause as 422.
        _refuse(list(_nul_places(data, ("body", "payload"))))
        return data

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str], request: HttpRequest) -> DictStrAny:
        result = super().parse_querydict(data, list_fields, request)
        _refuse([("query", key) for key, value in result.items() if NUL in key or NUL in str(value)])
        return result
