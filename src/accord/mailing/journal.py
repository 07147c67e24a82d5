"""The crash journal of senders, kept in the Delivery rows themselves (see mailing/sending.py's
docstring): a row is `claimed` (taken in a batch, not yet handed over), `handing` (its final dot is
about to be written, or was, and the server's answer is not recorded yet), then `sent`. Every mark is a commit in
the shared database, so any sender on any machine can resume a dead one's rows; nothing is kept on a
local disk.

Here: the marks a sender makes around each message, and the recovery of the rows of a sender that
stopped (its lease ran out)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from .models import Delivery
from .progress import S


class LeaseLost(Exception):
    """Another sender has taken over this row (this one was silent longer than MAILING_LEASE_SECONDS):
    the message must not be handed over, and the rest of the batch is no longer this sender's."""


# Two marks per message, each one statement committed on its own (autocommit), in plain SQL: they are
# the sender's whole cost per message in the database, and the ORM would triple it.
_HANDING = (f"UPDATE {Delivery._meta.db_table} SET status = %s, claimed_at = %s "
            "WHERE id = %s AND status = %s AND claimed_by = %s")
_SENT = (f"UPDATE {Delivery._meta.db_table} SET status = %s, sent_at = %s, error = '' "
         "WHERE id = %s AND status = %s AND claimed_by = %s")


def _now() -> str | dt.datetime | None:
    return connection.ops.adapt_datetimefield_value(timezone.now())


@contextmanager
def marking() -> Iterator[None]:
    """Around a batch's sending. With MAILING_RESEND_UNCERTAIN on (at least once, the default), PostgreSQL
    commits the marks without waiting for the disk: a mark is in the database (for every other sender)
    once committed, so a killed sender, or its machine, loses nothing; only a crash of the database
    server itself could lose its last fraction of a second of marks, and then those messages look
    unsent or in doubt and are sent again, a duplicate that setting accepts. With it off (at most once)
    the "being handed over" mark waits for the disk: lost, its message would be sent twice."""
    relaxed = connection.vendor == "postgresql" and settings.MAILING_RESEND_UNCERTAIN
    if relaxed:
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        if relaxed:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("RESET synchronous_commit")  # the connection may serve other work next
            except DatabaseError:
                connection.close()  # broken anyway; a new one starts with the server's default


def _mark(sql: str, params: list[Any], *, wait_for_disk: bool = True) -> int:
    """One mark, committed on its own (autocommit)."""
    with connection.cursor() as cursor:
        if not wait_for_disk and connection.vendor == "postgresql" and not settings.MAILING_RESEND_UNCERTAIN:
            with transaction.atomic():
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
                cursor.execute(sql, params)
        else:
            cursor.execute(sql, params)
        return cursor.rowcount


def handing(delivery_id: int, worker: str) -> None:
    """Committed just before a message's final dot: this row is now the one in doubt. The stamp doubles
    as the sender's heartbeat (its lease). Raises LeaseLost if the row is no longer this sender's."""
    if _mark(_HANDING, [S.HANDING, _now(), delivery_id, S.CLAIMED, worker]) != 1:
        raise LeaseLost(delivery_id)


def sent(delivery_id: int, worker: str) -> None:
    """Committed as soon as the server answers 250. Never waits for the disk: were this mark lost with
    the database server, the row would be back in doubt, which recovery handles in either setting."""
    _mark(_SENT, [S.SENT, _now(), delivery_id, S.HANDING, worker], wait_for_disk=False)


def recover(campaign_id: int, stale: dt.datetime) -> list[str]:
    """Take over the rows of senders silent since `stale` (call inside the claiming transaction).

    `claimed` rows were never handed over: back to the queue. A `handing` row is the one message whose
    fate is unknown: sent again with MAILING_RESEND_UNCERTAIN (at most one duplicate), else failed with a
    note (at most one missing). Returns the senders taken over."""
    held = Delivery.objects.filter(campaign_id=campaign_id, status__in=[S.CLAIMED, S.HANDING])
    workers = []
    for worker in sorted(set(held.filter(claimed_at__lt=stale).values_list("claimed_by", flat=True))):
        if Delivery.objects.filter(campaign_id=campaign_id, claimed_by=worker, claimed_at__gte=stale).exists():
            continue  # it marked a message lately: alive, only slow
        mine = held.filter(claimed_by=worker)
        mine.filter(status=S.CLAIMED).update(status=S.QUEUED, claimed_by="")
        unknown = mine.filter(status=S.HANDING)
        if settings.MAILING_RESEND_UNCERTAIN:
            unknown.update(status=S.QUEUED, claimed_by="", error="Sent again: a sender stopped while handing "
                                                                  "this message over (the mail server's answer was lost).")
        else:
            unknown.update(status=S.FAILED, error="Not sent again: a sender stopped while handing this message "
                                                  "over (the mail server's answer was lost); it may not have arrived.")
        workers.append(worker)
    return workers
