"""The governance refusals speak the reader's language, and the English stays word for word as it was."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accord.governance.services import corrections, meetings


def _refusal(check: object, *args: object) -> str:
    with pytest.raises(ValidationError) as exc:
        check(*args)  # type: ignore[operator]
    return " ".join(exc.value.messages)


def test_a_future_date_is_refused_in_english_and_in_welsh() -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with translation.override("en"):
        assert _refusal(meetings.check_not_future, tomorrow, "completed_on") == (
            "The date it was done cannot be in the future. Record it on the day, or after.")
    with translation.override("cy"):
        assert "Ni all y dyddiad y cafodd ei wneud fod yn y dyfodol" in _refusal(
            meetings.check_not_future, tomorrow, "completed_on")


def test_locked_minutes_name_what_was_refused_in_the_readers_language() -> None:
    meeting = SimpleNamespace(minutes_locked=True)
    with translation.override("en"):
        assert _refusal(meetings.check_minutes_open, meeting, translation.gettext("a note")).startswith(
            "The minutes of this meeting were approved and are locked, so a note cannot be added to it.")
    with translation.override("cy"):
        text = _refusal(meetings.check_minutes_open, meeting, translation.gettext("a note"))
        assert "ni ellir ychwanegu nodyn at y cyfarfod" in text
        assert "this meeting" not in text
        text = _refusal(corrections.check_record_open, meeting, translation.gettext("this decision"))
        assert "yn cynnwys y penderfyniad hwn" in text
