"""One date resolver: what each date expression means, read in the order a reader meets it.

The parse marks date expressions (spaCy's DATE entities, and four-digit years it leaves as
numbers after a preposition); this module reads each one into a `When` and resolves what the
text leaves out. A bare month or day takes the year that keeps the narrative moving forward
from the last date the reader met, unless that would put it after the publication date in a
clause that does not look ahead, in which case it takes the latest such day before
publication ("Earlier in July", in December). Weekdays and "yesterday" count from the
publication date. An expression that cannot be resolved to a real date is not a date fact:
an answer never shows a placeholder.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import vocabulary as lexicon

if TYPE_CHECKING:
    from spacy.tokens import Span

YEAR = "year"
MONTH = "month"
DAY = "day"

_MONTHS = {name.lower(): number for number, name in enumerate(lexicon.months(), start=1)}
_MONTHS.update({k: int(v) for k, v in lexicon.table("month_abbreviations").items()})
_WEEKDAYS = {name.lower(): number for number, name in enumerate(lexicon.weekdays())}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[5-9]\d\d|20\d\d)"
# Most specific first; each is tried at every position of the expression.
_FORMS = [
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*(?:,\s*)?\d)", re.I),
    re.compile(rf"\b{_DAY}\s+{_MONTH}\b", re.I),
    re.compile(rf"\b{_YEAR}\b(?![-–]\d)"),
    re.compile(rf"(?<![\w-]){_MONTH}(?![\w-])", re.I),
]
_WEEKDAY = re.compile(r"\b(?P<weekday>" + "|".join(_WEEKDAYS) + r")\b", re.I)
_LOOKS_AHEAD = {"will", "would", "shall", "plan", "expect", "schedule", "due", "next", "upcoming"}
_MAX_AHEAD = dt.timedelta(days=45)


@dataclass(frozen=True)
class When:
    """A resolved date at the granularity the text gives."""

    year: int
    month: int | None = None
    day: int | None = None
    weekday: bool = False  # the text named the weekday ("on Thursday")
    inferred: str | None = None  # why the year (or the day) is not in the text itself

    @property
    def granularity(self) -> str:
        return DAY if self.day else MONTH if self.month else YEAR

    def label(self) -> str:
        if self.day and self.month:
            text = f"{lexicon.months()[self.month - 1]} {self.day}, {self.year}"
            if self.weekday:
                name = lexicon.weekdays()[dt.date(self.year, self.month, self.day).weekday()]
                text = f"{name}, {text}"
            return text
        if self.month:
            return f"{lexicon.months()[self.month - 1]} {self.year}"
        return str(self.year)

    def as_date(self) -> dt.date:
        return dt.date(self.year, self.month or 7, self.day or (15 if self.month else 1))

    def shifted(self, steps: int) -> When | None:
        """A neighbour at the same granularity, for distractors."""
        try:
            if self.day and self.month:
                moved = dt.date(self.year, self.month, self.day) + dt.timedelta(days=steps)
                return When(moved.year, moved.month, moved.day, self.weekday)
            if self.month:
                index = self.year * 12 + self.month - 1 + steps
                return When(index // 12, index % 12 + 1)
            return When(self.year + steps)
        except (ValueError, OverflowError):
            return None


@dataclass
class DateMention:
    span: Span  # the tokens of the expression as the text writes it
    when: When
    text: str


class Timeline:
    """Reads date expressions in document order, keeping the narrative's place in time."""

    def __init__(self, published: dt.date | None) -> None:
        self.published = published
        self.last: When | None = None
        self.paragraph: int | None = None

    def read(self, span: Span, clause_words: set[str], paragraph: int = 0) -> DateMention | None:
        if paragraph != self.paragraph and self.published:
            # In a dated article a new paragraph may start anywhere in time: only the
            # paragraph's own dates move its narrative. A history page's run on.
            self.last = None
        self.paragraph = paragraph
        text = span.text
        when = self._parse(text, clause_words)
        if when is None:
            return None
        self.last = when
        return DateMention(span, when, text)

    def _parse(self, text: str, clause_words: set[str]) -> When | None:
        lower = text.lower()
        if re.search(r"\d{4}\s*[-–]\s*\d{2,4}|\bbetween\b|\d0s\b", lower):
            return None  # ranges and decades are not one date
        for form in _FORMS:
            match = form.search(text)
            if not match:
                continue
            parts = match.groupdict()
            month = _MONTHS.get((parts.get("month") or "").lower().rstrip("."))
            day = int(parts["day"]) if parts.get("day") else None
            year = int(parts["year"]) if parts.get("year") else None
            if parts.get("month") and month is None:
                continue
            if month == 5 and not parts.get("day") and not year and not _is_month_may(text):
                continue  # "may" the verb
            if day is not None and month and not _real_day(year or 2000, month, day):
                continue
            weekday = bool(_WEEKDAY.search(text))
            if year is None:
                return self._complete(month, day, weekday, clause_words)
            return When(year, month, day, weekday)
        weekday_match = _WEEKDAY.search(text)
        if weekday_match and self.published:
            return self._weekday(
                _WEEKDAYS[weekday_match.group("weekday").lower()], lower, clause_words
            )
        if self.published:
            for word, days in (("yesterday", -1), ("today", 0), ("tomorrow", 1)):
                if re.search(rf"\b{word}\b", lower):
                    day = self.published + dt.timedelta(days=days)
                    return When(day.year, day.month, day.day, inferred="publication")
        return None

    def _complete(
        self, month: int | None, day: int | None, weekday: bool, clause_words: set[str]
    ) -> When | None:
        """A month (and day) without a year: the year that keeps time moving forward."""
        if month is None:
            return None
        reference = self.last.as_date() if self.last else None
        published = self.published
        ahead = bool(clause_words & _LOOKS_AHEAD)
        candidates: list[dt.date] = []
        if reference and "earlier" in clause_words:
            first = _date(reference.year, month, day)
            candidates.append(
                first if first <= reference else _date(reference.year - 1, month, day)
            )
        elif reference:
            year = reference.year
            if self.last and self.last.granularity == YEAR:
                candidates.append(_date(year, month, day))  # "In 1979 ... In March"
            else:
                first = _date(year, month, day)
                candidates.append(first if first >= reference else _date(year + 1, month, day))
        if published:
            latest = _date(published.year, month, day)
            if latest > published + (_MAX_AHEAD if not ahead else dt.timedelta(days=366)):
                latest = _date(published.year - 1, month, day)
            if not candidates or (candidates[0] > published + _MAX_AHEAD and not ahead):
                candidates = [latest]
        if not candidates:
            return None
        chosen = candidates[0]
        reason = "narrative" if reference and not published else "publication"
        return When(chosen.year, month, day, weekday, inferred=reason)

    def _weekday(self, weekday: int, lower: str, clause_words: set[str]) -> When | None:
        assert self.published
        ahead = "next" in lower or bool(clause_words & _LOOKS_AHEAD)
        offset = (self.published.weekday() - weekday) % 7
        day = self.published - dt.timedelta(days=offset)
        if ahead and offset:
            day += dt.timedelta(days=7)
        if "last" in lower and offset == 0:
            day -= dt.timedelta(days=7)
        return When(day.year, day.month, day.day, weekday=True, inferred="publication")


def _date(year: int, month: int, day: int | None) -> dt.date:
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day or 1, last))


def _real_day(year: int, month: int, day: int) -> bool:
    return 1 <= day <= calendar.monthrange(year, month)[1]


def _is_month_may(text: str) -> bool:
    return bool(re.search(r"\bMay\b", text))
