"""A wave closed before its planned date says when it really closed: on its page, in the message a
survey link shows, in the API, and in the next wave's "what changed"."""

import datetime as dt

from django.utils import timezone

from accord.lib.stored_text import english
from accord.trust import services
from accord.trust.models import Wave

from .conftest import answer, invitation, open_wave


def test_a_wave_closed_early_says_when_it_really_closed(world, org_c):
    wave = open_wave(world)  # planned to close in 14 days
    inv = invitation(wave, "leader_a@example.org")
    answer(inv, world.org_b)
    services.wave_close(actor=world.users["manager"], wave=wave)
    today, planned = timezone.localdate(), wave.closes_on
    shown, not_shown = f"{today:%-d %B %Y}", f"{planned:%-d %B %Y}"
    page = world.client("manager").get(wave.get_absolute_url()).content.decode()
    assert f"Closed on {shown}" in page and not_shown not in page
    message = world.client("anonymous").get(services.survey_path(inv)).content.decode()
    assert f"closed on {shown}" in message and not_shown not in message
    api = world.client("manager").get(f"/api/partnerships/{world.partnership.pk}/trust/waves/{wave.pk}").json()
    assert api["wave"]["closed_on"] == today.isoformat() and api["wave"]["closes_on"] == planned.isoformat()
    listed = world.client("manager").get(f"/api/partnerships/{world.partnership.pk}/trust/waves").json()
    assert listed[0]["closed_on"] == today.isoformat()
    overview = world.client("manager").get(f"/p/{world.partnership.pk}/trust/").content.decode()
    assert f"{today:%-d %b %Y}" in overview and f"{planned:%-d %b %Y}" not in overview


def test_an_open_wave_has_no_closing_day_yet(world):
    wave = open_wave(world)
    api = world.client("manager").get(f"/api/partnerships/{world.partnership.pk}/trust/waves/{wave.pk}").json()
    assert api["wave"]["closed_on"] is None


def test_the_next_wave_compares_with_the_day_the_last_one_really_closed(world, org_c):
    first = open_wave(world, name="First")
    answer(invitation(first, "leader_a@example.org"), world.org_b)
    Wave.objects.filter(pk=first.pk).update(opens_on=dt.date(2025, 1, 2), closes_on=dt.date(2025, 4, 30))
    first.refresh_from_db()
    services.wave_close(actor=world.users["manager"], wave=first)
    Wave.objects.filter(pk=first.pk).update(closed_at=timezone.make_aware(dt.datetime(2025, 3, 20, 12)))
    second = open_wave(world, name="Second")
    answer(invitation(second, "leader_a@example.org"), world.org_b)
    services.wave_close(actor=world.users["manager"], wave=second)
    assert english(second.result.detail["changes"]["since"]) == "March 2025"


def test_a_wave_past_its_closing_date_but_not_yet_closed_does_not_say_it_is_open(world, org_c):
    wave = open_wave(world)
    past = timezone.localdate() - dt.timedelta(days=1)
    Wave.objects.filter(pk=wave.pk).update(opens_on=past - dt.timedelta(days=10), closes_on=past)
    page = world.client("manager").get(wave.get_absolute_url()).content.decode()
    assert f"Took answers until {past:%-d %B %Y}" in page and "Open until" not in page
    home = world.client("leader_a").get(f"/p/{world.partnership.pk}/").content.decode()
    assert f"took answers until {past:%-d %B %Y}" in home and "is open until" not in home
