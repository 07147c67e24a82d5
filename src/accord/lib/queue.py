"""Handing work to the background worker, and saying so when that cannot be done.

When the queue's store (Redis, or the SQLite queue file) or the cache cannot be reached, an action that
needs it must not answer 500, and must not say "sent" when nothing was queued. Every enqueue from a
page or the API goes through here: `check()` before the action changes anything, `enqueue()` or
`after_commit()` to queue. Failures raise `Unavailable`, a ValidationError with a plain message, so
views that already show a service's ValidationError show this one too; core.middleware turns one that
no view caught into a 503 page or JSON answer. Nothing is queued for later when this is raised.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import Any, Generic, ParamSpec, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
P = ParamSpec("P")

# lazy: written in the language of the page that shows it (the "not done" page, a form's error)
QUEUE_MESSAGE = _("This was not done: Accord's background worker cannot be reached just now, so nothing was "
                  "sent or queued. Please try again in a few minutes; if it keeps happening, tell your "
                  "administrator.")
CACHE_MESSAGE = _("This was not done: part of Accord (its cache) cannot be reached just now. Please try again "
                  "in a few minutes; if it keeps happening, tell your administrator.")
# What the queue's and the cache's stores raise when they are unreachable.
STORE_ERRORS: tuple[type[BaseException], ...] = (RedisError, sqlite3.Error, OSError)


class Unavailable(ValidationError):
    """The queue or the cache could not be reached; the action was not done."""

    def __init__(self, message: str | Promise = QUEUE_MESSAGE):
        super().__init__(cast(str, message), code="unavailable")  # a lazy message, written when shown


def _huey() -> Any:
    from huey.contrib.djhuey import HUEY

    return HUEY


def check() -> None:
    """Raise Unavailable unless the queue's store answers (call before changing anything)."""
    try:
        _huey().pending_count()
    except STORE_ERRORS as exc:
        log.warning("task queue unreachable: %s", exc)
        raise Unavailable() from exc


def enqueue(task: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Queue a huey task; Unavailable (nothing queued) if the store cannot be reached."""
    try:
        return task(*args, **kwargs)
    except STORE_ERRORS as exc:
        log.warning("could not queue %s: %s", getattr(task, "name", task), exc)
        raise Unavailable() from exc


def after_commit(task: Callable[..., Any], *args: Any) -> None:
    """Queue a task once the current transaction commits (so the worker sees the rows). The queue is
    checked now, so an unreachable queue refuses the whole action while it can still be rolled back."""
    check()

    def run() -> None:
        try:
            enqueue(task, *args)
        except Unavailable:  # lost in the instant after the check: logged, the action stands
            log.error("queue went away after the check; %s(%s) was not queued", getattr(task, "name", task), args)

    transaction.on_commit(run)


def cached(call: Callable[[], Any]) -> Any:
    """Run a cache operation; Unavailable (with the cache's message) if its store cannot be reached."""
    try:
        return call()
    except STORE_ERRORS as exc:
        log.warning("cache unreachable: %s", exc)
        raise Unavailable(CACHE_MESSAGE) from exc


class Later(Generic[P]):
    """A background task a service hands work to, named without importing the app's tasks module.

    A task module imports its services (it calls them), so a service importing its tasks would make a
    circle. Instead the service declares `send_later: queue.Later[[int]] = queue.Later("mailing.send")`
    and queues it like a task (`queue.enqueue(send_later, pk)`, `queue.after_commit(send_later, pk)`);
    the app's AppConfig.ready() binds the real huey task: `services.send_later.bind(tasks.send)`.
    """

    made: list[Later[Any]] = []  # every slot, so a test can check that each app bound its own

    def __init__(self, name: str) -> None:
        self.name = name
        self._task: Callable[P, Any] | None = None
        Later.made.append(self)

    @property
    def bound(self) -> bool:
        return self._task is not None

    def bind(self, task: Callable[P, Any]) -> None:
        self._task = task

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> Any:
        if self._task is None:
            raise RuntimeError(f"The task {self.name} was never bound (its app's AppConfig.ready() binds it)")
        return self._task(*args, **kwargs)
