"""An alert's reason and what to look at, and a handover's checklist, are written when something happens
and read later: each reads in its reader's language (page, API, e-mail), whichever language was active
when it was written; one written before they were stored as messages still shows as it was."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from accord.health import services
from accord.health.models import Alert, Handover
from accord.lib import stored_text

from .conftest import TODAY, save, wave

ENGLISH = "has waited 100 days for signatures"
WELSH = "wedi aros 100 diwrnod am lofnodion"
LOOK_ENGLISH = "Look at the charter and ask the partners"
LOOK_WELSH = "Edrychwch ar y siarter"


def _unsigned(fake):
    fake.charter = {
        "agreed_version": None,
        "agreed_on": None,
        "draft_version": 2,
        "draft_since": TODAY - dt.timedelta(days=100),
        "unsigned_orgs": ["Beta Trust"],
        "url": "/p/1/charter/",
    }


def _fire(world, fake, language):
    _unsigned(fake)
    with translation.override(language):
        [alert] = services.evaluate(world.partnership, TODAY)
    return alert


def test_an_alert_fired_in_welsh_reads_in_english_and_one_fired_in_english_reads_in_welsh(world, fake):
    alert = _fire(world, fake, "cy")
    client = world.client("manager")
    alerts = f"/p/{world.partnership.pk}/health/alerts/"
    english = client.get(alerts + "?lang=en").content.decode()
    assert ENGLISH in english and LOOK_ENGLISH in english and WELSH not in english
    welsh = client.get(alerts + "?lang=cy").content.decode()
    assert WELSH in welsh and LOOK_WELSH in welsh and ENGLISH not in welsh
    one = client.get(f"{alerts}{alert.pk}/?lang=cy").content.decode()
    assert WELSH in one and ENGLISH not in one
    home = client.get(f"/p/{world.partnership.pk}/health/?lang=cy").content.decode()
    assert WELSH in home and ENGLISH not in home
    assert ENGLISH in stored_text.english(alert.reason) and ENGLISH in str(alert)


def test_the_api_answers_in_the_requests_language(world, fake):
    _fire(world, fake, "en")
    client = world.client("manager")
    url = f"/api/partnerships/{world.partnership.pk}/health/alerts"
    [welsh] = client.get(url, HTTP_ACCEPT_LANGUAGE="cy").json()
    assert WELSH in welsh["reason"] and LOOK_WELSH in welsh["look_at"]
    [english] = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    assert ENGLISH in english["reason"] and LOOK_ENGLISH in english["look_at"]


def test_the_digest_is_in_the_managers_language(world, fake, smtp):
    _fire(world, fake, "en")
    manager = world.users["manager"]
    manager.language = "cy"
    manager.save(update_fields=["language"])
    with translation.override("en"):
        assert services.send_digests(TODAY) == 1
    body = smtp.text(smtp.messages[-1])
    assert WELSH in body and LOOK_WELSH in body and ENGLISH not in body


def test_a_confidential_reason_and_its_general_form_read_in_welsh(world, fake):
    fake.waves = [
        {**wave(1, dt.date(2026, 1, 10), 70.0), "name": "Summer"},
        {**wave(2, dt.date(2026, 5, 10), 68.0), "name": "Winter"},
    ]
    fake.received = {1: {world.org_b.pk: 3.4}, 2: {world.org_b.pk: 2.7}}
    with translation.override("en"):
        [alert] = services.evaluate(world.partnership, TODAY)
    assert alert.confidential
    with translation.override("cy"):
        full, general = stored_text.render(alert.reason), stored_text.render(alert.general_reason)
    assert "Beta Trust" in full and "3.40" in full and "fell from" not in full
    assert "Beta Trust" not in general and "Summer" in general and "Trust in a partner" not in general
    assert stored_text.english(alert.general_reason).startswith(
        "Trust in a partner fell between Summer and Winter"
    )


def test_an_alert_stored_as_english_before_keeps_showing(world, fake):
    rule = services.rules_ensure(world.partnership)[0]
    Alert.objects.create(
        partnership=world.partnership,
        rule=rule,
        cause_key="old",
        fired_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        reason="An old reason, written in English.",
        look_at="An old look.",
    )
    page = world.client("manager").get(f"/p/{world.partnership.pk}/health/alerts/?lang=cy").content.decode()
    assert "An old reason, written in English." in page and "An old look." in page


def _leave(world, fake, language):
    fake.held = {
        "meetings": [],
        "relationships": [],
        "commitments": [],
        "actions": [
            {
                "title": "Draft the data-sharing agreement",
                "due": dt.date(2026, 2, 1),
                "url": "/p/1/actions/9/",
            }
        ],
        "items": [
            {"id": 5, "title": "Practice guide", "url": "/p/1/library/items/5/"},
            {"id": 6, "title": "Toolkit", "url": "/p/1/library/items/6/"},
        ],
    }
    leader = world.people["leader_b"]
    leader.end_date = dt.date(2026, 1, 31)
    with translation.override(language):
        save(leader)
    return Handover.objects.get(partnership=world.partnership, leaving=leader)


def test_a_handover_checklist_made_in_english_reads_in_welsh(world, fake):
    handover = _leave(world, fake, "en")
    client = world.client("manager")
    url = f"/p/{world.partnership.pk}/health/handovers/{handover.pk}/"
    welsh = client.get(url + "?lang=cy").content.decode()
    assert "Cyflwynwch yr arweinydd newydd i Alpha Charity" in welsh
    assert "Introduce the incoming leader" not in welsh and "Give the action" not in welsh
    assert "2 eitem llyfrgell" in welsh  # a plural, in Welsh
    english = client.get(url + "?lang=en").content.decode()
    assert "Introduce the incoming leader to Alpha Charity" in english
    assert "Name a new owner for the 2 library items Leader B wrote" in english
    api = (
        world.client("manager")
        .get(f"/api/partnerships/{world.partnership.pk}/health/handovers", HTTP_ACCEPT_LANGUAGE="cy")
        .json()
    )  # a new client: no language cookie
    texts = [i["text"] for i in api[0]["items"]]
    assert "Cyflwynwch yr arweinydd newydd i Alpha Charity" in texts


def test_a_handover_checklist_made_in_welsh_reads_in_english_and_added_words_stay(world, fake):
    handover = _leave(world, fake, "cy")
    client = world.client("manager")
    url = f"/p/{world.partnership.pk}/health/handovers/{handover.pk}/"
    client.post(url + "?lang=cy", {"action": "add", "text": "Hand over the budget file"})
    english = client.get(url + "?lang=en").content.decode()
    assert "Introduce the incoming leader to Alpha Charity" in english and "Cyflwynwch" not in english
    assert "Hand over the budget file" in english
    api = (
        world.client("manager")
        .get(f"/api/partnerships/{world.partnership.pk}/health/handovers", HTTP_ACCEPT_LANGUAGE="en")
        .json()
    )
    assert "Give the action “Draft the data-sharing agreement” a new owner" in [
        i["text"] for i in api[0]["items"]
    ]
