"""Bar charts as plain geometry, for server-rendered SVG (no JavaScript charting library)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT = 600, 160
PAD_LEFT, PAD_BOTTOM, PAD_TOP = 40, 26, 10


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    day: date
    value: int

    @property
    def label(self) -> str:
        return f"{self.day:%a %-d %b}: {self.value}"


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]
    ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - PAD_BOTTOM
    left: float = PAD_LEFT

    @property
    def total(self) -> int:
        return sum(b.value for b in self.bars)

    @property
    def peak(self) -> int:
        return max((b.value for b in self.bars), default=0)

    def labelled(self) -> list[Bar]:
        """Bars whose date is written under the axis: about six, evenly spaced."""
        step = max(1, math.ceil(len(self.bars) / 6))
        return [bar for i, bar in enumerate(self.bars) if i % step == 0]


def nice_ceiling(value: int) -> int:
    """The axis top: 1, 2 or 5 times a power of ten, at least ``value`` (and at least 4)."""
    value = max(value, 4)
    power = 10 ** math.floor(math.log10(value))
    for factor in (1, 2, 5, 10):
        if factor * power >= value:
            return factor * power
    return 10 * power


def bar_chart(series: list[tuple[date, int]], *, title: str) -> BarChart:
    top = nice_ceiling(max((v for _, v in series), default=0))
    plot_width = WIDTH - PAD_LEFT
    plot_height = HEIGHT - PAD_BOTTOM - PAD_TOP
    slot = plot_width / max(1, len(series))
    gap = min(4.0, slot * 0.2)
    bars = []
    for i, (day, value) in enumerate(series):
        h = plot_height * value / top
        bars.append(
            Bar(
                x=round(PAD_LEFT + i * slot + gap / 2, 2),
                y=round(HEIGHT - PAD_BOTTOM - h, 2),
                width=round(slot - gap, 2),
                height=round(h, 2),
                day=day,
                value=value,
            )
        )
    ticks = [
        Tick(y=round(HEIGHT - PAD_BOTTOM - plot_height * f, 2), value=round(top * f))
        for f in (0, 0.5, 1)
    ]
    return BarChart(title=title, bars=bars, ticks=ticks)
