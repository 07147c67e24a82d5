"""A report produced in the background: its page shows the progress as it moves and then the download link,
in a live region, without ever reloading the page (core/static/core/progress.js)."""

import datetime as dt

import pytest

from accord.reports.models import ReportJob
from tests.conftest import PASSWORD

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_progress_moves_and_the_download_appears_without_a_reload(page, world):
    today = dt.date.today()
    job = ReportJob.objects.create(partnership=world.partnership, requested_by=world.users["staff_a"], role="staff",
                                   fmt="pdf", start=today, end=today, state="working", done=1, total=4)
    sign_in(page, world.users["staff_a"].email, PASSWORD)
    page.goto(f"/p/{world.partnership.pk}/reports/jobs/{job.pk}/")
    page.evaluate("window.__sameLoad = true")  # gone if the page reloads
    assert page.get_by_role("status").get_by_text("Produced 1 of 4 parts").count() == 1
    ReportJob.objects.filter(pk=job.pk).update(done=3)
    page.get_by_role("status").get_by_text("Produced 3 of 4 parts").wait_for()
    ReportJob.objects.filter(pk=job.pk).update(done=4, state="ready", filename="report.pdf", file=b"%PDF-1.7")
    page.get_by_role("link", name="Download report.pdf").wait_for()
    assert page.evaluate("window.__sameLoad") is True
