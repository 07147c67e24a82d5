"""The headers on a production-like server: gunicorn with DEBUG off, a migrated SQLite database in a
temporary folder (a copy of the suite's own, migrated already), behind a (simulated) TLS proxy that sets
X-Forwarded-Proto. What a browser is told: CSP, no framing, no-store, Secure __Host- cookies, HSTS only over
HTTPS, TRACE refused."""

import http.client
import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.once import ONCE_ONLY

BIN = Path(sys.executable).parent
HTTPS = {"X-Forwarded-Proto": "https"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


pytestmark = ONCE_ONLY  # the server keeps its own SQLite database whichever the suite uses


@pytest.fixture(scope="module")
def server(tmp_path_factory, django_db_setup, django_db_blocker):
    var = tmp_path_factory.mktemp("prod-var")
    with django_db_blocker.unblock():  # the suite's database is migrated already: copy it rather than migrate again
        connection.ensure_connection()
        with sqlite3.connect(var / "accord.sqlite3") as copy:
            connection.connection.backup(copy)
    env = {k: v for k, v in os.environ.items()
           if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG",
                        "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update({"DJANGO_SETTINGS_MODULE": "accord.settings", "ACCORD_VAR_DIR": str(var), "DEBUG": "False",
                "SECRET_KEY": "prod-test-" + "k3Yq9xWv2" * 7, "ALLOWED_HOSTS": "127.0.0.1",
                "SITE_URL": "https://127.0.0.1", "ACCORD_BEHIND_HTTPS_PROXY": "True",
                "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")})
    # The pages asked for use neither the admin's files nor the API explorer's (30 of 31 MB to compress).
    subprocess.run([str(BIN / "accord"), "collectstatic", "--noinput", "--ignore", "admin", "--ignore", "ninja"],
                   env=env, check=True, capture_output=True)
    port = _free_port()
    proc = subprocess.Popen([str(BIN / "gunicorn"), "accord.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"gunicorn stopped: {proc.stderr.read().decode()}")
            time.sleep(0.2)
    # The first request loads the whole site (every app's URLs and the API): on a busy machine that can take
    # longer than a test should wait for one answer, so it is made here, with time to spare.
    _get(port, "/accounts/sign-in/", timeout=120)
    yield port
    proc.terminate()
    proc.wait(timeout=20)


def _get(port: int, path: str, method: str = "GET", headers: dict | None = None,
         timeout: float = 20) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.request(method, path, headers=headers or {})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def _assert_browser_rules(response) -> None:
    csp = response.getheader("Content-Security-Policy") or ""
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and response.getheader("X-Frame-Options") == "DENY"
    assert response.getheader("X-Content-Type-Options") == "nosniff"


def test_the_sign_in_page_over_https(server):
    response = _get(server, "/accounts/sign-in/", headers=HTTPS)
    assert response.status == 200
    _assert_browser_rules(response)
    assert "max-age=31536000" in response.getheader("Strict-Transport-Security", "")
    cookies = response.headers.get_all("Set-Cookie") or []
    csrf = next(c for c in cookies if c.startswith("__Host-accord-csrf="))
    assert "Secure" in csrf and "HttpOnly" in csrf and "Path=/" in csrf and "Domain" not in csrf


def test_a_signed_out_page_is_sent_to_sign_in_with_the_same_rules(server):
    response = _get(server, "/partnerships/", headers=HTTPS)
    assert response.status == 302 and response.getheader("Location").startswith("/accounts/sign-in/")
    _assert_browser_rules(response)


def test_an_api_answer_is_never_stored(server):
    response = _get(server, "/api/partnerships", headers=HTTPS)
    assert response.status == 401
    assert "no-store" in response.getheader("Cache-Control", "")
    _assert_browser_rules(response)


def test_healthz_answers_over_plain_http_without_hsts(server):
    response = _get(server, "/healthz")
    assert response.status in (200, 503)  # 503 only if the queue file is unusable; the headers are the point
    assert response.getheader("Strict-Transport-Security") is None
    _assert_browser_rules(response)


def test_plain_http_is_sent_to_https(server):
    response = _get(server, "/accounts/sign-in/")
    assert response.status == 301 and response.getheader("Location").startswith("https://")


def test_trace_is_refused(server):
    assert _get(server, "/accounts/sign-in/", method="TRACE", headers=HTTPS).status == 405
