"""Bad input saves nothing and says what to fix: oversized or disallowed files, content that does
not match the extension, terms ending in the past, missing fields."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.library.models import AccessEntry, KnowledgeItem

from .conftest import pdf_bytes, png_bytes, share, upload


def _refused(world, media, field, message, **kwargs):
    with pytest.raises(ValidationError) as exc:
        share(world, **kwargs)
    assert message in " ".join(exc.value.message_dict[field])
    assert not KnowledgeItem.objects.exists() and not AccessEntry.objects.exists()
    assert not any(p.is_file() for p in media.rglob("*")) if media.exists() else True


def test_an_oversized_file_is_refused(world, media, settings):
    settings.UPLOAD_MAX_MB = 1
    big = b"a,b\n" + b"1,2\n" * 300_000
    _refused(world, media, "file", "the limit is 1 MB", kind="file", file=upload("big.csv", big))


def test_a_disallowed_type_is_refused(world, media):
    _refused(world, media, "file", "Files ending in .exe are not accepted", kind="file",
             file=upload("tool.exe", b"MZ\x90\x00" + b"\x00" * 100))


@pytest.mark.parametrize("name,content,says", [
    ("guide.pdf", png_bytes(), "named .pdf but its content is image/png"),
    ("photo.png", pdf_bytes(), "named .png but its content is application/pdf"),
    ("data.csv", pdf_bytes(), "named .csv but its content is application/pdf"),
    ("notes.txt", b"abc\x00\x01\x02", "binary data"),
    ("notes.md", "caf\u00e9".encode("latin-1"), "not UTF-8"),
    ("table.csv", b"a,b,c\n1,2\n3\n", "same number of columns"),
    ("report.docx", b"just some text pretending", "not a recognised file type"),
])
def test_content_that_does_not_match_the_name_is_refused(world, media, name, content, says):
    _refused(world, media, "file", says, kind="file", file=upload(name, content))


def test_terms_ending_in_the_past_are_refused(world, media):
    _refused(world, media, "expires_on", "in the past", expires_on=timezone.localdate() - dt.timedelta(days=1))


def test_named_audience_needs_a_member_organisation(world, media):
    _refused(world, media, "named_orgs", "Name at least one", audience="named", named=[])
    _refused(world, media, "named_orgs", "members of this partnership", audience="named",
             named=[world.other_org.pk])


def test_good_files_are_stored_through_default_storage_with_their_hash(world, media):
    item = share(world, kind="file", title="Figures", file=upload("figures.csv", b"area,live\nNorth,3\n"))
    assert item.content_type == "text/csv" and item.file.name.startswith("library/")
    assert (media / item.file.name).read_bytes() == b"area,live\nNorth,3\n"
    assert len(item.sha256) == 64


def test_the_share_page_shows_errors_and_saves_nothing(world, media):
    response = world.client("staff_a").post(f"/p/{world.partnership.pk}/library/share/", {
        "kind": "file", "title": "Guide", "audience": "partnership",
        "file": upload("guide.pdf", png_bytes()),
        "expires_on": (timezone.localdate() - dt.timedelta(days=3)).isoformat()})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "named .pdf but its content is image/png" in page and "in the past" in page
    assert not KnowledgeItem.objects.exists()


def test_the_api_upload_refuses_a_mismatched_file_with_422(world, media):
    response = world.client("staff_a").post(f"/api/partnerships/{world.partnership.pk}/library/items", {
        "kind": "file", "title": "Guide", "file": upload("guide.pdf", png_bytes())})
    assert response.status_code == 422 and "image/png" in str(response.json()["detail"])
    assert not KnowledgeItem.objects.exists()
