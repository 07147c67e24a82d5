"""A senior leader answers the survey from the link in their e-mail (no sign-in), and the manager
closes the wave and sees the partnership's results change."""

import datetime as dt
import re

import pytest
from django.core import mail

from accord.demo import partnership as demo
from tests.demo.snapshot import load_demo

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_answer_through_the_link_then_results_update_on_close(page, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    load_demo()
    sign_in(page, "manager@compass.example", demo.PASSWORD)
    page.get_by_role("link", name=demo.NAME).click()
    page.get_by_role("navigation", name=demo.NAME).get_by_role("link", name="Trust").click()
    page.get_by_role("link", name="Open a survey wave").click()
    page.get_by_label("Name of this survey").fill("Winter 2026")
    page.get_by_label("Closing date").fill((dt.date.today() + dt.timedelta(days=14)).isoformat())
    page.get_by_label("Who to invite").select_option("leaders")
    page.get_by_role("button", name="Open and invite").click()
    page.get_by_text("“Winter 2026” is open").wait_for()

    message = next(m for m in mail.outbox if "reyes@" in m.to[0])
    path = re.search(r"https?://[^/\s]+(/survey/\S+/)", message.body).group(1)
    page.get_by_role("button", name="Sign out").click()

    page.goto(path)
    page.get_by_text("You answer for").wait_for()
    assert page.get_by_text(re.compile(r"It takes about \d+ minutes")).count() == 1
    page.get_by_role("link", name="Safer Homes Together").click()
    # keyboard only: focus the first choice and move with the arrow keys, as a keyboard user would
    contact = page.get_by_role("group", name=re.compile("how have you worked with Safer Homes Together"))
    contact.get_by_label("We have had no contact").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert contact.get_by_label("We coordinate our work").is_checked()
    for question in ("does what it says it will do", "willing to talk through difficult issues",
                     "is committed to what the partnership"):
        page.get_by_role("group", name=re.compile(question)).get_by_label("A great deal").check()
    page.get_by_role("group", name=re.compile("takes an active part")).get_by_label("Don't know").check()
    page.get_by_role("button", name="Save and see all partners").click()
    page.get_by_text("Saved your answers about Safer Homes Together").wait_for()
    page.get_by_role("button", name="I have finished").click()
    page.get_by_text("Thank you: your answers are in").wait_for()

    sign_in(page, "manager@compass.example", demo.PASSWORD)
    page.get_by_role("link", name=demo.NAME).click()
    page.get_by_role("navigation", name=demo.NAME).get_by_role("link", name="Trust").click()
    page.get_by_role("link", name="Winter 2026").click()
    row = page.get_by_role("row", name=re.compile("^Change Path"))
    assert row.get_by_role("cell").nth(3).inner_text() == "1"  # finished
    page.get_by_role("link", name="Close the survey and work out the results").click()
    page.get_by_role("button", name="Close the survey").click()  # after the page says what closing does
    page.get_by_text("is closed and its results are ready").wait_for()
    matrix = page.locator("table.heat").first
    cp_row = matrix.get_by_role("row", name=re.compile("^Change Path"))
    assert "4.0" not in cp_row.inner_text()  # one person answered for Change Path: not shown as its row
    page.get_by_text("What Change Path said is not shown on its own").wait_for()
    page.get_by_role("navigation", name=demo.NAME).get_by_role("link", name="Trust").click()
    page.get_by_text("The same numbers as a table").first.click()
    trend_row = page.locator("details").first.get_by_role("row", name=re.compile("^Winter 2026"))
    assert re.search(r"Winter 2026\s+\w+ 2026\s+1\s+100%", trend_row.inner_text())  # one answer, all 4s
