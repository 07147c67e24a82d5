"""The one font every PDF Accord makes is set in: DejaVu Sans, a Unicode TrueType font shipped inside
the package (`lib/fonts/`, with its licence, LICENSE-DejaVu.txt), embedded in each PDF.

Why: PDF's core fonts (Helvetica and friends) are Latin-1 only, which has â ê î ô û but not Welsh's ŵ
and ŷ (nor ŕ, Polish, Greek, …): names and text typed into Accord lost their letters. Why shipped and
not taken from the machine: the PDF must look the same and hold the same letters wherever Accord runs,
and nothing is fetched from another site. DejaVu Sans covers every Latin, Greek and Cyrillic letter; a
character it lacks (Chinese, emoji) is left out with a warning in the log, never an error.

- fpdf2 (the readiness check, the terms cover of a library PDF): `document()` gives an FPDF with the
  font added as FAMILY, in regular, bold ("B") and italic ("I").
- WeasyPrint (the meeting pack, the partnership report): `FONT_FACE_CSS` declares the same files as the
  CSS family FAMILY, and `fetch` is the URL fetcher that opens those files and refuses any other URL.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fpdf import FPDF

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FAMILY = "Accord Sans"
# fpdf2 style → file
FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
# the CSS weight and style of each file
_CSS = {"": ("normal", "normal"), "B": ("bold", "normal"), "I": ("normal", "oblique")}


def path(style: str = "") -> Path:
    return FONT_DIR / FILES[style]


def document(*, styles: str = "BI", **kwargs: Any) -> FPDF:
    """A new fpdf2 document with the shipped font added as FAMILY: regular, and each of `styles`
    ("B" bold, "I" italic; each costs a little time to read, so add only those used)."""
    from fpdf import FPDF

    pdf = FPDF(**kwargs)
    for style in ("", *styles):
        pdf.add_font(FAMILY, style, str(path(style)))
    return pdf


FONT_FACE_CSS = "".join(
    f'@font-face {{ font-family: "{FAMILY}"; src: url("{path(style).as_uri()}"); font-weight: {weight}; '
    f"font-style: {style_name}; }}\n"
    for style, (weight, style_name) in _CSS.items()
)


def fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """WeasyPrint's URL fetcher: the shipped font files, and nothing else (no other file, no network)."""
    allowed = {path(style).as_uri(): path(style) for style in FILES}
    if url not in allowed:
        raise ValueError(f"A PDF fetches nothing from elsewhere ({url}).")
    return {"string": allowed[url].read_bytes(), "mime_type": "font/ttf"}
