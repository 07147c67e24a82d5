"""Readable on a phone: chart text is at least 12 px, never overlapping, at every width, and the funders'
table fits a desktop screen. That no page scrolls sideways on a 320 px screen (a wide table scrolls inside its
own labelled, focusable region instead) is checked on every page by the sweep in test_accessibility.py, which
opens each page once for both."""

from __future__ import annotations

import pytest

from accord.demo import partnership as demo

from . import crawl
from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Each visible chart's text: its rendered size (font size in the drawing times the drawing's scale) and box.
CHART_TEXT = """() => {
  const found = [];
  for (const svg of document.querySelectorAll('svg.chart')) {
    const box = svg.getBoundingClientRect();
    if (!box.width || getComputedStyle(svg).display === 'none' || svg.closest('[hidden]')) continue;
    if (svg.offsetParent === null) continue;
    const scale = box.width / svg.viewBox.baseVal.width;
    const texts = [...svg.querySelectorAll('text')].map(t => {
      const r = t.getBoundingClientRect();
      return {text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize) * scale,
              box: [r.left, r.top, r.right, r.bottom]};
    });
    found.push({label: svg.getAttribute('aria-label'), texts: texts});
  }
  return found;
}"""


CHART_PAGES = ["/p/{pk}/trust/", "/p/{pk}/delivery/", "/p/{pk}/health/", "/p/{pk}/health/timeline/",
               "/p/{pk}/meetings/health/", "/p/{pk}/charter/goals/{goal}/", "/p/{pk}/trust/waves/{wave}/"]


def _overlapping(texts: list[dict]) -> list[tuple[str, str]]:
    pairs = []
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            (l1, t1, r1, b1), (l2, t2, r2, b2) = a["box"], b["box"]
            if l1 < r2 - 1 and l2 < r1 - 1 and t1 < b2 - 1 and t2 < b1 - 1:
                pairs.append((a["text"], b["text"]))
    return pairs


def test_chart_text_is_at_least_12_px_and_never_overlaps_at_any_width(page):
    ids = crawl.demo_ids()
    sign_in(page, crawl.ROLES["manager"], demo.PASSWORD)
    failures, charts_seen = [], 0
    for template in CHART_PAGES:
        path = template.format(pk=ids.values["pk"], goal=ids.values["goal_pk"], wave=ids.values["wave_pk"])
        page.goto(path)
        for width in (320, 390, 601, 800, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            for chart in page.evaluate(CHART_TEXT):
                charts_seen += 1
                small = sorted({f"{t['text']!r} {t['size']:.1f}px" for t in chart["texts"] if t["size"] < 11.95})
                if small:
                    failures.append(f"{path} at {width} px, “{chart['label']}”: text under 12 px: {small[:4]}")
                clash = _overlapping(chart["texts"])
                if clash:
                    failures.append(f"{path} at {width} px, “{chart['label']}”: labels overlap: {clash[:3]}")
    assert charts_seen >= len(CHART_PAGES) * 5
    assert not failures, "\n".join(failures)


def test_the_funders_table_shows_every_column_on_a_1280_px_screen(page):
    crawl.demo_ids()
    sign_in(page, crawl.ROLES["funder"], demo.PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/funders/")
    region = page.get_by_role("region", name="Partnerships you fund; column headings sort the table")
    widths = region.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert widths[0] <= widths[1], f"the table is {widths[0]} px wide in a {widths[1]} px box"
