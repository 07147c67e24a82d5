"""Campaigns: writing one, choosing its recipients, starting or scheduling it (one Delivery row per
recipient), and the message each recipient gets. Sending is mailing/sending.py; counting, progress.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import sanitize_address
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accord.core.audit import log_action
from accord.lib import languages, mail, markdown, queue, tokens
from accord.lib.languages import localised
from accord.lib.mail import absolute

from . import messages
from .models import Campaign, Delivery, MailingList, Subscriber
from .progress import S, finish_if_done


@transaction.atomic
def campaign_save(*, actor: Any, mailing_list: MailingList, subject: str, body: str, topic_ids: Iterable[Any] = (),
                  campaign: Campaign | None = None, subject_cy: str = "", body_cy: str = "") -> Campaign:
    if campaign is not None and campaign.status != Campaign.Status.DRAFT:
        raise ValidationError("This campaign has already been sent or scheduled; it can no longer be changed.")
    campaign = campaign or Campaign(mailing_list=mailing_list, created_by=actor)
    campaign.subject, campaign.body = subject.strip(), body
    campaign.subject_cy, campaign.body_cy = subject_cy.strip(), body_cy
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


# The sender task; mailing.apps binds it to mailing.tasks.send_campaign (tasks imports this module).
send_campaign_later: queue.Later[[int]] = queue.Later("mailing.send_campaign")


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
    queue.check()  # the worker's queue down: refuse before anything changes
    campaign = _start(actor=actor, campaign=campaign, send_at=send_at)
    if campaign.status == Campaign.Status.SENDING:
        queue.enqueue(send_campaign_later, campaign.pk)
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
             | Q(status__in=[S.CLAIMED, S.HANDING], claimed_at__lt=stale))
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
    """Renders the campaign once per language (Markdown to sanitised HTML, and the plain text), then
    makes each recipient's message by filling in their own links. No tracking pixel, no link rewriting.
    Each subscriber gets it in their language (`messages.subscriber_languages`): the Welsh subject and
    message where the manager wrote them, else the English; both, Welsh first, when the partnership
    sends bilingual e-mail."""

    def __init__(self, campaign: Campaign):
        self.campaign = campaign
        self.mailing_list = campaign.mailing_list
        self.partnership = self.mailing_list.partnership
        self.from_email = messages.from_address(self.mailing_list)
        self.reply_to = [self.mailing_list.reply_to] if self.mailing_list.reply_to else None
        self.host = urlparse(settings.SITE_URL).hostname or "localhost"
        self.sender = parseaddr(self.from_email)[1]
        self.unsubscribe_path = reverse("mailing:unsubscribe", args=["TOKEN"])
        self.preferences_path = reverse("mailing:preferences", args=["TOKEN"])
        self._rendered: dict[tuple[str, ...], tuple[str, str, str]] = {}
        self._bytes: dict[tuple[str, ...], bytes | None] = {}

    def _part(self, code: str) -> tuple[str, str, str]:
        with translation.override(code):
            body = localised(self.campaign, "body")
            ctx = {"campaign": self.campaign, "list": self.mailing_list, "body": body,
                   "body_html": markdown.render(body), "subject": localised(self.campaign, "subject"),
                   "preferences_url": PREFS, "unsubscribe_url": UNSUB}
            return (" ".join(str(ctx["subject"]).split()), render_to_string("mailing/email/campaign.txt", ctx),
                    render_to_string("mailing/email/campaign.html", ctx))

    def rendered(self, codes: tuple[str, ...]) -> tuple[str, str, str]:
        """(subject, text, html) in these languages, rendered once per set of languages."""
        if codes not in self._rendered:
            self._rendered[codes] = mail.combine([self._part(code) for code in codes], codes)
        return self._rendered[codes]

    def languages(self, subscriber: Subscriber) -> tuple[str, ...]:
        """`messages.subscriber_languages` without reading the list and partnership once per subscriber."""
        return languages.email_languages(subscriber.language, partnership=self.partnership)

    def links(self, subscriber: Subscriber) -> tuple[str, str]:
        payload = messages.link_payload(subscriber)
        unsubscribe = absolute(self.unsubscribe_path.replace("TOKEN", tokens.make(messages.UNSUBSCRIBE, payload)))
        preferences = absolute(self.preferences_path.replace("TOKEN", tokens.make(messages.PREFERENCES, payload)))
        return unsubscribe, preferences

    def _message(self, to: str, message_id: str, unsubscribe: str, preferences: str,
                 codes: tuple[str, ...]) -> EmailMultiAlternatives:
        subject, text, html = self.rendered(codes)
        headers = messages.list_headers(self.mailing_list, unsubscribe)
        headers["Message-ID"] = message_id
        headers["Content-Language"] = ", ".join(codes)
        message = EmailMultiAlternatives(
            subject=subject, body=text.replace(PREFS, preferences).replace(UNSUB, unsubscribe),
            from_email=self.from_email, to=[to], headers=headers, reply_to=self.reply_to,
        )
        message.attach_alternative(html.replace(PREFS, preferences).replace(UNSUB, unsubscribe), "text/html")
        return message

    def message_id(self, delivery_id: int) -> str:
        return f"<c{self.campaign.pk}.d{delivery_id}@{self.host}>"

    def build(self, subscriber: Subscriber, delivery_id: int) -> EmailMultiAlternatives:
        unsubscribe, preferences = self.links(subscriber)
        return self._message(subscriber.email, self.message_id(delivery_id), unsubscribe, preferences,
                             self.languages(subscriber))

    _TO, _ID = "accord-recipient@recipient.invalid", "<accord-message-id@message.invalid>"

    def _template(self, codes: tuple[str, ...]) -> bytes | None:
        """The whole message as bytes once per set of languages, with placeholders for what differs per
        recipient; None if the encoder split a placeholder (then each message is built in full)."""
        if codes not in self._bytes:
            _, text, html = self.rendered(codes)
            data = self._message(self._TO, self._ID, UNSUB, PREFS, codes).message().as_bytes(linesep="\r\n")  # type: ignore[call-arg]  # Django's SafeMIME*.as_bytes takes linesep
            expected = {UNSUB: text.count(UNSUB) + html.count(UNSUB) + 1,
                        PREFS: text.count(PREFS) + html.count(PREFS), self._TO: 1, self._ID: 1}
            whole = all(data.count(k.encode()) == n for k, n in expected.items())
            self._bytes[codes] = data if whole else None
        return self._bytes[codes]

    def build_bytes(self, subscriber: Subscriber, delivery_id: int) -> tuple[str, str, bytes]:
        """(envelope sender, recipient, message bytes): the same bytes Django would make, filled in
        from a template rendered once, which keeps sending close to the speed of the SMTP link."""
        template = self._template(self.languages(subscriber))
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
    """What recipients will see (with placeholder links), for the compose page: in the language of the
    page, or both when the partnership sends bilingual e-mail."""
    codes = languages.for_email(languages.current(), campaign.mailing_list.partnership)
    text = CampaignMessages(campaign).rendered(codes)[1]
    return {"text": text.replace(PREFS, _("(their preferences link)")).replace(UNSUB, _("(their unsubscribe link)")),
            "html": markdown.render(campaign.body)}
