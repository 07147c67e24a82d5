"""Handing one message to the mail server or backend, so a crash leaves at most one message in doubt.

Split from sending.py (which claims, journals and counts deliveries): this module only talks to the
transport. `transact` is one SMTP transaction with a hook before its final dot; `hand_to_backend` does the
same for Django's other e-mail backends, which have no dot.
"""

from __future__ import annotations

import re
import smtplib
import socket
from collections.abc import Callable
from typing import Any

from django.core.mail import EmailMultiAlternatives


def no_delay(connection: smtplib.SMTP | None) -> None:
    """The end of a message is written on its own; without this, Nagle's algorithm could hold it."""
    sock = getattr(connection, "sock", None)
    if sock is not None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def drop_connection(backend: Any) -> None:
    """Close the socket at once, as a crash would, without QUIT."""
    if getattr(backend, "connection", None) is not None:  # only the SMTP backend holds a socket
        backend.connection.close()
        backend.connection = None


def _reset(connection: smtplib.SMTP) -> None:
    try:
        connection.rset()
    except smtplib.SMTPServerDisconnected:
        pass


def transact(connection: smtplib.SMTP, sender: str, recipient: str, data: bytes, *,
             before_end: Callable[[], None]) -> None:
    """One SMTP transaction, as smtplib.sendmail does it, except that `before_end` runs just before
    the final "." that completes the message. A server takes a message only with that dot: if the
    sender dies earlier, the half-sent message is thrown away, so only a death between the dot and
    the server's answer leaves a doubt (see the module's docstring)."""
    connection.ehlo_or_helo_if_needed()
    code, answer = connection.mail(sender)
    if code != 250:
        _reset(connection)
        raise smtplib.SMTPSenderRefused(code, answer, sender)
    code, answer = connection.rcpt(recipient)
    if code not in (250, 251):
        _reset(connection)
        raise smtplib.SMTPRecipientsRefused({recipient: (code, answer)})
    code, answer = connection.docmd("data")
    if code != 354:
        _reset(connection)
        raise smtplib.SMTPDataError(code, answer)
    body = DOT_AT_LINE_START.sub(b"..", data)
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    connection.send(body)
    before_end()
    connection.send(b".\r\n")
    code, answer = connection.getreply()
    if code != 250:
        raise smtplib.SMTPDataError(code, answer)


DOT_AT_LINE_START = re.compile(rb"(?m)^\.")


class BackendRefused(Exception):
    """A non-SMTP backend said it sent nothing (and raised no error of its own)."""


def hand_to_backend(backend: Any, message: EmailMultiAlternatives, *, before: Callable[[], None]) -> None:
    """Send one message through any Django e-mail backend (console, file, memory, dummy, a provider's
    API). Such a backend has no "final dot": the whole hand-over is the doubtful moment, so `before`
    (the journal's "H" line) runs just before it, and the caller writes "A" once it returns."""
    before()
    if backend.send_messages([message]) != 1:
        raise BackendRefused("The e-mail backend did not take the message.")
