"""The meeting pack PDF: tagged for screen readers, the partnership's name, period and production date
on each page, and before/after content read back with a PDF text extractor (pypdf)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

from accord.governance.models import Action, AgendaItem, Decision, Meeting, Position
from tests.governance.conftest import series  # noqa: F401  # the fixture

pytestmark = pytest.mark.django_db


def pdf(response: Any) -> PdfReader:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def test_meeting_pack_before_and_minutes_after(world: Any, series: Any) -> None:  # noqa: F811
    first, second = list(series.meetings.order_by("start")[:2])
    AgendaItem.objects.create(meeting=first, title="Referral pathway", minutes="We agreed to pilot the form.")
    AgendaItem.objects.create(meeting=second, title="Budget for next year", papers=["https://example.org/budget.pdf"])
    decision = Decision.objects.create(meeting=first, proposal="Adopt the shared referral form")
    Position.objects.create(decision=decision, organisation=world.org_b, stance="object", comment="Not yet")
    Action.objects.create(meeting=first, title="Draft the form", owner=world.people["staff_a"],
                          organisation=world.org_a, due=timezone.localtime(second.start).date() - dt.timedelta(days=1))
    url = f"/p/{world.partnership.pk}/reports/meetings/{second.pk}/pack.pdf"
    reader = pdf(world.client("staff_b").get(url))
    root: Any = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root  # tagged
    assert str(root.get("/Lang", "")).startswith("en")
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in ("Budget for next year", "https://example.org/budget.pdf", "Referral pathway",
                     "We agreed to pilot the form.", "Draft the form", "Adopt the shared referral form", "Not yet"):
        assert expected in text, expected
    today = f"{timezone.localdate():%-d %B %Y}"
    for page in reader.pages:
        page_text = page.extract_text()
        assert "Test partnership" in page_text and f"Produced {today}" in page_text
        assert f"{timezone.localtime(second.start, second.tz):%-d %B %Y}" in page_text  # the period
    # after: approved minutes with decisions, positions and actions
    Meeting.objects.filter(pk=first.pk).update(minutes_status="approved", minutes_approved_at=second)
    after = "\n".join(p.extract_text() for p in pdf(world.client("leader_a").get(
        f"/p/{world.partnership.pk}/reports/meetings/{first.pk}/pack.pdf")).pages)
    assert "Minutes:" in after and "These minutes are approved" in after
    assert "Beta Trust" in after and "Object" in after and "Draft the form" in after


def test_meeting_pack_is_the_partners_only_and_stays_in_its_partnership(world: Any, series: Any) -> None:  # noqa: F811
    meeting = series.meetings.order_by("start").first()
    url = f"/p/{world.partnership.pk}/reports/meetings/{meeting.pk}/pack.pdf"
    assert world.client("funder").get(url).status_code == 403
    assert world.client("outsider").get(url).status_code == 404
    assert world.client("outsider").get(f"/p/{world.other.pk}/reports/meetings/{meeting.pk}/pack.pdf").status_code == 404
    api = world.client("manager").get(f"/api/partnerships/{world.partnership.pk}/meetings/{meeting.pk}/pack")
    assert api.status_code == 200 and api.content.startswith(b"%PDF")


def test_the_meetings_papers_travel_inside_the_pack_as_attachments(world: Any, series: Any, settings: Any,  # noqa: F811
                                                                   tmp_path: Any, monkeypatch: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accord.governance import papers
    from accord.reports import files

    settings.MEDIA_ROOT = str(tmp_path / "media")
    first, second = list(series.meetings.order_by("start")[:2])
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    for meeting, name, title in ((second, "budget.pdf", "Budget paper"), (second, "notes.txt", "Notes"),
                                 (first, "old.pdf", "Last month's paper")):
        papers.paper_add(actor=world.users["manager"], meeting=meeting, title=title,
                         upload=SimpleUploadedFile(name, body if name.endswith(".pdf") else b"Plain notes\n"))
    url = f"/p/{world.partnership.pk}/reports/meetings/{second.pk}/pack.pdf"
    reader = pdf(world.client("staff_b").get(url))
    assert reader.attachments == {"1-budget.pdf": [body], "2-notes.txt": [b"Plain notes\n"]}  # this meeting's only
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Budget paper" in text and "attached as 1-budget.pdf" in text and "Last month" not in text
    assert world.client("funder").get(url).status_code == 403  # nobody who may not open the papers gets the pack
    monkeypatch.setattr(files, "ATTACH_MAX_BYTES", len(body))  # past the limit a paper stays on the meeting page
    reader = pdf(world.client("staff_b").get(url))
    assert list(reader.attachments) == ["1-budget.pdf"]
    assert "too large to attach" in "\n".join(page.extract_text() for page in reader.pages)


def test_the_packs_running_heads_speak_the_readers_language(world: Any, series: Any) -> None:  # noqa: F811
    """Every page's foot ("Produced … by Accord", "Page 1 of 2") in the language the pack is asked in."""
    meeting = series.meetings.order_by("start").first()
    url = f"/p/{world.partnership.pk}/reports/meetings/{meeting.pk}/pack.pdf"
    english = pdf(world.client("staff_b").get(url)).pages[0].extract_text()
    welsh = pdf(world.client("staff_b").get(url + "?lang=cy")).pages[0].extract_text()
    assert "Page 1 of" in english and "Produced" in english
    assert "Tudalen 1 o" in welsh and "Cynhyrchwyd ar" in welsh
    assert "Page 1 of" not in welsh and "Produced" not in welsh
