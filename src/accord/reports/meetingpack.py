"""The meeting pack as a tagged PDF (PDF/UA-1), made with WeasyPrint from HTML.

Why WeasyPrint: it writes the document's structure (headings, lists, tables, links) into the PDF as
tags from the HTML it lays out, with the language and title set, and checks the PDF/UA-1 rules it can
(`pdf_variant="pdf/ua-1"`), so a screen reader reads the pack in order with its headings and table
headers. fpdf2, which makes the one-page readiness PDF, writes untagged text (no structure tree). The text
is set in the Unicode font Accord ships (lib.pdffonts: Welsh's ŵ and ŷ print wherever Accord runs); the
URL fetcher opens those font files and refuses anything else, so nothing is fetched from another site.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext

from accord.lib import pdffonts

CSS = pdffonts.FONT_FACE_CSS + """
@page {
  size: A4; margin: 22mm 18mm 20mm 18mm;
  @top-left { font: 8.5pt SANS; color: #444; }
  @top-right { font: 8.5pt SANS; color: #444; }
  @bottom-left { font: 8.5pt SANS; color: #444; }
  @bottom-right { font: 8.5pt SANS; color: #444; }
}
body { font: 10.5pt/1.4 SANS; color: #111; }
h1 { font-size: 18pt; margin: 0 0 4pt; }
h2 { font-size: 13pt; margin: 14pt 0 4pt; border-bottom: 1px solid #999; }
h3 { font-size: 11pt; margin: 10pt 0 2pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: 2pt 4pt; text-align: left; vertical-align: top; }
.muted { color: #444; }
.chart-narrow { display: none; }
svg.chart { width: 100%; height: auto; margin: 4pt 0 8pt; }
figure { margin: 0; }
""".replace("SANS", f'"{pdffonts.FAMILY}", sans-serif')
# inline SVG is drawn by WeasyPrint's own renderer, which reads styles inside the drawing only
CHART_STYLE = (f"<style>text{{font-family:'{pdffonts.FAMILY}',sans-serif}}"
               ".grid{stroke:#d5d9de}.tick,.legend{font-size:15px;fill:#333}"
               ".marker{stroke:#b9770e;stroke-dasharray:3 3}.marker-label{font-size:15px;fill:#7a4d06}</style>")


def for_print(svg: str) -> str:
    """A lib.charts drawing made ready for the PDF: its styles written inside each SVG."""
    return re.sub(r"(<svg [^>]*>)", lambda m: m.group(1) + CHART_STYLE, svg)


@dataclass(frozen=True)
class Attachment:
    """A file carried inside the PDF, which a PDF reader offers to open or save."""

    name: str
    data: bytes
    description: str = ""


def _css_text(text: str) -> str:
    """Text as a CSS string (quotes and backslashes escaped, one line)."""
    return '"' + " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"') + '"'


def running_heads(partnership: str, period: str, produced: dt.date) -> str:
    """Every page's heads: the partnership's name, the period and the day the file was produced. (Set in
    the page rules, because WeasyPrint takes no `string-set` from an element that is not displayed.)"""
    produced_text = gettext("Produced %(date)s by Accord") % {"date": formats.date_format(produced, "j F Y")}
    return (f"@page {{ @top-left {{ content: {_css_text(partnership)}; }} @top-right {{ content: {_css_text(period)}; }}"
            f" @bottom-left {{ content: {_css_text(produced_text)}; }}"
            f" @bottom-right {{ content: {_page_numbers()}; }} }}")


def _page_numbers() -> str:
    """"Page 2 of 5" in the language in use, as CSS: the translated sentence with its two numbers as the
    page counters (a whole sentence for the translator, since Welsh orders words its own way)."""
    sentence = gettext("Page %(page)s of %(pages)s")
    parts = re.split(r"(%\(page\)s|%\(pages\)s)", sentence)
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    return " ".join(counters.get(part) or '"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"'
                    for part in parts if part)  # spaces kept: CSS joins the pieces as they are


def tagged_pdf(template: str, context: dict[str, Any], *, heads: str,
               attachments: Sequence[Attachment] = ()) -> bytes:
    """An HTML template laid out as a tagged PDF (PDF/UA-1), with `heads` (running_heads) on every page."""
    from weasyprint import CSS as WeasyCSS
    from weasyprint import HTML
    from weasyprint import Attachment as WeasyAttachment
    from weasyprint.text.fonts import FontConfiguration

    html = render_to_string(template, context)
    document = HTML(string=html, url_fetcher=pdffonts.fetch)
    fonts = FontConfiguration()
    style = WeasyCSS(string=CSS + heads, url_fetcher=pdffonts.fetch, font_config=fonts)
    files = [WeasyAttachment(string=a.data, name=a.name, description=a.description or a.name) for a in attachments]
    return bytes(document.write_pdf(stylesheets=[style], font_config=fonts, pdf_variant="pdf/ua-1",
                                    pdf_tags=True, attachments=files) or b"")


def meeting_pack_pdf(pack: dict[str, Any], *, produced: dt.date, attachments: Sequence[Attachment] = ()) -> bytes:
    heads = running_heads(pack["partnership"], f"{pack['series']}, {pack['day']:%-d %B %Y}", produced)
    return tagged_pdf("reports/meeting_pack.html", {"pack": pack, "produced": produced, "attachments": attachments},
                      heads=heads, attachments=attachments)
