"""A class's progress as chart geometry, drawn as SVG by the templates (no JavaScript).

Two charts from ``analytics.ProgressSeries``: the share of the banks the class has
started, day by day (a line), and the answers given each day, right and wrong
(stacked bars). Every mark carries a text label, and the templates repeat the
figures in a table for screen readers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT = 640, 180
LEFT, RIGHT, TOP, BOTTOM = 48, 8, 10, 22
PLOT_WIDTH = WIDTH - LEFT - RIGHT
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM
BASELINE = HEIGHT - BOTTOM


@dataclass(frozen=True)
class Tick:
    y: float
    text: str


@dataclass(frozen=True)
class DayLabel:
    x: float
    day: date


@dataclass(frozen=True)
class Column:
    day: date
    x: float
    width: float
    right: int
    wrong: int
    right_y: float
    right_height: float
    wrong_y: float
    wrong_height: float

    @property
    def label(self) -> str:
        return f"{self.day:%a %-d %b}: {self.right + self.wrong} answers, {self.right} right"


@dataclass(frozen=True)
class AnswersChart:
    columns: list[Column]
    ticks: list[Tick]
    days: list[DayLabel]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: int = BASELINE

    @property
    def total(self) -> int:
        return sum(c.right + c.wrong for c in self.columns)


@dataclass(frozen=True)
class Dot:
    day: date
    x: float
    y: float
    value: float

    @property
    def label(self) -> str:
        return f"{self.day:%a %-d %b}: {self.value:.0%}"


@dataclass(frozen=True)
class LineChart:
    line: str
    area: str
    dots: list[Dot]
    ticks: list[Tick]
    days: list[DayLabel]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: int = BASELINE

    @property
    def last(self) -> float:
        return self.dots[-1].value if self.dots else 0.0


def nice_top(value: int) -> int:
    """An even axis top, so the middle tick is whole: 4, 10, 20, 40, 100... at least ``value``."""
    value = max(value, 4)
    power = 10 ** math.floor(math.log10(value))
    return next(f * power for f in (2, 4, 10) if f * power >= value)


def _day_labels(days: list[date], slot: float) -> list[DayLabel]:
    step = max(1, math.ceil(len(days) / 6))
    return [
        DayLabel(round(LEFT + i * slot + slot / 2, 2), day)
        for i, day in enumerate(days)
        if i % step == 0
    ]


def answers_chart(points) -> AnswersChart:
    """Stacked bars: answers right (bottom) and wrong (top), one bar per day."""
    top = nice_top(max((p.answers for p in points), default=0))
    slot = PLOT_WIDTH / max(1, len(points))
    gap = min(3.0, slot * 0.2)
    columns = []
    for i, p in enumerate(points):
        right_h = PLOT_HEIGHT * p.correct / top
        wrong_h = PLOT_HEIGHT * (p.answers - p.correct) / top
        columns.append(
            Column(
                day=p.day,
                x=round(LEFT + i * slot + gap / 2, 2),
                width=round(slot - gap, 2),
                right=p.correct,
                wrong=p.answers - p.correct,
                right_y=round(BASELINE - right_h, 2),
                right_height=round(right_h, 2),
                wrong_y=round(BASELINE - right_h - wrong_h, 2),
                wrong_height=round(wrong_h, 2),
            )
        )
    ticks = [Tick(round(BASELINE - PLOT_HEIGHT * f, 2), f"{round(top * f):,}") for f in (0, 0.5, 1)]
    return AnswersChart(columns, ticks, _day_labels([p.day for p in points], slot))


def coverage_chart(points) -> LineChart:
    """A line of the class's coverage of its banks, 0 to 100%, with the area under it."""
    slot = PLOT_WIDTH / max(1, len(points))
    dots = [
        Dot(
            p.day,
            round(LEFT + i * slot + slot / 2, 2),
            round(BASELINE - PLOT_HEIGHT * p.coverage, 2),
            p.coverage,
        )
        for i, p in enumerate(points)
    ]
    line = " ".join(f"{'M' if i == 0 else 'L'}{d.x},{d.y}" for i, d in enumerate(dots))
    area = f"{line} L{dots[-1].x},{BASELINE} L{dots[0].x},{BASELINE} Z" if dots else ""
    ticks = [Tick(round(BASELINE - PLOT_HEIGHT * f, 2), f"{f:.0%}") for f in (0, 0.5, 1)]
    return LineChart(line, area, dots, ticks, _day_labels([p.day for p in points], slot))
