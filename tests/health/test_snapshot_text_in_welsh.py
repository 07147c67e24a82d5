"""A health snapshot's sentences and evidence titles are made once a month and read for months after:
a snapshot made in English reads in Welsh for a Welsh reader (page and API), with the same numbers; one
stored before the sentences were kept (plain text) still shows as it was."""

from __future__ import annotations

from django.utils import translation

from accord.health import services
from accord.health.models import HealthSnapshot

from .conftest import TODAY, full

KEPT_EN = "3 of 4 commitments kept on time. 2 of 10 actions overdue."
KEPT_CY = "Cadwyd 3 o 4 ymrwymiad mewn pryd. Mae 2 o 10 cam gweithredu yn hwyr."
TITLE_EN, TITLE_CY = "The charter and its commitments", "Y siarter a’i hymrwymiadau"


def _snapshot_in_english(world, fake) -> HealthSnapshot:
    full(fake, world)
    with translation.override("en"):
        return services.snapshot_take(partnership=world.partnership, as_of=TODAY)


def test_a_snapshot_made_in_english_reads_in_welsh_on_the_health_page(world, fake):
    snap = _snapshot_in_english(world, fake)
    commitments = next(c for c in snap.components if c["key"] == "commitments")
    assert commitments["explanation"] == KEPT_EN  # stored as made, in English, for old readers
    page = f"/p/{world.partnership.pk}/health/"
    client = world.client("manager")
    welsh = client.get(page + "?lang=cy").content.decode()
    assert KEPT_CY in welsh and TITLE_CY in welsh and "Cyfarfod ar " in welsh
    assert KEPT_EN not in welsh and TITLE_EN not in welsh and "Meeting on" not in welsh
    english = client.get(page + "?lang=en").content.decode()
    assert KEPT_EN in english and TITLE_EN in english and KEPT_CY not in english


def test_the_api_gives_the_snapshot_in_the_requests_language_with_the_same_numbers(world, fake):
    snap = _snapshot_in_english(world, fake)
    client = world.client("manager")
    url = f"/api/partnerships/{world.partnership.pk}/health/snapshots"
    [welsh] = client.get(url, HTTP_ACCEPT_LANGUAGE="cy").json()
    [english] = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    [cy] = [c for c in welsh["components"] if c["key"] == "commitments"]
    [en] = [c for c in english["components"] if c["key"] == "commitments"]
    assert cy["explanation"] == KEPT_CY and en["explanation"] == KEPT_EN
    assert TITLE_CY in [e["title"] for e in cy["evidence"]] and set(cy["evidence"][0]) == {"title", "url"}
    assert [c["score"] for c in welsh["components"]] == [c["score"] for c in snap.components]


def test_a_snapshot_stored_as_plain_text_still_shows_as_it_was(world, fake):
    snap = _snapshot_in_english(world, fake)
    for c in snap.components:
        c.pop("explanation_text", None)
        c["explanation"] = "An old explanation." if c["key"] == "commitments" else c["explanation"]
        for e in c["evidence"]:
            e.pop("title_text", None)
    snap.save()
    welsh = world.client("manager").get(f"/p/{world.partnership.pk}/health/?lang=cy").content.decode()
    assert "An old explanation." in welsh and TITLE_EN in welsh
