"""Sending e-mail from templates. Every message has a plain-text body and, where a template
exists, an HTML alternative. SMTP settings come from EMAIL_URL."""

from __future__ import annotations

import re
import smtplib
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils.html import escape

LINE_BREAK_MESSAGE = "Keep this on one line: it goes into the heading of e-mails, where a line break is not allowed."


def one_line(value: str) -> None:
    """A validator for text that goes into an e-mail header (a sender name, a subject): CR and LF are
    refused with a message, because a header with a line break stops the message being sent at all."""
    if value and ("\r" in value or "\n" in value):
        raise ValidationError(LINE_BREAK_MESSAGE, code="line_break")


def header_text(value: str) -> str:
    """Text as it may go into a header: any line breaks already stored become spaces."""
    return " ".join(value.split())


def absolute(path: str) -> str:
    """A full link for an e-mail, from a path such as /accounts/invitations/…"""
    return f"{settings.SITE_URL}{path}"


def build(
    *,
    to: Sequence[str],
    subject: str,
    template: str,
    context: dict[str, Any],
    headers: dict[str, str] | None = None,
    attachments: Iterable[tuple[str, bytes | str, str]] = (),
    from_email: str | None = None,
    reply_to: Sequence[str] | None = None,
) -> EmailMultiAlternatives:
    """`template` names a pair: `<template>.txt` (required) and `<template>.html` (optional). Every message
    has an HTML part: without an .html template it is the text itself, escaped, its paragraphs kept and its
    links made clickable (`html_from_text`), so a reader's mail program never shows a bare wall of text."""
    text = render_to_string(f"{template}.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        headers=headers or {},
        reply_to=list(reply_to) if reply_to else None,
    )
    html: str
    try:
        html = render_to_string(f"{template}.html", context)
    except TemplateDoesNotExist:
        html = html_from_text(text, title=str(message.subject))
    message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    return message


def send(**kwargs: Any) -> int:
    return build(**kwargs).send()


def send_many(messages: list[EmailMultiAlternatives]) -> int:
    """Send several messages over one connection."""
    with get_connection() as connection:
        return connection.send_messages(messages) or 0


def classify_failure(exc: Exception) -> tuple[bool, str]:
    """(permanent?, message) for an SMTP failure. 5xx answers are permanent; anything else (4xx, a
    dropped connection, a timeout) is temporary."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()), (450, b""))
        return code >= 500, f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
    if isinstance(exc, smtplib.SMTPResponseException):
        msg = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return exc.smtp_code >= 500, f"{exc.smtp_code} {msg}"
    return False, f"{exc.__class__.__name__}: {exc}"


_LINK = re.compile(r"(https?://[^\s<>\"']+)")


def html_from_text(text: str, *, title: str = "") -> str:
    """A plain-text e-mail as a small, accessible HTML document: escaped, one paragraph per blank-line
    block (line breaks kept), web addresses as links. No styles or images from elsewhere."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        escaped = str(escape(block))
        linked = _LINK.sub(lambda m: f'<a href="{m.group(1)}">{m.group(1)}</a>', escaped)
        paragraphs.append("<p>" + linked.replace("\n", "<br>\n") + "</p>")
    return ('<!doctype html>\n<html lang="en-GB"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title></head>\n<body>\n" + "\n".join(paragraphs) + "\n</body></html>\n")
