"""Sending e-mail from templates. Every message has a plain-text body and, where a template
exists, an HTML alternative. SMTP settings come from EMAIL_URL."""

from __future__ import annotations

import contextlib
import re
import smtplib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise
from django.utils.html import escape

from accord.lib import languages

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


Subject = str | Promise | Callable[[], str]


def _subject(subject: Subject) -> str:
    return " ".join(str(subject() if callable(subject) else subject).split())


def render_part(template: str, context: dict[str, Any], subject: Subject,
                language: str | None = None) -> tuple[str, str, str]:
    """(subject, text, html) of one e-mail in one language: rendered inside `translation.override`,
    so every marked string, date and `localised` content field comes out in that language. Without
    an .html template the HTML is the text itself (`html_from_text`)."""
    with translation.override(language) if language else contextlib.nullcontext():
        code = languages.current()
        subject_text = _subject(subject)
        text = render_to_string(f"{template}.txt", context)
        html: str
        try:
            html = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            html = html_from_text(text, title=subject_text, lang=languages.html_lang(code))
    return subject_text, text, html


def combine(parts: Sequence[tuple[str, str, str]], codes: Sequence[str]) -> tuple[str, str, str]:
    """One bilingual e-mail from the same e-mail in each language, in the order given (Welsh first):
    the subjects joined by " / " (once when the same), the texts one after the other under a line, and
    the HTML bodies each in its own block with its lang attribute."""
    if len(parts) == 1:
        return parts[0]
    subjects: list[str] = []
    for subject, _, _ in parts:
        if subject not in subjects:
            subjects.append(subject)
    subject = " / ".join(subjects)
    rule = "\n\n" + "-" * 40 + "\n\n"
    text = rule.join(t.strip() for _, t, _ in parts) + "\n"
    blocks = [f'<div lang="{languages.html_lang(code)}">\n{_body_of(html)}\n</div>'
              for (_, _, html), code in zip(parts, codes, strict=True)]
    html = (f'<!doctype html>\n<html lang="{languages.html_lang(codes[0])}"><head><meta charset="utf-8">'
            f"<title>{escape(subject)}</title></head>\n<body>\n" + "\n<hr>\n".join(blocks) + "\n</body></html>\n")
    return subject, text, html


_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S | re.I)


def _body_of(html: str) -> str:
    found = _BODY.search(html)
    return (found.group(1) if found else html).strip()


def render(template: str, context: dict[str, Any], subject: Subject,
           languages_: Sequence[str] = ()) -> tuple[str, str, str]:
    """(subject, text, html) in each of `languages_` combined (Welsh first when both), or in the active
    language when none is given."""
    codes = list(languages_) or [languages.current()]
    return combine([render_part(template, context, subject, code if languages_ else None) for code in codes], codes)


def build(
    *,
    to: Sequence[str],
    subject: Subject,
    template: str,
    context: dict[str, Any],
    headers: dict[str, str] | None = None,
    attachments: Iterable[tuple[str, bytes | str, str]] = (),
    from_email: str | None = None,
    reply_to: Sequence[str] | None = None,
    language: Sequence[str] = (),
) -> EmailMultiAlternatives:
    """`template` names a pair: `<template>.txt` (required) and `<template>.html` (optional). Every message
    has an HTML part: without an .html template it is the text itself, escaped, its paragraphs kept and its
    links made clickable (`html_from_text`), so a reader's mail program never shows a bare wall of text.

    `language`: the recipient's languages from `languages.email_languages(...)` (one, or Welsh and English
    for a bilingual e-mail). The subject may be a lazy string or a function, so that it is written in each
    language too. Without `language`, the active language."""
    subject_text, text, html = render(template, context, subject, language)
    message = EmailMultiAlternatives(
        subject=subject_text,
        body=text,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        headers=headers or {},
        reply_to=list(reply_to) if reply_to else None,
    )
    message.attach_alternative(html, "text/html")
    if language:
        message.extra_headers.setdefault("Content-Language", ", ".join(language))
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


def html_from_text(text: str, *, title: str = "", lang: str = "en-GB") -> str:
    """A plain-text e-mail as a small, accessible HTML document: escaped, one paragraph per blank-line
    block (line breaks kept), web addresses as links. No styles or images from elsewhere."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        escaped = str(escape(block))
        linked = _LINK.sub(lambda m: f'<a href="{m.group(1)}">{m.group(1)}</a>', escaped)
        paragraphs.append("<p>" + linked.replace("\n", "<br>\n") + "</p>")
    return (f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title></head>\n<body>\n" + "\n".join(paragraphs) + "\n</body></html>\n")
