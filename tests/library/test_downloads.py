"""Every download is recorded exactly once and restates the terms: in the file name, a header, at the
top of text documents and on a cover page of PDFs."""

import io

from pypdf import PdfReader

from accord.library.models import AccessEntry

from .conftest import share, upload


def _accept(client, item):
    client.post(item.get_absolute_url(), {"accept": str(item.terms.version)})


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_each_download_is_recorded_exactly_once(world, items):
    item = items["pdf"]
    client = world.client("staff_b")
    _accept(client, item)
    url = f"{item.get_absolute_url()}download/"
    for n in (1, 2, 3):
        response = client.get(url)
        assert response.status_code == 200
        _body(response)
        downloads = AccessEntry.objects.filter(item=item, action="download")
        assert downloads.count() == n
    entry = downloads.last()
    assert (entry.user_id, entry.organisation_id, entry.terms_version) == (world.users["staff_b"].pk, world.org_b.pk, 1)
    assert entry.data["sha256"] == item.sha256


def test_api_download_is_recorded_once_and_restates_the_terms(world, items):
    item = items["pdf"]
    response = world.client("leader_b").get(f"/api/partnerships/{world.partnership.pk}/library/items/{item.pk}/download")
    assert response.status_code == 200
    assert "terms v1" in response["Content-Disposition"] and response["X-Accord-Terms"].startswith("terms v1")
    assert AccessEntry.objects.filter(item=item, action="download").count() == 1


def test_a_download_before_accepting_the_terms_is_sent_to_them_and_not_recorded(world, items):
    item = items["pdf"]
    response = world.client("staff_b").get(f"{item.get_absolute_url()}download/")
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    assert not AccessEntry.objects.filter(item=item, action="download").exists()


def test_a_pdf_download_has_the_terms_in_its_name_header_and_cover_page(world, items):
    item = items["pdf"]
    client = world.client("staff_b")
    _accept(client, item)
    response = client.get(f"{item.get_absolute_url()}download/")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment") and "guide [terms v1 - partnership only - no onward sharing].pdf" in disposition
    assert response["X-Accord-Terms"] == "terms v1 - partnership only - no onward sharing"
    reader = PdfReader(io.BytesIO(_body(response)))
    assert len(reader.pages) == 2
    cover = reader.pages[0].extract_text()
    assert "SHARED ON TERMS: Safety planning guide" in cover and "NOT allowed" in cover and "Beta" in cover
    assert "Safety planning guide" in reader.pages[1].extract_text()


def test_a_text_download_starts_with_the_terms(world):
    item = share(world, kind="file", title="Referral notes", file=upload("notes.txt", b"Call the duty line first.\n"))
    client = world.client("staff_b")
    _accept(client, item)
    text = _body(client.get(f"{item.get_absolute_url()}download/")).decode()
    assert text.startswith("=" * 72) and "SHARED ON TERMS: Referral notes" in text
    assert "Attribution: \u00a9 Alpha Charity" in text and text.endswith("Call the duty line first.\n")


def test_other_files_carry_the_terms_in_name_and_header_and_are_unchanged(world):
    from .conftest import png_bytes

    item = share(world, kind="file", title="Map", file=upload("map.png", png_bytes()))
    client = world.client("staff_b")
    _accept(client, item)
    response = client.get(f"{item.get_absolute_url()}download/")
    assert _body(response) == png_bytes()
    assert "terms v1" in response["Content-Disposition"] and "X-Accord-Terms" in response
    note = client.get(f"{item.get_absolute_url()}terms.txt").content.decode()
    assert "Sharing outside the partnership: NOT allowed." in note


def test_the_owner_downloads_the_stored_file_with_the_same_hash(world, items):
    import hashlib

    from .conftest import png_bytes

    item = share(world, kind="file", title="Map", file=upload("map.png", png_bytes()))
    assert item.sha256 == hashlib.sha256(png_bytes()).hexdigest() and item.size == len(png_bytes())
    body = _body(world.client("staff_a").get(f"{item.get_absolute_url()}download/"))
    assert hashlib.sha256(body).hexdigest() == item.sha256
    assert AccessEntry.objects.filter(item=item, action="download").count() == 1


def test_a_head_request_is_not_a_download(world, items):
    item = items["pdf"]
    client = world.client("staff_b")
    _accept(client, item)
    assert client.head(f"{item.get_absolute_url()}download/").status_code == 405
    assert not AccessEntry.objects.filter(item=item, action="download").exists()
