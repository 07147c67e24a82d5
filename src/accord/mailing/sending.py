"""Campaigns: composing, scheduling and sending, resumable after a crash.

How a crash is survived
-----------------------
A campaign gets one Delivery row per recipient (unique per campaign and subscriber) when it starts.
A sender then works in batches:

1. *Claim*: in one transaction, move up to MAILING_BATCH_SIZE ready rows (queued, or retry whose
   time has come) to `claimed`, stamped with the sender's id and the time.
2. Send them one by one over one SMTP connection. Around each message the sender appends a line
   to its own *journal* (a small append-only file, one per sender): "H <id>" just before the final
   "." that completes the message (a server delivers nothing it received without that dot), "A <id>"
   as soon as the server answers 250. A write to a file costs microseconds and survives the death
   of the process (the operating system holds it), so no database commit is needed per message.
3. Every MAILING_MARK_EVERY messages, and at the end of the batch, one transaction marks the
   accepted rows `sent`. When the batch is fully recorded the journal is deleted.

If the sender dies, its rows keep their stamps. After MAILING_LEASE_SECONDS another sender takes
them over and reads the dead sender's journal: rows with "A" are marked sent (they were delivered),
rows with neither line go back to `queued` (never completed). That leaves at most ONE row per crash,
"H" without "A": the dot was sent, the answer not read; the server may have taken the message just
before the crash, and SMTP gives no way to ask. MAILING_RESEND_UNCERTAIN (default on) sends it again: at most one duplicate per crash
(at-least-once). Off, it is marked failed with a note: at most one missing (at-most-once).
Exactly-once across a crash is impossible over SMTP; this narrows the doubt to one message.

Every other Django e-mail backend (console, filebased, locmem, dummy, a provider's API) works the
same way through `hand_to_backend`: "H" just before the backend is given the message, "A" when it
returns. Such a backend has no final dot, so its whole hand-over is the doubtful moment.

When the journal cannot be read (the sender ran on another machine, or the machine itself crashed
and lost the file), the database alone cannot tell which unmarked rows were delivered: with
MAILING_RESEND_UNCERTAIN they are all sent again (at most MAILING_MARK_EVERY + 1 duplicates), without
it they are all marked failed. Run senders on one machine, or share MAILING_JOURNAL_DIR, to avoid this.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import smtplib
import socket
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accord.lib.mail import classify_failure as _classify

from .composing import (  # noqa: F401 - callers use sending.<name> for the whole campaign workflow
    CampaignMessages,
    campaign_recipients,
    campaign_save,
    campaign_start,
    campaign_unschedule,
    campaigns_with_work,
    preview,
    queue_deliveries,
    send_campaign_later,
    start_due_campaigns,
)
from .journal import Journal, _recover, journal_path  # noqa: F401
from .models import Campaign, ConsentRecord, Delivery, Subscriber, email_hash
from .progress import BUSY, S, finish_if_done, progress, progress_many  # noqa: F401
from .transport import drop_connection, hand_to_backend, no_delay, transact

log = logging.getLogger(__name__)


@dataclass
class BatchResult:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    retry: int = 0
    skipped: int = 0


def _claim(campaign_id: int, worker: str, size: int, now: dt.datetime) -> list[int]:
    with transaction.atomic():
        recovered = _recover(campaign_id, now - dt.timedelta(seconds=settings.MAILING_LEASE_SECONDS))
        ready = Q(status=S.QUEUED) | Q(status=S.RETRY, next_attempt_at__lte=now)
        qs = Delivery.objects.filter(ready, campaign_id=campaign_id).order_by("id")
        if db_connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        ids = list(qs.values_list("id", flat=True)[:size])
        if ids:
            Delivery.objects.filter(ready, pk__in=ids).update(status=S.CLAIMED, claimed_by=worker, claimed_at=now)
    for dead in recovered:
        journal_path(dead).unlink(missing_ok=True)
    return ids


def _mark_sent(ids: list[int], worker: str) -> int:
    if not ids:
        return 0
    with transaction.atomic():
        done = Delivery.objects.filter(pk__in=ids, status=S.CLAIMED, claimed_by=worker).update(
            status=S.SENT, sent_at=timezone.now(), error="")
    ids.clear()
    return done


@transaction.atomic
def _failed(delivery: Delivery, worker: str, permanent: bool, error: str) -> str:
    now = timezone.now()
    attempts = delivery.attempts + 1
    mine = Delivery.objects.filter(pk=delivery.pk, claimed_by=worker, status=S.CLAIMED)
    if permanent or attempts >= settings.MAILING_MAX_ATTEMPTS:
        mine.update(status=S.FAILED, error=error[:300], attempts=attempts)
        if permanent and delivery.subscriber_id:
            bounced = Subscriber.objects.filter(pk=delivery.subscriber_id, status=Subscriber.Status.SUBSCRIBED)
            if bounced.update(status=Subscriber.Status.BOUNCED, bounced_at=now):
                subscriber = Subscriber.objects.get(pk=delivery.subscriber_id)
                ConsentRecord.objects.create(
                    mailing_list_id=subscriber.mailing_list_id, subscriber=subscriber, email=subscriber.email,
                    email_hash=email_hash(subscriber.email), action=ConsentRecord.Action.BOUNCED,
                    method=ConsentRecord.Method.SYSTEM)
        return S.FAILED
    wait = settings.MAILING_RETRY_SECONDS * 2 ** (attempts - 1)
    mine.update(status=S.RETRY, error=error[:300], attempts=attempts, next_attempt_at=now + dt.timedelta(seconds=wait))
    return S.RETRY



def send_batch(campaign_id: int, *, worker: str | None = None, size: int | None = None,
               stop_after: int | None = None) -> BatchResult:
    """Claim one batch of a campaign's deliveries and send it over one SMTP connection.

    `stop_after` (tests) makes the sender vanish after handing over that many messages, while
    handing over the next, as a crash would: no further marks are written."""
    worker = worker or f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    result = BatchResult()
    campaign = Campaign.objects.select_related("mailing_list", "mailing_list__organisation",
                                               "mailing_list__partnership").get(pk=campaign_id)
    if campaign.status != Campaign.Status.SENDING:
        return result
    ids = _claim(campaign_id, worker, size or settings.MAILING_BATCH_SIZE, timezone.now())
    result.claimed = len(ids)
    if not ids:
        finish_if_done(campaign_id)
        return result
    rendered = CampaignMessages(campaign)
    deliveries = list(Delivery.objects.filter(pk__in=ids, claimed_by=worker).select_related("subscriber")
                      .order_by("id"))
    journal = Journal(worker)
    smtp = get_connection(fail_silently=False)
    raw = isinstance(smtp, SmtpBackend)  # SMTP: hand each message over ourselves (see transact)
    accepted: list[int] = []  # answered 250, not yet marked sent in the database
    skipped: list[int] = []
    try:
        smtp.open()
        if isinstance(smtp, SmtpBackend):  # raw
            no_delay(smtp.connection)
    except OSError:
        pass  # each message below then fails as temporary and is retried later
    try:
        for handed, delivery in enumerate(deliveries):
            subscriber = delivery.subscriber
            if subscriber is None or subscriber.status != Subscriber.Status.SUBSCRIBED:
                skipped.append(delivery.pk)  # left (or was erased) after the campaign started
                continue

            def handing_over(pk: int = delivery.pk, crash: bool = stop_after is not None and handed >= stop_after) -> None:
                journal.handing(pk)
                if crash:
                    raise _Crash()

            try:
                if isinstance(smtp, SmtpBackend):  # raw
                    if smtp.connection is None:
                        smtp.open()
                        no_delay(smtp.connection)
                    assert smtp.connection is not None  # open() raises when it cannot connect
                    sender, recipient, data = rendered.build_bytes(subscriber, delivery.pk)
                    transact(smtp.connection, sender, recipient, data, before_end=handing_over)
                else:
                    hand_to_backend(smtp, rendered.build(subscriber, delivery.pk), before=handing_over)
            except _Crash:
                raise
            except Exception as exc:  # noqa: BLE001 - any backend's failure is this one message's failure
                permanent, error = _classify(exc)
                outcome = _failed(delivery, worker, permanent, error)
                result.failed += outcome == S.FAILED
                result.retry += outcome == S.RETRY
                if raw and isinstance(exc, (smtplib.SMTPServerDisconnected, OSError)):
                    drop_connection(smtp)  # reconnect for the next message
                continue
            journal.accepted(delivery.pk)
            accepted.append(delivery.pk)
            if len(accepted) >= settings.MAILING_MARK_EVERY:
                result.sent += _mark_sent(accepted, worker)
        result.sent += _mark_sent(accepted, worker)
        if skipped:
            result.skipped = Delivery.objects.filter(pk__in=skipped, claimed_by=worker, status=S.CLAIMED).update(
                status=S.SKIPPED)
    except _Crash:
        drop_connection(smtp)
        os.close(journal.fd)
        return result
    except BaseException:
        drop_connection(smtp)  # perhaps in the middle of a message: no polite QUIT, which would wait for the dot
        os.close(journal.fd)  # keep the journal: whoever resumes these rows reads it
        raise
    finally:
        try:
            smtp.close()
        except Exception:  # noqa: BLE001 - closing a broken connection must not hide the real error
            pass
    journal.close(remove=True)
    finish_if_done(campaign_id)
    return result


class _Crash(Exception):
    pass
