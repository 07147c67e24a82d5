import datetime as dt

from accord.lib.charts import Series, heat_colour, line_chart


def test_a_chart_is_a_labelled_image_with_every_value_in_a_tooltip():
    svg = line_chart([Series("Trust", [(dt.date(2025, 1, 1), 3.1), (dt.date(2025, 4, 1), 2.6)])],
                     title="Trust over time", y_max=4)
    assert 'role="img"' in svg and 'aria-label="Trust over time"' in svg
    assert "Trust: 3.1 on 01 Jan 2025" in svg and "Trust: 2.6 on 01 Apr 2025" in svg


def test_names_are_escaped():
    svg = line_chart([Series("<script>", [(dt.date(2025, 1, 1), 1)])], title="a & b")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "a &amp; b" in svg


def test_close_events_get_staggered_labels_and_a_long_legend_wraps():
    days = [dt.date(2025, 1, d) for d in (1, 2, 3)]
    series = [Series(f"Partner number {i}", [(days[0], 1), (days[2], 2)]) for i in range(8)]
    svg = line_chart(series, title="t", markers=[(d, f"event {i}") for i, d in enumerate(days)])
    label_heights = {part.split('y="')[1].split('"')[0] for part in svg.split('class="marker-label"')[:-1]}
    assert len(label_heights) == 3
    assert 'viewBox="0 0 640 260"' not in svg  # grew to fit the extra legend rows


def test_no_data_says_so():
    assert "No data yet" in line_chart([Series("x", [])], title="Empty")


def test_heat_colours_run_from_red_to_green_and_grey_for_unknown():
    low, mid, high = heat_colour(1, 1, 4), heat_colour(2.5, 1, 4), heat_colour(4, 1, 4)
    assert low == "rgb(244,178,170)" and high == "rgb(168,220,170)" and mid == "rgb(250,235,160)"
    assert heat_colour(None, 1, 4) == "#eeeeee"
