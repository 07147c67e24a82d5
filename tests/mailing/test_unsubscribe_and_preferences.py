"""Leaving: List-Unsubscribe headers on every message, the one-click POST (no cookie, no CSRF token,
no redirect), the page with one button, and the preferences page."""

from django.test import Client

from accord.mailing.models import ConsentRecord, Subscriber

from .conftest import link, signup_data, subscribe


def _headers_ok(message):
    unsub = message["List-Unsubscribe"]
    assert "<http://testserver/lists/unsubscribe/" in unsub and "<mailto:" in unsub
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    return unsub.split("<http://testserver", 1)[1].split(">", 1)[0]


def test_the_confirmation_mail_carries_the_unsubscribe_headers(lists, smtp):
    Client().post("/lists/news/", signup_data(lists.shared, "head@example.org"))
    _headers_ok(smtp.to("head@example.org")[0])


def test_one_click_post_unsubscribes_at_once_without_cookie_or_csrf(lists, smtp):
    subscriber = subscribe(lists.shared, "leaver@example.org")
    Client().post("/lists/news/", signup_data(lists.shared, "leaver@example.org"))  # the "already" note
    path = _headers_ok(smtp.to("leaver@example.org")[0])
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(path, data="List-Unsubscribe=One-Click",
                                 content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200  # never a redirect
    assert "unsubscribed" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"
    record = subscriber.consent_records.last()
    assert (record.action, record.method) == ("unsubscribed", "email_link")
    again = mail_program.post(path, data="List-Unsubscribe=One-Click",
                              content_type="application/x-www-form-urlencoded")
    assert again.status_code == 200
    assert ConsentRecord.objects.filter(action="unsubscribed").count() == 1


def test_opening_the_link_shows_one_button_and_changes_nothing(lists, smtp):
    subscriber = subscribe(lists.shared, "looker@example.org")
    Client().post("/lists/news/", signup_data(lists.shared, "looker@example.org"))
    path = _headers_ok(smtp.to("looker@example.org")[0])
    page = Client().get(path).content.decode()
    assert page.count("<button") == 1  # one button, nothing else to press
    assert "Unsubscribe</button>" in page
    subscriber.refresh_from_db()
    assert subscriber.status == "subscribed"
    browser = Client(enforce_csrf_checks=True).post(path)
    assert browser.status_code == 200 and "You have left the list" in browser.content.decode()


def test_a_forged_one_click_link_is_refused_plainly(lists):
    response = Client().post("/lists/unsubscribe/forged/", data="List-Unsubscribe=One-Click",
                             content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and "not valid" in response.content.decode()


def test_the_preferences_link_changes_topics_and_leaves(lists, smtp):
    subscriber = subscribe(lists.shared, "prefs@example.org", topics=["Research"])
    Client().post("/lists/news/preferences/", {"email": "prefs@example.org"})
    path = link(smtp.text(smtp.to("prefs@example.org")[0]), "preferences")
    client = Client()
    page = client.get(path).content.decode()
    assert "Research" in page and "Events" in page
    events = lists.shared.topics.get(name="Events")
    client.post(path, {"action": "topics", "topics": [events.pk]})
    assert list(subscriber.topics.all()) == [events]
    assert subscriber.consent_records.last().action == "topics"
    client.post(path, {"action": "leave"})
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"


def test_asking_for_a_link_answers_the_same_for_unknown_addresses(lists, smtp):
    subscribe(lists.shared, "member@example.org")
    known = Client().post("/lists/news/preferences/", {"email": "member@example.org"})
    unknown = Client().post("/lists/news/preferences/", {"email": "stranger@example.org"})
    assert known.content == unknown.content
    assert len(smtp.to("member@example.org")) == 1 and smtp.to("stranger@example.org") == []
    assert not Subscriber.objects.filter(email="stranger@example.org").exists()
