"""A monthly series (first Tuesday, 10:00 Europe/London) in the personas' partnership, from January 2024."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from accord.governance import services
from accord.governance.models import Meeting

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def series(world):
    return services.series_create(
        actor=world.users["manager"], partnership=world.partnership, title="Leaders' meeting",
        rrule="FREQ=MONTHLY;BYDAY=1TU", starts_on=dt.date(2024, 1, 1), start_time=dt.time(10, 0),
        time_zone="Europe/London", duration_minutes=120, place="Alpha's office", notify=False)


def meeting_on(series, day: dt.date) -> Meeting:
    return series.meetings.get(original_start__date=day)
