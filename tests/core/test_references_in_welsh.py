"""A delete refused because other records still name the record is one whole sentence in the reader's language,
with what names it counted in that language's plural forms ("1 action", "2 gam gweithredu"); the English is as
it was."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import ForeignObjectRel
from django.utils import translation

from accord.core.references import COUNTED, counted
from accord.governance import services as governance
from accord.governance.models import Action
from accord.partners import corrections
from accord.partners.models import Person

DELETABLE = (
    "delivery.area",
    "governance.meetingseries",
    "governance.meeting",
    "charter.goal",
    "charter.commitment",
    "partners.person",
    "partners.organisation",
)


@pytest.fixture
def named(world):
    person = Person.objects.create(
        partnership=world.partnership,
        organisation=world.org_b,
        name="Jon Smiht",
        seniority="staff",
        start_date=dt.date(2024, 1, 1),
    )
    series = governance.series_create(
        actor=None,
        partnership=world.partnership,
        title="Board",
        notify=False,
        rrule="FREQ=MONTHLY;BYDAY=1TU",
        starts_on=dt.date(2024, 1, 1),
    )
    meeting = series.meetings.order_by("start").first()
    for title in ("Send data", "Book room"):
        governance.action_add(actor=None, meeting=meeting, title=title, owner=person, due=dt.date(2024, 3, 1))
    return person


def test_the_refusal_is_one_sentence_in_english_and_in_welsh(named):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        corrections.check_person_deletable(named)
    assert exc.value.code == "referenced"
    with translation.override("en"):
        assert exc.value.messages == [
            "Jon Smiht cannot be deleted: other records still name them (2 actions). If Jon Smiht has moved on, "
            "give an end date on their page instead: the record of what they did stays true."
        ]
    # raised in English, read in Welsh: the sentence and the count are put together when read
    with translation.override("cy"):
        text = exc.value.messages[0]
    assert text.startswith("Ni ellir dileu Jon Smiht") and "(2 gam gweithredu)" in text
    assert "cannot be deleted" not in text and "actions" not in text


def test_the_refusal_on_the_page_is_in_welsh(world, named):
    page = world.client("manager").get(f"/p/{world.partnership.pk}/people/{named.pk}/delete/", {"lang": "cy"})
    text = page.content.decode()
    assert "2 gam gweithredu" in text and "other records still name" not in text


@pytest.mark.parametrize(
    ("n", "english", "welsh"),
    [
        (1, "1 action", "1 cam gweithredu"),
        (2, "2 actions", "2 gam gweithredu"),
        (3, "3 actions", "3 cam gweithredu"),
        (8, "8 actions", "8 cam gweithredu"),
    ],
)
def test_counts_take_each_languages_plurals(n, english, welsh):
    with translation.override("en"):
        assert counted(Action, n) == english
    with translation.override("cy"):
        assert counted(Action, n) == welsh


def test_every_kind_that_can_name_a_deletable_record_is_counted_in_words():
    kinds = set()
    for label in DELETABLE:
        for rel in apps.get_model(label)._meta.get_fields(include_hidden=True):
            if isinstance(rel, ForeignObjectRel) and rel.related_model is not None and not rel.concrete:
                if not rel.related_model._meta.auto_created:
                    kinds.add(rel.related_model._meta.label_lower)
    assert not kinds - set(COUNTED), sorted(kinds - set(COUNTED))
    for kind, phrase in COUNTED.items():
        with translation.override("en"):
            english = str(phrase % {"count": 2})
        with translation.override("cy"):
            assert str(phrase % {"count": 2}) != english, kind
