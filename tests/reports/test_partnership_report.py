"""The quarterly partnership report: PDF (read back with pypdf) and XLSX (openpyxl) of the same figures
as the pages, per role, within the confidentiality rules; produced in the background with progress."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from accord.charter.models import Commitment, Goal
from accord.delivery.models import Ambition, Area, FundingStream, StageMove
from accord.health import services as health_services
from accord.health.models import ChangeEvent
from accord.reports.models import ReportJob
from tests.reports.test_data_out import waves  # noqa: F401  # the fixture

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def quarter_of(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def url(world: Any, fmt: str = "pdf", **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"quarter": quarter_of(TODAY), **params}.items())
    return f"/p/{world.partnership.pk}/reports/partnership-report/download?format={fmt}&{query}"


def pdf_text(response: Any) -> tuple[PdfReader, str]:
    assert response.status_code == 200, response.content[:400]
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def workbook(response: Any) -> dict[str, list[list[Any]]]:
    assert response.status_code == 200, response.content[:400]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in book.worksheets}


@pytest.fixture
def figures(world: Any, waves: dict[str, Any]) -> dict[str, Any]:  # noqa: F811
    """A named and a confidential survey (test_data_out's), and one record of each other figure."""
    p = world.partnership
    Goal.objects.create(partnership=p, title="Referrals answered in a week", metric="share", unit="%",
                        baseline=40, target=90, target_date=TODAY + dt.timedelta(days=300))
    Ambition.objects.create(partnership=p, target_live=4, target_date=TODAY + dt.timedelta(days=365),
                            start_date=TODAY - dt.timedelta(days=400))
    area = Area.objects.create(partnership=p, name="North ward")
    StageMove.objects.create(area=area, stage="live", on=TODAY)
    Commitment.objects.create(partnership=p, title="Share the referral data", owner=world.org_a,
                              made_on=TODAY - dt.timedelta(days=200), due=TODAY - dt.timedelta(days=1))
    FundingStream.objects.create(partnership=p, title="=HYPERLINK(\"x\")", funder=world.funder_org,
                                 amount=Decimal("120000"), start=TODAY - dt.timedelta(days=30),
                                 end=TODAY + dt.timedelta(days=300)).partners.set([world.org_b])
    ChangeEvent.objects.create(partnership=p, organisation=world.org_b, kind=ChangeEvent.Kind.LEADER_ARRIVED,
                               date=TODAY, note="Bea Newleader became chief executive of Beta Trust.")
    health_services.snapshot_now(partnership=p, actor=world.users["manager"])
    for wave, label, mean in ((waves["named"], "Shared goals", 3.5), (waves["secret"], "Secret factor", 1.5)):
        wave.result.detail["factors"] = [{"factor": label.lower().replace(" ", "_"), "label": label, "mean": mean,
                                          "answers": 4, "band": "strength"}]
        wave.result.save()
    return waves


def test_leader_pdf_has_every_part_and_each_page_names_partnership_period_and_day(world: Any, figures: Any) -> None:
    reader, text = pdf_text(world.client("leader_a").get(url(world)))
    root: Any = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    for part in ("Charter", "Goals against their targets", "Rollout against the ambition", "Commitments kept",
                 "Funding", "Trust and collaboration", "Health index", "Early warnings", "Changes of leader"):
        assert part in text, part
    assert "Referrals answered in a week" in text and "Spring survey" in text
    assert "Secret survey" not in text  # a confidential wave never feeds a figure
    assert "Trust each partner receives" in text and "Gamma Works" in text  # named results for senior leaders
    assert "Bea Newleader" in text
    produced = f"Produced {timezone.localdate():%-d %B %Y}"
    for page in reader.pages:
        t = page.extract_text()
        assert "Test partnership" in t and produced in t and f"Q{(TODAY.month - 1) // 3 + 1} {TODAY.year}" in t


PARTNER_NAMES = ("Alpha Charity", "Beta Trust", "Gamma Works")


def cells(sheets: dict[str, list[list[Any]]]) -> str:
    return "\n".join(str(v) for rows in sheets.values() for row in rows for v in row if v is not None)


def test_funders_file_holds_aggregates_only_as_the_funders_view(world: Any, figures: Any) -> None:
    client = world.client("funder")
    _, text = pdf_text(client.get(url(world)))
    sheets = workbook(client.get(url(world, "xlsx")))
    for content in (text, cells(sheets)):
        for name in PARTNER_NAMES:  # nothing about one organisation: no trust, funding or commitments by partner
            assert name not in content, name
        assert "Bea Newleader" not in content and "Secret survey" not in content
        assert "Spring survey" in content  # the partnership-wide totals of a named wave
    assert "Trust by organisation" not in sheets and "Funding by partner" not in sheets
    assert "For funders" in text
    # the same aggregates as the health page shows a funder
    page = {c["label"]: "withheld" if c["withheld"] else c["score"]
            for c in client.get(f"/p/{world.partnership.pk}/health/").context["components"]}
    sheet = {row[0]: row[1] for row in sheets["Health components"][1:]}
    assert sheet == page and sheet["Trust"] == "withheld"  # the latest survey was confidential
    changes = sheets["Changes of leader"]
    assert changes[1] == ["Changes in the period", 1, None, None] and len(changes) == 2


def test_staff_see_the_partners_version_without_trust_by_organisation(world: Any, figures: Any) -> None:
    client = world.client("staff_b")
    sheets = workbook(client.get(url(world, "xlsx")))
    assert "Trust by organisation" not in sheets
    by_partner = {row[0]: row[1] for row in sheets["Funding by partner"][1:]}
    page = client.get(f"/p/{world.partnership.pk}/delivery/funding/").context["s"]["by_partner"]
    assert by_partner == {b["partner"]: float(b["amount"]) for b in page}
    assert sheets["Commitments"][2][:3] == ["Alpha Charity", 1, 0]


def test_leaders_spreadsheet_matches_the_pages_and_is_formula_safe(world: Any, figures: Any) -> None:
    client = world.client("leader_a")
    sheets = workbook(client.get(url(world, "xlsx")))
    wave_page = client.get(figures["named"].get_absolute_url()).context["orgs"]
    by_org = {row[0]: row[1] for row in sheets["Trust by organisation"][1:]}
    assert by_org == {o["name"]: o["trust_received"] for o in wave_page}
    trust = sheets["Trust"]
    assert [row[0] for row in trust[1:]] == ["Spring survey"]
    assert trust[1][3] == pytest.approx(figures["named"].result.trust_pct)
    assert trust[0][-1] == "Shared goals" and trust[1][-1] == 3.5  # collaboration factors, named waves only
    assert "Secret factor" not in cells(sheets)
    streams = sheets["Funding streams"]
    assert streams[1][0] == "'=HYPERLINK(\"x\")" and streams[1][2] == 120000
    goals = sheets["Goals"]
    assert goals[1][:5] == ["Referrals answered in a week", "share", "%", 40, 90]
    rollout = {row[0]: row[1] for row in sheets["Rollout"][1:5]}
    assert rollout["Live at the end of the period"] == 1 and rollout["Areas in the ambition"] == 4


@pytest.mark.parametrize("persona,status", [("manager", 200), ("leader_b", 200), ("staff_a", 200), ("funder", 200),
                                            ("outsider", 404)])
def test_every_role_with_a_role_gets_the_report_and_an_outsider_is_told_not_found(world: Any, persona: str,
                                                                                  status: int) -> None:
    response = world.client(persona).get(url(world, "xlsx"))
    assert response.status_code == status
    page = world.client(persona).get(f"/p/{world.partnership.pk}/reports/partnership-report/")
    assert page.status_code == status
    now = world.client(persona).post(f"/p/{world.partnership.pk}/reports/partnership-report/",
                                     {"quarter": quarter_of(TODAY), "format": "pdf", "how": "now"})
    assert now.status_code == status and (status != 200 or now.content.startswith(b"%PDF"))
    api = world.client(persona).get(f"/api/partnerships/{world.partnership.pk}/reports/partnership?format=xlsx")
    assert api.status_code == status
    # another partnership's report: not found, as for one that does not exist
    assert world.client(persona).get(f"/p/{world.other.pk}/reports/partnership-report/").status_code == (
        200 if persona == "outsider" else 404)


def test_a_period_that_cannot_be_read_is_a_plain_message(world: Any) -> None:
    client = world.client("manager")
    bad = client.get(url(world, quarter="2026-Q9"))
    assert bad.status_code == 400 and "Select a valid choice" in bad.content.decode()
    api_bad = client.get(f"/api/partnerships/{world.partnership.pk}/reports/partnership?quarter=2026-Q9")
    assert api_bad.status_code == 422 and "YEAR-Qn" in api_bad.content.decode()
    swapped = client.get(f"/p/{world.partnership.pk}/reports/partnership-report/download?format=pdf"
                         "&start=2026-09-30&end=2026-07-01")
    assert swapped.status_code == 400 and "swap them" in swapped.content.decode()
    api = client.get(f"/api/partnerships/{world.partnership.pk}/reports/partnership?start=2026-13-01&end=2026-12-01")
    assert api.status_code == 422 and "YYYY-MM-DD" in api.content.decode()


# ---- produced in the background ----------------------------------------------------------------

def test_background_report_shows_progress_then_offers_the_file_to_whoever_asked_only(world: Any, figures: Any) -> None:
    client = world.client("leader_a")
    base = f"/p/{world.partnership.pk}/reports"
    response = client.post(f"{base}/partnership-report/", {"quarter": quarter_of(TODAY), "format": "xlsx",
                                                           "how": "background"})
    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert response["Location"] == f"{base}/jobs/{job.pk}/"
    assert job.state == "ready" and job.done == job.total > 1  # huey runs at once in tests
    page = client.get(f"{base}/jobs/{job.pk}/").content.decode()
    assert "Your report is ready" in page and f"{base}/jobs/{job.pk}/file" in page
    sheets = workbook(client.get(f"{base}/jobs/{job.pk}/file"))
    assert "Trust by organisation" in sheets
    # nobody else may take it, not even with the same role; another partnership's id is not found
    assert world.client("leader_b").get(f"{base}/jobs/{job.pk}/file").status_code == 404
    assert world.client("leader_b").get(f"{base}/jobs/{job.pk}/").status_code == 404
    assert world.client("outsider").get(f"/p/{world.other.pk}/reports/jobs/{job.pk}/file").status_code == 404
    # a file made for a senior leader is not handed over once they are staff
    world.users["leader_a"].roles.filter(partnership=world.partnership).update(role="staff")
    assert client.get(f"{base}/jobs/{job.pk}/file").status_code == 403
    assert "Ask for it again" in client.get(f"{base}/jobs/{job.pk}/").content.decode()


def test_the_page_shows_a_report_being_produced_without_a_timed_refresh(world: Any) -> None:
    job = ReportJob.objects.create(partnership=world.partnership, requested_by=world.users["staff_a"], role="staff",
                                   fmt="pdf", start=TODAY, end=TODAY, state="working", done=3, total=9)
    page = world.client("staff_a").get(f"/p/{world.partnership.pk}/reports/jobs/{job.pk}/").content.decode()
    assert "Produced 3 of 9 parts (33%)" in page and "<progress" in page and "Check progress" in page
    assert 'http-equiv="refresh"' not in page  # WCAG 2.2.1: the page fetches its progress (core/progress.js), never reloads
    assert world.client("staff_a").get(f"/p/{world.partnership.pk}/reports/jobs/{job.pk}/file").status_code == 404


def test_the_api_produces_in_the_background_and_hands_over_the_file(world: Any, figures: Any) -> None:
    client = world.client("funder")
    base = f"/api/partnerships/{world.partnership.pk}/reports"
    started = client.post(f"{base}/jobs", {"quarter": quarter_of(TODAY), "format": "pdf"},
                          content_type="application/json")
    assert started.status_code == 202, started.content
    job = started.json()
    polled = client.get(f"{base}/jobs/{job['id']}").json()
    assert polled["state"] == "ready" and polled["percent"] == 100
    _, text = pdf_text(client.get(polled["file_url"]))
    assert "For funders" in text and not any(name in text for name in PARTNER_NAMES)
    assert world.client("manager").get(f"{base}/jobs/{job['id']}").status_code == 404
    now = client.get(f"{base}/partnership?quarter={quarter_of(TODAY)}&format=xlsx")
    assert now.status_code == 200 and "Trust by organisation" not in workbook(now)
    assert world.client("outsider").post(f"{base}/jobs", {"format": "pdf"},
                                         content_type="application/json").status_code == 404


def test_the_worker_makes_nothing_for_someone_whose_role_changed_or_ended(world: Any) -> None:
    from accord.reports import services

    changed = ReportJob.objects.create(partnership=world.partnership, requested_by=world.users["staff_a"],
                                       role="leader", fmt="pdf", start=TODAY, end=TODAY)
    gone = ReportJob.objects.create(partnership=world.partnership, requested_by=world.users["outsider"],
                                    role="manager", fmt="pdf", start=TODAY, end=TODAY)
    for job in (changed, gone):
        services.job_run(job.pk)
        job.refresh_from_db()
        assert job.state == "failed" and job.file is None
    assert "role in the partnership changed" in changed.problem and "no longer have access" in gone.problem


def test_a_withheld_trust_score_does_not_show_through_what_moved_the_index(world: Any) -> None:
    from accord.core import policy
    from accord.health import selectors
    from accord.health.models import HealthSnapshot

    snap = HealthSnapshot(partnership=world.partnership, month=TODAY.replace(day=1), computed_at=timezone.now(),
                          overall=60, weights={"trust": 0.5},
                          components=[{"key": "trust", "score": 35.0, "inputs": {"confidential": True}}],
                          drivers=[{"key": "trust", "label": "Trust", "before": 70, "after": 35, "change": -35,
                                    "effect": -17.5, "note": ""}])
    funder = selectors.seen(policy.get_partnership(world.users["funder"], world.partnership.pk), snap)
    assert funder["components"][0]["score"] is None and funder["components"][0]["withheld"]
    assert {k: funder["drivers"][0][k] for k in ("before", "after", "change", "effect", "change_text")} == {
        "before": None, "after": None, "change": None, "effect": None, "change_text": ""}
    leader = selectors.seen(policy.get_partnership(world.users["leader_a"], world.partnership.pk), snap)
    assert leader["components"][0]["score"] == 35.0 and leader["drivers"][0]["after"] == 35


def test_a_background_report_is_written_in_the_language_of_whoever_asked(world: Any) -> None:
    """The worker has no reader's language: the file is made in the asker's own (their account's)."""
    from django.utils import translation

    from accord.core import policy
    from accord.reports import quarterly, services

    user = world.users["leader_a"]
    user.language = "cy"
    user.save(update_fields=["language"])
    with translation.override("en"):  # as in a worker: whatever language is active there
        job = services.job_start(actor=user, access=policy.get_partnership(user, world.partnership.pk),
                                 period=quarterly.quarter(2026, 3), fmt="xlsx")
    job.refresh_from_db()
    titles = load_workbook(io.BytesIO(bytes(job.file or b""))).sheetnames
    assert "Siarter" in titles and "Charter" not in titles
