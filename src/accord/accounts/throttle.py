"""Sign-in throttling, keyed so that it stops guessing without letting anyone lock others out.

- One account from one client address: after SIGNIN_MAX_FAILURES wrong passwords in
  SIGNIN_WINDOW_SECONDS that pair is paused. Someone elsewhere (the account's owner) is not.
- One account from anywhere: past SIGNIN_ACCOUNT_FREE_FAILURES, each further try must wait a
  delay that doubles up to SIGNIN_MAX_DELAY_SECONDS. This caps guessing at about one a minute
  per account, yet an attacker can never hold the account shut: its owner waits seconds at most.
- One client address: SIGNIN_MAX_PER_ADDRESS failures, high, because many people can share an
  address (an office, or a proxy not named in ACCORD_TRUSTED_PROXIES).

Each try is counted BEFORE the password is checked (atomically, see accord.lib.ratelimit) and
taken back when it succeeds, so parallel tries cannot slip past a limit. The same throttle guards
the admin, whose sign-in is this one. Kept in Accord rather than taken from django-axes because
axes locks (it has no per-account slow-down), keeps its own tables, and covers sign-in only,
while the same counters also limit reset and invitation e-mails.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.lib import ratelimit

PAIR, ACCOUNT, ADDRESS, SLOW = "signin:pair", "signin:account", "signin:address", "signin:slow"


def _pair(email: str, ip: str) -> str:
    return f"{email.strip().lower()}|{ip}"


def _minutes(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    return ngettext("%(minutes)d minute", "%(minutes)d minutes", minutes) % {"minutes": minutes}


def before_attempt(email: str, ip: str) -> str | None:
    """Count this try; return the message to show instead of checking the password, or None.
    Raises ratelimit.Unavailable when the counts cannot be kept."""
    window = settings.SIGNIN_WINDOW_SECONDS
    if ratelimit.hit(ADDRESS, ip, window=window) > settings.SIGNIN_MAX_PER_ADDRESS:
        return _("Too many failed sign-ins from your network. Please wait %(time)s and try again, or reset your "
                 "password.") % {"time": _minutes(window)}
    if ratelimit.hit(PAIR, _pair(email, ip), window=window) > settings.SIGNIN_MAX_FAILURES:
        ratelimit.undo(ADDRESS, ip)
        return _("Too many failed attempts. For your safety, sign-in to this account from here is paused for "
                 "%(time)s. You can reset your password meanwhile.") % {"time": _minutes(window)}
    failures = ratelimit.count(ACCOUNT, email)
    extra = failures - settings.SIGNIN_ACCOUNT_FREE_FAILURES
    if extra >= 0:
        delay = min(2 ** min(extra, 16), settings.SIGNIN_MAX_DELAY_SECONDS)
        wait = ratelimit.claim_slot(SLOW, email, delay)
        if wait:
            ratelimit.undo(ADDRESS, ip)
            ratelimit.undo(PAIR, _pair(email, ip))
            return ngettext("This account has had many wrong passwords recently, so each try must wait a little. "
                            "Please try again in %(seconds)d second.",
                            "This account has had many wrong passwords recently, so each try must wait a little. "
                            "Please try again in %(seconds)d seconds.", wait) % {"seconds": wait}
    return None


def after_failure(email: str, ip: str) -> None:
    ratelimit.hit(ACCOUNT, email, window=settings.SIGNIN_WINDOW_SECONDS)


def after_success(email: str, ip: str) -> None:
    ratelimit.undo(ADDRESS, ip)
    ratelimit.reset(PAIR, _pair(email, ip))
    ratelimit.reset(ACCOUNT, email)


def email_allowed(kind: str, address: str, client: str) -> bool:
    """Count one e-mail of `kind` (password reset, invitation) to `address` asked for by `client`;
    False when either is over its hourly limit (ACCOUNTS_EMAILS_PER_ADDRESS, _PER_CLIENT)."""
    hour = 3600
    to_address = ratelimit.allow(f"mail:{kind}:to", address, limit=settings.ACCOUNTS_EMAILS_PER_ADDRESS,
                                 window=hour)
    by_client = ratelimit.allow(f"mail:{kind}:by", client, limit=settings.ACCOUNTS_EMAILS_PER_CLIENT, window=hour)
    return to_address and by_client
