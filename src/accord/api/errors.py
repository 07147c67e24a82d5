"""The API's error answers, in one place: their bodies, the handlers that make them, and the helper that
documents them on every operation.

Every error is JSON with a plain-English `detail`; a refused input (422) also lists each problem in
`errors`, so a script can point at the field. Documenting the codes on each operation keeps the OpenAPI
document honest: a client (or a fuzzer) never meets an answer the document does not describe.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Router, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError

from accord.core.policy import refusal_message
from accord.lib.queue import Unavailable

logger = logging.getLogger(__name__)

UNREADABLE = "The request body could not be read: send JSON, with 'Content-Type: application/json'."
SIGN_IN = "Sign in, or send your personal API token as 'Authorization: Bearer <token>'."
CONFLICT = "Someone changed this at the same moment; reload it and try again."


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
    problems = problems or [("", "This request is not valid.")]
    detail = " ".join(f"{field}: {message}" if field else message for field, message in problems)
    errors = [{"field": field, "message": message} for field, message in problems]
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


def _django_problems(exc: DjangoValidationError) -> list[tuple[str, str]]:
    if hasattr(exc, "error_dict"):
        return [("" if field == "__all__" else field, str(message))
                for field, messages in exc.message_dict.items() for message in messages]
    return [("", str(message)) for message in exc.messages]


def _request_problems(exc: RequestValidationError) -> list[tuple[str, str]]:
    out = []
    for error in exc.errors:
        # loc is like ("body", "payload", "title") or ("path", "pk"): keep the part a caller wrote
        loc = [str(part) for part in error.get("loc", ())]
        if len(loc) > 2 and loc[0] == "body":
            loc = loc[2:]
        elif len(loc) > 1:
            loc = loc[1:]
        out.append((".".join(loc), str(error.get("msg", "is not valid"))))
    return out


def install_handlers(api: NinjaAPI) -> None:
    """Answer every expected failure with its documented body; anything else stays a server error."""

    def detail(request: HttpRequest, message: str, status: int) -> HttpResponse:
        return api.create_response(request, {"detail": message}, status=status)

    @api.exception_handler(AuthenticationError)
    def _unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return detail(request, SIGN_IN, 401)

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja's own refusals: 400 for a body it cannot parse, 403 for a failed CSRF check
        return detail(request, UNREADABLE if exc.status_code == 400 else str(exc), exc.status_code)

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return detail(request, refusal_message(exc, request.method or "GET"), 403)

    @api.exception_handler(OverflowError)
    def _huge_id(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        return detail(request, "Not Found", 404)

    @api.exception_handler(IntegrityError)
    def _conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        logger.warning("API write conflicted with the database: %s", exc)
        return detail(request, CONFLICT, 409)

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

