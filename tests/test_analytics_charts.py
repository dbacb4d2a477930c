"""Chart geometry for the class progress charts (pure: no app, no database)."""

from datetime import date, timedelta

import pytest

from quizapp.services.analytics import DayPoint
from quizapp.web.teacher_charts import (
    BASELINE,
    LEFT,
    PLOT_HEIGHT,
    answers_chart,
    coverage_chart,
    nice_top,
)


def points(n: int = 30) -> list[DayPoint]:
    start = date(2026, 2, 1)
    return [
        DayPoint(start + timedelta(days=i), answers=i, correct=i // 2, coverage=i / (n - 1))
        for i in range(n)
    ]


@pytest.mark.parametrize(
    ("value", "top"), [(0, 4), (3, 4), (4, 4), (5, 10), (11, 20), (21, 40), (41, 100), (999, 1000)]
)
def test_axis_tops_are_even_and_cover_the_value(value, top):
    assert nice_top(value) == top


def test_answers_are_stacked_right_under_wrong():
    chart = answers_chart(points())
    last = chart.columns[-1]
    assert (last.right, last.wrong) == (14, 15)
    assert last.right_y + last.right_height == pytest.approx(BASELINE)
    assert last.wrong_y + last.wrong_height == pytest.approx(last.right_y, abs=0.02)
    assert last.right_height + last.wrong_height <= PLOT_HEIGHT
    assert [t.text for t in chart.ticks] == ["0", "20", "40"]
    assert chart.total == sum(range(30))
    assert 5 <= len(chart.days) <= 6
    assert "29 answers, 14 right" in last.label


def test_coverage_runs_from_the_baseline_to_the_top():
    chart = coverage_chart(points())
    assert chart.dots[0].y == BASELINE and chart.dots[-1].y == pytest.approx(BASELINE - PLOT_HEIGHT)
    assert chart.line.startswith(f"M{chart.dots[0].x},") and chart.area.endswith("Z")
    assert all(d.x > LEFT for d in chart.dots)
    assert chart.last == 1.0 and chart.dots[-1].label.endswith("100%")


def test_an_empty_period_draws_nothing_but_axes():
    assert coverage_chart([]).line == "" and answers_chart([]).columns == []
