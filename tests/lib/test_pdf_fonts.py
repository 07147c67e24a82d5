"""Every PDF Accord makes is set in the Unicode font it ships (lib.pdffonts), embedded: Welsh's ŵ and ŷ
(outside Latin-1, so lost by PDF's core fonts) print, and text no font has never stops a PDF."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from pypdf import PdfReader

from accord.analytics import readiness as r
from accord.lib import pdffonts
from accord.reports.pdf import readiness_pdf
from tests.governance.conftest import series  # noqa: F401  # the fixture

WELSH_NAME = "Ŵyr ŷd Caerdydd"
AWKWARD = "Ŵ ŵ Ŷ ŷ ŕ Ł “quotes” – … → 漢字 😀 \x07 \t"


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _fonts(data: bytes) -> set[str]:
    """The base names of the fonts the PDF uses, and whether each is embedded (a font file in it)."""
    found = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found.add(f"{font['/BaseFont']}{'' if embedded else ' (not embedded)'}")
    return found


def _result() -> Any:
    return r.assess(
        charter=r.charter_check(None, unsigned=["Ŵyr ŷd"]),
        capabilities=r.capability_check({"A": ["x"]}),
        trust=r.trust_check(0, None),
        governance=r.governance_check(8, 1),
        joint_work=r.joint_work_check(2, 1, 0, 0),
    )


def test_the_shipped_font_and_its_licence_are_in_the_package() -> None:
    for style in pdffonts.FILES:
        assert pdffonts.path(style).read_bytes()[:4] == b"\x00\x01\x00\x00"  # a TrueType file
    licence = (pdffonts.FONT_DIR / "LICENSE-DejaVu.txt").read_text()
    assert "Bitstream Vera Fonts Copyright" in licence and "Arev Fonts Copyright" in licence


def test_the_readiness_pdf_keeps_welsh_letters() -> None:
    data = readiness_pdf(
        partnership_name=WELSH_NAME,
        purpose="Gwella gwasanaethau ŵyr ac wyresau.",
        result=_result(),
        checked_on=dt.date(2026, 11, 25),
        members=["Ŷ Bartneriaeth", "Beta"],
    )
    text = _text(data)
    assert "Ŵyr ŷd Caerdydd" in text and "ŵyr" in text and "Ŷ Bartneriaeth" in text
    assert _dejavu_embedded(data), _fonts(data)


def test_characters_no_font_has_never_stop_the_pdf() -> None:
    data = readiness_pdf(
        partnership_name=AWKWARD,
        purpose=AWKWARD * 3,
        result=_result(),
        checked_on=dt.date(2026, 11, 25),
        members=[AWKWARD],
    )
    assert data.startswith(b"%PDF") and "Ŵ ŵ Ŷ ŷ ŕ Ł" in _text(data)


def test_the_readiness_download_of_a_welsh_partnership(world: Any) -> None:
    world.partnership.name = WELSH_NAME
    world.partnership.save()
    response = world.client("funder").get(f"/p/{world.partnership.pk}/reports/readiness.pdf")
    assert response.status_code == 200 and WELSH_NAME in _text(response.content)


def _dejavu_embedded(data: bytes) -> bool:
    return bool(_fonts(data)) and all("DejaVu" in f and "not embedded" not in f for f in _fonts(data))


def test_the_partnership_report_and_meeting_pack_keep_welsh_letters(
    world: Any,
    series: Any,  # noqa: F811
    monkeypatch: Any,
) -> None:
    fetched: list[str] = []
    fetch = pdffonts.fetch

    def counting(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        fetched.append(url)
        return fetch(url, *args, **kwargs)

    monkeypatch.setattr(pdffonts, "fetch", counting)
    world.partnership.name = WELSH_NAME
    world.partnership.save()
    client = world.client("manager")
    report = client.get(
        f"/p/{world.partnership.pk}/reports/partnership-report/download?format=pdf&quarter=2026-Q3"
    )
    assert report.status_code == 200 and WELSH_NAME in _text(report.content)
    assert _dejavu_embedded(report.content), _fonts(report.content)
    assert pdffonts.path("").as_uri() in fetched  # the shipped file, not one the machine happens to have
    meeting = series.meetings.order_by("start").first()
    pack = client.get(f"/p/{world.partnership.pk}/reports/meetings/{meeting.pk}/pack.pdf")
    assert pack.status_code == 200 and WELSH_NAME in _text(pack.content)
    assert _dejavu_embedded(pack.content), _fonts(pack.content)


def test_the_library_terms_cover_keeps_welsh_letters() -> None:
    from accord.library.files import with_pdf_cover

    original = readiness_pdf(
        partnership_name="Beta", purpose="", result=_result(), checked_on=dt.date(2026, 11, 25), members=[]
    )
    joined = with_pdf_cover(original, "Telerau: Adroddiad Ŵyr ŷd\nPerchennog: Ŷ Gymdeithas\n")
    cover = PdfReader(io.BytesIO(joined)).pages[0].extract_text()
    assert (
        "Adroddiad Ŵyr ŷd" in cover
        and "Ŷ Gymdeithas" in cover
        and len(PdfReader(io.BytesIO(joined)).pages) == 2
    )


def test_the_pdf_fetcher_opens_the_shipped_fonts_and_nothing_else(tmp_path: Any) -> None:
    assert pdffonts.fetch(pdffonts.path("B").as_uri())["string"] == pdffonts.path("B").read_bytes()
    other = tmp_path / "x.ttf"
    other.write_bytes(b"x")
    for url in (
        other.as_uri(),
        "https://fonts.example/x.ttf",
        (pdffonts.FONT_DIR / "LICENSE-DejaVu.txt").as_uri(),
    ):
        with pytest.raises(ValueError):
            pdffonts.fetch(url)
