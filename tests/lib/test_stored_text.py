"""Text stored as a message and its values reads in the reader's language, whoever wrote it."""

from __future__ import annotations

import datetime as dt

from django.template import Context, Template
from django.utils import translation

from accord.lib import stored_text

# Messages Django's own Welsh catalogue already has, so the test needs no catalogue of ours.
SAVE = "Save"
YEAR_MESSAGE = "%(num)d year"  # Django's timesince singular, with its plural
YEARS_MESSAGE = "%(num)d years"


def test_written_in_welsh_reads_in_english_and_the_other_way() -> None:
    with translation.override("cy"):
        stored = stored_text.message(SAVE)
    with translation.override("en"):
        assert stored_text.render(stored) == "Save"
    with translation.override("cy"):
        assert stored_text.render(stored) == translation.gettext("Save") != "Save"


def test_values_and_dates_take_the_readers_format() -> None:
    stored = stored_text.message("Closes on %(day)s for %(name)s", day=dt.date(2026, 3, 4), name="Cardiff")
    with translation.override("en"):
        assert stored_text.render(stored) == "Closes on 4 March 2026 for Cardiff"
    with translation.override("cy"):
        assert "Mawrth" in stored_text.render(stored)  # March, in Welsh month names


def test_plural_uses_the_count_and_welsh_forms() -> None:
    stored = stored_text.plural(YEAR_MESSAGE, YEARS_MESSAGE, "num", num=3)
    with translation.override("en"):
        assert stored_text.render(stored) == "3 years"
    assert stored_text.english(stored_text.plural(YEAR_MESSAGE, YEARS_MESSAGE, "num", num=1)) == "1 year"


def test_nested_message_and_old_plain_text() -> None:
    inner = stored_text.message(SAVE)
    outer = stored_text.message("Press %(button)s", button=inner)
    with translation.override("cy"):
        assert stored_text.render(outer) == f"Press {translation.gettext('Save')}"
    assert stored_text.render("Written before messages were stored") == "Written before messages were stored"
    assert stored_text.render(None) == ""


def test_a_translation_missing_a_value_falls_back_to_english() -> None:
    stored = stored_text.message("Hello %(name)s", name="Ann")
    assert stored_text.english(stored) == "Hello Ann"


def test_template_filter() -> None:
    stored = stored_text.message(SAVE)
    with translation.override("cy"):
        html = Template("{% load localised %}{{ value|stored_text }}").render(Context({"value": stored}))
        assert html == translation.gettext("Save") != "Save"


def test_the_partnerships_own_words_in_the_readers_language() -> None:
    class Wave:
        name, name_cy = "Spring survey", "Arolwg y gwanwyn"

    class EnglishOnly:
        name, name_cy = "Autumn survey", ""

    stored = stored_text.message("Please answer %(name)s", name=stored_text.in_languages(Wave(), "name"))
    english_only = stored_text.message("Please answer %(name)s", name=stored_text.in_languages(EnglishOnly(), "name"))
    with translation.override("cy"):
        assert stored_text.render(stored) == "Please answer Arolwg y gwanwyn"
        assert stored_text.render(english_only) == "Please answer Autumn survey"
    assert stored_text.english(stored) == "Please answer Spring survey"
