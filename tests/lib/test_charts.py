import datetime as dt

from accord.lib.charts import CHAR, NARROW, WIDE, Series, heat_colour, line_chart


def test_a_chart_is_a_labelled_image_with_every_value_in_a_tooltip():
    svg = line_chart([Series("Trust", [(dt.date(2025, 1, 1), 3.1), (dt.date(2025, 4, 1), 2.6)])],
                     title="Trust over time", y_max=4)
    assert 'role="img"' in svg and 'aria-label="Trust over time"' in svg
    assert "Trust: 3.1 on 01 Jan 2025" in svg and "Trust: 2.6 on 01 Apr 2025" in svg


def test_names_are_escaped():
    svg = line_chart([Series("<script>", [(dt.date(2025, 1, 1), 1)])], title="a & b")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "a &amp; b" in svg


def _labels(svg, css):
    """(x, y, text) of the marker labels and legend entries of one of the two drawings."""
    import re

    drawing = svg.split(f'class="chart {css}"')[1].split("</svg>")[0] if css == "chart-wide" else \
        svg.split('class="chart-narrow"')[1].split("</svg>")[0]
    found = re.findall(r'<text x="([\d.]+)" y="([\d.]+)" class="(marker-label|legend)">(?:<title>[^<]*</title>)?([^<]*)<',
                       drawing)
    return [(float(x), float(y), kind, text) for x, y, kind, text in found]


def _overlaps(labels, font):
    boxes = [(x, y, x + len(text) * font * CHAR, kind) for x, y, kind, text in labels]
    return [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[3] == b[3] and abs(a[1] - b[1]) < font and a[0] < b[2] and b[0] < a[2]]


def test_close_events_and_a_long_legend_never_overlap_in_either_drawing():
    days = [dt.date(2025, 1, d) for d in (1, 2, 3)] + [dt.date(2025, 6, 1)]
    series = [Series(f"Partner number {i}", [(days[0], 1), (days[2], 2)]) for i in range(8)]
    svg = line_chart(series, title="t", markers=[(d, f"Leader of partner {i} left") for i, d in enumerate(days)])
    for css, size in (("chart-wide", WIDE), ("chart-narrow", NARROW)):
        labels = _labels(svg, css)
        assert len([lab for lab in labels if lab[2] == "legend"]) == 8
        assert _overlaps(labels, size["font"]) == [], css
    # on a phone the events are numbered in the chart and named in a list below it
    assert "<ol class=\"chart-key\"><li>Leader of partner 0 left (1 Jan 2025)</li>" in svg


def test_no_data_says_so():
    assert "No data yet" in line_chart([Series("x", [])], title="Empty")


def test_heat_colours_run_from_red_to_green_and_grey_for_unknown():
    low, mid, high = heat_colour(1, 1, 4), heat_colour(2.5, 1, 4), heat_colour(4, 1, 4)
    assert low == "rgb(244,178,170)" and high == "rgb(168,220,170)" and mid == "rgb(250,235,160)"
    assert heat_colour(None, 1, 4) == "#eeeeee"
