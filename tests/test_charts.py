"""Chart geometry for the progress and class charts (pure: no app, no database)."""

from datetime import date, timedelta

import pytest

from quizapp.charts import BASELINE, LEFT, PLOT_HEIGHT, bar_chart, nice_top, share_chart

START = date(2026, 2, 1)


def days(n: int = 30) -> list[date]:
    return [START + timedelta(days=i) for i in range(n)]


@pytest.mark.parametrize(
    ("value", "top"), [(0, 4), (3, 4), (4, 4), (5, 10), (11, 20), (21, 40), (41, 100), (999, 1000)]
)
def test_axis_tops_are_even_and_cover_the_value(value, top):
    assert nice_top(value) == top


def test_stacked_bars_sit_on_the_baseline_in_order():
    series = [(d, {"right": i // 2, "wrong": i - i // 2}) for i, d in enumerate(days())]
    chart = bar_chart(series, title="Answers", label=lambda d, p: f"{d:%-d %b}: {p['right']} right")
    last = chart.columns[-1]
    right, wrong = last.segments
    assert (right.name, right.value, wrong.name, wrong.value) == ("right", 14, "wrong", 15)
    assert right.y + right.height == pytest.approx(BASELINE)
    assert wrong.y + wrong.height == pytest.approx(right.y, abs=0.02)
    assert right.height + wrong.height <= PLOT_HEIGHT
    assert [t.text for t in chart.ticks] == ["0", "20", "40"]
    assert chart.total == sum(range(30)) and chart.peak == 29
    assert last.value("wrong") == 15 and last.label == "2 Mar: 14 right"
    assert 5 <= len(chart.days) <= 6


def test_single_bars_use_the_default_label():
    chart = bar_chart([(START, {"count": 3})], title="Reviews")
    assert chart.columns[0].label == "Sun 1 Feb: 3"
    assert chart.columns[0].x > LEFT


def test_shares_run_from_the_baseline_to_the_top():
    series = [(d, i / 29) for i, d in enumerate(days())]
    chart = share_chart(series, title="Coverage")
    assert chart.dots[0].y == BASELINE and chart.dots[-1].y == pytest.approx(BASELINE - PLOT_HEIGHT)
    assert chart.line.startswith(f"M{chart.dots[0].x},") and chart.area.endswith("Z")
    assert all(d.x > LEFT for d in chart.dots)
    assert chart.last == 1.0 and chart.dots[-1].label.endswith("100%")


def test_an_empty_period_draws_nothing_but_axes():
    assert share_chart([], title="x").line == ""
    assert bar_chart([], title="x").columns == []
