"""Meeting papers go through the library's content checks and storage, are listed in the agenda and the
invitation, and are downloaded only by those who may see the meeting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accord.governance import papers, services
from accord.governance.models import MeetingPaper

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def coming(series):
    return series.meetings.filter(start__gt=timezone.now()).order_by("start").first()


def _add(world, meeting, name="pack.pdf", content=PDF, **kw):
    return papers.paper_add(actor=world.users["manager"], meeting=meeting, upload=SimpleUploadedFile(name, content),
                            **kw)


def test_a_file_whose_content_is_not_its_name_is_refused_as_the_library_refuses_it(world, coming):
    with pytest.raises(ValidationError) as caught:
        _add(world, coming, name="pack.pdf", content=b"MZ\x90\x00 not a pdf at all \x00\x00")
    assert "file" in caught.value.message_dict
    with pytest.raises(ValidationError, match="not accepted"):
        _add(world, coming, name="run.exe", content=b"MZ\x90\x00")
    assert not MeetingPaper.objects.exists()


def test_a_paper_is_listed_in_the_agenda_and_downloaded_only_by_those_who_see_the_meeting(world, coming):
    item = services.agenda_item_add(actor=world.users["manager"], meeting=coming, title="Funding")
    paper = _add(world, coming, item=item, title="Funding paper")
    assert paper.content_type == "application/pdf" and len(paper.sha256) == 64
    page = world.client("leader_b").get(f"/p/{world.partnership.pk}/meetings/{coming.pk}/").content.decode()
    agenda = page.split("Agenda and minutes", 1)[1]
    assert "Funding paper" in agenda and f"/meetings/papers/{paper.pk}/" in agenda
    url = f"/p/{world.partnership.pk}/meetings/papers/{paper.pk}/"
    response = world.client("staff_b").get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff" and "attachment" in response["Content-Disposition"]
    assert world.client("funder").get(url).status_code == 403
    assert world.client("outsider").get(url).status_code == 404
    assert world.client("anonymous").get(url).status_code == 302


def test_the_invitation_lists_the_papers(world, series, coming, smtp, django_capture_on_commit_callbacks):
    paper = _add(world, coming, title="Agenda pack")
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_move(actor=world.users["manager"], meeting=coming,
                              start=coming.start + dt.timedelta(hours=1),
                              end=coming.end + dt.timedelta(hours=1))
    [message] = smtp.to("leader_a@example.org")
    text = smtp.text(message)
    assert "Agenda pack" in text and f"/meetings/papers/{paper.pk}/" in text


def test_only_the_manager_adds_papers(world, coming):
    url = f"/p/{world.partnership.pk}/meetings/{coming.pk}/papers/add/"
    upload = SimpleUploadedFile("pack.pdf", PDF)
    assert world.client("leader_a").post(url, {"file": upload}).status_code == 403
    upload.seek(0)
    assert world.client("manager").post(url, {"file": upload, "title": "Pack"}).status_code == 302
    assert MeetingPaper.objects.get().title == "Pack"
