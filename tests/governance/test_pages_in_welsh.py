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
