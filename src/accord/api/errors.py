"""The API's error answers, in one place: their bodies, the handlers that make them, and the helper that
documents them on every operation.

Every error is JSON with a plain-language `detail`, in the language the client asks for
(`Accept-Language: cy` gives Welsh; field names and status codes never change); a refused input (422) also lists each problem in
`errors`, so a script can point at the field. Documenting the codes on each operation keeps the OpenAPI
document honest: a client (or a fuzzer) never meets an answer the document does not describe.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Router, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError

from accord.core.policy import refusal_message
from accord.lib.queue import Unavailable

logger = logging.getLogger(__name__)

UNREADABLE = _("The request body could not be read: send JSON, with 'Content-Type: application/json'.")
SIGN_IN = _("Sign in, or send your personal API token as 'Authorization: Bearer <token>'.")
CONFLICT = _("Someone changed this at the same moment; reload it and try again.")
NOT_FOUND = _("Not Found")


class ErrorOut(Schema):
    """Every error answer: what is wrong, in plain English."""

    detail: str


class ProblemOut(Schema):
    field: str
    message: str


class InvalidOut(ErrorOut):
    """A refused input (422): `detail` sums up every problem; `errors` has one entry per problem, with the
    field it is about ("" when it is about the whole request)."""

    errors: list[ProblemOut]


ERROR_RESPONSES: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut,
                                            409: ErrorOut, 422: InvalidOut, 503: ErrorOut}


def _response_model(model: type[Schema]) -> type[Schema]:
    # The wrapper ninja builds for `response=` (Operation._create_response_model), built the same way here.
    return type("NinjaResponseSchema", (Schema,), {"__annotations__": {"response": model}})


def document_errors(router: Router) -> None:
    """Add 400, 401, 403, 404, 409, 422 and 503, each with its body, to every operation of `router` (call before
    the router is mounted). An operation that already documents a code keeps its own. With these codes
    added, ninja takes a bare return value as 200: a handler that answers another success code (201)
    returns `(201, body)`."""
    for path_view in router.path_operations.values():
        for operation in path_view.operations:
            for status, model in ERROR_RESPONSES.items():
                operation.response_models.setdefault(status, _response_model(model))


# ---- turning exceptions into those bodies ------------------------------------------------------------

def _invalid(api: NinjaAPI, request: HttpRequest, problems: list[tuple[str, str]]) -> HttpResponse:
    problems = problems or [("", gettext("This request is not valid."))]
    detail = " ".join(f"{field}: {message}" if field else message for field, message in problems)
    errors = [{"field": field, "message": message} for field, message in problems]
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


def _django_problems(exc: DjangoValidationError) -> list[tuple[str, str]]:
    if hasattr(exc, "error_dict"):
        return [("" if field == "__all__" else field, str(message))
                for field, messages in exc.message_dict.items() for message in messages]
    return [("", str(message)) for message in exc.messages]


# Pydantic's messages for a malformed request, by error type, so they can be translated: in English the
# message stays pydantic's own, word for word; in another language the message of the type is used, with
# the numbers pydantic gives (its `ctx`). A type not listed keeps pydantic's English.
_PYDANTIC: dict[str, Callable[[dict[str, Any]], str]] = {
    "missing": lambda c: gettext("Field required"),
    "extra_forbidden": lambda c: gettext("Extra inputs are not permitted"),
    "json_invalid": lambda c: gettext("Invalid JSON"),
    "model_attributes_type": lambda c: gettext("Input should be a valid dictionary or object to extract fields from"),
    "dict_type": lambda c: gettext("Input should be a valid dictionary"),
    "list_type": lambda c: gettext("Input should be a valid list"),
    "string_type": lambda c: gettext("Input should be a valid string"),
    "string_too_short": lambda c: ngettext("String should have at least %(min_length)s character",
                                           "String should have at least %(min_length)s characters",
                                           int(c.get("min_length", 0))) % c,
    "string_too_long": lambda c: ngettext("String should have at most %(max_length)s character",
                                          "String should have at most %(max_length)s characters",
                                          int(c.get("max_length", 0))) % c,
    "too_short": lambda c: ngettext("Should have at least %(min_length)s item",
                                    "Should have at least %(min_length)s items", int(c.get("min_length", 0))) % c,
    "too_long": lambda c: ngettext("Should have at most %(max_length)s item",
                                   "Should have at most %(max_length)s items", int(c.get("max_length", 0))) % c,
    "string_pattern_mismatch": lambda c: gettext("String should match pattern '%(pattern)s'") % c,
    "bool_type": lambda c: gettext("Input should be a valid boolean"),
    "bool_parsing": lambda c: gettext("Input should be a valid boolean, unable to interpret input"),
    "int_type": lambda c: gettext("Input should be a valid integer"),
    "int_parsing": lambda c: gettext("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": lambda c: gettext("Input should be a valid integer, got a number with a fractional part"),
    "float_type": lambda c: gettext("Input should be a valid number"),
    "float_parsing": lambda c: gettext("Input should be a valid number, unable to parse string as a number"),
    "decimal_parsing": lambda c: gettext("Input should be a valid decimal"),
    "finite_number": lambda c: gettext("Input should be a finite number"),
    "greater_than": lambda c: gettext("Input should be greater than %(gt)s") % c,
    "greater_than_equal": lambda c: gettext("Input should be greater than or equal to %(ge)s") % c,
    "less_than": lambda c: gettext("Input should be less than %(lt)s") % c,
    "less_than_equal": lambda c: gettext("Input should be less than or equal to %(le)s") % c,
    "enum": lambda c: gettext("Input should be %(expected)s") % c,
    "literal_error": lambda c: gettext("Input should be %(expected)s") % c,
    "date_type": lambda c: gettext("Input should be a valid date"),
    "date_parsing": lambda c: gettext("Input should be a valid date in the format YYYY-MM-DD"),
    "date_from_datetime_parsing": lambda c: gettext("Input should be a valid date or datetime"),
    "datetime_type": lambda c: gettext("Input should be a valid datetime"),
    "datetime_parsing": lambda c: gettext("Input should be a valid datetime"),
    "datetime_from_date_parsing": lambda c: gettext("Input should be a valid datetime or date"),
    "time_type": lambda c: gettext("Input should be a valid time"),
    "time_parsing": lambda c: gettext("Input should be in a valid time format"),
    "url_parsing": lambda c: gettext("Input should be a valid URL"),
    "uuid_parsing": lambda c: gettext("Input should be a valid UUID"),
}


def _pydantic_message(error: dict[str, Any]) -> str:
    """The error's message in the active language (pydantic's own in English)."""
    message = str(error.get("msg", "is not valid"))
    language = get_language() or "en"
    translate = _PYDANTIC.get(str(error.get("type", "")))
    if language.startswith("en") or translate is None:
        return message
    try:
        return translate(dict(error.get("ctx") or {}))
    except (KeyError, TypeError, ValueError):
        return message  # a context pydantic did not give: its English beats a broken sentence


def _request_problems(exc: RequestValidationError) -> list[tuple[str, str]]:
    out = []
    for error in exc.errors:
        # loc is like ("body", "payload", "title") or ("path", "pk"): keep the part a caller wrote
        loc = [str(part) for part in error.get("loc", ())]
        if len(loc) > 2 and loc[0] == "body":
            loc = loc[2:]
        elif len(loc) > 1:
            loc = loc[1:]
        out.append((".".join(loc), _pydantic_message(error)))
    return out


def install_handlers(api: NinjaAPI) -> None:
    """Answer every expected failure with its documented body; anything else stays a server error."""

    def detail(request: HttpRequest, message: str, status: int) -> HttpResponse:
        return api.create_response(request, {"detail": message}, status=status)

    @api.exception_handler(AuthenticationError)
    def _unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return detail(request, str(SIGN_IN), 401)

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja's own refusals: 400 for a body it cannot parse, 403 for a failed CSRF check
        return detail(request, str(UNREADABLE) if exc.status_code == 400 else str(exc), exc.status_code)

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return detail(request, refusal_message(exc, request.method or "GET"), 403)

    @api.exception_handler(OverflowError)
    def _huge_id(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        return detail(request, str(NOT_FOUND), 404)

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        # ninja's own answer, "Not Found" whatever the message, in the client's language
        return detail(request, str(NOT_FOUND), 404)

    @api.exception_handler(IntegrityError)
    def _conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        logger.warning("API write conflicted with the database: %s", exc)
        return detail(request, str(CONFLICT), 409)

    @api.exception_handler(Unavailable)
    def _unavailable(request: HttpRequest, exc: Unavailable) -> HttpResponse:
        # the queue or cache could not be reached: not done, and said so (see lib/queue.py)
        return detail(request, exc.messages[0], 503)

    @api.exception_handler(DjangoValidationError)
    def _refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return _invalid(api, request, _django_problems(exc))

    @api.exception_handler(RequestValidationError)
    def _malformed(request: HttpRequest, exc: RequestValidationError) -> HttpResponse:
        return _invalid(api, request, _request_problems(exc))

