"""What every answer tells the browser (docs/security.md): a Content-Security-Policy that allows no
inline script or style and no framing, no-store on signed-in pages and API answers, TRACE refused;
and the secrets and production checks behind them. tests/core/test_production_server.py checks the
same headers on gunicorn with DEBUG off."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.test import Client

from .test_every_page_checks_access import PAGES

SRC = str(Path(__file__).resolve().parents[2] / "src")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=|\son[a-z]+\s*=\s*\"", re.I)


def _directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def assert_strict_csp(response) -> None:
    policy = _directives(response)
    assert policy["script-src"] == "script-src 'self'" and policy["style-src"] == "style-src 'self'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'" and policy["object-src"] == "object-src 'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_every_page_of_the_sweep_has_the_policy_and_nothing_inline(world):
    manager, checked, problems = world.client("manager"), 0, []
    for page in PAGES + ["/partnerships/", "/accounts/"]:
        response = manager.get(page.format(pk=world.partnership.pk))
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        assert_strict_csp(response)
        html = response.content.decode()
        for pattern in (INLINE_SCRIPT, INLINE_STYLE):
            if found := pattern.search(html):
                problems.append(f"{page}: {html[found.start():found.start() + 80]!r}")
        checked += 1
    assert checked >= 30 and problems == []


def test_signed_out_pages_have_the_policy_too(db):
    for url in ["/accounts/sign-in/", "/healthz", "/api/docs"]:
        assert_strict_csp(Client().get(url))


def test_signed_in_pages_and_api_answers_are_never_stored(world):
    manager = world.client("manager")
    for url in [f"/p/{world.partnership.pk}/", "/partnerships/", f"/api/partnerships/{world.partnership.pk}"]:
        response = manager.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
    assert "no-store" in Client().get("/api/partnerships").get("Cache-Control", ""), "401 from the API"


def test_trace_is_refused(db):
    assert Client().generic("TRACE", "/accounts/sign-in/").status_code == 405
    assert Client().generic("TRACE", "/api/partnerships").status_code == 405


def test_no_page_can_be_framed(db):
    response = Client().get("/accounts/sign-in/")
    assert response["X-Frame-Options"] == "DENY"


# --- secrets and production settings (each in a fresh process, as the server starts) ------------

def _settings(expr: str, tmp_path: Path, **env: str) -> str:
    full = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE")}
    full.update({"ACCORD_VAR_DIR": str(tmp_path), "PYTHONPATH": SRC, **env})
    code = f"import accord.settings as s; print({expr})"
    return subprocess.run([sys.executable, "-c", code], env=full, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_each_installation_makes_its_own_secret_and_keeps_it(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    first.mkdir(), second.mkdir()
    key = _settings("s.SECRET_KEY", first)
    assert len(key) >= 50 and key == _settings("s.SECRET_KEY", first)  # kept across restarts
    assert key != _settings("s.SECRET_KEY", second)  # never the same for two installations
    assert (first / "secret_key").stat().st_mode & 0o077 == 0  # readable by its owner only
    assert key not in Path(SRC, "accord", "settings.py").read_text()


def test_secure_cookies_with_host_prefix_whenever_debug_is_off(tmp_path):
    out = _settings("s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME",
                    tmp_path, DEBUG="False", SECRET_KEY="x" * 60, SITE_URL="http://accord.example.org")
    assert out == "True True __Host-accord-session __Host-accord-csrf"


PRODUCTION = {  # the README's "Running on PostgreSQL and Redis" settings
    "DEBUG": "False", "ALLOWED_HOSTS": "accord.example.org", "SITE_URL": "https://accord.example.org",
    "ACCORD_BEHIND_HTTPS_PROXY": "True",
    "SECRET_KEY": "k3Yq9-not-a-real-key-but-long-and-varied-enough-0123456789-abcdefghijklmnopqrstuv",
}


def test_the_deploy_check_is_clean_for_the_documented_production_settings(tmp_path):
    # not DJANGO_ALLOW_ASYNC_UNSAFE either: the browser tests set it for their own process
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update({"ACCORD_VAR_DIR": str(tmp_path), "PYTHONPATH": SRC, **PRODUCTION})
    accord = Path(sys.executable).parent / "accord"
    result = subprocess.run([str(accord), "check", "--deploy", "--fail-level", "WARNING"], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr + result.stdout
