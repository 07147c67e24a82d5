"""Notices fixtures: a test kind registered as a domain would, and helpers to emit and deliver."""

from __future__ import annotations

from typing import Any

import pytest

from accord.notices import kinds, services
from accord.notices.kinds import NoticeKind

PING = "tests.ping"
QUIET = "tests.quiet"


@pytest.fixture(autouse=True)
def _test_kinds() -> Any:
    kinds.register(NoticeKind(PING, "A test event", default="immediate"))
    kinds.register(NoticeKind(QUIET, "A quiet test event", default="daily"))
    yield
    kinds.KINDS.pop(PING, None)
    kinds.KINDS.pop(QUIET, None)


def emit(world: Any, names: list[str], *, kind: str = PING, key: str = "event:1", title: str = "Something for you",
         partnership: Any = None) -> list[Any]:
    return services.notify(partnership=partnership or world.partnership, people=[world.people[n] for n in names],
                           kind=kind, event_key=key, title=title, url="/notices/")
