"""Chart geometry for the learner's statistics: a year's calendar heatmap and bars of
mastery by tag. Pure, like ``quizapp.charts``: templates draw what these compute, and
every mark carries a text label.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

CELL, GAP = 11, 2
HEAT_LEFT, HEAT_TOP = 30, 16
LEVELS = 4


@dataclass(frozen=True)
class HeatCell:
    day: date
    reviews: int
    x: int
    y: int
    level: int

    @property
    def label(self) -> str:
        n = self.reviews
        return f"{self.day:%a %-d %b %Y}: {n} answer{'s' if n != 1 else ''}"


@dataclass(frozen=True)
class HeatLabel:
    x: int
    y: int
    text: str


@dataclass(frozen=True)
class Heatmap:
    title: str
    cells: list[HeatCell]
    months: list[HeatLabel]
    weekdays: list[HeatLabel]
    width: int
    height: int
    cell: int = CELL
    peak: int = 0

    @property
    def total(self) -> int:
        return sum(c.reviews for c in self.cells)

    @property
    def active_days(self) -> int:
        return sum(1 for c in self.cells if c.reviews)


def level(reviews: int, peak: int) -> int:
    """0 for none, then 1 to LEVELS by the share of the busiest day."""
    if reviews <= 0 or peak <= 0:
        return 0
    return max(1, min(LEVELS, math.ceil(LEVELS * reviews / peak)))


def heatmap(days: Sequence[tuple[date, int]], *, title: str) -> Heatmap:
    """One square a day, a column a week (Monday at the top), as GitHub and Anki draw it."""
    if not days:
        return Heatmap(title, [], [], [], HEAT_LEFT, HEAT_TOP)
    first = days[0][0]
    start = first - timedelta(days=first.weekday())
    peak = max(n for _, n in days)
    cells = []
    months = []
    step = CELL + GAP
    seen_month = None
    for day, n in days:
        week = (day - start).days // 7
        x, y = HEAT_LEFT + week * step, HEAT_TOP + day.weekday() * step
        cells.append(HeatCell(day, n, x, y, level(n, peak)))
        if (day.year, day.month) != seen_month and day.day <= 7:
            seen_month = (day.year, day.month)
            months.append(HeatLabel(x, HEAT_TOP - 5, f"{day:%b}"))
    weeks = (days[-1][0] - start).days // 7 + 1
    weekdays = [
        HeatLabel(HEAT_LEFT - 4, HEAT_TOP + i * step + CELL - 2, name)
        for i, name in ((0, "Mon"), (2, "Wed"), (4, "Fri"))
    ]
    return Heatmap(
        title,
        cells,
        months,
        weekdays,
        width=HEAT_LEFT + weeks * step + 16,  # room for the last month's name
        height=HEAT_TOP + 7 * step,
        peak=peak,
    )


BAR_WIDTH, ROW = 400, 40


@dataclass(frozen=True)
class ShareBar:
    name: str
    share: float
    questions: int
    y: int
    width: float

    @property
    def label(self) -> str:
        return f"{self.name}: {self.share:.0%} of {self.questions} question" + (
            "s" if self.questions != 1 else ""
        )


@dataclass(frozen=True)
class ShareBars:
    title: str
    bars: list[ShareBar]
    width: int = BAR_WIDTH
    row: int = ROW

    @property
    def height(self) -> int:
        return max(ROW, len(self.bars) * ROW)


def share_bars(rows: Sequence[tuple[str, float, int]], *, title: str) -> ShareBars:
    """A labelled bar per row (name above, bar below), 0 to 100% of the full width."""
    bars = [
        ShareBar(name, share, n, i * ROW, round(BAR_WIDTH * max(0.0, min(1.0, share)), 2))
        for i, (name, share, n) in enumerate(rows)
    ]
    return ShareBars(title, bars)
