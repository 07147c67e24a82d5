"""Campaigns: composing, scheduling and sending, resumable after a crash, on any number of machines.

How a crash is survived
-----------------------
A campaign gets one Delivery row per recipient (unique per campaign and subscriber) when it starts.
A sender then works in batches, and the rows themselves are its journal (mailing/journal.py), so
whatever it knows is in the shared database and any sender on any machine can resume its work:

1. *Claim*: in one transaction, move up to MAILING_BATCH_SIZE ready rows (queued, or retry whose
   time has come) to `claimed`, stamped with the sender's id and the time. A claimed row has not
   been handed over: if the sender dies at any moment before its next mark, the row goes back to the
   queue. There is no window in which a batch is claimed but unrecorded.
2. Send them one by one over one SMTP connection. Just before the final "." that completes a message
   (a server delivers nothing it received without that dot), a commit marks the row `handing`; as
   soon as the server answers 250, another marks it `sent`. So at any moment at most ONE row of a
   sender is in doubt.

If the sender dies, after MAILING_LEASE_SECONDS of silence (each mark renews its lease) another sender
takes its rows over: `claimed` ones go back to the queue, and the one `handing` row is the message whose
dot may have been sent but whose answer was not read; the server may have taken it, and SMTP gives no
way to ask. MAILING_RESEND_UNCERTAIN (default on) sends it again: at most one duplicate per crash
(at-least-once). Off, it is marked failed with a note: at most one missing (at-most-once). Exactly-once
across a crash is impossible over SMTP; this narrows the doubt to one message.

A sender that was only slow, and whose rows were taken over meanwhile, notices at its next mark
(journal.LeaseLost) and stops before that message's dot.

Every other Django e-mail backend (console, filebased, locmem, dummy, a provider's API) works the
same way through `hand_to_backend`: `handing` just before the backend is given the message. Such a
backend has no final dot, so its whole hand-over is the doubtful moment.
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
from django.db import DatabaseError, transaction
from django.db import connection as db_connection
from django.db.models import Q
from django.utils import timezone

from accord.lib.mail import classify_failure as _classify

from . import journal
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
    """Take over dead senders' rows and claim a batch, in one transaction (see the module's docstring)."""
    with transaction.atomic():
        journal.recover(campaign_id, now - dt.timedelta(seconds=settings.MAILING_LEASE_SECONDS))
        ready = Q(status=S.QUEUED) | Q(status=S.RETRY, next_attempt_at__lte=now)
        qs = Delivery.objects.filter(ready, campaign_id=campaign_id).order_by("id")
        if db_connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        ids = list(qs.values_list("id", flat=True)[:size])
        if ids:
            Delivery.objects.filter(ready, pk__in=ids).update(status=S.CLAIMED, claimed_by=worker, claimed_at=now)
    return ids


@transaction.atomic
def _failed(delivery: Delivery, worker: str, permanent: bool, error: str) -> str:
    now = timezone.now()
    attempts = delivery.attempts + 1
    mine = Delivery.objects.filter(pk=delivery.pk, claimed_by=worker, status__in=[S.CLAIMED, S.HANDING])
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
    smtp = get_connection(fail_silently=False)
    raw = isinstance(smtp, SmtpBackend)  # SMTP: hand each message over ourselves (see transact)
    skipped: list[int] = []
    try:
        smtp.open()
        if isinstance(smtp, SmtpBackend):  # raw
            no_delay(smtp.connection)
    except OSError:
        pass  # each message below then fails as temporary and is retried later
    with journal.marking():  # how the marks are committed (see there)
        try:
            for handed, delivery in enumerate(deliveries):
                subscriber = delivery.subscriber
                if subscriber is None or subscriber.status != Subscriber.Status.SUBSCRIBED:
                    skipped.append(delivery.pk)  # left (or was erased) after the campaign started
                    continue

                def handing_over(pk: int = delivery.pk, crash: bool = stop_after is not None and handed >= stop_after) -> None:
                    journal.handing(pk, worker)
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
                except (_Crash, journal.LeaseLost, DatabaseError):
                    raise  # not this message's failure: the rows say where this sender stopped
                except Exception as exc:  # noqa: BLE001 - any backend's failure is this one message's failure
                    permanent, error = _classify(exc)
                    outcome = _failed(delivery, worker, permanent, error)
                    result.failed += outcome == S.FAILED
                    result.retry += outcome == S.RETRY
                    if raw and isinstance(exc, (smtplib.SMTPServerDisconnected, OSError)):
                        drop_connection(smtp)  # reconnect for the next message
                    continue
                journal.sent(delivery.pk, worker)
                result.sent += 1
            if skipped:
                result.skipped = Delivery.objects.filter(pk__in=skipped, claimed_by=worker, status=S.CLAIMED).update(
                    status=S.SKIPPED)
        except _Crash:
            drop_connection(smtp)
            return result
        except journal.LeaseLost:  # another sender took this batch over: the rest is theirs
            drop_connection(smtp)
            log.warning("Sender %s lost its lease on campaign %s and stopped.", worker, campaign_id)
            return result
        except BaseException:
            drop_connection(smtp)  # perhaps in the middle of a message: no polite QUIT, which would wait for the dot
            raise
        finally:
            try:
                smtp.close()
            except Exception:  # noqa: BLE001 - closing a broken connection must not hide the real error
                pass
    finish_if_done(campaign_id)
    return result


class _Crash(Exception):
    pass
