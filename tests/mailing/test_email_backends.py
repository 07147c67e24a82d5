"""A campaign is sent with every e-mail backend Django offers, not only SMTP: `make run` prints mail to
the console, and a campaign must still reach "Sent" with one delivery per subscriber, nobody twice."""

from collections import Counter

import pytest
from django.core import mail

from accord.mailing import sending
from accord.mailing.models import Campaign, Delivery

from .conftest import subscribe

BACKENDS = ["smtp", "console", "filebased", "locmem", "dummy"]
READERS = [f"reader{i}@example.org" for i in range(4)]


@pytest.fixture
def backend(request, settings, tmp_path, capsys):
    """Point Django at one backend; return a function listing the recipients it delivered to (None
    for the dummy backend, which keeps nothing)."""
    name = request.param
    if name == "smtp":
        sink = request.getfixturevalue("smtp")
        return lambda: [str(m["To"]) for m in sink.messages]
    settings.EMAIL_BACKEND = f"django.core.mail.backends.{name}.EmailBackend"
    if name == "filebased":
        settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
        return lambda: [line.split(":", 1)[1].strip() for f in (tmp_path / "mail").iterdir()
                        for line in f.read_text().splitlines() if line.startswith("To: ")]
    if name == "console":
        return lambda: [line.split(":", 1)[1].strip() for line in capsys.readouterr().out.splitlines()
                        if line.startswith("To: ")]
    if name == "locmem":
        return lambda: [m.to[0] for m in mail.outbox]
    return lambda: None


@pytest.mark.parametrize("backend", BACKENDS, indirect=True)
def test_a_campaign_reaches_sent_with_every_backend(lists, backend):
    for address in READERS:
        subscribe(lists.shared, address)
    campaign = sending.campaign_save(actor=None, mailing_list=lists.shared, subject="Spring news", body="Hello.")
    sending.campaign_start(actor=None, campaign=campaign)  # huey runs the sender at once in tests
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT
    rows = Delivery.objects.filter(campaign=campaign)
    assert rows.count() == len(READERS) and set(rows.values_list("status", flat=True)) == {"sent"}
    assert Counter(rows.values_list("subscriber__email", flat=True)) == Counter(READERS)
    delivered = backend()
    if delivered is not None:  # every backend but the dummy one keeps what it was given
        assert sorted(delivered) == READERS


@pytest.mark.parametrize("url", ["console://", "file://", "file:///MAILDIR", "memory://", "dummy://"])
def test_every_email_url_gives_a_backend_that_sends(url, tmp_path):
    """EMAIL_URL as an administrator writes it: file:// without a path keeps messages in var/mail."""
    import os
    import subprocess
    import sys

    url = url.replace("/MAILDIR", str(tmp_path / "maildir"))
    # Only the settings and the mail package are loaded (not every app): what turns EMAIL_URL into a backend.
    code = ("from django.conf import settings; from django.core import mail; "
            "n = mail.get_connection().send_messages([mail.EmailMessage('s', 'b', 'a@example.org', ['b@example.org'])]); "
            "print('SENT', n, settings.EMAIL_FILE_PATH)")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "accord.settings", "EMAIL_URL": url,
           "ACCORD_VAR_DIR": str(tmp_path / "var")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    last = out.stdout.strip().splitlines()[-1]
    assert last.startswith("SENT 1")
    if url.startswith("file"):
        folder = tmp_path / "maildir" if "maildir" in url else tmp_path / "var" / "mail"
        assert last.endswith(str(folder)) and len(list(folder.iterdir())) == 1
