"""`accord receive_mail`: one e-mail (RFC 822) on standard input, as a mail server's pipe transport hands
it over, e.g. in Postfix's /etc/aliases:  accord-replies: "|/srv/accord/.venv/bin/accord receive_mail".

Exit 0 when the message was read, whether or not it recorded a reply (reasons go to the log: a message
that is not a calendar reply must not bounce back to its sender with Accord's reasons); exit 75
(EX_TEMPFAIL) when Accord itself cannot record just now (database down), so the mail server tries again.
"""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from accord.governance.services import inbound

EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = "Record the calendar reply (Accept/Decline) in one e-mail read from standard input."
    stealth_options = ("stdin",)  # call_command(..., stdin=...) in tests

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--channel", default="pipe", help="A word for the log: where the message came from.")

    def handle(self, *args: Any, **options: Any) -> None:
        stream = options.get("stdin") or sys.stdin
        source = getattr(stream, "buffer", stream)
        raw = source.read(settings.ACCORD_INBOUND_MAIL_MAX_BYTES + 1)
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        try:
            received = inbound.receive(raw, channel=options["channel"])
        except DatabaseError:
            self.stderr.write("Accord cannot record replies just now (database); the mail server should retry.")
            sys.exit(EX_TEMPFAIL)
        self.stdout.write(received.summary)
