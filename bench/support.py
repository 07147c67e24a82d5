"""Shared set-up for benchmarks that need Django: a fresh SQLite database in a temporary folder, or a fresh
PostgreSQL database when DATABASE_URL names a server."""

from __future__ import annotations

import os
import resource
import tempfile


def django_setup() -> None:
    """Configure Django on a throwaway database (tasks run at once) and migrate it: SQLite in a temporary
    folder, or, when DATABASE_URL names a PostgreSQL server, a new database there, dropped at the end."""
    if os.environ.get("ACCORD_BENCH_READY"):
        return
    folder = tempfile.mkdtemp(prefix="accord-bench-")
    os.environ["ACCORD_VAR_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    os.environ["HUEY_IMMEDIATE"] = "True"
    server = os.environ.pop("DATABASE_URL", "")
    if server.startswith(("postgres://", "postgresql://")):
        os.environ["DATABASE_URL"] = _throwaway_postgres(server)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    os.environ["ACCORD_BENCH_READY"] = "1"


def _throwaway_postgres(url: str) -> str:
    """A new database on the server `url` names (subprocesses of the benchmarks reach it through
    DATABASE_URL), dropped when this process ends."""
    import atexit
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = f"accord_bench_{os.getpid()}"
    parts = urlsplit(url)

    def admin() -> psycopg.Connection:
        return psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True)

    with admin() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    atexit.register(drop)
    print(f"(benchmarks on PostgreSQL: {parts.hostname}:{parts.port or 5432}, database {name})", flush=True)
    return urlunsplit(parts._replace(path=f"/{name}"))


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class ReferenceMismatch(AssertionError):
    """A benchmark's results differ from its reference: `make bench` fails (exit status 1)."""


def expect_same(name: str, differences: int, unit: str = "differences") -> None:
    """Print `name: N unit`, then raise ReferenceMismatch unless N is 0.

    Every benchmark that compares its results with a reference (another implementation, or what
    should have happened) calls this, so a difference fails the run instead of scrolling past."""
    print(f"{name}: {differences} {unit}", flush=True)
    if differences:
        raise ReferenceMismatch(f"{name}: {differences} {unit} from the reference (expected 0)")
