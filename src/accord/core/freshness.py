"""A stamp that changes whenever what the database holds changes, so a page built from many reads (the
partnership home) can be kept in the cache under the stamp and is never served once a change is committed.

Every statement that writes (INSERT, UPDATE, DELETE, DDL) through Django's database layer, in any process
(web servers, huey workers, the admin, bulk `.update()`s and raw SQL alike), changes the stamp when its
transaction commits. A statement-level hook is used instead of the services' audit entries or model signals
because those miss bulk updates, tasks and unaudited writes (survey answers), and one missed path would
serve a stale page. The stamp is one for the whole site: coarser than one per partnership (any write
anywhere starts every cached page afresh), but it cannot be wrong. Writes that are not content are left out:
the session row Django saves on every request, and the database cache's own table.

The stamp lives in the default cache (Redis when several machines share it). Cached pages keep a short
lifetime as well, for what changes with time alone and for a change whose stamp could not be written
(the cache unreachable at that moment).

Within one request the stamp is read from the cache once and remembered (the home page asked for it three
times and now four: for the account, the roles, the notices and the page; one cache read each). Remembering it is safe because it
is read before anything kept under it: whatever the request then reads is at least as new as the stamp, and a
write made by the request itself forgets it (bump). Outside a request (tasks, tests, the shell) every call reads
the cache.
"""

from __future__ import annotations

import logging
import uuid
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

log = logging.getLogger(__name__)

VERSION_KEY = "accord:data-version"
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE", "TRUNCATE", "CREATE", "ALTER", "DROP")
_read_since_bump = True  # see _after_write
# The stamp read in this request: a one-item list while a request runs (request_started), None outside one. A
# context variable, so concurrent requests in one thread (ASGI) never share it.
_this_request: ContextVar[list[str] | None] = ContextVar("accord_data_version", default=None)


def _not_content() -> tuple[str, ...]:
    tables = ['"django_session"']
    for config in settings.CACHES.values():
        if config.get("BACKEND", "").endswith("DatabaseCache"):
            tables.append(f'"{config["LOCATION"]}"')
    return tuple(tables)


def is_write(sql: str) -> bool:
    """Whether a statement may change content (conservative: a false "yes" only costs a cache miss)."""
    head = sql.lstrip()[:60].upper()
    if head.startswith("WITH"):
        upper = sql.upper()
        return any(word in upper for word in ("INSERT", "UPDATE", "DELETE"))
    if not head.startswith(WRITES):
        return False
    return not any(table.upper() in head for table in _not_content())


def data_version() -> str:
    """The current stamp (a new random one when the cache has none, so an evicted stamp never comes back)."""
    global _read_since_bump
    _read_since_bump = True
    remembered = _this_request.get()
    if remembered:
        return remembered[0]
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        value = cache.get(VERSION_KEY) or ""
    if remembered is not None:
        remembered.append(str(value))
    return str(value)


def request_started(**kwargs: Any) -> None:
    """A request begins: the first read of the stamp is remembered until it ends (connected in CoreConfig.ready())."""
    _this_request.set([])


def request_finished(**kwargs: Any) -> None:
    _this_request.set(None)


def bump() -> None:
    """A new stamp. A cache that cannot be reached is logged, not raised: the write it follows has
    happened, and cached pages expire on their own soon after."""
    global _read_since_bump
    _read_since_bump = False
    remembered = _this_request.get()
    if remembered:
        remembered.clear()  # this request changed something: its next read sees the new stamp
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    except Exception:  # noqa: BLE001 - a write must not fail for the cache's sake
        log.warning("Could not change the data version stamp in the cache", exc_info=True)


def _after_write(connection: Any) -> None:
    """Change the stamp when the transaction commits (once per transaction): only then do other
    processes see the change. Also at once when this process has read the stamp since it last changed
    it, so a later read in the same transaction (a test; a view that writes and then renders) sees it."""
    if not connection.in_atomic_block:
        bump()  # autocommit: the statement is committed already
        return
    if _read_since_bump:
        bump()
    if not any(entry[1] is bump for entry in connection.run_on_commit):
        transaction.on_commit(bump, using=connection.alias)


def _watch(execute: Any, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and is_write(sql):
        _after_write(context["connection"])
    return result


def install(sender: Any = None, connection: Any = None, **kwargs: Any) -> None:
    """Watch a database connection's statements (connected to `connection_created` in CoreConfig.ready())."""
    if connection is not None and _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)
