"""Chart geometry for server-rendered SVG: day-by-day bars (stacked or not) and lines.

Pure: the templates draw what these functions compute (``templates/_charts.html``),
so no JavaScript charting library is needed, and every mark carries a text label.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT = 640, 180
LEFT, RIGHT, TOP, BOTTOM = 48, 8, 10, 22
PLOT_WIDTH = WIDTH - LEFT - RIGHT
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM
BASELINE = HEIGHT - BOTTOM
# About this many dates are written under the axis, evenly spaced.
DAY_LABELS = 6


@dataclass(frozen=True)
class Tick:
    y: float
    text: str


@dataclass(frozen=True)
class DayLabel:
    x: float
    day: date


@dataclass(frozen=True)
class Segment:
    """One part of a stacked bar; ``name`` is its CSS class (e.g. right, wrong)."""

    name: str
    value: int
    y: float
    height: float


@dataclass(frozen=True)
class Column:
    day: date
    x: float
    width: float
    segments: tuple[Segment, ...]
    label: str

    @property
    def total(self) -> int:
        return sum(s.value for s in self.segments)

    def value(self, name: str) -> int:
        return next((s.value for s in self.segments if s.name == name), 0)


@dataclass(frozen=True)
class BarChart:
    title: str
    columns: list[Column]
    ticks: list[Tick]
    days: list[DayLabel]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: int = BASELINE

    @property
    def total(self) -> int:
        return sum(c.total for c in self.columns)

    @property
    def peak(self) -> int:
        return max((c.total for c in self.columns), default=0)


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
    title: str
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


def _slot(count: int) -> float:
    return PLOT_WIDTH / max(1, count)


def _day_labels(days: Sequence[date], slot: float) -> list[DayLabel]:
    step = max(1, math.ceil(len(days) / DAY_LABELS))
    return [
        DayLabel(round(LEFT + i * slot + slot / 2, 2), day)
        for i, day in enumerate(days)
        if i % step == 0
    ]


def _default_label(day: date, parts: dict[str, int]) -> str:
    return f"{day:%a %-d %b}: {sum(parts.values()):,}"


def bar_chart(
    series: Sequence[tuple[date, dict[str, int]]],
    *,
    title: str,
    label: Callable[[date, dict[str, int]], str] = _default_label,
) -> BarChart:
    """One bar a day, stacked bottom-up in the order of each day's parts."""
    top = nice_top(max((sum(parts.values()) for _, parts in series), default=0))
    slot = _slot(len(series))
    gap = min(3.0, slot * 0.2)
    columns = []
    for i, (day, parts) in enumerate(series):
        floor = float(BASELINE)
        segments = []
        for name, value in parts.items():
            height = PLOT_HEIGHT * value / top
            floor -= height
            segments.append(Segment(name, value, round(floor, 2), round(height, 2)))
        columns.append(
            Column(
                day,
                round(LEFT + i * slot + gap / 2, 2),
                round(slot - gap, 2),
                tuple(segments),
                label(day, parts),
            )
        )
    ticks = [Tick(round(BASELINE - PLOT_HEIGHT * f, 2), f"{round(top * f):,}") for f in (0, 0.5, 1)]
    return BarChart(title, columns, ticks, _day_labels([d for d, _ in series], slot))


def share_chart(series: Sequence[tuple[date, float]], *, title: str) -> LineChart:
    """A line of a share from 0 to 100%, one point a day, with the area under it."""
    slot = _slot(len(series))
    dots = [
        Dot(
            day,
            round(LEFT + i * slot + slot / 2, 2),
            round(BASELINE - PLOT_HEIGHT * share, 2),
            share,
        )
        for i, (day, share) in enumerate(series)
    ]
    line = " ".join(f"{'M' if i == 0 else 'L'}{d.x},{d.y}" for i, d in enumerate(dots))
    area = f"{line} L{dots[-1].x},{BASELINE} L{dots[0].x},{BASELINE} Z" if dots else ""
    ticks = [Tick(round(BASELINE - PLOT_HEIGHT * f, 2), f"{f:.0%}") for f in (0, 0.5, 1)]
    return LineChart(title, line, area, dots, ticks, _day_labels([d for d, _ in series], slot))
