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
def backend(request, settings, tmp_path, capsys):  # type: ignore[no-untyped-def]
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
