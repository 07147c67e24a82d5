"""Personas shared by every test: one partnership with two partner organisations and a funder,
and an outsider who manages another partnership.

    manager    partnership manager (speaks for org A)
    leader_a   senior leader of org A        staff_a   staff of org A
    leader_b   senior leader of org B        staff_b   staff of org B
    funder     the funder's grants manager   outsider  manager of another partnership
    anonymous  nobody signed in
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from accord.accounts.models import User
from accord.lib.translations import compile_stale
from accord.partners.models import Membership, Organisation, Partnership, Person, Role

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """The project's shared/ folder of public data: beside the checkout in CI, or ACCORD_SHARED_DIR."""
    for candidate in (os.environ.get("ACCORD_SHARED_DIR"), ROOT.parent / "shared", "/work/shared"):
        if candidate and (Path(candidate) / "data").is_dir():
            return Path(candidate)
    raise FileNotFoundError("shared/ (public data) is not beside the checkout; set ACCORD_SHARED_DIR")


PERSONAS = ["manager", "leader_a", "staff_a", "leader_b", "staff_b", "funder", "outsider", "anonymous"]
PASSWORD = "correct horse battery staple"


@dataclass
class World:
    partnership: Partnership
    other: Partnership
    org_a: Organisation
    org_b: Organisation
    funder_org: Organisation
    other_org: Organisation
    users: dict[str, User] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)

    def client(self, persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            client.force_login(self.users[persona])
        return client


def make_world() -> World:
    """The personas' partnership, the other partnership, and their people (see the module's docstring)."""
    start = dt.date(2024, 1, 1)
    p = Partnership.objects.create(name="Test partnership", purpose="Test the rules.", start_date=start)
    other = Partnership.objects.create(name="Other partnership", purpose="Someone else's.", start_date=start)
    org_a = Organisation.objects.create(name="Alpha Charity", kind="charity", org_id="GB-CHC-1164883")
    org_b = Organisation.objects.create(name="Beta Trust", kind="charity", org_id="GB-CHC-1090095")
    funder_org = Organisation.objects.create(name="Gamma Fund", kind="funder")
    other_org = Organisation.objects.create(name="Delta Org", kind="company", org_id="GB-COH-09506232")
    Membership.objects.create(partnership=p, organisation=org_a, joined=start, is_lead=True)
    Membership.objects.create(partnership=p, organisation=org_b, joined=start)
    Membership.objects.create(partnership=other, organisation=other_org, joined=start)
    w = World(partnership=p, other=other, org_a=org_a, org_b=org_b, funder_org=funder_org, other_org=other_org)
    spec = [
        ("manager", Role.MANAGER, org_a, p, "manager"),
        ("leader_a", Role.LEADER, org_a, p, "senior_leader"),
        ("staff_a", Role.STAFF, org_a, p, "staff"),
        ("leader_b", Role.LEADER, org_b, p, "senior_leader"),
        ("staff_b", Role.STAFF, org_b, p, "staff"),
        ("funder", Role.FUNDER, funder_org, p, "manager"),
        ("outsider", Role.MANAGER, other_org, other, "senior_leader"),
    ]
    for name, role, org, partnership, seniority in spec:
        user = User.objects.create_user(f"{name}@example.org", PASSWORD, full_name=name.replace("_", " ").title())
        Role.objects.create(partnership=partnership, user=user, role=role, organisation=org)
        w.users[name] = user
        w.people[name] = Person.objects.create(partnership=partnership, organisation=org, name=user.full_name,
                                               seniority=seniority, email=user.email, start_date=start, user=user)
    return w



@pytest.fixture
def world(db: Any) -> World:
    return make_world()


@pytest.fixture(scope="module")
def module_transaction(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """One transaction around a whole module, rolled back at its end, for modules that build their records
    once (a module-scoped `world`) and ask many questions of them: each test still runs inside its own
    savepoint (mark the module `django_db`), so what one test writes is gone before the next. Only for
    modules without transactional tests."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


# --- a real SMTP server on loopback -------------------------------------------------------------

def redis_up() -> bool:
    """Redis on 127.0.0.1:6379, which the tests that need a real Redis use."""
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


# Skipped without Redis on loopback, unless ACCORD_REQUIRE_REDIS is set (CI): then they fail.
needs_redis = pytest.mark.skipif(not redis_up() and not os.environ.get("ACCORD_REQUIRE_REDIS"),
                                 reason="no Redis on loopback")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpSink:
    """aiosmtpd on 127.0.0.1; `messages` holds every message received, parsed."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self._lock = threading.Lock()
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                msg = email.message_from_bytes(envelope.original_content or envelope.content,
                                               policy=email.policy.default)
                with sink._lock:
                    sink.messages.append(msg)
                    sink.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
                return "250 OK"

        self.port = _free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if address.lower() in str(m["To"]).lower()]

    @staticmethod
    def text(msg: email.message.EmailMessage) -> str:
        part = msg.get_body(preferencelist=("plain",))
        return part.get_content() if part else ""

    @staticmethod
    def html(msg: email.message.EmailMessage) -> str:
        part = msg.get_body(preferencelist=("html",))
        return part.get_content() if part else ""


@pytest.fixture
def smtp(settings: Any) -> Any:
    sink = SmtpSink()
    sink.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    sink.stop()


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """Rate-limit counters (accord.lib.ratelimit) live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _english_unless_asked() -> Any:
    """Each test starts in the site's language. A request in Welsh leaves Welsh active in its thread (each
    real request chooses its own language, so a server is not affected), and a later test calling a service
    directly would otherwise get its messages in Welsh."""
    from django.utils import translation

    translation.activate(settings_language())
    yield
    translation.deactivate()


def settings_language() -> str:
    from django.conf import settings

    return str(settings.LANGUAGE_CODE)


def pytest_configure(config: pytest.Config) -> None:
    """The Welsh catalogues as the .po files say (a .po edited since the last `make` is compiled now)."""
    compile_stale()
