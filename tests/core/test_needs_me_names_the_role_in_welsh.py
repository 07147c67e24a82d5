"""What needs me names each partnership's role in the page's language (the role's code was shown before)."""

from __future__ import annotations

import html


def test_the_role_beside_each_partnership_is_in_welsh(world):
    client = world.client("manager")
    welsh = html.unescape(client.get("/", {"lang": "cy"}).content.decode())
    assert "(rheolwr" in welsh and "(manager" not in welsh
    english = html.unescape(client.get("/", {"lang": "en"}).content.decode())
    assert "(manager" in english
