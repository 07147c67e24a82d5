"""The readiness check exports as a one-page PDF for a funder, even with long text."""

import datetime as dt
import re

from accord.analytics import readiness as r
from accord.partners.models import Capability
from accord.reports.pdf import readiness_pdf


def _pages(data: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", data))


def test_a_long_check_still_fits_one_page():
    long = "Beta Trust, " * 40
    result = r.assess(charter=r.charter_check(None, unsigned=[long]), capabilities=r.capability_check({"A": ["x"]}),
                      trust=r.trust_check(0, None), governance=r.governance_check(8, 1),
                      joint_work=r.joint_work_check(2, 1, 0, 0))
    data = readiness_pdf(partnership_name="A partnership with a long name " * 3, purpose="To do good. " * 20,
                         result=result, checked_on=dt.date(2026, 11, 25), members=["Alpha", "Beta"] * 20)
    assert data.startswith(b"%PDF") and _pages(data) == 1


def test_the_download_goes_through_the_policy(world):
    m = world.partnership.memberships.get(organisation=world.org_a)
    Capability.objects.create(membership=m, kind="expertise")
    response = world.client("funder").get(f"/p/{world.partnership.pk}/reports/readiness.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert _pages(response.content) == 1
    assert world.client("outsider").get(f"/p/{world.partnership.pk}/reports/readiness.pdf").status_code == 404
    assert world.client("anonymous").get(f"/p/{world.partnership.pk}/reports/readiness.pdf").status_code == 302
