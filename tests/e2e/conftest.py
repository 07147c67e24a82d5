"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium) against live_server.

Mark each test `@pytest.mark.e2e`. Without Chromium the tests are skipped, unless
ACCORD_REQUIRE_BROWSER is set (as CI does), when they fail instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests import once

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests run once, on the SQLite pass (tests/once.py): what the browser does (layout, script,
    focus, axe) is the same on either database, and what the server does in each flow is tested on both
    databases by the page and API tests. This keeps CI within its 20 minutes."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(once.ONCE_ONLY)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("ACCORD_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium).")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 412, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    blocked: list[str] = []

    def guard(route):  # nothing may load from another site
        url = route.request.url
        if url.startswith(live_server.url) or url.startswith("data:") or url.startswith("about:"):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.route("**/*", guard)
    yield page
    context.close()
    assert not blocked, f"The page tried to load from another site: {blocked}"


def sign_in(page, email: str, password: str) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/partnerships/")
