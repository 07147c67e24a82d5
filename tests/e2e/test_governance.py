"""The governance path in a browser: the manager sets up a meeting series, records attendance at its
first meeting and an action for a senior leader, who then finds it on their "my actions" page."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from accord.demo import partnership as demo
from accord.governance.models import Meeting
from tests.demo.snapshot import load_demo

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_series_attendance_and_action_reach_my_actions(page, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    load_demo()
    sign_in(page, "manager@compass.example", demo.PASSWORD)
    page.get_by_role("link", name=demo.NAME).click()
    page.get_by_role("link", name="Meetings", exact=True).click()
    page.get_by_role("link", name="Set up a meeting series").click()
    page.get_by_label("Title").fill("Practice leads' huddle")
    page.get_by_label("How often (RFC 5545 rule)").fill("FREQ=MONTHLY;BYDAY=2WE")
    first = timezone.localdate() - dt.timedelta(days=75)
    page.get_by_label("First date").fill(first.isoformat())
    page.get_by_label("Start time").fill("09:30")
    page.get_by_role("button", name="Create").click()
    page.get_by_role("heading", name="Practice leads' huddle").wait_for()

    meeting = Meeting.objects.filter(series__title="Practice leads' huddle", start__lt=timezone.now()).first()
    when = f"{meeting.local_start:%a} {meeting.local_start.day} {meeting.local_start:%b %Y}, 09:30"
    page.get_by_role("row", name=re.compile(re.escape(when))).get_by_role("link").click()
    page.get_by_role("link", name="Record attendance").click()
    page.get_by_label("Attendance of Helen Marsh").select_option("attended")
    page.get_by_label("Attendance of Olu Bankole").select_option("apologies")
    page.get_by_role("button", name="Save attendance").click()
    page.get_by_text("Attendance saved.").wait_for()
    assert page.get_by_role("row", name=re.compile("Helen Marsh.*Attended")).count() == 1

    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("Action", exact=True).fill("Write up the referral pilot")
    page.get_by_label("Owner").select_option(label="Helen Marsh (Safer Homes Together)")
    page.get_by_label("Due").fill((timezone.localdate() + dt.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Add").click()
    page.get_by_text("Action added for Helen Marsh.").wait_for()

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "helen@compass.example", demo.PASSWORD)
    page.goto("/my/actions/")
    page.get_by_role("link", name="Write up the referral pilot").click()
    page.get_by_role("heading", name="Write up the referral pilot").wait_for()
    assert page.get_by_text("Helen Marsh (Safer Homes Together)").count() == 1
