"""Signed tokens for links sent by e-mail (invitations, survey links, confirmations).

A token is a signed, timestamped payload with a purpose (the salt), so a token made for one
purpose is never accepted for another. Errors carry a plain message to show the person.
"""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.utils.translation import gettext as _


class TokenError(Exception):
    """The link is not usable; str(exc) says why in plain words."""


class TokenExpired(TokenError):
    pass


class TokenInvalid(TokenError):
    pass


def make(purpose: str, payload: Any) -> str:
    return signing.dumps(payload, salt=f"accord.{purpose}", compress=True)


def read(purpose: str, token: str, *, max_age_seconds: int | None = None) -> Any:
    try:
        return signing.loads(token, salt=f"accord.{purpose}", max_age=max_age_seconds)
    except signing.SignatureExpired as exc:
        raise TokenExpired(_("This link has expired. Ask for a new one.")) from exc
    except signing.BadSignature as exc:
        raise TokenInvalid(
            _("This link is not valid. It may have been copied incompletely or changed; "
            "open it again from the e-mail, or ask for a new one.")
        ) from exc
