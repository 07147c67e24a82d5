"""The crash journal of senders, kept in the Delivery rows themselves (see mailing/sending.py's
docstring): a row is `claimed` (taken in a batch, not yet handed over), `handing` (its final dot is
about to be written, or was, and the server's answer is not recorded yet), then `sent`. Every mark is a commit in
the shared database, so any sender on any machine can resume a dead one's rows; nothing is kept on a
local disk.

Here: the marks a sender makes around each message, and the recovery of the rows of a sender that
stopped (its lease ran out)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connection, transaction
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


def handing(delivery_id: int, worker: str) -> None:
    """Committed just before a message's final dot: this row is now the one in doubt. The stamp doubles
    as the sender's heartbeat (its lease). Raises LeaseLost if the row is no longer this sender's."""
    with connection.cursor() as cursor:
        cursor.execute(_HANDING, [S.HANDING, _now(), delivery_id, S.CLAIMED, worker])
        if cursor.rowcount != 1:
            raise LeaseLost(delivery_id)


def sent(delivery_id: int, worker: str) -> None:
    """Committed as soon as the server answers 250. On PostgreSQL without waiting for the disk: a
    killed sender loses nothing (the database has it), and if the database server itself crashed and
    lost this mark, the row would be back in doubt, which recovery handles, never worse."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with transaction.atomic():
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
                cursor.execute(_SENT, [S.SENT, _now(), delivery_id, S.HANDING, worker])
        else:
            cursor.execute(_SENT, [S.SENT, _now(), delivery_id, S.HANDING, worker])


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
