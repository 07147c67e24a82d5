"""The JSON API at /api/: one router module per domain, the same access policy as the pages.

Authenticate with a personal token (`Authorization: Bearer acc_…`, made on the account page) or,
from a browser, with the signed-in session. Errors are JSON: {"detail": "what is wrong"} (see errors.py),
and every operation documents them.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import HttpBearer, SessionAuth

from accord.accounts.models import ApiToken, User, hash_token

from .errors import document_errors, install_handlers
from .parser import TextThatCanBeStored


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
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


class SignedInSession(SessionAuth):
    """The browser's signed-in session, CSRF-checked. Someone not signed in has no session to check:
    they are answered 401 (no credentials), not a CSRF message about a form they never had."""

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


api = NinjaAPI(
    title="Accord API",
    version="1",
    description="Partnerships, their organisations and people, and every domain's records, under "
    "the same access policy as the pages.",
    auth=[TokenAuth(), SignedInSession()],
    urls_namespace="api",
    parser=TextThatCanBeStored(),
)
install_handlers(api)


def _mount() -> None:
    from . import (
        charter,
        corrections,
        delivery,
        discussions,
        governance,
        health,
        library,
        mailing,
        needsme,
        notices,
        partners,
        privacy,
        reports,
        trust,
    )

    for module in (partners, notices, corrections, charter, delivery, governance, trust, library, mailing, discussions, health, privacy, needsme, reports):
        document_errors(module.router)
        api.add_router("/", module.router)


_mount()
