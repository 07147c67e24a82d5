"""The README's screenshots (docs/screenshots/), made from the demo in a real browser. Skipped in the suite;
refresh them with:

    ACCORD_SCREENSHOTS=1 .venv/bin/pytest -q -n 0 tests/e2e/test_readme_screenshots.py
"""

from __future__ import annotations

import os

import pytest

from accord.demo import partnership as demo

from . import crawl
from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(not os.environ.get("ACCORD_SCREENSHOTS"), reason="set ACCORD_SCREENSHOTS=1")]


# (file, who, page, width, height): desktop shots at 1200 px, phone shots at 390 px
SHOTS = [
    ("home.png", "manager", "/p/{pk}/", 1200, 1500),
    ("trust.png", "manager", "/p/{pk}/trust/", 1200, 1300),
    ("health.png", "manager", "/p/{pk}/health/", 1200, 1250),
    ("delivery.png", "manager", "/p/{pk}/delivery/", 1200, 1000),
    ("funders.png", "funder", "/funders/", 1200, 1100),
    ("home-phone.png", "leader", "/p/{pk}/", 390, 1500),
    ("trust-phone.png", "leader", "/p/{pk}/trust/", 390, 1500),
    ("health-phone.png", "leader", "/p/{pk}/health/", 390, 1500),
]


def test_make_the_readme_screenshots(page):
    from pathlib import Path

    out = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    ids = crawl.demo_ids()
    who = None
    for name, role, path, width, height in SHOTS:
        if role != who:
            page.context.clear_cookies()
            sign_in(page, crawl.ROLES[role], demo.PASSWORD)
            who = role
        page.set_viewport_size({"width": width, "height": height})
        page.goto(path.format(pk=ids.values["pk"]))
        page.screenshot(path=str(out / name), clip={"x": 0, "y": 0, "width": width, "height": height})
