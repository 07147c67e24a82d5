"""The kinds of notice, each registered by the domain that emits it (from its AppConfig.ready()).

A kind says, in plain words, what the notice is about and how it is delivered by default, so the
preferences page can list every kind without knowing the domains.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

IMMEDIATE, DAILY, WEEKLY, OFF = "immediate", "daily", "weekly", "off"
DELIVERIES = (IMMEDIATE, DAILY, WEEKLY, OFF)


@dataclass(frozen=True)
class NoticeKind:
    key: str  # "<app>.<event>", e.g. "charter.sign_requested"
    # what a person chooses about on the preferences page: "A charter version to sign"; give it with
    # gettext_lazy so it shows in the reader's language
    label: str | Promise
    default: str = IMMEDIATE  # how it is e-mailed unless the person chooses otherwise
    # False: shown in Accord only, because the domain already e-mails its own link (a survey invitation)
    emailed: bool = True


KINDS: dict[str, NoticeKind] = {}


def register(kind: NoticeKind) -> None:
    if kind.default not in DELIVERIES:
        raise ValueError(f"{kind.key}: default delivery {kind.default!r} is not one of {DELIVERIES}")
    if len(kind.key) > 60:
        raise ValueError(f"{kind.key}: a kind's key has at most 60 characters")
    KINDS[kind.key] = kind


def get(key: str) -> NoticeKind:
    try:
        return KINDS[key]
    except KeyError:
        raise LookupError(f"notice kind {key!r} is not registered (register it in the app's ready())") from None


def all_kinds() -> list[NoticeKind]:
    """Every registered kind, in the order of their labels (for the preferences page and API)."""
    return sorted(KINDS.values(), key=lambda k: str(k.label))  # in the reader's language
