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


# --- a production-like server and a small load generator (bench/throughput.py, bench/load.py) -------------

def on_postgres() -> bool:
    """Whether django_setup() put the benchmarks on PostgreSQL."""
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """gunicorn serving Accord as in production (README "Running on PostgreSQL and Redis"): DEBUG off,
    static files collected, behind a TLS-terminating proxy (requests carry X-Forwarded-Proto: https),
    persistent database connections (the production default), on the benchmarks' throwaway database.
    `env` adds or overrides settings (an empty value removes one)."""

    def __init__(self, workers: int = 2, env: dict[str, str] | None = None) -> None:
        import subprocess
        import sys
        from pathlib import Path

        from django.conf import settings

        self.port = free_port()
        var = Path(os.environ["ACCORD_VAR_DIR"])
        self.env = {k: v for k, v in os.environ.items() if k not in ("HUEY_IMMEDIATE", "DJANGO_SETTINGS_MODULE")}
        self.env.update({
            "DJANGO_SETTINGS_MODULE": "accord.settings", "DEBUG": "False", "SECRET_KEY": settings.SECRET_KEY,
            "ACCORD_BEHIND_HTTPS_PROXY": "True", "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "https://127.0.0.1", "ACCORD_VAR_DIR": str(var), "ACCORD_ONE_MACHINE": "True",
        })
        for key, value in (env or {}).items():
            if value:
                self.env[key] = value
            else:
                self.env.pop(key, None)
        bin_dir = Path(sys.executable).parent
        if not (var / "static" / "staticfiles.json").exists():
            subprocess.run([str(bin_dir / "accord"), "collectstatic", "--noinput", "-v", "0"], env=self.env,
                           check=True)
        self.log = open(var / f"gunicorn-{self.port}.log", "w+")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [str(bin_dir / "gunicorn"), "accord.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers",
             str(workers), "--timeout", "60", "--backlog", "2048"],
            env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        import time

        deadline = time.monotonic() + 90
        while True:
            try:
                if get(self.port, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"gunicorn did not start: {self.tail()}")
            time.sleep(0.2)

    def tail(self, chars: int = 3000) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()[-chars:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except Exception:  # noqa: BLE001 - a server that will not stop is killed
                self.process.kill()
        self.log.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def get(port: int, path: str, headers: dict[str, str] | None = None, method: str = "GET",
        body: str | None = None, timeout: float = 120) -> tuple[int, dict[str, str], bytes]:
    """One request on a new connection (gunicorn's sync workers close each one): status, headers, body."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        sent = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", **(headers or {})}
        if body is not None:
            sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        data = response.read()
        headers = {k.lower(): v for k, v in response.getheaders()}
        headers["set-cookie"] = "\n".join(response.headers.get_all("Set-Cookie") or [])
        return response.status, headers, data
    finally:
        conn.close()


def percentiles(seconds: list[float]) -> dict[str, float]:
    """p50, p95 and max in milliseconds."""
    import numpy as np

    if not seconds:
        return {"p50": float("nan"), "p95": float("nan"), "max": float("nan")}
    a = np.asarray(seconds) * 1000
    return {"p50": float(np.percentile(a, 50)), "p95": float(np.percentile(a, 95)), "max": float(a.max())}
