"""A real worker process is killed (SIGKILL) in the middle of sending notice e-mails and started again:
every notice arrives exactly once. The mail server is aiosmtpd on loopback; the worker is a separate
Python process running the sweep task over the same database as this test."""

from __future__ import annotations

import email
import email.policy
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

from accord.notices.models import Notice
from tests.conftest import _free_port

from .conftest import PING, emit

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import django
django.setup()
from accord.notices.kinds import NoticeKind, register
register(NoticeKind("tests.ping", "A test event"))
from accord.notices.tasks import notices_sweep
print("sent", notices_sweep.call_local(), flush=True)
"""


class KillingSink:
    """Keeps each message received; when the worker starts the message numbered `kill_at` (its MAIL
    command: the one before was accepted), kills the worker process there and then."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.received: list[email.message.EmailMessage] = []
        self.kill_at: int | None = None
        self.pid: int | None = None
        self.lock = threading.Lock()
        sink = self

        class Handler:
            async def handle_MAIL(self, server, session, envelope, address, options):
                with sink.lock:
                    if sink.kill_at is not None and len(sink.received) + 1 == sink.kill_at and sink.pid:
                        os.kill(sink.pid, signal.SIGKILL)
                        sink.kill_at = None
                        return "421 worker gone"
                envelope.mail_from = address
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):
                with sink.lock:
                    sink.received.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
                return "250 OK"

        self.port = _free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)


class Database:
    """The test database, as a URL another process can open. PostgreSQL: the test database itself.
    SQLite (in memory): copied to a file for the worker, and copied back when it is done."""

    def __init__(self) -> None:
        self.vendor = connection.vendor
        s = connection.settings_dict
        if self.vendor == "postgresql":
            self.url = f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
        else:
            self.path = Path(tempfile.mkdtemp(prefix="accord-worker-")) / "db.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def hand_over(self) -> None:
        if self.vendor != "postgresql":
            connection.ensure_connection()
            with sqlite3.connect(self.path) as target:
                connection.connection.backup(target)

    def take_back(self) -> None:
        if self.vendor != "postgresql":
            connection.ensure_connection()
            source = sqlite3.connect(self.path)
            source.backup(connection.connection)
            source.close()


def _run_worker(db: Database, sink: KillingSink, claim_seconds: int) -> int:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update({"DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": db.url,
                "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}", "NOTICES_CLAIM_SECONDS": str(claim_seconds),
                "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"})
    db.hand_over()
    proc = subprocess.Popen([sys.executable, "-c", CHILD], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sink.pid = proc.pid
    out, err = proc.communicate(timeout=120)
    db.take_back()
    assert proc.returncode in (0, -signal.SIGKILL), err.decode()[-2000:]
    return proc.returncode


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_restarted_sends_every_notice_exactly_once(world, monkeypatch):
    from accord.notices import services

    # the worker is the other process: here, nothing is sent in this one when the notices are made
    monkeypatch.setattr(services, "_hand_to_worker", lambda ids: None)
    people = ["manager", "leader_a", "staff_a", "leader_b", "staff_b"]
    for i in range(2):
        emit(world, people, kind=PING, key=f"event:{i}", title=f"Event {i}")  # ten e-mails to send
    sink = KillingSink()
    sink.controller.start()
    try:
        db = Database()
        sink.kill_at = 4  # dies as it starts the 4th message: three were accepted and recorded
        assert _run_worker(db, sink, claim_seconds=3600) == -signal.SIGKILL
        assert len(sink.received) == 3
        assert Notice.objects.filter(state="sent").count() == 3
        assert Notice.objects.filter(state="claimed").count() == 1  # the one it was starting
        # restarted: sends the rest, but leaves the dead worker's claim until its time runs out
        assert _run_worker(db, sink, claim_seconds=3600) == 0
        assert len(sink.received) == 9 and Notice.objects.filter(state="claimed").count() == 1
        # later (the claim timed out): the sweep takes it over
        assert _run_worker(db, sink, claim_seconds=0) == 0
        assert _run_worker(db, sink, claim_seconds=0) == 0  # and a rerun sends nothing
    finally:
        sink.controller.stop()
    ids = Counter(str(m["Message-ID"]) for m in sink.received)
    assert len(ids) == 10 and set(ids.values()) == {1}  # every notice once, none twice
    assert set(Notice.objects.values_list("state", flat=True)) == {"sent"}
    assert Counter(str(m["To"]) for m in sink.received) == {f"{p}@example.org": 2 for p in people}
