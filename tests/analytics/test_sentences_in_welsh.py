"""The analytics' plain-language sentences are written in the active language: Welsh when Welsh is
active, English otherwise. The analytics import no Django; core's ready() hands them Django's gettext
(accord.analytics.text), so this is the only analytics test that needs Django."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.utils import translation

from accord.analytics import health, readiness, text
from accord.analytics import trust as t
from tests.once import ONCE_ONLY

pytestmark = ONCE_ONLY  # pure maths (accord.analytics has no Django): no database has a part in it


def test_django_translates_the_analytics_once_started():
    from django.utils.translation import gettext

    assert text._gettext is gettext


def test_health_sentences_in_welsh_and_english():
    with translation.override("cy"):
        assert health.trust_component([50.0, 60.0]).explanation == (
            "Y cylch diweddaraf 60%, +10 pwynt ers y cylch blaenorol.")
        assert health.engagement_component(0.8, 3, 4).explanation == (
            "Roedd uwch arweinwyr yn bresennol mewn 80% o’r lleoedd disgwyliedig; cynhaliwyd 3 o 4 cyfarfod a "
            "gynlluniwyd.")
        note = health.overall({"trust": health.trust_component([60.0]),
                               "delivery": health.delivery_component([0.5], None)}).note
        assert note.startswith("Ar goll: ymgysylltu, ymrwymiadau, cilyddiaeth, sefydlogrwydd.")
    with translation.override("en"):
        assert health.trust_component([50.0, 60.0]).explanation == "Latest wave 60%, +10 points since the wave before."
        assert health.engagement_component(0.8, 3, 4).explanation == (
            "Senior leaders attended 80% of expected places; 3 of 4 planned meetings held.")


@pytest.mark.parametrize(("n", "welsh", "english"), [
    (1, "1 cylch wedi cau.", "1 wave closed."),
    (2, "2 gylch wedi cau.", "2 waves closed."),
    (3, "3 cylch wedi cau.", "3 waves closed."),
    (8, "8 cylch wedi cau.", "8 waves closed."),
])
def test_plurals_follow_welsh_rules(n, welsh, english):
    with translation.override("cy"):
        assert readiness.trust_check(n, None).found == welsh
    with translation.override("en"):
        assert readiness.trust_check(n, None).found == english


def test_readiness_and_trust_sentences_in_welsh():
    with translation.override("cy"):
        check = readiness.charter_check(None, unsigned=["Beta Trust"])
        assert check.title == "Siarter y cytunwyd arni" and check.status_label == "Ar goll"
        assert check.found.endswith("Heb ei llofnodi eto gan: Beta Trust.")
        before, after = np.full((6, 1), np.nan), np.full((6, 1), np.nan)
        before[0], after[0] = [3.4], [2.6]
        assert t.notable_changes(before, after, ["Beta"], since="Mawrth 2025") == [
            "Gostyngodd yr ymddiriedaeth yn nibynadwyedd Beta o 3.4 i 2.6 ers Mawrth 2025."]
        stability = health.stability_component([(dt.date(2025, 1, 1), "leader_left", "high")], dt.date(2025, 1, 2))
        assert stability.explanation.startswith("Mae 1 newid diweddar yn tynnu 37 pwynt i ffwrdd;")


def test_outside_django_the_sentences_are_english():
    assert text._english("Missing") == "Missing"
    assert text._english_n("wave", "waves", 1) == "wave" and text._english_n("wave", "waves", 2) == "waves"
