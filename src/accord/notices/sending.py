"""Sending notice e-mails: each notice that is e-mailed straight away, and the daily and weekly digests.

Never twice for one event
-------------------------
Every e-mail is a row (a Notice, or a Digest) with a `state`. A worker *claims* a row with one
conditional UPDATE (pending, or a retry whose time has come, or a claim older than
NOTICES_CLAIM_SECONDS) before it sends, and records `sent` as soon as the mail server accepts the
message; each record is committed at once. A second worker, a rerun of the sweep or a retried task
finds the row claimed or sent and leaves it. A digest is unique per address, period and the moment the
period ends, and each notice joins at most one digest, so a rerun makes no second digest.

Surviving a worker that dies
----------------------------
A killed worker leaves at most the one row it was sending claimed. After NOTICES_CLAIM_SECONDS the
sweep (every minute, `tasks.notices_sweep`) takes it over. If the worker died in the instant between the
server accepting the message and the database recording it, that one message is sent again: SMTP gives
no way to ask whether it arrived. Its Message-ID is the same both times (`<notice.12@host>`), so mail
programs that drop a repeated Message-ID show it once.

Failures: a temporary one (4xx, no connection) is retried after NOTICES_RETRY_SECONDS, doubling, at most
NOTICES_MAX_ATTEMPTS times; a permanent one (5xx) is recorded as failed at once. The manager's page of
notices sent shows every failure with the server's answer.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import smtplib
import socket
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Model, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from accord.lib import languages, mail

from . import kinds, services
from .models import Delivery, Digest, Notice, SendState

log = logging.getLogger(__name__)
S = SendState


@dataclass
class Result:
    sent: int = 0
    retry: int = 0
    failed: int = 0

    def add(self, outcome: str) -> None:
        if outcome == S.SENT:
            self.sent += 1
        elif outcome == S.RETRY:
            self.retry += 1
        elif outcome == S.FAILED:
            self.failed += 1


def worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"[:100]


def _ready(now: dt.datetime) -> Q:
    stale = now - dt.timedelta(seconds=settings.NOTICES_CLAIM_SECONDS)
    return (Q(state=S.PENDING) | Q(state=S.RETRY, next_attempt_at__lte=now)
            | Q(state=S.CLAIMED, claimed_at__lt=stale))


def _claim(model: type[Model], pk: int, worker: str, now: dt.datetime, extra: Q | None = None) -> bool:
    """Take the row for this worker, or False when another has it (or it is done)."""
    return model._default_manager.filter(_ready(now) & (extra or Q()), pk=pk).update(
        state=S.CLAIMED, claimed_by=worker, claimed_at=now) == 1


def _record(model: type[Model], row: Any, worker: str, exc: Exception | None) -> str:
    mine = model._default_manager.filter(pk=row.pk, state=S.CLAIMED, claimed_by=worker)
    now = timezone.now()
    if exc is None:
        mine.update(state=S.SENT, sent_at=now, error="")
        return S.SENT
    permanent, error = mail.classify_failure(exc)
    attempts = row.attempts + 1
    if permanent or attempts >= settings.NOTICES_MAX_ATTEMPTS:
        mine.update(state=S.FAILED, error=error[:300], attempts=attempts)
        return S.FAILED
    wait = settings.NOTICES_RETRY_SECONDS * 2 ** (attempts - 1)
    mine.update(state=S.RETRY, error=error[:300], attempts=attempts, next_attempt_at=now + dt.timedelta(seconds=wait))
    return S.RETRY


class Connection:
    """One connection to the mail server for a run, opened when first needed, reopened after a drop."""

    def __init__(self) -> None:
        self.backend: Any = None

    def send(self, message: EmailMultiAlternatives) -> None:
        if self.backend is None:
            self.backend = get_connection(fail_silently=False)
            self.backend.open()
        try:
            if not self.backend.send_messages([message]):
                raise smtplib.SMTPException("the mail server did not take the message")
        except (smtplib.SMTPServerDisconnected, OSError):
            self.close()
            raise

    def close(self) -> None:
        if self.backend is not None:
            try:
                self.backend.close()
            except Exception:  # noqa: BLE001 - closing a broken connection must not hide the real error
                pass
            self.backend = None


# ---- the messages -------------------------------------------------------------------------------

def _message_id(what: str) -> str:
    return f"<{what}@{urlparse(settings.SITE_URL).hostname or 'localhost'}>"


def _headers(unsubscribe_link: str, message_id: str) -> dict[str, str]:
    # RFC 8058: a mail program may offer "unsubscribe" and POST List-Unsubscribe=One-Click to the link
    return {"List-Unsubscribe": f"<{unsubscribe_link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Message-ID": message_id, "Auto-Submitted": "auto-generated"}


def _unsubscribe_link(token: str) -> str:
    return mail.absolute(reverse("notices:unsubscribe", args=[token]))


def _user_of(row: Notice | Digest) -> Any:
    if isinstance(row, Digest):
        return row.user
    return row.person.user if row.person.user_id else None


def notice_message(notice: Notice) -> EmailMultiAlternatives:
    kind = kinds.KINDS.get(notice.kind)
    user = _user_of(notice)
    unsubscribe = _unsubscribe_link(services.unsubscribe_token(user=user, email=notice.email, kind=notice.kind))
    return mail.build(
        # the title is stored as its message and values: written in each of the e-mail's languages
        to=[notice.email], subject=notice.shown_title, template="notices/email/notice",
        language=languages.email_languages(user=user, partnership=notice.partnership),
        context={"notice": notice, "kind": kind, "link": mail.absolute(notice.url), "unsubscribe_url": unsubscribe,
                 "preferences_url": mail.absolute(reverse("notices:preferences")), "has_account": user is not None},
        headers=_headers(unsubscribe, _message_id(f"notice.{notice.pk}")))


def digest_message(digest: Digest, notices: list[Notice]) -> EmailMultiAlternatives:
    unsubscribe = _unsubscribe_link(services.unsubscribe_token(user=digest.user, email=digest.email,
                                                               period=digest.period))
    groups: dict[str, list[dict[str, Any]]] = {}
    for n in notices:
        groups.setdefault(n.partnership.name, []).append({"notice": n, "link": mail.absolute(n.url)})
    weekly = digest.period == kinds.WEEKLY
    count = len(notices)

    def subject() -> str:
        if weekly:
            text = ngettext("Your weekly Accord digest: %(count)s notice", "Your weekly Accord digest: %(count)s notices",
                            count)
        else:
            text = ngettext("Your daily Accord digest: %(count)s notice", "Your daily Accord digest: %(count)s notices",
                            count)
        return text % {"count": count}

    # a digest can gather several partnerships: the reader's own language, else the first partnership's
    return mail.build(
        to=[digest.email], subject=subject, template="notices/email/digest",
        language=languages.email_languages(user=digest.user,
                                           partnership=notices[0].partnership if notices else None),
        context={"digest": digest, "weekly": weekly, "groups": sorted(groups.items()), "count": count,
                 "unsubscribe_url": unsubscribe, "has_account": digest.user_id is not None,
                 "preferences_url": mail.absolute(reverse("notices:preferences"))},
        headers=_headers(unsubscribe, _message_id(f"digest.{digest.pk}")))


# ---- sending ------------------------------------------------------------------------------------

IMMEDIATE = Q(delivery=Delivery.IMMEDIATE)


def send_notices(ids: Iterable[int] | None = None, *, now: dt.datetime | None = None,
                 worker: str | None = None) -> Result:
    """E-mail each notice that is due straight away (only `ids`, when given): claim, send, record."""
    now = now or timezone.now()
    worker = worker or worker_id()
    result = Result()
    qs = Notice.objects.filter(_ready(now) & IMMEDIATE)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    connection = Connection()
    try:
        for pk in list(qs.order_by("pk").values_list("pk", flat=True)):
            if not _claim(Notice, pk, worker, now, IMMEDIATE):
                continue
            notice = Notice.objects.select_related("person__user", "partnership").get(pk=pk)
            result.add(_send_one(Notice, notice, worker, connection, lambda n=notice: notice_message(n)))
    finally:
        connection.close()
    return result


def _send_one(model: type[Model], row: Any, worker: str, connection: Connection, build: Any) -> str:
    try:
        connection.send(build())
    except Exception as exc:  # noqa: BLE001 - any backend's failure is this one message's failure
        log.warning("notice e-mail %s %s failed: %s", model.__name__, row.pk, exc)
        return _record(model, row, worker, exc)
    return _record(model, row, worker, None)


def period_ends(now: dt.datetime) -> dict[str, dt.datetime]:
    """The latest moment, at or before `now`, at which each digest period ended (local time):
    daily at NOTICES_DIGEST_HOUR, weekly at that hour on NOTICES_WEEKLY_DAY."""
    zone = ZoneInfo(settings.TIME_ZONE)
    local = now.astimezone(zone)
    day = local.date() if local.hour >= settings.NOTICES_DIGEST_HOUR else local.date() - dt.timedelta(days=1)
    back = (day.weekday() - settings.NOTICES_WEEKLY_DAY) % 7
    week = day - dt.timedelta(days=back)

    def at(d: dt.date) -> dt.datetime:
        return dt.datetime.combine(d, dt.time(settings.NOTICES_DIGEST_HOUR), tzinfo=zone)

    return {kinds.DAILY: at(day), kinds.WEEKLY: at(week)}


def gather_digests(now: dt.datetime | None = None) -> list[int]:
    """Put every notice waiting for a digest whose period has ended into that recipient's digest for
    the period (made once: unique per address, period and end). Returns the digests that have work."""
    now = now or timezone.now()
    ids: set[int] = set()
    for period, ends in period_ends(now).items():
        waiting = (Notice.objects.filter(delivery=period, state=S.PENDING, digest__isnull=True, created_at__lt=ends)
                   .exclude(email=""))
        recipients = set(waiting.values_list("email", "person__user_id").distinct())
        for email, user_id in recipients:
            with transaction.atomic():
                digest, _ = Digest.objects.get_or_create(email=email, period=period, due_at=ends,
                                                         defaults={"user_id": user_id})
                if digest.state != S.PENDING:  # already on its way: these wait for the next period
                    continue
                mine = waiting.filter(email=email, person__user_id=user_id)
                mine.update(digest=digest, state=S.IN_DIGEST)
                ids.add(digest.pk)
    return sorted(ids | set(Digest.objects.filter(_ready(now)).values_list("pk", flat=True)))


def send_digests(ids: Iterable[int] | None = None, *, now: dt.datetime | None = None,
                 worker: str | None = None) -> Result:
    now = now or timezone.now()
    worker = worker or worker_id()
    result = Result()
    connection = Connection()
    try:
        for pk in (gather_digests(now) if ids is None else list(ids)):
            if not _claim(Digest, pk, worker, now):
                continue
            digest = Digest.objects.select_related("user").get(pk=pk)
            notices = list(digest.notices.select_related("partnership").order_by("partnership__name", "created_at"))
            if not notices:
                Digest.objects.filter(pk=pk, claimed_by=worker).update(state=S.NONE)
                continue
            result.add(_send_one(Digest, digest, worker, connection, lambda d=digest, n=notices: digest_message(d, n)))
    finally:
        connection.close()
    return result


def sweep(now: dt.datetime | None = None, worker: str | None = None) -> Result:
    """Send whatever is due and not yet sent: notices to e-mail now (including retries and claims left
    by a worker that died), then the digests whose period has ended."""
    worker = worker or worker_id()
    result = send_notices(now=now, worker=worker)
    digests = send_digests(now=now, worker=worker)
    return Result(result.sent + digests.sent, result.retry + digests.retry, result.failed + digests.failed)
