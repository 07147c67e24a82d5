"""Every absolute link (e-mail links, calendar feed addresses, share links) is built from one site
address, which follows the port `make run` serves on unless SITE_URL names another."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from accord.lib import mail
from accord.mailing import sending
from tests.mailing import conftest as mailing_fixtures
from tests.mailing.conftest import subscribe

ROOT = Path(__file__).resolve().parents[2]
SITE = "http://127.0.0.1:8080"
lists = mailing_fixtures.lists  # the mailing tests' fixture, used here too


def _settings_site_url(**environ: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT", "DJANGO_SETTINGS_MODULE"}}
    code = "import accord.settings as s; print(s.SITE_URL)"
    out = subprocess.run([sys.executable, "-c", code], env={**env, **environ}, capture_output=True, text=True,
                         check=True, cwd=ROOT)
    return out.stdout.strip()


def test_the_site_address_follows_the_port_unless_site_url_is_set():
    assert _settings_site_url() == "http://127.0.0.1:8000"
    assert _settings_site_url(PORT="8080") == SITE
    assert _settings_site_url(PORT="8080", SITE_URL="https://accord.example.org/") == "https://accord.example.org"


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_passes_its_port_to_accord():
    env = {k: v for k, v in os.environ.items() if k != "PORT"}
    show = ["make", "-s", "--no-print-directory", "--eval", 'show-port: ; @echo "$$PORT"', "show-port"]
    assert subprocess.run(show, env=env, cwd=ROOT, capture_output=True, text=True).stdout.strip() == "8000"
    assert subprocess.run([*show, "PORT=8080"], env=env, cwd=ROOT, capture_output=True,
                          text=True).stdout.strip() == "8080"


def test_feed_share_and_e_mail_links_all_use_the_site_address(world, lists, settings, smtp):
    settings.SITE_URL = SITE
    assert mail.absolute("/x/") == f"{SITE}/x/"
    client = world.client("manager")
    # a calendar feed address
    page = client.post(f"/p/{world.partnership.pk}/meetings/calendar/new/", {"scope": "partnership"}, follow=True)
    assert f"{SITE}/calendar/" in page.content.decode()
    # the share link and embed form of a mailing list
    page = client.get(f"/p/{world.partnership.pk}/lists/{lists.shared.pk}/").content.decode()
    assert f"{SITE}/lists/{lists.shared.slug}/" in page and "http://testserver" not in page
    # a campaign's unsubscribe and preferences links
    subscribe(lists.shared, "reader@example.org")
    campaign = sending.campaign_save(actor=None, mailing_list=lists.shared, subject="News", body="Hello.")
    sending.campaign_start(actor=None, campaign=campaign)
    text = smtp.text(smtp.to("reader@example.org")[0])
    assert f"{SITE}/lists/unsubscribe/" in text and f"{SITE}/lists/preferences/" in text
    assert "testserver" not in smtp.to("reader@example.org")[0]["List-Unsubscribe"]
