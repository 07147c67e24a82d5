"""Signing up through the public page: double opt-in over real SMTP, the same answer for every
address, the honeypot, rate limits, consent records and the purge of unconfirmed sign-ups."""

import datetime as dt

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from accord.mailing import services
from accord.mailing.models import ConsentRecord, Subscriber
from accord.mailing.tasks import purge_unconfirmed

from .conftest import STATEMENT, link, signup_data, subscribe


def test_the_sign_up_page_shows_the_statement_exactly_with_its_version(lists):
    page = Client().get("/lists/news/").content.decode()
    assert STATEMENT in page
    assert "Statement version 1" in page
    assert "Research" in page and "Events" in page
    assert 'name="website"' in page  # the honeypot


def test_it_sends_a_confirmation_and_only_the_button_confirms(lists, smtp):
    client = Client()
    topic = lists.shared.topics.get(name="Events")
    response = client.post("/lists/news/", signup_data(lists.shared, "Ada@Example.org", topics=[topic.pk]))
    assert response.status_code == 200 and "Check your inbox" in response.content.decode()
    subscriber = Subscriber.objects.get(email="ada@example.org")
    assert subscriber.status == "pending" and subscriber.name == ""  # nothing inferred from the address
    [message] = smtp.to("ada@example.org")
    assert "Please confirm" in message["Subject"]
    path = link(smtp.text(message), "confirm")
    assert path in smtp.html(message)

    page = client.get(path)  # a mail scanner opening the link changes nothing
    assert page.status_code == 200 and "Yes, subscribe me" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"

    done = client.post(path)
    assert "You are subscribed" in done.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "subscribed" and list(subscriber.topics.all()) == [topic]
    again = client.post(path)
    assert "Already confirmed" in again.content.decode()

    records = list(subscriber.consent_records.values_list("action", "method", "statement__version", "ip"))
    assert records == [("signed_up", "form", 1, None), ("confirmed", "email_link", 1, None)]


def test_the_ip_address_is_recorded_only_when_the_owner_turns_it_on(lists, smtp):
    lists.shared.record_ip = True
    lists.shared.save()
    Client(REMOTE_ADDR="203.0.113.9").post("/lists/news/", signup_data(lists.shared, "ip@example.org"))
    assert ConsentRecord.objects.get(email="ip@example.org").ip == "203.0.113.9"


def test_the_answer_is_the_same_whether_or_not_the_address_is_subscribed(lists, smtp):
    subscribe(lists.shared, "known@example.org")
    new = Client().post("/lists/news/", signup_data(lists.shared, "new@example.org"))
    known = Client().post("/lists/news/", signup_data(lists.shared, "known@example.org"))
    assert new.status_code == known.status_code == 200
    assert new.content == known.content
    [note] = smtp.to("known@example.org")
    assert "already subscribed" in note["Subject"]
    assert Subscriber.objects.get(email="known@example.org").status == "subscribed"


def test_a_robot_filling_the_honeypot_gets_the_usual_answer_and_nothing_is_kept(lists, smtp):
    response = Client().post("/lists/news/", signup_data(lists.shared, "bot@example.org", website="http://spam"))
    assert "Check your inbox" in response.content.decode()
    assert not Subscriber.objects.filter(email="bot@example.org").exists()
    assert smtp.messages == []


@pytest.mark.parametrize("address", ["not-an-address", "a@b", "two@@example.org", ""])
def test_a_malformed_address_is_refused_with_a_clear_message(lists, address):
    response = Client().post("/lists/news/", signup_data(lists.shared, address))
    assert response.status_code == 400
    assert "e-mail address" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_without_agreeing_nothing_is_saved(lists):
    data = signup_data(lists.shared, "shy@example.org")
    del data["agree"]
    response = Client().post("/lists/news/", data)
    assert response.status_code == 400 and "Tick the box" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_a_form_showing_old_wording_must_be_read_again(lists):
    old = signup_data(lists.shared, "late@example.org")
    services.list_update(actor=None, mailing_list=lists.shared, statement="New wording.", topics=["Research"])
    response = Client().post("/lists/news/", old)
    assert response.status_code == 400
    assert "has changed" in response.content.decode() and "New wording." in response.content.decode()
    assert not Subscriber.objects.exists()


def test_rate_limits_per_ip_and_per_address(lists, smtp, settings):
    settings.MAILING_SIGNUPS_PER_ADDRESS = 2
    settings.MAILING_SIGNUPS_PER_IP = 4
    client = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(3):
        assert client.post("/lists/news/", signup_data(lists.shared, "flood@example.org")).status_code == 200
    assert len(smtp.to("flood@example.org")) == 2  # the third answer is the same, but nothing is sent
    client.post("/lists/news/", signup_data(lists.shared, "other@example.org"))
    refused = client.post("/lists/news/", signup_data(lists.shared, "fifth@example.org"))
    assert refused.status_code == 429 and "try again" in refused.content.decode()
    assert not Subscriber.objects.filter(email="fifth@example.org").exists()


def test_forged_and_expired_links_say_what_is_wrong(lists, smtp, monkeypatch, settings):
    settings.MAILING_PURGE_UNCONFIRMED_DAYS = 7
    real_time = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() - 8 * 86400)  # the e-mail is 8 days old
    Client().post("/lists/news/", signup_data(lists.shared, "late@example.org"))
    monkeypatch.setattr(signing.time, "time", real_time)
    path = link(smtp.text(smtp.messages[-1]), "confirm")
    expired = Client().post(path)
    assert expired.status_code == 400 and "expired" in expired.content.decode()
    forged = Client().post(path[:-6] + "xxxxx/")
    assert forged.status_code == 400 and "not valid" in forged.content.decode()
    assert Subscriber.objects.get(email="late@example.org").status == "pending"


def test_unconfirmed_sign_ups_are_purged_after_the_configured_days(lists, smtp, settings):
    settings.MAILING_PURGE_UNCONFIRMED_DAYS = 7
    Client().post("/lists/news/", signup_data(lists.shared, "stale@example.org"))
    Client().post("/lists/news/", signup_data(lists.shared, "fresh@example.org"))
    confirm_path = link(smtp.text(smtp.to("stale@example.org")[0]), "confirm")
    Subscriber.objects.filter(email="stale@example.org").update(requested_at=timezone.now() - dt.timedelta(days=8))
    subscribe(lists.shared, "old-but-confirmed@example.org")
    Subscriber.objects.filter(email="old-but-confirmed@example.org").update(
        requested_at=timezone.now() - dt.timedelta(days=80))
    purge_unconfirmed.call_local()
    assert set(Subscriber.objects.values_list("email", flat=True)) == {"fresh@example.org",
                                                                       "old-but-confirmed@example.org"}
    kept = ConsentRecord.objects.filter(action="purged").get()
    assert kept.email == "" and kept.redacted
    gone = Client().get(confirm_path)
    assert gone.status_code == 404 and "no longer works" in gone.content.decode()
