"""The notices pages in Welsh when the browser asks for it."""

from __future__ import annotations

WELSH = {"HTTP_ACCEPT_LANGUAGE": "cy"}


def test_notices_and_their_settings_in_welsh(world):
    client = world.client("staff_a")
    notices = client.get("/notices/", **WELSH).content.decode()
    assert "<h1>Hysbysiadau</h1>" in notices and "Dim hysbysiadau eto." in notices
    assert "<h1>Notices</h1>" not in notices and "No notices yet." not in notices
    prefs = client.get("/notices/preferences/", **WELSH).content.decode()
    assert "Pa hysbysiadau sy’n cael eu hanfon atoch drwy e-bost" in prefs and "Cadw fy newisiadau" in prefs
    assert "Which notices are e-mailed to you" not in prefs
    sent = world.client("manager").get(f"/p/{world.partnership.pk}/notices/", **WELSH).content.decode()
    assert "<h1>Hysbysiadau a anfonwyd</h1>" in sent and "Notices sent" not in sent
