"""The personal data pages speak Welsh when the page does, including the record of processing's declared
words (privacy/words.py lists them for the catalogue); the person's own pages too. English stays the default."""

from __future__ import annotations

import html

import pytest
from django.utils import translation
from django.utils.translation import ngettext

from accord.core.personal import BASES, declarations, retention_rules
from accord.privacy.words import WORDS


def test_the_managers_page_speaks_welsh(world):
    response = world.client("manager").get(f"/p/{world.partnership.pk}/privacy/", {"lang": "cy"})
    page = html.unescape(response.content.decode())
    assert "<h1>Data personol</h1>" in page and "Cofnod prosesu" in page and "Beth fydd yn cael ei dynnu nesaf" in page
    # the declared words: a purpose, a lawful basis, a retention rule
    assert "Atebolrwydd: pwy a newidiodd beth yn y bartneriaeth, a phryd." in page
    assert "Buddiannau dilys (Erthygl 6(1)(f))" in page and "Hysbysiadau sy'n hŷn na'r cyfnod" in page
    for english in ("Record of processing", "Erase a person", "Everything held about a person",
                    "Accountability: who changed what"):
        assert english not in page


def test_the_persons_own_pages_speak_welsh(world):
    client = world.client("staff_a")
    mine = client.get("/accounts/my-data/", {"lang": "cy"}).content.decode()
    assert "<h1>Eich data</h1>" in mine and "Your data" not in mine
    close = client.get("/accounts/close/", {"lang": "cy"}).content.decode()
    assert "<h1>Cau eich cyfrif</h1>" in close and "Close your account" not in close


def test_every_declared_text_is_listed_for_translation():
    """A declaration added or reworded in any app shows in English until listed in privacy/words.py."""
    declared = set(BASES.values()) | {r.describe for r in retention_rules()}
    for d in declarations():
        declared |= {d.purpose, d.who, d.retention}
    assert declared - {""} <= set(WORDS), sorted(declared - set(WORDS))


@pytest.mark.parametrize(("n", "welsh"), [(1, "1 cofnod."), (2, "2 gofnod."), (3, "3 cofnod."), (8, "8 cofnod.")])
def test_counts_take_welsh_plurals(n, welsh):
    with translation.override("cy"):
        assert ngettext("%(n)s record.", "%(n)s records.", n) % {"n": n} == welsh


def test_the_summary_in_the_zip_speaks_the_askers_language(world, django_capture_on_commit_callbacks):
    import io
    import zipfile

    from accord.privacy import services

    user = world.users["staff_a"]
    user.language = "cy"
    user.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        row = services.export_request(actor=user, own=True)
    row.refresh_from_db()
    with row.file.open("rb") as f, zipfile.ZipFile(io.BytesIO(f.read())) as zf:
        summary = html.unescape(zf.read("summary.html").decode())
    assert '<html lang="cy">' in summary and "Data personol sydd gan Accord" in summary
    assert "Cwmpas: eich cyfrif." in summary and "Sail gyfreithlon:" in summary
    assert "Personal data held by Accord" not in summary and "Lawful basis" not in summary
