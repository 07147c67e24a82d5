"""Replies, papers, outcomes and the inbound-mail webhook speak the reader's language; the English stays as it was."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from accord.governance import services

CY = {"lang": "cy"}


def _page(client, url, **query):
    return html.unescape(client.get(url, query).content.decode())


@pytest.fixture
def meeting(series):
    return series.meetings.order_by("start").first()


def test_the_calendar_reply_and_paper_pages_in_welsh(world, meeting):
    client, p = world.client("manager"), world.partnership.pk
    url = reverse("governance:calendar-reply", args=[p, meeting.pk])
    welsh = _page(client, url, **CY)
    assert "Yr ateb calendr (.ics)" in welsh and "Pan fydd gwahoddai'n ateb y gwahoddiad" in welsh
    assert "The calendar reply (.ics)" not in welsh and "When an invitee answers" not in welsh
    english = _page(client, url, lang="en")
    assert "The calendar reply (.ics)" in english and "When an invitee answers the invitation" in english
    url = reverse("governance:paper-add", args=[p, meeting.pk])
    welsh = _page(client, url, **CY)
    assert (
        "Ar gyfer eitem agenda" in welsh
        and "Y cyfarfod cyfan" in welsh
        and "Gadewch yn wag i ddefnyddio enw'r ffeil." in welsh
    )
    assert (
        "Caiff papurau eu gwirio" in welsh
        and "For agenda item" not in welsh
        and "Papers are checked" not in welsh
    )
    english = _page(client, url, lang="en")
    assert (
        "For agenda item" in english
        and "The whole meeting" in english
        and "Papers are checked as library" in english
    )


def test_propose_move_and_minutes_pages_in_welsh(world, meeting):
    client, p = world.client("manager"), world.partnership.pk
    propose = _page(client, reverse("governance:decision-add", args=[p, meeting.pk]), **CY)
    assert ">Cynnig</button>" in propose and ">Propose</button>" not in propose
    assert ">Propose</button>" in _page(
        client, reverse("governance:decision-add", args=[p, meeting.pk]), lang="en"
    )
    move = _page(client, reverse("governance:meeting-move", args=[p, meeting.pk]), **CY)
    assert "Mae'r amseroedd yn amser Europe/London. Dim ond y cyfarfod hwn sy'n symud" in move
    assert "Times are in" not in move
    item = services.agenda_item_add(
        actor=world.users["manager"],
        meeting=meeting,
        title="Data sharing",
        minutes_allotted=10,
        papers=[],
        owner=None,
    )
    minutes = _page(client, reverse("governance:minutes", args=[p, item.pk]), **CY)
    assert "Gellir newid cofnodion drafft nes i'r cyfarfod nesaf eu cymeradwyo." in minutes
    assert "Draft minutes can be changed" not in minutes
    assert "Yr hyn a ddywedwyd ac y cytunwyd arno (drafft nes ei gymeradwyo)." in minutes
    assert "What was said and agreed" not in minutes
    assert "Draft minutes can be changed until the next meeting approves them." in _page(
        client, reverse("governance:minutes", args=[p, item.pk]), lang="en"
    )


def test_the_meeting_page_counts_not_recorded_in_welsh(world, meeting):
    client = world.client("manager")
    welsh = _page(client, meeting.get_absolute_url(), who="a", **CY)
    assert "heb ei gofnodi " in welsh and "not recorded" not in welsh
    assert "not recorded " in _page(client, meeting.get_absolute_url(), who="a", lang="en")


def test_refusing_someone_elses_action_speaks_welsh(world, meeting):
    import datetime as dt

    action = services.action_add(
        actor=world.users["manager"],
        meeting=meeting,
        title="Send data",
        owner=world.people["staff_a"],
        due=dt.date(2024, 3, 1),
    )
    client = world.client("staff_b")
    welsh = client.post(action.get_absolute_url() + "?lang=cy", {"status": "done"})
    page = html.unescape(welsh.content.decode())
    assert welsh.status_code == 403 and "Dim ond perchennog y cam gweithredu" in page
    assert "Only the action's owner" not in page
    english = client.post(action.get_absolute_url() + "?lang=en", {"status": "done"})
    assert "Only the action's owner, its organisation or the manager can update it." in html.unescape(
        english.content.decode()
    )


SECRET = "s3cret-webhook-value"


def test_the_inbound_mail_webhook_answers_in_the_askers_language(client, settings):
    settings.ACCORD_INBOUND_MAIL_SECRET = SECRET
    url = reverse("governance:inbound-mail")
    welsh = client.get(url, HTTP_ACCEPT_LANGUAGE="cy")
    assert welsh.status_code == 405 and welsh.json()["error"] == "Anfonwch un neges e-bost."
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["error"] == "Post one e-mail message."
    wrong = client.post(
        url, b"x", content_type="message/rfc822", HTTP_AUTHORIZATION="Bearer wrong", HTTP_ACCEPT_LANGUAGE="cy"
    )
    assert wrong.status_code == 403 and "cyfrinach" in wrong.json()["error"]


def test_a_personal_calendar_is_named_in_its_owners_language(world, series, client):
    user = world.users["leader_a"]
    user.language = "cy"
    user.save(update_fields=["language"])
    feed, raw = services.feed_issue(actor=user, partnership=world.partnership, scope="person")
    body = client.get(reverse("governance:feed", args=[raw])).content.decode()
    assert re.search(r"X-WR-CALNAME:Cyfarfodydd fy mhartneriaeth", body)
    user.language = "en"
    user.save(update_fields=["language"])
    body = client.get(reverse("governance:feed", args=[raw])).content.decode()
    assert "X-WR-CALNAME:My partnership meetings" in body


def test_a_reply_link_for_someone_no_longer_expected_says_so_in_welsh(world, meeting, client):
    from accord.governance import replylinks

    row = meeting.attendance.order_by("pk").first()
    url = replylinks.reply_path(row)
    row.delete()
    welsh = html.unescape(client.get(url, CY).content.decode())
    assert "Nid yw'r ddolen hon yn perthyn i neb" in welsh and "no longer belongs" not in welsh
    english = html.unescape(client.get(url, {"lang": "en"}).content.decode())
    assert "This link no longer belongs to anyone expected at the meeting." in english


def test_the_meetings_notice_kinds_are_named_in_welsh():
    from accord.notices.kinds import KINDS

    with translation.override("cy"):
        assert str(KINDS["governance.action"].label).startswith("Cam gweithredu a roddwyd i chi")
        assert str(KINDS["governance.meeting_invited"].label) == "Cyfarfod y cewch eich gwahodd iddo"
    with translation.override("en"):
        assert str(KINDS["governance.action"].label) == "An action given to you, or its due date changed"


@pytest.mark.parametrize(
    ("rule", "zone", "english", "welsh"),
    [
        (
            "FREQ=MONTHLY;BYDAY=1TU",
            "Mars/Base",
            "“Mars/Base” is not a time zone.",
            "Nid yw “Mars/Base” yn gylchfa amser.",
        ),
        (
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
            "Europe/London",
            "This recurrence never produces a meeting: no date matches it.",
            "Nid yw'r rheol ailadrodd hon byth yn creu cyfarfod",
        ),
        (
            "FREQ=HOURLY",
            "Europe/London",
            "The rule must start with FREQ=DAILY",
            "Rhaid i'r rheol ddechrau gyda FREQ=DAILY",
        ),
    ],
)
def test_a_rule_that_cannot_be_read_is_refused_in_welsh(rule, zone, english, welsh):
    import datetime as dt

    from django.core.exceptions import ValidationError

    from accord.governance import recurrence

    for language, expected in (("en", english), ("cy", welsh)):
        with translation.override(language), pytest.raises(ValidationError) as exc:
            recurrence.check(rule, starts_on=dt.date(2024, 1, 1), start_time=dt.time(10), time_zone=zone)
        assert expected in " ".join(exc.value.messages)


def test_the_series_and_decision_forms_take_no_words_from_the_models_in_english(world, meeting):
    client, p = world.client("manager"), world.partnership.pk
    series = _page(client, reverse("governance:series-create", args=[p]), **CY)
    assert "Gadewch yn wag ar gyfer cyfres heb ddiwedd." in series and "Disgwylir uwch arweinwyr" in series
    assert "Leave empty for a series with no end." not in series and "Senior leaders expected" not in series
    english = _page(client, reverse("governance:series-create", args=[p]), lang="en")
    assert "Leave empty for a series with no end." in english and "Senior leaders expected" in english
    decision = _page(client, reverse("governance:decision-add", args=[p, meeting.pk]), **CY)
    assert "Angen cydsyniad pob partner" in decision and "Not carried while" not in decision


@pytest.mark.parametrize(
    ("rule", "welsh"),
    [
        ("FREQ=MONTHLY;BYDAY=1TU", "y dydd Mawrth cyntaf o bob mis"),
        ("FREQ=MONTHLY;BYDAY=2WE", "yr ail ddydd Mercher o bob mis"),
        ("RRULE:FREQ=MONTHLY;BYDAY=-1FR", "y dydd Gwener olaf o bob mis"),
        ("FREQ=WEEKLY;BYDAY=MO", "bob dydd Llun"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", "bob pythefnos ar ddydd Iau"),
        # the rest are described in full in English only; a Welsh reader is shown the rule
        ("FREQ=MONTHLY;BYMONTHDAY=15", "yn ailadrodd yn ôl y rheol FREQ=MONTHLY;BYMONTHDAY=15"),
    ],
)
def test_the_common_rules_read_in_welsh(rule, welsh):
    from accord.governance.recurrence import describe

    with translation.override("cy"):
        assert describe(rule) == welsh


def test_the_meetings_page_says_how_often_in_welsh(world, series):
    page = _page(world.client("manager"), f"/p/{world.partnership.pk}/meetings/", **CY)
    assert "Y dydd Mawrth cyntaf o bob mis am 10:00" in page and "First Tuesday" not in page
