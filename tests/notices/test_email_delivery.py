"""E-mail by preference, over real SMTP (aiosmtpd): straight away, in a daily or weekly digest, or not
at all; once per event however often the worker runs; failures recorded and retried; a claim left by a
worker that died is taken over after its timeout."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from accord.notices import sending, services
from accord.notices.models import Digest, Notice
from accord.partners.models import Person
from tests.conftest import _free_port

from .conftest import PING, QUIET, emit

LONDON = ZoneInfo("Europe/London")


def test_an_immediate_notice_is_emailed_once_in_both_parts_as_soon_as_it_is_made(world, smtp,
                                                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notice, = emit(world, ["leader_a"], title="Please sign version 2")
    assert [str(m["To"]) for m in smtp.messages] == ["leader_a@example.org"]
    message = smtp.messages[0]
    assert message["Subject"] == "Please sign version 2"
    assert "http://testserver/notices/" in smtp.text(message) and 'href="http://testserver/notices/"' in smtp.html(message)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notices/unsubscribe/" in message["List-Unsubscribe"]
    assert message["Message-ID"] == f"<notice.{notice.pk}@testserver>"
    notice.refresh_from_db()
    assert notice.state == "sent" and notice.sent_at is not None
    sending.sweep()
    sending.sweep()
    assert len(smtp.messages) == 1  # reruns send nothing again


def test_someone_without_an_account_gets_the_kinds_default_at_their_recorded_address(world, smtp):
    person = Person.objects.create(partnership=world.partnership, organisation=world.org_b, name="No Account",
                                   email="Noaccount@Example.org", start_date=dt.date(2024, 1, 1))
    services.notify(partnership=world.partnership, people=[person], kind=PING, event_key="e:1", title="Hello",
                    url="/notices/")
    sending.sweep()
    assert [str(m["To"]) for m in smtp.messages] == ["noaccount@example.org"]
    assert "Choose what is e-mailed" not in smtp.text(smtp.messages[0])  # no account: nothing to sign in to


def test_not_by_email_means_the_notice_is_only_in_accord(world, smtp):
    services.preferences_set(actor=world.users["leader_a"], choices={PING: "off"})
    notice, = emit(world, ["leader_a"])
    sending.sweep()
    assert smtp.messages == []
    notice.refresh_from_db()
    assert notice.delivery == "off" and notice.state == "none"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON)


def test_a_daily_digest_gathers_a_days_notices_into_one_email_once(world, smtp, settings):
    settings.NOTICES_DIGEST_HOUR = 7
    services.preferences_set(actor=world.users["leader_a"], choices={PING: "daily"})
    emit(world, ["leader_a"], key="e:1", title="One thing")
    emit(world, ["leader_a"], key="e:2", title="Another thing")
    emit(world, ["leader_a"], kind=QUIET, key="e:3", title="A quiet thing")  # daily by its kind's default
    day = timezone.localdate() + dt.timedelta(days=10)
    Notice.objects.update(created_at=_at(day, 12))
    tomorrow = day + dt.timedelta(days=1)
    sending.sweep(now=_at(tomorrow, 6))  # before the digest hour: nothing yet
    assert smtp.messages == []
    sending.sweep(now=_at(tomorrow, 7))
    sending.sweep(now=_at(tomorrow, 8))
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["Subject"] == "Your daily Accord digest: 3 notices"
    text = smtp.text(message)
    assert "One thing" in text and "Another thing" in text and "A quiet thing" in text
    assert "Another thing" in smtp.html(message)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    digest = Digest.objects.get()
    assert digest.state == "sent" and set(Notice.objects.values_list("state", flat=True)) == {"in_digest"}
    emit(world, ["leader_a"], key="e:4", title="The next day")
    Notice.objects.filter(event_key="e:4").update(created_at=_at(tomorrow, 8))
    sending.sweep(now=_at(tomorrow, 9))  # made after the period ended: waits for the next digest
    assert len(smtp.messages) == 1
    sending.sweep(now=_at(tomorrow + dt.timedelta(days=1), 7))
    assert len(smtp.messages) == 2 and "The next day" in smtp.text(smtp.messages[1])


def test_a_weekly_digest_goes_on_the_chosen_weekday(world, smtp, settings):
    settings.NOTICES_DIGEST_HOUR, settings.NOTICES_WEEKLY_DAY = 7, 0  # Mondays
    services.preferences_set(actor=world.users["leader_b"], choices={PING: "weekly"})
    emit(world, ["leader_b"], title="This week")
    today = timezone.localdate()
    monday = today + dt.timedelta(days=14 - today.weekday())
    Notice.objects.update(created_at=_at(monday - dt.timedelta(days=3), 12))
    sending.sweep(now=_at(monday - dt.timedelta(days=1), 12))  # Sunday
    assert smtp.messages == []
    sending.sweep(now=_at(monday, 7))
    sending.sweep(now=_at(monday + dt.timedelta(days=1), 7))  # the daily moment does not resend a weekly one
    assert len(smtp.messages) == 1 and smtp.messages[0]["Subject"] == "Your weekly Accord digest: 1 notice"


def test_a_temporary_failure_is_recorded_and_retried_and_a_permanent_one_is_failed(world, smtp, settings):
    settings.NOTICES_RETRY_SECONDS = 60
    notice, = emit(world, ["leader_a"])
    real_port, settings.EMAIL_PORT = settings.EMAIL_PORT, _free_port()  # the mail server is down
    sending.sweep()
    notice.refresh_from_db()
    assert notice.state == "retry" and notice.attempts == 1 and "Connection" in notice.error
    settings.EMAIL_PORT = real_port
    sending.sweep()  # not yet due
    assert smtp.messages == []
    sending.sweep(now=timezone.now() + dt.timedelta(seconds=61))
    notice.refresh_from_db()
    assert notice.state == "sent" and len(smtp.messages) == 1


def test_the_last_failed_attempt_is_recorded_as_failed(world, settings):
    settings.NOTICES_MAX_ATTEMPTS = 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _free_port()
    notice, = emit(world, ["leader_a"])
    sending.sweep()
    notice.refresh_from_db()
    assert notice.state == "failed" and notice.error


def test_a_claim_left_by_a_dead_worker_is_taken_over_after_the_timeout_and_sent_once(world, smtp, settings):
    settings.NOTICES_CLAIM_SECONDS = 300
    notice, = emit(world, ["leader_a"])
    Notice.objects.filter(pk=notice.pk).update(state="claimed", claimed_by="dead", claimed_at=timezone.now())
    sending.sweep()
    assert smtp.messages == []  # another worker holds it (it may still be sending)
    sending.sweep(now=timezone.now() + dt.timedelta(seconds=301))
    sending.sweep(now=timezone.now() + dt.timedelta(seconds=302))
    assert len(smtp.messages) == 1
    notice.refresh_from_db()
    assert notice.state == "sent" and notice.claimed_by != "dead"


def test_two_workers_at_once_send_each_notice_once(world, smtp):
    for i in range(3):
        emit(world, ["leader_a", "leader_b"], key=f"e:{i}")
    first = sending.send_notices(worker="one")
    second = sending.send_notices(worker="two")
    assert first.sent == 6 and second.sent == 0 and len(smtp.messages) == 6


def test_changing_a_preference_moves_notices_still_waiting(world, smtp):
    services.preferences_set(actor=world.users["leader_a"], choices={QUIET: "daily"})
    notice, = emit(world, ["leader_a"], kind=QUIET)
    services.preferences_set(actor=world.users["leader_a"], choices={QUIET: "immediate"})
    sending.sweep()
    assert len(smtp.messages) == 1
    notice.refresh_from_db()
    assert notice.delivery == "immediate" and notice.state == "sent"


@pytest.mark.parametrize("bad", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_a_notice_links_only_to_this_site(world, bad):
    with pytest.raises(ValueError):
        services.notify(partnership=world.partnership, people=[world.people["leader_a"]], kind=PING,
                        event_key="e:1", title="x", url=bad)


def test_when_the_queue_is_down_the_action_stands_and_the_sweep_sends_later(world, smtp, monkeypatch,
                                                                           django_capture_on_commit_callbacks):
    from accord.charter import services as charter
    from accord.lib import queue

    def down(*args, **kwargs):
        raise queue.Unavailable()

    monkeypatch.setattr(queue, "enqueue", down)
    with django_capture_on_commit_callbacks(execute=True):
        version = charter.version_create(actor=world.users["manager"], partnership=world.partnership,
                                         mission="Work together.")
    assert version.pk and smtp.messages == []
    assert set(Notice.objects.values_list("state", flat=True)) == {"pending"}
    sending.sweep()
    assert sorted(str(m["To"]) for m in smtp.messages) == ["leader_a@example.org", "leader_b@example.org"]
