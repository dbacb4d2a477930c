"""Find dates in sentences and resolve relative ones.

A relative date ("in October", "on November 24", "this fall") takes its year
from the last full date earlier in the same paragraph, or else from the
publication date (the most recent such month before it, unless the sentence
speaks of the future). Days named from the publication date ("on Monday",
"today", "yesterday", "last month") are counted from it and keep the written
word in their answer: "Monday, March 22, 2021".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .lexicon import MONTH_NAMES, MONTHS, NUMBER_WORDS, SEASONS, TIME_PREPOSITIONS, UNIT_NOUNS
from .sentences import Sentence

GRANULARITIES = ("day", "month", "season", "year", "range", "decade")


@dataclass
class DateMention:
    sentence: int
    start: int  # span of the date itself within the sentence
    end: int
    text: str  # as written
    granularity: str  # one of GRANULARITIES
    year: int | None = None
    month: int | None = None
    day: int | None = None
    end_year: int | None = None  # ranges
    season: str | None = None
    relative: bool = False  # the year was not written next to it
    preposition: str | None = None
    role: str = "other"  # 'adverbial', 'modifier', 'possessive' or 'other'
    years_ago: int | None = None  # "Today" (0), "One year ago today" (1): from publication
    day_offset: int | None = None  # "yesterday" (-1), "tomorrow" (1): from publication
    weekday: int | None = None  # "on Monday" (0): the nearest such day to the publication
    week_shift: int = 0  # "last Monday" (-1), "next Monday" (1)
    months_ago: int | None = None  # "last month" (1), "this month" (0), "next month" (-1)

    @property
    def kind(self) -> str:
        if self.preposition == "by":
            return "target"
        if self.preposition in ("since", "until", "till"):
            return self.preposition
        return "range" if self.granularity == "range" else "point"

    @property
    def counts_from_publication(self) -> bool:
        """'today', 'on Monday', 'last month': a day or month counted from the publication."""
        return any(
            value is not None
            for value in (self.years_ago, self.day_offset, self.weekday, self.months_ago)
        )

    @property
    def resolved(self) -> bool:
        return self.year is not None

    @property
    def display(self) -> str:
        """The date as an answer: canonical spelling at the written granularity."""
        if self.weekday is not None and self.resolved:
            # "Monday, March 22, 2021": the written day and the date it stands for.
            return f"{WEEKDAY_NAMES[self.weekday]}, " + format_date(
                "day", self.year, self.month, self.day
            )
        return format_date(
            self.granularity,
            self.year,
            self.month,
            self.day,
            end_year=self.end_year,
            season=self.season,
            written=self.text,
        )

    @property
    def sort_key(self) -> tuple[int, int, int]:
        if self.granularity == "season":
            return (self.year or 0, SEASONS[self.season or "spring"], 0)
        return (self.year or 0, self.month or 0, self.day or 0)

    @property
    def interval(self) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        """First and last day the mention can mean, for overlap checks."""
        year = self.year or 0
        if self.granularity == "day":
            point = (year, self.month or 0, self.day or 0)
            return point, point
        if self.granularity == "month":
            return (year, self.month or 0, 1), (year, self.month or 0, 31)
        if self.granularity == "season":
            first = SEASONS[self.season or "spring"]
            return (year, first, 1), (year + (first == 12), (first + 2) % 12 or 12, 31)
        if self.granularity == "range":
            return (year, 1, 1), (self.end_year or year, 12, 31)
        if self.granularity == "decade":
            return (year, 1, 1), (year + 9, 12, 31)
        return (year, 1, 1), (year, 12, 31)


def format_date(
    granularity: str,
    year: int | None,
    month: int | None = None,
    day: int | None = None,
    *,
    end_year: int | None = None,
    season: str | None = None,
    written: str = "",
) -> str:
    month_name = MONTH_NAMES[month - 1] if month else ""
    if granularity == "day":
        return f"{month_name} {day}, {year}" if year else f"{month_name} {day}"
    if granularity == "month":
        return f"{month_name} {year}" if year else month_name
    if granularity == "season":
        return f"{season} {year}" if year else str(season)
    if granularity == "range":
        dash = "–" if "–" in written else "-"
        return f"{year}{dash}{end_year}"
    if granularity == "decade":
        return f"{year}s"
    return str(year)


_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|"
    r"Oct\.|Nov\.|Dec\.|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?=\s+\d))"
)
_YEAR = r"(?<!Resolution )(?<!No\. )(?:1[5-9][0-9]{2}|20[0-9]{2}|21[0-9]{2})"
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_WEEKDAY = "|".join(WEEKDAY_NAMES)
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(rf"\b({_YEAR})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])\b")),
    ("mdy", re.compile(rf"\b({_MONTH})\s+({_DAY}),?\s+({_YEAR})\b")),
    ("dmy", re.compile(rf"\b({_DAY})\s+(?:of\s+)?({_MONTH})\s+({_YEAR})\b")),
    ("md", re.compile(rf"\b({_MONTH})\s+({_DAY})\b(?!\s*[-–]\s*\d)")),
    ("dm", re.compile(rf"\b({_DAY})\s+(?:of\s+)?({_MONTH})\b")),  # "the 5th of December"
    ("my", re.compile(rf"\b({_MONTH}),?\s+(?:of\s+)?({_YEAR})\b")),
    (
        "season_year",
        re.compile(rf"\b(spring|summer|fall|autumn|winter)\s+(?:of\s+)?({_YEAR})\b", re.I),
    ),
    (
        "season_rel",
        re.compile(r"\b(this|last|next|past)\s+(spring|summer|fall|autumn|winter)\b", re.I),
    ),
    ("year_rel", re.compile(r"\b(this|last|next|past)\s+year\b", re.I)),
    ("month_rel", re.compile(r"\b(this|last|next|past)\s+month\b", re.I)),
    ("month_last", re.compile(rf"\b[Ll]ast\s+({_MONTH})(?!\w)(?!\s+\d)")),
    ("weekday", re.compile(rf"\b(?:(last|next|this)\s+)?({_WEEKDAY})\b")),
    (
        "ago_today",
        re.compile(
            r"\b(one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+years?\s+ago\s+today\b",
            re.I,
        ),
    ),
    (
        "day_rel",
        re.compile(r"(?<![\w’'])(today|yesterday|tomorrow|last\s+night)\b(?!['’]s)", re.I),
    ),
    (
        "years_ago",
        re.compile(
            # a few years only: "25 years ago" is a span of time to count, not a date
            r"\b(a|one|two|three)\s+years?\s+ago\b(?!\s+today)",
            re.I,
        ),
    ),
    ("range", re.compile(rf"(?<![\w$.,-])({_YEAR})\s*[-–]\s*({_YEAR}|[0-9]{{2}})(?![\w%])")),
    (
        "range_words",
        re.compile(rf"\b(?:from|between)\s+({_YEAR})\s+(?:to|and|until|through)\s+({_YEAR})\b"),
    ),
    ("decade", re.compile(r"(?<![\w$])((?:1[0-9]|20)[0-9]0)s\b")),
    ("month", re.compile(rf"\b({_MONTH})(?!\w)(?!\s+\d)")),
    (
        "year",
        re.compile(rf"(?:(?<![\w$.,–-])|(?<=mid-))({_YEAR})(?![\w%]|[.,]\d|\s*[-–]\s*\w)"),
    ),
]

_PREPOSITION = re.compile(
    r"(?:^|\s)(in|on|by|since|until|till|from|during|before|after|through|around|"
    r"circa|of|for|between|at|as of|throughout)\s+(?:(?:the|early|late|mid|mid-|"
    r"earlier|later)\s*)*$",
    re.I,
)
_FUTURE = re.compile(
    r"\b(will|shall|is to|are to|plans? to|scheduled|expected|due to|next|"
    r"upcoming|set to|intends? to|likely to)\b",
    re.I,
)


def find_dates(sentences: list[Sentence], published: dt.date | None = None) -> list[DateMention]:
    mentions: list[DateMention] = []
    anchor: tuple[int, int] | None = None  # (year, month) of the last full date
    text_anchor: tuple[int, int] | None = None  # the same across paragraphs
    scans = [_scan(sentence) for sentence in sentences]
    history = _is_history(scans, published)
    paragraph = -1
    for sentence, scanned in zip(sentences, scans, strict=True):
        if sentence.paragraph != paragraph:
            paragraph, anchor = sentence.paragraph, None
        for mention in scanned:
            if mention.relative and _quoted_speech_day(sentence.text, mention):
                continue  # "“Today politics has overcome ...”": the day the words were said
            if mention.relative:
                # A history piece ("December 14, 1995: ...", published on the anniversary)
                # dates "On 1 November" by the story's own years, not the publication's.
                paragraph_anchor = anchor if anchor or not history else text_anchor
                _resolve(mention, paragraph_anchor, published, sentence.text)
                if mention.counts_from_publication and not mention.resolved:
                    continue  # "on Monday" means nothing without the publication date
            elif sentence.is_caption:
                pass
            elif mention.year and mention.month:
                anchor = text_anchor = (mention.year, mention.month)
            elif (
                mention.granularity == "year"
                and mention.role == "adverbial"
                and mention.preposition in ("in", "during", "by")
            ):
                # "In 1979 ... In March": the paragraph has moved to that year.
                anchor = (mention.year, 0)
            mentions.append(mention)
    return mentions


def _quoted_speech_day(text: str, mention: DateMention) -> bool:
    """'today', 'yesterday' or a weekday inside quotation marks: counted from a day the
    article may not give, not from its publication."""
    if mention.day_offset is None and mention.weekday is None:
        return False
    inside = False
    before = text[: mention.start]
    for index, char in enumerate(before):
        if char == "“":
            inside = True
        elif char == "”":
            inside = False
        elif char == '"':
            # a straight mark opens after a space or at the start, and closes after a word
            inside = index == 0 or before[index - 1] in " ([—–-"
    return inside


def _is_history(scans: list[list[DateMention]], published: dt.date | None) -> bool:
    """Every year the text gives is two or more years before publication, and nothing is
    counted from the publication date ("on Monday", "today")."""
    if published is None:
        return False
    years = [m.year for found in scans for m in found if not m.relative and m.year]
    counted = any(
        m.relative and (m.weekday is not None or m.day_offset is not None)
        for found in scans
        for m in found
    )
    return bool(years) and not counted and max(years) <= published.year - 2


def _scan(sentence: Sentence) -> list[DateMention]:
    text = sentence.text
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            mention = _build(name, match, sentence.index)
            if mention is None:
                continue
            if name == "year" and _is_count(text, end):
                continue
            if name == "month" and not _month_alone_is_date(text, start, match.group(1)):
                continue
            if name == "weekday" and not _weekday_is_date(text, start, end):
                continue
            if name == "day_rel" and not _day_word_is_date(text, start, match.group(1)):
                continue
            taken.append((start, end))
            found.append(mention)
    for mention in found:
        _classify(mention, text)
    return sorted(found, key=lambda m: m.start)


def _month_number(word: str) -> int:
    return MONTHS[word.rstrip(".").lower()]


def _day_number(word: str) -> int:
    return int(re.match(r"\d+", word).group())


def _build(name: str, match: re.Match, sentence: int) -> DateMention | None:
    start, end = match.span()
    text = match.group()
    base = {"sentence": sentence, "start": start, "end": end, "text": text}
    groups = match.groups()
    try:
        if name == "iso":
            dt.date(int(groups[0]), int(groups[1]), int(groups[2]))
            return DateMention(
                granularity="day",
                year=int(groups[0]),
                month=int(groups[1]),
                day=int(groups[2]),
                **base,
            )
        if name == "mdy":
            month, day, year = _month_number(groups[0]), _day_number(groups[1]), int(groups[2])
            dt.date(year, month, day)
            return DateMention(granularity="day", year=year, month=month, day=day, **base)
        if name == "dmy":
            day, month, year = _day_number(groups[0]), _month_number(groups[1]), int(groups[2])
            dt.date(year, month, day)
            return DateMention(granularity="day", year=year, month=month, day=day, **base)
    except ValueError:
        return None
    if name == "md":
        return DateMention(
            granularity="day",
            month=_month_number(groups[0]),
            day=_day_number(groups[1]),
            relative=True,
            **base,
        )
    if name == "dm":
        return DateMention(
            granularity="day",
            month=_month_number(groups[1]),
            day=_day_number(groups[0]),
            relative=True,
            **base,
        )
    if name == "my":
        return DateMention(
            granularity="month", month=_month_number(groups[0]), year=int(groups[1]), **base
        )
    if name == "season_year":
        return DateMention(
            granularity="season", season=_season(groups[0]), year=int(groups[1]), **base
        )
    if name == "season_rel":
        return DateMention(granularity="season", season=_season(groups[1]), relative=True, **base)
    if name == "year_rel":
        return DateMention(granularity="year", relative=True, **base)
    if name == "ago_today":
        # Resolved against the publication date: "One year ago today, ...".
        return DateMention(granularity="day", relative=True, years_ago=_count(groups[0]), **base)
    if name == "years_ago":
        # "a year ago they signed a three-way pact": the year before publication
        years = 1 if groups[0].lower() == "a" else _count(groups[0])
        return DateMention(granularity="year", relative=True, years_ago=years, **base)
    if name == "day_rel":
        # "Today, the United States extended ...", "said yesterday": from the publication date.
        word = " ".join(groups[0].lower().split())
        offset = {"today": 0, "yesterday": -1, "tomorrow": 1, "last night": -1}[word]
        return DateMention(granularity="day", relative=True, day_offset=offset, **base)
    if name == "weekday":
        shift = {"last": -1, "next": 1}.get((groups[0] or "").lower(), 0)
        return DateMention(
            granularity="day",
            relative=True,
            weekday=WEEKDAY_NAMES.index(groups[1]),
            week_shift=shift,
            **base,
        )
    if name == "month_rel":
        months = {"this": 0, "past": 1, "last": 1, "next": -1}[groups[0].lower()]
        return DateMention(granularity="month", relative=True, months_ago=months, **base)
    if name in ("range", "range_words"):
        first = int(groups[0])
        last = int(groups[1]) if len(groups[1]) == 4 else first // 100 * 100 + int(groups[1])
        if last <= first or last - first > 100:
            return None
        return DateMention(granularity="range", year=first, end_year=last, **base)
    if name == "decade":
        return DateMention(granularity="decade", year=int(groups[0]), **base)
    if name in ("month", "month_last"):
        return DateMention(
            granularity="month", month=_month_number(groups[0]), relative=True, **base
        )
    if name == "year":
        return DateMention(granularity="year", year=int(groups[0]), **base)
    return None


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def _season(word: str) -> str:
    word = word.lower()
    return "fall" if word == "autumn" else word


def _is_count(text: str, end: int) -> bool:
    """'1500 troops' is a count, not a year."""
    following = re.match(r"\s+([a-z]+)", text[end:])
    return bool(following and following.group(1) in UNIT_NOUNS)


_WEEKDAY_LEAD = re.compile(
    r"(?:\b(?:on|by|since|until|till|before|after|from|through|early|late|said|says|told|"
    r"announced|[a-z]+ed)\s+|^|\(|,\s+|[–—-]\s+)$",
    re.I,
)


def _weekday_is_date(text: str, start: int, end: int) -> bool:
    """'on Monday', 'said Tuesday', 'Monday, ...', not 'Good Friday' or 'the Sunday Times'.

    A weekday followed by its date in parentheses ("on Thursday (July 14)") leaves the
    answer to that date."""
    after = text[end:]
    if re.match(rf"\s*[(,]\s*{_MONTH}\s+\d", after) or re.match(r"\s+[A-Z]", after):
        return False  # "on Friday, June 27" and "on Thursday (July 14)": the date answers
    before = text[:start]
    if re.search(
        r"\b(?:last|next|this|on|by|since|until|till|before|after|from)\s+$", before, re.I
    ):
        return True
    if re.match(r"\s+(?:morning|afternoon|evening|night)\b", after) and not re.search(
        r"\b(?:every|each|a|an|the|of|Good)\s+$", before
    ):
        return True  # "met in the Russian capital Thursday night"
    if re.search(r"\b(?!(?:every|each|a|an|the|of)\s)[a-z]+\s+$", before) and re.match(
        r"\s*(?:[,.;]|\s+(?:after|before|on|in|at|to|when|as|and|with|over|during|that|"
        r"morning|afternoon|evening|night)\b)",
        after,
    ):
        return True  # "voted again Wednesday on Anjouan", "a deal Tuesday after"
    if re.search(r"\b[A-Z][a-z]+\s+$", before) and re.match(
        r"\s+(?:[a-z]+ed|said|told|met|held|sent|signed|spoke|made|gave|took)\b", after
    ):
        return True  # "Guterres Friday received notification"
    return _WEEKDAY_LEAD.search(before) is not None and not re.search(r"[A-Z][a-z]+\s+$", before)


def _day_word_is_date(text: str, start: int, word: str) -> bool:
    """'met today', 'Today, ...'; not 'until today', 'the world of today' or 'today’s'."""
    before = text[:start].rstrip().lower()
    return not re.search(r"\b(?:of|until|till|to|than|since|from|for)$", before)


def _month_alone_is_date(text: str, start: int, word: str) -> bool:
    before = text[:start].rstrip().lower()
    if word == "May":
        # "May" alone is far more often the modal verb.
        return bool(
            re.search(r"\b(in|since|until|by|during|early|late|mid-?|last|next|this)$", before)
        )
    after = text[start + len(word) :]
    return (
        bool(
            re.search(
                r"\b(in|since|until|till|by|during|early|late|mid-?|last|next|this|"
                r"from|before|after|of|through|throughout|to|and)$",
                before,
            )
        )
        or start == 0
        # "a hard-won November transfer of power deal": the month names the deal.
        or (
            re.search(r"\b(?:a|an|the)(?:\s+[a-z]+-?[a-z]*)?$", before) is not None
            and re.match(r"\s+[a-z]{3,}", after) is not None
        )
    )


def _classify(mention: DateMention, text: str) -> None:
    before = text[: mention.start]
    if mention.text.lower().startswith(("this ", "last ", "next ", "past ")):
        after = text[mention.end :]
        mention.role = "possessive" if after.startswith(("'s", "’s")) else "adverbial"
        return
    if mention.text.lower().startswith(("from ", "between ")):
        mention.preposition = mention.text.split()[0].lower()
        mention.role = "adverbial"
        return
    if re.search(r"\(\s*$", before) and re.match(r"\s*\)", text[mention.end :]):
        mention.role = "adverbial"  # "on “Adoption Day” (October 18, 2015)"
        return
    prep = _PREPOSITION.search(before)
    if prep:
        mention.preposition = prep.group(1).lower()
    after = text[mention.end :]
    if mention.preposition in TIME_PREPOSITIONS:
        mention.role = "adverbial"
        if (
            re.match(r"\s+[A-Za-z]", after)
            and re.search(r"\bthe\s+$", before)
            and not re.match(r"\s+(?:and|or|to|when|as|amid|after|before)\b", after)
        ):
            mention.role = "modifier"  # "in the 1980 presidential campaign"
    elif re.search(r"\bthe\s+$", before, re.I) or re.match(r"\s+[A-Z][a-z]", after):
        mention.role = "modifier"
    elif not before.strip() or before.rstrip().endswith(","):
        mention.role = "adverbial"  # "Oct. 28, 2020." or sentence-initial
    if after.startswith(("'s", "’s")):
        mention.role = "possessive"  # "This fall's turmoil": not a time of an event


def _resolve(
    mention: DateMention,
    anchor: tuple[int, int] | None,
    published: dt.date | None,
    sentence_text: str,
) -> None:
    lowered = mention.text.lower()
    if published is not None and (mention.day_offset is not None or mention.weekday is not None):
        day = published + dt.timedelta(days=mention.day_offset or 0)
        if mention.weekday is not None:
            day = _nearest_weekday(published, mention, sentence_text)
        mention.year, mention.month, mention.day = day.year, day.month, day.day
        return
    if mention.months_ago is not None:
        if published is not None:
            index = published.year * 12 + published.month - 1 - mention.months_ago
            mention.year, mention.month = index // 12, index % 12 + 1
        return
    if mention.years_ago is not None:
        years = mention.years_ago
        if published is not None and mention.granularity == "year":
            mention.year = published.year - years
            return
        if published is not None:
            day = published.day if (published.month, published.day) != (2, 29) else 28
            mention.year, mention.month, mention.day = published.year - years, published.month, day
        return
    if mention.granularity == "year":  # this/last/next year
        if published is None:
            return
        offset = {"this": 0, "past": 0, "last": -1, "next": 1}[lowered.split()[0]]
        mention.year = published.year + offset
        return
    if mention.granularity == "season":
        if published is None:
            return
        word = lowered.split()[0]
        first_month = SEASONS[mention.season or "spring"]
        year = published.year
        if word == "last" or (word == "this" and first_month > published.month):
            year -= 1
        if word == "next":
            year += 1
        mention.year = year
        return
    month = mention.month or 1
    if (
        published is not None
        and mention.granularity == "month"
        and mention.day is None
        and lowered.startswith("last ")
    ):
        # "his election win last May": the latest May before publication, or the one before
        # it where that May was only a month or two ago (which would be "last month").
        year = published.year if month < published.month else published.year - 1
        if (published.year - year) * 12 + published.month - month <= 2:
            year -= 1
        mention.year = year
        return
    if anchor is not None and anchor[1] == 0:
        mention.year = anchor[0]
        return
    if anchor is not None:
        # The year that puts the date nearest the anchor: "December 17, 1979 ... December 25"
        # stays in 1979, "November 2020 ... in January" moves on to 2021.
        candidates = [anchor[0] - 1, anchor[0], anchor[0] + 1]
        if published is not None and not _looks_ahead(mention, sentence_text):
            candidates = [
                y
                for y in candidates
                if (y, month, mention.day or 1) <= (published.year, published.month, published.day)
            ] or candidates
        mention.year = min(
            candidates, key=lambda y: (abs((y - anchor[0]) * 12 + month - anchor[1]), y)
        )
        return
    if published is None:
        return
    year = published.year
    later_than_publication = (month, mention.day or 1) > (published.month, published.day)
    # A date a few weeks ahead is the coming one ("before an artificial June 30 deadline" in
    # a story of June 29); one further ahead is last year's, unless the sentence looks ahead.
    upcoming = later_than_publication and (
        dt.date(year, month, min(mention.day or 1, 28)) - published
    ) <= dt.timedelta(days=45)
    if later_than_publication and not upcoming and not _looks_ahead(mention, sentence_text):
        year -= 1
    elif not later_than_publication and (
        dt.date(year + 1, month, min(mention.day or 1, 28)) - published
    ) <= dt.timedelta(days=45):
        year += 1  # "would resume on Jan 15" in a story of December 31
    mention.year = year


def _looks_ahead(mention: DateMention, sentence_text: str) -> bool:
    """A sentence in the future tense speaks of a coming date, unless the month names a
    thing done ("will seal a hard-won November deal", "April's election")."""
    if mention.preposition is None and mention.role in ("other", "possessive"):
        return False
    return _FUTURE.search(sentence_text) is not None


def _nearest_weekday(published: dt.date, mention: DateMention, sentence_text: str) -> dt.date:
    """The named weekday nearest the publication: the last one on or before it (the news
    reports what happened), the next one after it where the sentence speaks of the future."""
    back = (published.weekday() - (mention.weekday or 0)) % 7
    ahead = ((mention.weekday or 0) - published.weekday()) % 7
    told = re.search(  # "Lavrov told journalists on Thursday": a past act, whatever he said
        r"\b(?:said|told(?:\s+\w+)?|[a-z]{3,}ed(?:\s+\w+)?)\s+(?:on\s+)?$",
        sentence_text[: mention.start],
    )
    future = _FUTURE.search(sentence_text) and not told
    if mention.week_shift > 0 or (mention.week_shift == 0 and future):
        return published + dt.timedelta(days=ahead or (7 if mention.week_shift else 0))
    if mention.week_shift < 0:
        return published - dt.timedelta(days=back or 7)
    return published - dt.timedelta(days=back)


def shift_date(mention: DateMention, step: int) -> str | None:
    """Another date of the same granularity, `step` units away (for distractors)."""
    if mention.granularity == "year" and mention.year:
        return str(mention.year + step)
    if mention.granularity == "decade" and mention.year:
        return f"{mention.year + 10 * step}s"
    if mention.granularity == "range" and mention.year and mention.end_year:
        return format_date(
            "range", mention.year + step, end_year=mention.end_year + step, written=mention.text
        )
    if mention.granularity == "month" and mention.month:
        index = mention.month - 1 + step
        year = mention.year + index // 12 if mention.year else None
        if mention.year is None and not 0 <= index < 12:
            return None
        return format_date("month", year, index % 12 + 1)
    if mention.granularity == "day" and mention.month and mention.day:
        year = mention.year or 2001
        try:
            moved = dt.date(year, mention.month, mention.day) + dt.timedelta(days=step)
        except ValueError:
            return None
        if mention.year is None and moved.year != year:
            return None
        text = format_date("day", moved.year if mention.year else None, moved.month, moved.day)
        if mention.weekday is not None:
            return f"{WEEKDAY_NAMES[moved.weekday()]}, {text}"
        return text
    if mention.granularity == "season" and mention.year:
        return f"{mention.season} {mention.year + step}"
    return None
