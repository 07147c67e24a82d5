from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from accord.core import policy
from accord.discussions import services


def access_of(world: Any, persona: str, partnership: Any = None) -> policy.Access:
    user = world.users[persona]
    policy.forget(user)
    return policy.check(user, partnership or world.partnership, "view")


@pytest.fixture
def thread(world: Any) -> Any:
    return services.thread_start(actor=world.users["manager"], access=access_of(world, "manager"),
                                 title="Sharing referral data", body="Shall we share referral data monthly?")


def open_proposal(world: Any, thread: Any, kind: str = "consent", persona: str = "manager", **kw: Any) -> Any:
    kw.setdefault("closes_at", timezone.now() + dt.timedelta(days=7))
    kw.setdefault("title", "Share referral data monthly")
    return services.proposal_open(actor=world.users[persona], access=access_of(world, persona, thread.partnership),
                                  thread=thread,
                                  kind=kind, **kw)


def answer(world: Any, proposal: Any, persona: str, **kw: Any) -> Any:
    return services.answer_give(actor=world.users[persona], access=access_of(world, persona), proposal=proposal, **kw)
