"""The meeting pack as a tagged PDF (PDF/UA-1), made with WeasyPrint from HTML.

Why WeasyPrint: it writes the document's structure (headings, lists, tables, links) into the PDF as
tags from the HTML it lays out, with the language and title set, and checks the PDF/UA-1 rules it can
(`pdf_variant="pdf/ua-1"`), so a screen reader reads the pack in order with its headings and table
headers. fpdf2, which makes the one-page readiness PDF, writes untagged text (no structure tree). Fonts
come from the machine (fontconfig); nothing is fetched from another site (`url_fetcher` refuses).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.loader import render_to_string

CSS = """
@page {
  size: A4; margin: 22mm 18mm 20mm 18mm;
  @top-left { content: string(partnership); font: 8.5pt sans-serif; color: #444; }
  @top-right { content: string(period); font: 8.5pt sans-serif; color: #444; }
  @bottom-left { content: string(produced); font: 8.5pt sans-serif; color: #444; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8.5pt sans-serif; color: #444; }
}
body { font: 10.5pt/1.4 sans-serif; color: #111; }
.running-partnership { string-set: partnership content(); display: none; }
.running-period { string-set: period content(); display: none; }
.running-produced { string-set: produced content(); display: none; }
h1 { font-size: 18pt; margin: 0 0 4pt; }
h2 { font-size: 13pt; margin: 14pt 0 4pt; border-bottom: 1px solid #999; }
h3 { font-size: 11pt; margin: 10pt 0 2pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: 2pt 4pt; text-align: left; vertical-align: top; }
.muted { color: #444; }
"""


def _refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"The meeting pack fetches nothing from elsewhere ({url}).")


def meeting_pack_pdf(pack: dict[str, Any], *, produced: dt.date) -> bytes:
    from weasyprint import CSS as WeasyCSS
    from weasyprint import HTML

    html = render_to_string("reports/meeting_pack.html", {"pack": pack, "produced": produced})
    document = HTML(string=html, url_fetcher=_refuse)
    return bytes(document.write_pdf(stylesheets=[WeasyCSS(string=CSS)], pdf_variant="pdf/ua-1", pdf_tags=True) or b"")
