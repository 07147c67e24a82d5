"""The meetings pages in Welsh when the browser asks for it; English stays the default."""

from __future__ import annotations

from django.urls import reverse

WELSH = {"HTTP_ACCEPT_LANGUAGE": "cy"}


def test_meeting_list_and_my_actions_in_welsh(world, series):
    client = world.client("manager")
    page = client.get(f"/p/{world.partnership.pk}/meetings/", **WELSH).content.decode()
    assert "<h1>Cyfarfodydd</h1>" in page and "Trefnu cyfres o gyfarfodydd" in page and "Cyfarfodydd diweddar" in page
    assert "<h1>Meetings</h1>" not in page and "Set up a meeting series" not in page
    english = client.get(f"/p/{world.partnership.pk}/meetings/").content.decode()
    assert "<h1>Meetings</h1>" in english and "Cyfarfodydd" not in english
    mine = client.get(reverse("governance:my-actions"), **WELSH).content.decode()
    assert "<h1>Fy nghamau gweithredu</h1>" in mine and "<h1>My actions</h1>" not in mine


def test_health_and_calendar_pages_in_welsh(world, series):
    client = world.client("manager")
    health = client.get(f"/p/{world.partnership.pk}/meetings/health/", **WELSH).content.decode()
    assert "<h1>Iechyd llywodraethu</h1>" in health and "Cyfarfodydd a gynhaliwyd" in health
    assert "<h1>Governance health</h1>" not in health and "Meetings held" not in health
    feeds = client.get(reverse("governance:feeds", args=[world.partnership.pk]), **WELSH).content.decode()
    assert "<h1>Cyfarfodydd yn eich calendr</h1>" in feeds and "Meetings in your calendar" not in feeds


def test_a_meeting_page_in_welsh(world, series):
    meeting = series.meetings.order_by("start").first()
    page = world.client("manager").get(meeting.get_absolute_url(), **WELSH).content.decode()
    assert "Agenda a chofnodion" in page and "Presenoldeb" in page and "Symud y cyfarfod hwn" in page
    assert "Agenda and minutes" not in page and "Move this meeting" not in page
