"""Whoever signs a charter version reads that version's own text beside the button, never another's.

Reported: a leader asked to sign version 3 read version 2 (the agreed one) under the button on the
charter page."""

from __future__ import annotations

import re

from accord.charter import services


def _agreed_then_new_draft(world):
    v1 = services.version_create(actor=world.users["manager"], partnership=world.partnership,
                                 vision="OLD VISION we agreed.", mission="Old mission.")
    services.signoff_record(actor=world.users["leader_a"], version=v1)
    services.signoff_record(actor=world.users["leader_b"], version=v1)
    return services.version_create(actor=world.users["manager"], partnership=world.partnership,
                                   vision="NEW VISION to sign.", mission="New mission.")


def _sign_form(html: str) -> str:
    match = re.search(r'<section[^>]*id="sign"[^>]*>(.*?)</form>', html, re.S)
    assert match, "no signing section on the page"
    return match.group(1)


def test_the_charter_page_shows_the_draft_text_beside_the_sign_button(world):
    draft = _agreed_then_new_draft(world)
    html = world.client("leader_a").get(f"/p/{world.partnership.pk}/charter/").content.decode()
    block = _sign_form(html)
    assert f"Sign off version {draft.number}" in block
    assert "NEW VISION to sign." in block and "New mission." in block
    assert "OLD VISION" not in block
    # the text to sign comes before the button, and the agreed text is not between them
    assert block.index("NEW VISION") < block.index("Sign off version")


def test_the_version_page_shows_its_text_beside_the_button(world):
    draft = _agreed_then_new_draft(world)
    html = world.client("leader_a").get(f"/p/{world.partnership.pk}/charter/v/{draft.number}/").content.decode()
    block = _sign_form(html)
    assert "NEW VISION to sign." in block and "OLD VISION" not in block


def test_the_form_names_the_version_it_signs_and_a_stale_form_is_refused(world):
    draft = _agreed_then_new_draft(world)
    client = world.client("leader_a")
    # the page read was version 2; the manager then saves version 3; the old form must not sign version 3
    newer = services.version_create(actor=world.users["manager"], partnership=world.partnership,
                                    vision="NEWER still.", mission="x")
    response = client.post(f"/p/{world.partnership.pk}/charter/v/{draft.number}/sign/", follow=True)
    assert not newer.signoffs.exists() and not draft.signoffs.exists()
    assert "version" in response.content.decode().lower()
