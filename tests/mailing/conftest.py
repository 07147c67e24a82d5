"""Mailing fixtures: a partnership-owned list with two topics, an organisation-owned list of each
partner organisation, a second manager (who speaks for org B), and helpers to read links from mail."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from accord.accounts.models import User
from accord.mailing import services
from accord.mailing.models import MailingList, Subscriber
from accord.partners.models import Role
from tests.conftest import PASSWORD

STATEMENT = "We will e-mail you news of the partnership. We keep your data secure and never share it outside."


@dataclass
class Lists:
    shared: MailingList  # owned by the partnership
    alpha: MailingList  # owned by org A (the manager's organisation)
    beta: MailingList  # owned by org B (manager_b's organisation)
    manager_b: User

    def client(self, world: Any, persona: str) -> Client:
        if persona == "manager_b":
            client = Client()
            client.force_login(self.manager_b)
            return client
        return world.client(persona)


@pytest.fixture
def lists(world: Any) -> Lists:
    p = world.partnership
    manager = world.users["manager"]
    manager_b = User.objects.create_user("manager_b@example.org", PASSWORD, full_name="Manager B")
    Role.objects.create(partnership=p, user=manager_b, role=Role.MANAGER, organisation=world.org_b)
    shared = services.list_create(actor=manager, partnership=p, name="Partnership news", slug="news",
                                  statement=STATEMENT, topics=["Research", "Events"], description="Monthly.")
    alpha = services.list_create(actor=manager, partnership=p, organisation=world.org_a, name="Alpha updates",
                                 slug="alpha", statement="Alpha's own list.")
    beta = services.list_create(actor=manager_b, partnership=p, organisation=world.org_b, name="Beta updates",
                                slug="beta", statement="Beta's own list.")
    return Lists(shared=shared, alpha=alpha, beta=beta, manager_b=manager_b)


def subscribe(mailing_list: MailingList, email: str, *, name: str = "", topics: Sequence[str] = ()) -> Subscriber:
    """A confirmed subscriber, added by a manager with a stated basis."""
    ids = [t.pk for t in mailing_list.topics.filter(name__in=topics)]
    return services.subscriber_add(actor=None, mailing_list=mailing_list, email=email, name=name, topic_ids=ids,
                                   basis="Signed the paper form at the test event.")


def link(text: str, kind: str) -> str:
    """The path of the first link of `kind` (confirm, unsubscribe, preferences) in a message body."""
    match = re.search(rf"https?://[^\s\"<>]+(/lists/{kind}/[^\s\"<>]+/)", text)
    assert match, f"no {kind} link in: {text}"
    return match.group(1)


def signup_data(mailing_list: MailingList, email: str, **extra: Any) -> dict:
    return {"email": email, "agree": "on", "statement_version": mailing_list.current_statement().version, **extra}  # type: ignore[union-attr]  # lists here have one


@pytest.fixture
def picky_smtp(settings: Any) -> Any:
    """A real SMTP server on loopback that refuses some recipients: bounce… with 550 (permanent),
    later… with 451 (temporary); the rest are kept, like the `smtp` fixture."""
    from aiosmtpd.controller import Controller

    from tests.conftest import SmtpSink, _free_port

    sink = SmtpSink()

    class Picky:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.startswith("bounce"):
                return "550 5.1.1 No such user here"
            if address.startswith("later"):
                return "451 4.3.0 Try again later"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            import email
            import email.policy

            sink.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
            return "250 OK"

    sink.port = _free_port()
    sink.controller = Controller(Picky(), hostname="127.0.0.1", port=sink.port)
    sink.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    sink.stop()
