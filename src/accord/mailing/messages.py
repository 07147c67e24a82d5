"""Building the e-mails a list sends. Every one carries List-Unsubscribe (an https link and a mailto)
and List-Unsubscribe-Post, so mail programs can offer one-click unsubscribe (RFC 8058)."""

from __future__ import annotations

from email.utils import formataddr, parseaddr
from urllib.parse import quote, urlparse

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from accord.lib import languages, mail, tokens

from .models import MailingList, Subscriber

UNSUBSCRIBE = "mailing.unsubscribe"
PREFERENCES = "mailing.preferences"
CONFIRM = "mailing.confirm"
PREFERENCES_LINK_DAYS = 90


def link_payload(subscriber: Subscriber) -> dict:
    return {"s": subscriber.pk, "k": subscriber.key}


def unsubscribe_url(subscriber: Subscriber) -> str:
    return mail.absolute(reverse("mailing:unsubscribe", args=[tokens.make(UNSUBSCRIBE, link_payload(subscriber))]))


def preferences_url(subscriber: Subscriber) -> str:
    return mail.absolute(reverse("mailing:preferences", args=[tokens.make(PREFERENCES, link_payload(subscriber))]))


def confirm_url(subscriber: Subscriber) -> str:
    return mail.absolute(reverse("mailing:confirm", args=[tokens.make(CONFIRM, link_payload(subscriber))]))


def from_address(mailing_list: MailingList) -> str:
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    # a line break stored before names were checked must not stop every e-mail of the list
    return formataddr((mail.header_text(mailing_list.from_name or mailing_list.owner_name), address))


def unsubscribe_mailto(mailing_list: MailingList) -> str:
    address = settings.MAILING_UNSUBSCRIBE_MAILTO or mailing_list.reply_to or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return f"mailto:{address}?subject={quote('unsubscribe ' + mailing_list.slug)}"


def list_headers(mailing_list: MailingList, unsubscribe_link: str) -> dict[str, str]:
    host = urlparse(settings.SITE_URL).hostname or "localhost"
    return {
        "List-Unsubscribe": f"<{unsubscribe_link}>, <{unsubscribe_mailto(mailing_list)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{mailing_list.name.replace('<', '').replace('>', '')} <{mailing_list.slug}.{host}>",
    }


def subscriber_languages(subscriber: Subscriber) -> tuple[str, ...]:
    """The languages of a subscriber's e-mails: the language they signed up in, else the partnership's;
    both when the partnership sends every e-mail in Welsh and English."""
    partnership = subscriber.mailing_list.partnership
    return languages.email_languages(subscriber.language, partnership=partnership)


def to_subscriber(
    subscriber: Subscriber, *, subject: mail.Subject, template: str, context: dict | None = None
) -> EmailMultiAlternatives:
    mailing_list = subscriber.mailing_list
    unsubscribe = unsubscribe_url(subscriber)
    ctx = {"list": mailing_list, "subscriber": subscriber, "unsubscribe_url": unsubscribe,
           "preferences_url": preferences_url(subscriber), **(context or {})}
    return mail.build(
        to=[subscriber.email], subject=subject, template=template, context=ctx,
        headers=list_headers(mailing_list, unsubscribe), from_email=from_address(mailing_list),
        reply_to=[mailing_list.reply_to] if mailing_list.reply_to else None,
        language=subscriber_languages(subscriber),
    )
