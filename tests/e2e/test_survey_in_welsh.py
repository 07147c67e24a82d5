"""A respondent opens their survey link, switches to Welsh with the link at the top, and answers a
partner's page in Welsh: the questions, the choices, the buttons and the confirmation are Welsh, and
the answers are stored as any others."""

from __future__ import annotations

import re
from typing import Any

import pytest

from accord.trust import services as trust
from accord.trust.models import Rating
from tests.trust.conftest import open_wave

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_respondent_answers_the_survey_in_welsh(page: Any, world: Any) -> None:
    wave = open_wave(world, instruments=("relationships",))
    invitation = wave.invitations.filter(organisation=world.org_a).first()
    assert invitation is not None  # org A's leader is invited to every wave
    token = trust.survey_token(invitation)

    page.goto(f"/survey/{token}/")
    page.get_by_role("link", name="Cymraeg").click()
    page.get_by_text("Rydych chi'n ateb ar ran").wait_for()
    assert page.locator("html").get_attribute("lang") == "cy"
    assert page.get_by_role("link", name="English").get_attribute("hreflang") == "en"

    page.get_by_role("link", name=world.org_b.name).click()  # no ?lang= in this link: the choice is kept
    contact = page.get_by_role("group", name=re.compile(f"sut ydych chi wedi gweithio gyda {world.org_b.name}"))
    contact.get_by_label("Rydyn ni'n cydlynu ein gwaith").check()
    page.get_by_role("group", name=re.compile("yn gwneud yr hyn y mae'n dweud")).get_by_label("Yn fawr iawn").check()
    page.get_by_role("group", name=re.compile("yn cymryd rhan weithredol")).get_by_label("Ddim yn gwybod").check()
    page.get_by_role("button", name="Cadw a gweld pob partner").click()
    page.get_by_text(f"Wedi cadw eich atebion am {world.org_b.name}").wait_for()
    page.get_by_role("button", name="Rydw i wedi gorffen").click()
    page.get_by_text("Diolch: mae eich atebion wedi dod i law").wait_for()

    stored = {r.dimension: (r.score, r.dont_know) for r in Rating.objects.filter(response__invitation=invitation)}
    assert stored == {"reliability": (4, False), "involvement": (None, True)}
