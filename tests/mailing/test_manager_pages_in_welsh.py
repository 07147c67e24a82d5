"""The mailing-list manager's pages in Welsh when the browser asks for it."""

from __future__ import annotations

WELSH = {"HTTP_ACCEPT_LANGUAGE": "cy"}


def test_lists_and_a_new_list_form_in_welsh(world):
    client = world.client("manager")
    lists = client.get(f"/p/{world.partnership.pk}/lists/", **WELSH).content.decode()
    assert "<h1>Rhestrau postio</h1>" in lists and "Rhestr bostio newydd" in lists
    assert "<h1>Mailing lists</h1>" not in lists and "New mailing list" not in lists
    new = client.get(f"/p/{world.partnership.pk}/lists/new/", **WELSH).content.decode()
    assert "Enw’r rhestr" in new and "Datganiad caniatâd" in new and "Name of the list" not in new
