"""The crash journal of a sender (see mailing/sending.py's docstring): one append-only file per sender
saying what it handed over ("H id") and what the server accepted ("A id"), and the recovery of the rows
of a sender whose lease ran out."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .models import Delivery
from .progress import S


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
