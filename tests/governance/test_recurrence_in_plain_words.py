"""People read a meeting series' rule in plain words, not as RFC 5545 ("FREQ=MONTHLY;BYDAY=1TU")."""

import pytest

from accord.governance.recurrence import describe


@pytest.mark.parametrize(("rule", "words"), [
    ("FREQ=MONTHLY;BYDAY=1TU", "first Tuesday of every month"),
    ("RRULE:FREQ=MONTHLY;BYDAY=-1FR", "last Friday of every month"),
    ("FREQ=MONTHLY;INTERVAL=3;BYDAY=2WE", "second Wednesday of every 3 months"),
    ("FREQ=MONTHLY;BYDAY=TH;BYSETPOS=3", "third Thursday of every month"),
    ("FREQ=MONTHLY;BYMONTHDAY=15", "the 15th of every month"),
    ("FREQ=MONTHLY;BYMONTHDAY=-1", "the last day of every month"),
    ("FREQ=WEEKLY;BYDAY=MO", "every Monday"),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "every other week on Monday"),
    ("FREQ=WEEKLY;BYDAY=MO,TH", "every week on Monday and Thursday"),
    ("FREQ=WEEKLY", "every week"),
    ("FREQ=DAILY", "every day"),
    ("FREQ=DAILY;INTERVAL=3", "every 3 days"),
    ("FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=1", "1 April every year"),
    ("FREQ=YEARLY;BYMONTH=3;BYDAY=2MO", "second Monday of March every year"),
    ("FREQ=MONTHLY;BYDAY=1TU;COUNT=6", "first Tuesday of every month, 6 times"),
    ("FREQ=MONTHLY;BYDAY=1TU;UNTIL=20271231T235959Z", "first Tuesday of every month, until 31 December 2027"),
    ("freq=monthly;byday=1tu;", "first Tuesday of every month"),
])
def test_a_rule_reads_as_a_person_would_say_it(rule, words):
    assert describe(rule) == words


@pytest.mark.parametrize("rule", ["FREQ=MONTHLY;BYHOUR=9", "FREQ=HOURLY", "nonsense", "FREQ=MONTHLY;BYDAY=XX"])
def test_a_rule_it_cannot_describe_is_shown_as_it_is_rather_than_described_wrongly(rule):
    assert describe(rule) == f"repeats by the rule {rule}"


def test_the_series_page_shows_the_rule_in_words(world):
    import datetime as dt

    from accord.governance.models import MeetingSeries

    series = MeetingSeries.objects.create(partnership=world.partnership, title="Board", rrule="FREQ=MONTHLY;BYDAY=1TU",
                                          starts_on=dt.date(2025, 1, 1))
    page = world.client("staff_a").get(series.get_absolute_url()).content.decode()
    assert "First Tuesday of every month" in page
