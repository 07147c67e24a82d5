"""What needs me, the audit trail and the confirmation page speak Welsh when the page does; a to-do from
discussions is written in Welsh too, and "N things for you" takes Welsh plurals."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import ngettext

from accord.discussions import services
from tests.discussions.conftest import access_of, open_proposal


def test_what_needs_me_speaks_welsh(world):
    thread = services.thread_start(actor=world.users["manager"], access=access_of(world, "manager"),
                                   title="Referral data", body="Shall we?")
    open_proposal(world, thread, title="Share it monthly")
    page = world.client("leader_a").get("/", {"lang": "cy"}).content.decode()
    assert "<h1>Beth sydd eich angen chi</h1>" in page and "Eich partneriaethau" in page
    assert "Ateb: Share it monthly" in page and "1 peth i chi" in page and "Yn cau " in page
    assert "What needs you" not in page and "Answer: " not in page and "thing for you" not in page


def test_the_audit_trail_speaks_welsh(world):
    page = world.client("manager").get(f"/p/{world.partnership.pk}/audit/", {"lang": "cy"}).content.decode()
    assert "<h1>Trywydd archwilio</h1>" in page and "Dangos gweithredoedd sy'n dechrau gyda" in page
    assert "Audit trail" not in page and "Show actions starting with" not in page


def test_the_confirmation_page_speaks_welsh(rf):
    with translation.override("cy"):
        page = render_to_string("core/confirm.html", {"title": "T", "consequences": ["x"], "button": "B",
                                                      "cancel_url": "/"}, request=rf.get("/"))
    assert "Beth fydd yn digwydd" in page and "Does dim modd dadwneud hyn." in page and "Na, mynd yn ôl" in page
    assert "What will happen" not in page


@pytest.mark.parametrize(("n", "welsh"), [(1, "1 peth i chi"), (2, "2 beth i chi"), (3, "3 peth i chi"),
                                          (8, "8 peth i chi")])
def test_things_for_you_take_welsh_plurals(n, welsh):
    with translation.override("cy"):
        assert ngettext("%(n)s thing for you", "%(n)s things for you", n) % {"n": n} == welsh


def test_not_done_speaks_the_pages_language(rf):
    """The queue's "not done" message is written when the page shows it, in the page's language."""
    from accord.lib.queue import Unavailable

    with translation.override("cy"):
        message = Unavailable().messages[0]
        page = render_to_string("core/unavailable.html", {"message": message, "back": "/"}, request=rf.get("/"))
    assert "<h1>Heb ei wneud</h1>" in page and "Ni wnaethpwyd hyn" in page and "Go back" not in page
    with translation.override("en"):
        assert Unavailable().messages[0].startswith("This was not done")
