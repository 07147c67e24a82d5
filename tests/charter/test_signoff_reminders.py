"""Leaders whose organisation has not signed the current draft are reminded by e-mail on the 7th,
21st and 42nd day, with a link straight to the charter; those who signed are not."""

import datetime as dt

from django.utils import timezone

from accord.charter import services
from accord.charter.models import CharterVersion
from tests.conftest import SmtpSink


def _age(draft, days):
    made = timezone.now() - dt.timedelta(days=days)
    CharterVersion.objects.filter(pk=draft.pk).update(created_at=made)
    return timezone.localdate()


def test_only_the_unsigned_partners_leader_is_reminded_on_the_seventh_day(world, draft, smtp):
    services.signoff_record(actor=world.users["leader_a"], version=draft)
    today = _age(draft, 7)
    assert services.signoff_reminders(today=today) == 1
    [message] = smtp.messages
    assert message["To"] == "leader_b@example.org"
    body = SmtpSink.text(message)
    assert f"http://testserver/p/{world.partnership.pk}/charter/" in body and "Beta Trust" in body


def test_no_reminder_on_other_days_or_once_agreed(world, draft, smtp):
    today = _age(draft, 8)
    assert services.signoff_reminders(today=today) == 0
    services.signoff_record(actor=world.users["leader_a"], version=draft)
    services.signoff_record(actor=world.users["leader_b"], version=draft)
    today = _age(draft, 21)
    assert services.signoff_reminders(today=today) == 0
    assert smtp.messages == []


def test_a_replaced_draft_is_not_chased(world, draft, smtp):
    services.version_create(actor=world.users["manager"], partnership=world.partnership,
                            mission="Stop abuse at source, together.")
    today = _age(draft, 7)
    assert services.signoff_reminders(today=today) == 0
