"""More than one machine, proved on one: two gunicorn app servers and two huey workers (`accord run_huey`),
each with its own var folder (its own "disk"), sharing only one PostgreSQL database, one Redis and the
settings. A mailing campaign is sent by both workers through a real SMTP server (aiosmtpd on loopback):
every subscriber gets it once. Survey answers are submitted through both servers, a form fetched from
one and posted to the other. The periodic tasks both workers' schedulers find due are enqueued once.

PostgreSQL pass only; skipped without Redis on 127.0.0.1:6379 unless ACCORD_REQUIRE_REDIS is set."""

from __future__ import annotations

import asyncio
import email
import email.policy
import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection, transaction

from accord.mailing import sending
from accord.mailing import services as mailing
from accord.mailing.composing import queue_deliveries
from accord.mailing.models import Campaign, Delivery
from accord.trust import services as trust
from accord.trust.models import Rating
from tests.conftest import _free_port, needs_redis
from tests.mailing.conftest import STATEMENT, subscribe
from tests.trust.conftest import open_wave

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SUBSCRIBERS = 40


def _postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


pytestmark = [
    pytest.mark.skipif(not _postgres(), reason="PostgreSQL pass only: the machines share one database server"),
    needs_redis,
    pytest.mark.django_db(transaction=True),  # the other processes see committed rows only
]


class SlowSink:
    """aiosmtpd on loopback, taking 20 ms per message so that both workers are busy at once."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[email.message.EmailMessage] = []
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                await asyncio.sleep(0.02)
                sink.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
                return "250 OK"

        self.port = _free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)


class Machine:
    """One process of one "machine": its own var folder; stderr collected line by line."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.lines: list[str] = []
        self.proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line.rstrip())

    def wait_for(self, text: str, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while not any(text in line for line in self.lines):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"no {text!r}: " + "\n".join(self.lines[-30:]))
            time.sleep(0.05)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Browser:
    """Cookies kept across servers, as one browser behind a load balancer."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers.update({"Content-Type": "application/x-www-form-urlencoded",
                            "Referer": f"http://127.0.0.1:{port}{path}"})
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        text = response.read().decode()
        conn.close()
        return response.status, text


def _env(tmp_path: Path, name: str, huey_name: str, smtp_port: int) -> dict[str, str]:
    s = connection.settings_dict
    env = {k: v for k, v in os.environ.items()
           if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "HUEY_IMMEDIATE",
                        "DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY", "SECRET_KEY_FILE")}
    var = tmp_path / name
    var.mkdir()
    env.update({
        "DJANGO_SETTINGS_MODULE": "accord.settings", "PYTHONPATH": str(ROOT / "src"), "ACCORD_VAR_DIR": str(var),
        "DEBUG": "True", "SECRET_KEY": settings.SECRET_KEY,  # one key, shared by every machine
        "DATABASE_URL": f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
                        f"/{s['NAME']}",
        "REDIS_URL": "redis://127.0.0.1:6379/0", "HUEY_NAME": huey_name,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}", "MAILING_BATCH_SIZE": "5",
        "SITE_URL": "http://testserver",
    })
    return env


def _survey(browser_port_get: int, browser_port_post: int, invitation, about) -> int:
    """Fetch the survey page of one partner from one server, post the answers to the other."""
    browser = Browser()
    path = trust.survey_path(invitation) + f"partner/{about.pk}/"
    status, page = browser.request(browser_port_get, "GET", path)
    assert status == 200, page[:500]
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found is not None, page[:500]
    token = found.group(1)
    answers = {"csrfmiddlewaretoken": token, "contact": "2", "reliability": "4", "openness": "4", "mission": "4",
               "influence": "3", "involvement": "3", "resources": "3"}
    status, page = browser.request(browser_port_post, "POST", path, answers)
    assert status == 302, page[:2000]
    return status


def test_two_servers_and_two_workers_share_only_the_database_and_redis(world, tmp_path):
    started = time.monotonic()
    # the work: a wave of the survey, and a campaign to SUBSCRIBERS people in batches of five
    wave = open_wave(world, invite="leaders", instruments=("relationships",))
    news = mailing.list_create(actor=world.users["manager"], partnership=world.partnership, name="News",
                               slug="news", statement=STATEMENT)
    for i in range(SUBSCRIBERS):
        subscribe(news, f"reader{i}@example.org")
    campaign = sending.campaign_save(actor=None, mailing_list=news, subject="Spring news", body="Hello.",
                                     topic_ids=[])

    sink = SlowSink()
    sink.controller.start()
    huey_name = f"accord-machines-{uuid.uuid4().hex[:12]}"
    if time.localtime().tm_sec >= 45:  # both schedulers should start in the same minute
        time.sleep(61 - time.localtime().tm_sec)
    machines: list[Machine] = []
    try:
        ports = [_free_port(), _free_port()]
        for i, port in enumerate(ports):
            machines.append(Machine([str(BIN / "gunicorn"), "accord.wsgi", "--bind", f"127.0.0.1:{port}",
                                     "--workers", "1", "--preload"], _env(tmp_path, f"web{i}", huey_name, sink.port)))
        workers = [Machine([str(BIN / "accord"), "run_huey", "--huey-verbose"],
                           _env(tmp_path, f"worker{i}", huey_name, sink.port)) for i in range(2)]
        machines += workers
        # what a web server does when a manager presses Send, twice over: two sender tasks on the queue,
        # queued once both workers are up (the process starts now, and waits for the word)
        enqueue = subprocess.Popen(
            [sys.executable, "-c", "import sys, django; django.setup(); "
             "from accord.mailing.tasks import send_campaign; sys.stdin.readline(); "
             f"send_campaign({campaign.pk}); send_campaign({campaign.pk})"],
            env=_env(tmp_path, "enqueue", huey_name, sink.port), stdin=subprocess.PIPE, text=True)
        for worker in workers:
            worker.wait_for("Huey consumer started")
        # only now is there work: had the first worker up found it (its scheduler's mailing tick, as it
        # started), it could have sent everything before the other one started
        with transaction.atomic():
            queue_deliveries(campaign)
        enqueue.communicate("go\n", timeout=30)
        assert enqueue.returncode == 0

        for port in ports:
            deadline = time.monotonic() + 30
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    assert time.monotonic() < deadline, "gunicorn did not start"
                    time.sleep(0.1)
        leader_a = wave.invitations.get(email="leader_a@example.org")
        leader_b = wave.invitations.get(email="leader_b@example.org")
        _survey(ports[0], ports[1], leader_a, world.org_b)
        _survey(ports[1], ports[0], leader_b, world.org_a)

        deadline = time.monotonic() + 30
        while Campaign.objects.get(pk=campaign.pk).status != Campaign.Status.SENT:
            assert time.monotonic() < deadline, Counter(Delivery.objects.values_list("status", flat=True))
            time.sleep(0.2)
    finally:
        for machine in machines:
            machine.stop()
        sink.controller.stop()
        from huey import PriorityRedisHuey

        PriorityRedisHuey(name=huey_name, url="redis://127.0.0.1:6379/0").storage.flush_all()

    # every subscriber once: nothing missing, nothing twice
    assert Counter(str(m["To"]) for m in sink.messages) == {f"reader{i}@example.org": 1 for i in range(SUBSCRIBERS)}
    senders = {worker.rsplit("-", 2)[1] for worker in Delivery.objects.values_list("claimed_by", flat=True)}
    assert senders == {str(w.proc.pid) for w in workers}  # both workers sent part of it
    # the answers given through both servers are there
    rated = set(Rating.objects.values_list("response__invitation__email", "about_id"))
    assert {("leader_a@example.org", world.org_b.pk), ("leader_b@example.org", world.org_a.pk)} <= rated

    # periodic tasks: both schedulers checked in the same minute, each task due was enqueued once
    def logged(worker: Machine, text: str) -> list[str]:  # huey's own lines: "[2026-… 15:03:01,123] DEBUG:…"
        return [line[1:17] for line in worker.lines if line.startswith("[") and text in line]

    first_minutes = [logged(w, "Checking periodic tasks")[0] for w in workers]
    assert first_minutes[0] == first_minutes[1], first_minutes
    enqueued = Counter()  # (minute, task) -> times enqueued, over both workers
    for w in workers:
        for line in w.lines:
            if line.startswith("[") and "Enqueueing periodic task " in line:
                enqueued[line[1:17], line.split("Enqueueing periodic task ")[1].split(":")[0]] += 1
    assert any("mailing_tick" in task for _, task in enqueued), enqueued
    assert set(enqueued.values()) == {1}, enqueued
    assert time.monotonic() - started < 60
