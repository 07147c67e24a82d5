"""The reports' pages, chart labels and report periods in Welsh when Welsh is asked for."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from accord.reports import quarterly

WELSH = {"HTTP_ACCEPT_LANGUAGE": "cy"}


def test_data_out_and_the_report_page_in_welsh(world):
    client = world.client("manager")
    data_out = client.get(f"/p/{world.partnership.pk}/reports/data/", **WELSH).content.decode()
    assert "<h1>Data allan</h1>" in data_out and "Cyfarfodydd a phresenoldeb" in data_out
    assert "<h1>Data out</h1>" not in data_out and "Meetings and attendance" not in data_out
    report = client.get(f"/p/{world.partnership.pk}/reports/partnership-report/", **WELSH).content.decode()
    assert "<h1>Adroddiad y bartneriaeth</h1>" in report and "Lawrlwytho nawr" in report
    assert "Download now" not in report and "Choose dates instead" not in report


def test_a_period_and_a_chart_read_in_welsh():
    period = quarterly.quarter(2026, 3)
    with translation.override("cy"):
        assert period.label == "Ch3 2026 (1 Gorffenaf tan 30 Medi 2026)"  # Django's Welsh month names
        chart = quarterly.charts({"health": {"history": [(dt.date(2026, 1, 1), 60.0), (dt.date(2026, 2, 1), 62.0)]},
                                  "trust": {"waves": []}, "rollout": {"series": []}})["health"]
        assert "Mynegai iechyd fesul mis" in chart and "Health index" not in chart
    with translation.override("en"):
        assert period.label == "Q3 2026 (1 July to 30 September 2026)"
