"""The JSON API at /api/: one router module per domain, the same access policy as the pages.

Authenticate with a personal token (`Authorization: Bearer acc_…`, made on the account page) or,
from a browser, with the signed-in session. Errors are JSON: {"detail": "what is wrong"}.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from accord.accounts.models import ApiToken, hash_token
from accord.lib.queue import Unavailable


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):  # type: ignore[override]
        found = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


api = NinjaAPI(
    title="Accord API",
    version="1",
    description="Partnerships, their organisations and people, and every domain's records, under "
    "the same access policy as the pages.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "You do not have access to this."}, status=403)


@api.exception_handler(OverflowError)
def _huge_id(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    return api.create_response(request, {"detail": "Not Found"}, status=404)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(Unavailable)
def _unavailable(request: HttpRequest, exc: Unavailable) -> HttpResponse:
    """The queue or cache could not be reached: not done, and said so (see lib/queue.py)."""
    return api.create_response(request, {"detail": exc.messages[0]}, status=503)


def _mount() -> None:
    from . import charter, delivery, governance, health, library, mailing, partners, trust

    api.add_router("/", partners.router)
    api.add_router("/", charter.router)
    api.add_router("/", delivery.router)
    api.add_router("/", governance.router)
    api.add_router("/", trust.router)
    api.add_router("/", library.router)
    api.add_router("/", mailing.router)
    api.add_router("/", health.router)


_mount()
