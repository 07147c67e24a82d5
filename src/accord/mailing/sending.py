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
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import sanitize_address
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accord.core.audit import log_action
from accord.lib import markdown, queue, tokens
from accord.lib.mail import absolute

from . import messages
from .models import Campaign, ConsentRecord, Delivery, MailingList, Subscriber, email_hash
from .transport import drop_connection, hand_to_backend, no_delay, transact

log = logging.getLogger(__name__)
S = Delivery.Status
BUSY = [S.QUEUED, S.CLAIMED, S.RETRY]


# --- composing -----------------------------------------------------------------------------------

@transaction.atomic
def campaign_save(*, actor: Any, mailing_list: MailingList, subject: str, body: str, topic_ids: Iterable[Any] = (),
                  campaign: Campaign | None = None) -> Campaign:
    if campaign is not None and campaign.status != Campaign.Status.DRAFT:
        raise ValidationError("This campaign has already been sent or scheduled; it can no longer be changed.")
    campaign = campaign or Campaign(mailing_list=mailing_list, created_by=actor)
    campaign.subject, campaign.body = subject.strip(), body
    if not campaign.subject:
        raise ValidationError({"subject": "Give the campaign a subject line."})
    if not body.strip():
        raise ValidationError({"body": "Write the message."})
    campaign.full_clean()
    campaign.save()
    ids = {int(t) for t in topic_ids if str(t).isascii() and str(t).isdigit() and len(str(t)) < 19}
    campaign.topics.set(mailing_list.topics.filter(pk__in=ids))
    log_action(actor, "mailing.campaign.saved", campaign, partnership=mailing_list.partnership)
    return campaign


def campaign_recipients(campaign: Campaign) -> QuerySet[Subscriber]:
    """Confirmed subscribers of the campaign's list; with topics chosen, only those who chose one."""
    qs = Subscriber.objects.filter(mailing_list=campaign.mailing_list_id, status=Subscriber.Status.SUBSCRIBED)
    topic_ids = list(campaign.topics.values_list("pk", flat=True))
    if topic_ids:
        qs = qs.filter(pk__in=Subscriber.topics.through.objects.filter(topic_id__in=topic_ids).values("subscriber_id"))
    return qs


def _no_recipients(campaign: Campaign) -> ValidationError:
    which = " who chose these topics" if campaign.topics.exists() else ""
    return ValidationError(f"Nobody would receive this campaign: the list has no confirmed subscribers{which}. "
                           "Nothing was sent.")


def campaign_start(*, actor: Any, campaign: Campaign, send_at: dt.datetime | None = None) -> Campaign:
    """Send now (send_at empty or past) or schedule. Refused, with nothing changed, when nobody would
    receive it. The sender task is queued after the deliveries are committed."""
    from .tasks import send_campaign

    queue.check()  # the worker's queue down: refuse before anything changes
    campaign = _start(actor=actor, campaign=campaign, send_at=send_at)
    if campaign.status == Campaign.Status.SENDING:
        queue.enqueue(send_campaign, campaign.pk)
    return campaign


@transaction.atomic
def _start(*, actor: Any, campaign: Campaign, send_at: dt.datetime | None) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status not in (Campaign.Status.DRAFT, Campaign.Status.SCHEDULED):
        raise ValidationError("This campaign is already being sent or has been sent.")
    if not campaign_recipients(campaign).exists():
        raise _no_recipients(campaign)
    if send_at is not None and send_at > timezone.now():
        campaign.status, campaign.send_at = Campaign.Status.SCHEDULED, send_at
        campaign.save(update_fields=["status", "send_at"])
        log_action(actor, "mailing.campaign.scheduled", campaign, {"send_at": send_at},
                   partnership=campaign.mailing_list.partnership)
        return campaign
    count = queue_deliveries(campaign)
    log_action(actor, "mailing.campaign.started", campaign, {"recipients": count},
               partnership=campaign.mailing_list.partnership)
    campaign.refresh_from_db()
    return campaign


@transaction.atomic
def campaign_unschedule(*, actor: Any, campaign: Campaign) -> None:
    updated = Campaign.objects.filter(pk=campaign.pk, status=Campaign.Status.SCHEDULED).update(
        status=Campaign.Status.DRAFT, send_at=None)
    if not updated:
        raise ValidationError("Only a scheduled campaign can be put back to draft.")
    log_action(actor, "mailing.campaign.unscheduled", campaign, partnership=campaign.mailing_list.partnership)


@transaction.atomic
def queue_deliveries(campaign: Campaign) -> int:
    """Create one Delivery per recipient and move the campaign to sending. Runs once per campaign:
    the status check under the row lock makes a second call a no-op."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status not in (Campaign.Status.DRAFT, Campaign.Status.SCHEDULED):
        return 0
    ids = list(campaign_recipients(campaign).values_list("pk", flat=True))
    if not ids:
        raise _no_recipients(campaign)
    Delivery.objects.bulk_create([Delivery(campaign=campaign, subscriber_id=i) for i in ids], batch_size=1000,
                                 ignore_conflicts=True)
    campaign.status, campaign.started_at = Campaign.Status.SENDING, timezone.now()
    campaign.save(update_fields=["status", "started_at"])
    return len(ids)


def start_due_campaigns(now: dt.datetime | None = None) -> list[int]:
    """Scheduled campaigns whose time has come are queued; returns their ids."""
    started = []
    due = Campaign.objects.filter(status=Campaign.Status.SCHEDULED, send_at__lte=now or timezone.now())
    for campaign in due:
        try:
            queue_deliveries(campaign)
        except ValidationError as exc:  # everyone left in the meantime: back to draft, say why
            Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.DRAFT)
            log_action(None, "mailing.campaign.not_sent", campaign, {"reason": exc.messages},
                       partnership=campaign.mailing_list.partnership)
            continue
        log_action(None, "mailing.campaign.started", campaign, partnership=campaign.mailing_list.partnership)
        started.append(campaign.pk)
    return started


def campaigns_with_work(now: dt.datetime | None = None) -> list[int]:
    """Campaigns being sent that have rows ready now: queued, retries due, or a crashed sender's rows."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=settings.MAILING_LEASE_SECONDS)
    ready = (Q(status=S.QUEUED) | Q(status=S.RETRY, next_attempt_at__lte=now)
             | Q(status=S.CLAIMED, claimed_at__lt=stale))
    ids = set(Delivery.objects.filter(ready, campaign__status=Campaign.Status.SENDING)
              .values_list("campaign_id", flat=True).distinct())
    # a campaign whose rows are all done but which was not closed (its sender died after the last batch)
    for cid in Campaign.objects.filter(status=Campaign.Status.SENDING).values_list("pk", flat=True):
        if cid not in ids:
            finish_if_done(cid)
    return sorted(ids)


# --- the message ---------------------------------------------------------------------------------

PREFS, UNSUB = "@@ACCORD_PREFERENCES_URL@@", "@@ACCORD_UNSUBSCRIBE_URL@@"


class CampaignMessages:
    """Renders the campaign once (Markdown to sanitised HTML, and the plain text), then makes each
    recipient's message by filling in their own links. No tracking pixel, no link rewriting."""

    def __init__(self, campaign: Campaign):
        self.campaign = campaign
        self.mailing_list = campaign.mailing_list
        ctx = {"campaign": campaign, "list": self.mailing_list, "body_html": markdown.render(campaign.body),
               "preferences_url": PREFS, "unsubscribe_url": UNSUB}
        self.text = render_to_string("mailing/email/campaign.txt", ctx)
        self.html = render_to_string("mailing/email/campaign.html", ctx)
        self.from_email = messages.from_address(self.mailing_list)
        self.reply_to = [self.mailing_list.reply_to] if self.mailing_list.reply_to else None
        self.host = urlparse(settings.SITE_URL).hostname or "localhost"
        self.sender = parseaddr(self.from_email)[1]
        self.unsubscribe_path = reverse("mailing:unsubscribe", args=["TOKEN"])
        self.preferences_path = reverse("mailing:preferences", args=["TOKEN"])

    def links(self, subscriber: Subscriber) -> tuple[str, str]:
        payload = messages.link_payload(subscriber)
        unsubscribe = absolute(self.unsubscribe_path.replace("TOKEN", tokens.make(messages.UNSUBSCRIBE, payload)))
        preferences = absolute(self.preferences_path.replace("TOKEN", tokens.make(messages.PREFERENCES, payload)))
        return unsubscribe, preferences

    def _message(self, to: str, message_id: str, unsubscribe: str, preferences: str) -> EmailMultiAlternatives:
        headers = messages.list_headers(self.mailing_list, unsubscribe)
        headers["Message-ID"] = message_id
        message = EmailMultiAlternatives(
            subject=" ".join(self.campaign.subject.split()),
            body=self.text.replace(PREFS, preferences).replace(UNSUB, unsubscribe),
            from_email=self.from_email, to=[to], headers=headers, reply_to=self.reply_to,
        )
        message.attach_alternative(self.html.replace(PREFS, preferences).replace(UNSUB, unsubscribe), "text/html")
        return message

    def message_id(self, delivery_id: int) -> str:
        return f"<c{self.campaign.pk}.d{delivery_id}@{self.host}>"

    def build(self, subscriber: Subscriber, delivery_id: int) -> EmailMultiAlternatives:
        unsubscribe, preferences = self.links(subscriber)
        return self._message(subscriber.email, self.message_id(delivery_id), unsubscribe, preferences)

    _TO, _ID = "accord-recipient@recipient.invalid", "<accord-message-id@message.invalid>"

    def _template(self) -> bytes | None:
        """The whole message as bytes once, with placeholders for what differs per recipient; None if
        the encoder split a placeholder (then each message is built in full)."""
        if not hasattr(self, "_bytes"):
            data = self._message(self._TO, self._ID, UNSUB, PREFS).message().as_bytes(linesep="\r\n")  # type: ignore[call-arg]  # Django's SafeMIME*.as_bytes takes linesep
            expected = {UNSUB: self.text.count(UNSUB) + self.html.count(UNSUB) + 1,
                        PREFS: self.text.count(PREFS) + self.html.count(PREFS), self._TO: 1, self._ID: 1}
            whole = all(data.count(k.encode()) == n for k, n in expected.items())
            self._bytes = data if whole else None
        return self._bytes

    def build_bytes(self, subscriber: Subscriber, delivery_id: int) -> tuple[str, str, bytes]:
        """(envelope sender, recipient, message bytes): the same bytes Django would make, filled in
        from a template rendered once, which keeps sending close to the speed of the SMTP link."""
        template = self._template()
        sender = self.sender
        if template is None or not subscriber.email.isascii():
            message = self.build(subscriber, delivery_id)
            recipient = sanitize_address(subscriber.email, settings.DEFAULT_CHARSET)  # punycode for the envelope
            return sender, recipient, message.message().as_bytes(linesep="\r\n")  # type: ignore[call-arg]  # Django's SafeMIME*.as_bytes takes linesep
        unsubscribe, preferences = self.links(subscriber)
        data = (template.replace(self._TO.encode(), subscriber.email.encode())
                .replace(self._ID.encode(), self.message_id(delivery_id).encode())
                .replace(UNSUB.encode(), unsubscribe.encode()).replace(PREFS.encode(), preferences.encode()))
        return sender, subscriber.email, data


def preview(campaign: Campaign) -> dict[str, str]:
    """What recipients will see (with placeholder links), for the compose page."""
    rendered = CampaignMessages(campaign)
    return {"text": rendered.text.replace(PREFS, "(their preferences link)").replace(UNSUB, "(their unsubscribe link)"),
            "html": markdown.render(campaign.body)}


# --- sending -------------------------------------------------------------------------------------

@dataclass
class BatchResult:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    retry: int = 0
    skipped: int = 0


class Journal:
    """One sender's append-only record of what it handed to SMTP ("H id") and what the server
    accepted ("A id"). Unbuffered writes: a killed process loses nothing already written."""

    def __init__(self, worker: str):
        self.path = journal_path(worker)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def handing(self, delivery_id: int) -> None:
        os.write(self.fd, b"H %d\n" % delivery_id)

    def accepted(self, delivery_id: int) -> None:
        os.write(self.fd, b"A %d\n" % delivery_id)

    def close(self, *, remove: bool) -> None:
        os.close(self.fd)
        if remove:
            self.path.unlink(missing_ok=True)

    @staticmethod
    def read(worker: str) -> tuple[set[int], set[int]] | None:
        """(handed over, accepted) ids, or None when there is no journal for this sender here."""
        try:
            lines = journal_path(worker).read_bytes().splitlines()
        except FileNotFoundError:
            return None
        handed: set[int] = set()
        accepted: set[int] = set()
        for line in lines:
            kind, _, number = line.partition(b" ")
            if number.isdigit():  # a torn last line is ignored
                (accepted if kind == b"A" else handed).add(int(number))
        return handed, accepted


def journal_path(worker: str) -> Path:
    return Path(settings.MAILING_JOURNAL_DIR) / f"{worker}.journal"


def _recover(campaign_id: int, stale: dt.datetime) -> list[str]:
    """Take over the rows of senders whose lease ran out (see the module's docstring); returns those
    senders, whose journals the caller deletes once this is committed."""
    rows = Delivery.objects.filter(campaign_id=campaign_id, status=S.CLAIMED, claimed_at__lt=stale)
    workers = sorted(set(rows.values_list("claimed_by", flat=True)))
    for worker in workers:
        mine = rows.filter(claimed_by=worker)
        journal = Journal.read(worker)
        if journal is None:
            unknown = mine
            note = "its journal was not found"
        else:
            handed, accepted = journal
            mine.filter(pk__in=accepted).update(status=S.SENT, sent_at=timezone.now(), error="")
            mine.exclude(pk__in=handed | accepted).update(status=S.QUEUED, claimed_by="")
            unknown = mine.filter(pk__in=handed - accepted)
            note = "the mail server's answer was lost"
        if settings.MAILING_RESEND_UNCERTAIN:
            unknown.update(status=S.QUEUED, claimed_by="", error=f"Sent again: a sender stopped while handing "
                                                                  f"this message over ({note}).")
        else:
            unknown.update(status=S.FAILED, error=f"Not sent again: a sender stopped while handing this message "
                                                  f"over ({note}); it may not have arrived.")
    return workers


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


def _classify(exc: Exception) -> tuple[bool, str]:
    """(permanent?, message) for an SMTP failure. 5xx answers are permanent; anything else (4xx, a
    dropped connection, a timeout) is temporary."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()), (450, b""))
        return code >= 500, f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
    if isinstance(exc, smtplib.SMTPResponseException):
        msg = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return exc.smtp_code >= 500, f"{exc.smtp_code} {msg}"
    return False, f"{exc.__class__.__name__}: {exc}"


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


def finish_if_done(campaign_id: int) -> bool:
    with transaction.atomic():
        if Delivery.objects.filter(campaign_id=campaign_id, status__in=BUSY).exists():
            return False
        done = Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.SENDING).update(
            status=Campaign.Status.SENT, finished_at=timezone.now())
    if done:
        campaign = Campaign.objects.select_related("mailing_list__partnership").get(pk=campaign_id)
        log_action(None, "mailing.campaign.finished", campaign, progress(campaign),
                   partnership=campaign.mailing_list.partnership)
    return bool(done)


def progress(campaign: Campaign) -> dict[str, int]:
    """Counts for the progress display: waiting (queued, being sent or waiting to retry), sent,
    failed, skipped (left the list before their turn)."""
    return progress_many([campaign])[campaign.pk]


def progress_many(campaigns: list[Campaign]) -> dict[int, dict[str, int]]:
    """`progress` for several campaigns in one query (a list's page shows up to fifty)."""
    by_campaign: dict[int, dict[str, int]] = {c.pk: {} for c in campaigns}
    rows = (Delivery.objects.filter(campaign__in=campaigns).values_list("campaign_id", "status")
            .annotate(n=Count("id")))
    for campaign_id, status, n in rows:
        by_campaign[campaign_id][status] = n
    return {pk: _progress_of(counts) for pk, counts in by_campaign.items()}


def _progress_of(counts: dict[str, int]) -> dict[str, int]:
    return {
        "total": sum(counts.values()),
        "queued": counts.get(S.QUEUED, 0) + counts.get(S.CLAIMED, 0),
        "retrying": counts.get(S.RETRY, 0),
        "sent": counts.get(S.SENT, 0),
        "failed": counts.get(S.FAILED, 0),
        "skipped": counts.get(S.SKIPPED, 0),
    }
