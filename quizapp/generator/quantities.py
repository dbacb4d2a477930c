"""Find key numbers: percentages, amounts of money, counts and durations.

Years and dates are left to the date finder, and numbers inside names
("Chang'e-5", "G-10", "SALT II") are not quantities.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .countries import UN_DEMONYMS
from .dates import DateMention
from .lexicon import FUNCTION_WORDS, NUMBER_WORDS, SCALE_WORDS, TIME_UNITS, UNIT_NOUNS
from .sentences import Sentence

_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
# "Twenty-eight", "thirty four" before the single words, so the whole number is read.
_WORD_NUMBER = rf"(?:{_TENS})[\s-](?:{_UNITS})\b|" + "|".join(
    sorted((w for w in NUMBER_WORDS if w not in ("one", "hundred", "dozen")), key=len, reverse=True)
)
_SCALE = "|".join(SCALE_WORDS)

_FRACTIONS = {
    "half": 1 / 2,
    "halves": 1 / 2,
    "third": 1 / 3,
    "thirds": 1 / 3,
    "quarter": 1 / 4,
    "quarters": 1 / 4,
    "fourth": 1 / 4,
    "fourths": 1 / 4,
    "fifth": 1 / 5,
    "fifths": 1 / 5,
    "tenth": 1 / 10,
    "tenths": 1 / 10,
}
_FRACTION_NAMES = "|".join(_FRACTIONS)

_PATTERNS: list[tuple[str, re.Pattern]] = [
    (
        "fraction",
        re.compile(rf"\b(a|one|two|three|four|nine)[\s-]({_FRACTION_NAMES})\b(?=\s+of\b)", re.I),
    ),
    (
        "span",
        re.compile(
            rf"\b(\d+|{_WORD_NUMBER}|one)\s+(?:to|or)\s+(\d+|{_WORD_NUMBER})\s+"
            r"(days|weeks|months|years|decades|hours|percent)\b",
            re.I,
        ),
    ),
    ("percent", re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?)\s?(%|percent\b|per cent\b)")),
    # "1,500-1,675 operational warheads", "500–1,000 kilometers": a range of a count.
    (
        "range",
        re.compile(
            r"(?<![\w.,\-–$])(\d[\d,]*)\s?[-–]\s?(\d[\d,]*)(?![\w%,.\-–]\w)"
            r"(?:\s+((?:[a-z]+\s+)?[a-z]+))?"
        ),
    ),
    (
        "money",
        re.compile(
            rf"([$€£¥])\s?(\d[\d,]*(?:\.\d+)?)(?:\s?({_SCALE})\b)?"
            r"(?:\s+(?:per|a|an)\s+([a-z]+))?"
        ),
    ),
    (
        "hyphenated",
        re.compile(
            rf"(?<![\w.,\-–])(\d+|{_WORD_NUMBER}|one)-(day|week|month|years?|decade|hour|mile|"
            r"kilometer|kilometre|point|member|nation|country|page|article|seat|party|state)\b"
            r"(?:-long\b)?",  # "a five-decade war", "the eight-decade-long partnership"
            re.I,
        ),
    ),
    # "the 70th anniversary", "the 4th ministerial meeting": which one, asked as a choice
    ("ordinal", re.compile(r"(?<![\w.,\-–$])(\d{1,3})(st|nd|rd|th)\b(?=\s+[A-Za-z])")),
    ("half", re.compile(rf"\b({_WORD_NUMBER}|\d+) and a half ([a-z]+)\b", re.I)),
    (
        "count",
        re.compile(
            rf"(?<![\w.,\-–$+#])(\d[\d,]*(?:\.\d+)?)(?![\d])(?:\s+({_SCALE}))?(?![\w%,.\-–]\w)"
        ),
    ),
    # "a 60,000-strong NATO-led force": the number alone is the count.
    ("strong", re.compile(r"(?<![\w.,\-–$+#])(\d[\d,]*)(?=-strong\b)")),
    ("words", re.compile(rf"\b({_WORD_NUMBER})(?:\s+({_SCALE}))?\s+([A-Za-z]+)\b", re.I)),
    # "extending the treaty for one year": a single period of time.
    (
        "one_period",
        re.compile(
            r"(?:(?<=\bfor )|(?<=\bby )|(?<=\bof )|(?<=\bwithin )|(?<=\bin )|(?<=\bafter ))"
            r"one (year|month|week|day|decade)\b"
        ),
    ),
    # "three possible paths", "two separate agreements": one adjective before the noun.
    ("words_adjective", re.compile(rf"\b({_WORD_NUMBER})\s+([a-z]{{3,}})\s+([a-z]+s)\b", re.I)),
]

_DETERMINERS = {
    "the",
    "these",
    "those",
    "its",
    "their",
    "our",
    "his",
    "her",
    "both",
    "all",
    "each",
    "every",
    "first",
    "last",
    "other",
    "of",
}
_NOT_UNITS = {
    "is",
    "was",
    "has",
    "as",
    "its",
    "this",
    "us",
    "his",
    "thus",
    "does",
    "less",
    "across",
    "plus",
    "yes",
    "unless",
    "whereas",
    "always",
    "perhaps",
    "various",
}


@dataclass
class Quantity:
    sentence: int
    start: int
    end: int
    text: str  # the answer as written: '70%', '10 years', '$35 per ounce'
    value: float
    unit: str  # '%', '$', 'years', ... or '' for a bare count
    style: str  # 'digits' or 'words'
    measure: str  # what it measures, from the words around it
    high: float | None = None  # the upper end of a span: "two to three months"

    @property
    def kind(self) -> str:
        return f"{self.style}:{self.unit}"


# Larger values are no count a learner is asked about (a world population is 1e10), and
# a run of hundreds of digits would overflow the arithmetic that builds distractors.
MAX_VALUE = 1e15


def _plausible(quantity: Quantity) -> bool:
    values = [quantity.value] if quantity.high is None else [quantity.value, quantity.high]
    return all(math.isfinite(v) and abs(v) <= MAX_VALUE for v in values)


def find_quantities(sentences: list[Sentence], dates: list[DateMention]) -> list[Quantity]:
    date_spans: dict[int, list[tuple[int, int]]] = {}
    for date in dates:
        date_spans.setdefault(date.sentence, []).append((date.start, date.end))
    found: list[Quantity] = []
    for sentence in sentences:
        taken = list(date_spans.get(sentence.index, []))
        for name, pattern in _PATTERNS:
            for match in pattern.finditer(sentence.text):
                start, end = match.span()
                if any(start < e and s < end for s, e in taken):
                    continue
                quantity = _build(name, match, sentence)
                if quantity is None or not _plausible(quantity):
                    continue
                taken.append((quantity.start, quantity.end))
                found.append(quantity)
    found.sort(key=lambda q: (q.sentence, q.start))
    return found


def _number(text: str) -> float:
    lower = text.lower()
    if lower in NUMBER_WORDS:
        return float(NUMBER_WORDS[lower])
    compound = re.fullmatch(rf"({_TENS})[\s-]({_UNITS})", lower)
    if compound:
        return float(NUMBER_WORDS[compound.group(1)] + NUMBER_WORDS[compound.group(2)])
    return float(text.replace(",", ""))


def _build(name: str, match: re.Match, sentence: Sentence) -> Quantity | None:
    text = sentence.text
    start, end = match.span()
    before = text[:start]
    after = text[end:]
    if re.search(r"[\w\-–’']$", before) and name != "money":
        return None  # part of a name: "Chang'e-5", "G–10"
    if re.search(r"\b(?:No\.|Article|Chapter|Section|Resolution|Table|Figure)\s*$", before):
        return None
    if name == "fraction":
        count = 1 if match.group(1).lower() in ("a", "one") else _number(match.group(1))
        value = count * _FRACTIONS[match.group(2).lower()]
        return Quantity(
            sentence.index,
            start,
            end,
            match.group(),
            value,
            "fraction",
            "words",
            _measure_after(after),
        )
    if name == "span":
        low, high = _number(match.group(1)), _number(match.group(2))
        if high <= low:
            return None
        style = "digits" if match.group(1)[0].isdigit() else "words"
        return Quantity(
            sentence.index,
            start,
            end,
            match.group(),
            low,
            f"span {match.group(3).lower()}",
            style,
            _measure_after(after),
            high=high,
        )
    if name == "range":
        low, high = _number(match.group(1)), _number(match.group(2))
        if high <= low or low < 10:
            return None  # "50-50" is a ratio; "2-3" too small to ask
        words = (match.group(3) or "").split()
        noun = next((w for w in reversed(words) if _is_unit(w)), "")
        end = start + len(match.group(1)) + len(match.group()) - len(match.group(1))
        if noun:
            end = start + match.group().index(noun, len(match.group(1))) + len(noun)
        else:
            end = match.end(2)
        return Quantity(
            sentence.index,
            start,
            match.end(2),
            text[start : match.end(2)],
            low,
            f"span {noun}".strip(),
            "digits",
            _measure_after(text[match.end(2) :]) or _noun_after(text[match.end(2) :]),
            high=high,
        )
    if name == "percent":
        value = float(match.group(1))
        return Quantity(
            sentence.index, start, end, match.group(), value, "%", "digits", _measure_after(after)
        )
    if name == "money":
        value = _number(match.group(2)) * SCALE_WORDS.get((match.group(3) or "").lower(), 1)
        unit = match.group(1) + (f" per {match.group(4)}" if match.group(4) else "")
        return Quantity(
            sentence.index, start, end, match.group(), value, unit, "digits", _measure_after(after)
        )
    if name == "hyphenated":
        style = "digits" if match.group(1)[0].isdigit() else "words"
        end = start + len(match.group(1)) + 1 + len(match.group(2))  # "-long" stays in the text
        return Quantity(
            sentence.index,
            start,
            end,
            text[start:end],
            _number(match.group(1)),
            match.group(2).lower().rstrip("s"),
            style,
            _noun_after(text[end:]),
        )
    if name == "ordinal":
        if _ordinal(int(match.group(1))) != match.group():
            return None  # "21th": not an ordinal as written
        if re.match(rf"\s+of\s+(?:{_MONTH_NAMES})\b", after):
            return None  # "the 5th of December" is a date
        following = re.match(r"\s+([A-Z]\w*)", after)
        if following and following.group(1) not in _ORDINAL_EVENTS:
            return None  # "16th Street", "5th Marquess of Lansdowne": part of a name
        return Quantity(
            sentence.index,
            start,
            end,
            match.group(),
            float(match.group(1)),
            "ordinal",
            "digits",
            _noun_after(after),
        )
    if name == "half":
        style = "digits" if match.group(1)[0].isdigit() else "words"
        return Quantity(
            sentence.index,
            start,
            end,
            match.group(),
            _number(match.group(1)) + 0.5,
            match.group(2).lower(),
            style,
            _measure_after(after),
        )
    if name == "count":
        if re.match(r"\s*[:/]\d", after) or re.match(r"\s*(?:a\.m\.|p\.m\.)", after):
            return None  # times of day and fractions
        if _after_a_name(before, sentence):
            return None  # "START 1", "Boeing 737"
        digits = match.group(1).rstrip(".,")
        end = start + len(digits) + (len(match.group()) - len(match.group(1)))
        value = _number(digits) * SCALE_WORDS.get((match.group(2) or "").lower(), 1)
        noun = _count_noun(text[end:])
        if noun is None and re.match(r"\s+[A-Z]", text[end:]):
            return None  # part of a name: "the 40 Committee"
        unit = ""
        if noun is not None:
            unit = noun[0]
            if " " not in unit:  # "200 interceptors": the unit is asked with the number
                end += noun[1]
        if not unit and value < 10:
            return None  # a bare small number is rarely a fact
        return Quantity(
            sentence.index,
            start,
            end,
            text[start:end],
            value,
            unit,
            "digits",
            _measure_after(text[end:]) or _noun_after(text[end:]),
        )
    if name == "strong":
        if _after_a_name(before, sentence):
            return None
        return Quantity(
            sentence.index,
            start,
            end,
            match.group(1),
            _number(match.group(1)),
            "",
            "digits",
            _noun_after(re.sub(r"^-strong", "", after)),
        )
    if name == "one_period":
        return Quantity(
            sentence.index,
            start,
            end,
            match.group(),
            1.0,
            match.group(1).lower(),
            "words",
            _measure_after(after),
        )
    if name == "words_adjective":
        adjective = match.group(2).lower()
        counted = adjective in ("other", "more", "additional", "further", "new")
        if (
            _is_unit(adjective)
            or (adjective in FUNCTION_WORDS and not counted)
            or adjective.endswith(("ed", "ing", "ly"))
            or (
                _determiner_before(before)
                # "representatives of thirty-four other nations": counted all the same
                and not (counted and re.search(r"(?i)\bof\W*$", before))
            )
            or not _is_unit(match.group(3))
        ):
            return None
        return Quantity(
            sentence.index,
            start,
            end,
            match.group(),
            _number(match.group(1)),
            match.group(3).lower(),
            "words",
            _measure_after(after),
        )
    if name == "words":
        value = _number(match.group(1)) * SCALE_WORDS.get((match.group(2) or "").lower(), 1)
        noun = _count_noun(text[match.end(2) if match.group(2) else match.end(1) :])
        if noun is None:
            return None
        described = re.search(r"\b[A-Z]", noun[0]) and re.search(
            r"(?i)\b(?:the|its|their)\W*$", before
        )  # "the two Gulf countries", "its two major Asian allies": a named kind, counted
        if (
            _determiner_before(before)
            and (
                value <= 2 or not re.search(r"(?i)\b(?:the|all|these|those|its|their)\W*$", before)
            )
            and not re.match(r"\s+(?:that|who|which)\b", after)
            and not described
        ):
            # "the two sides" refers back; "the six powers that ..." and "its two major Asian
            # allies" tell what they count
            return None
        end = match.end(2) if match.group(2) else match.end(1)
        if noun[0].islower():  # "six members", "six additional months"; "six EU nations"
            end += noun[1]  # blanks the number alone
        return Quantity(
            sentence.index,
            start,
            end,
            text[start:end],
            value,
            noun[0],
            "words",
            _measure_after(text[end:]),
        )
    return None


_IRREGULAR_PLURALS = {
    "people",
    "children",
    "personnel",
    "staff",
    "police",
    "aircraft",
    "crew",
    "civilians",
}
_TOKEN = re.compile(r"\s+((?:[A-Z]\.){2,}|[A-Za-z][\w’'\-]*)")


def _count_noun(after: str) -> tuple[str, int] | None:
    """What a number counts: '60 U.S. diplomats', '10 ASEAN member states', '153 Russian
    spies', '18 countries'. Up to three modifiers (capitalised words, acronyms, adjectives)
    before a plural head; returns the noun phrase and where it ends in `after`."""
    offset = 0
    words: list[str] = []
    for _ in range(4):
        token = _TOKEN.match(after, offset)
        if token is None:
            return None
        word = token.group(1)
        lower = word.lower()
        if lower in FUNCTION_WORDS or lower in _NOT_UNITS or lower in SCALE_WORDS:
            return None
        words.append(word)
        offset = token.end()
        head = _is_unit(word) or lower in _IRREGULAR_PLURALS or lower.endswith("men")
        if head and (
            word[0].islower() or (len(words) == 1 and not _TITLE_NEXT.match(after, offset))
        ):
            if re.match(r"[\w\-]", after[offset : offset + 1]):
                return None
            if len(words) == 1:
                return lower, offset
            return " ".join(words), offset
    return None


_TITLE_NEXT = re.compile(r"\s+[A-Z]")


def _after_a_name(before: str, sentence: Sentence) -> bool:
    """A number right after a capitalised word inside the sentence names something."""
    previous = re.search(r"(?:^|\s)([A-Z][A-Za-z]*)\s+$", before)
    if previous is None:
        return False
    if before[: previous.start(1)].strip() == "":
        return False  # the sentence's first word: "In 60 days"
    word = previous.group(1).lower()
    return word not in FUNCTION_WORDS and word not in UN_DEMONYMS  # "Russian 60 diplomats"


def _determiner_before(before: str) -> bool:
    previous = re.search(r"(\w+)\W*$", before)
    return bool(previous and previous.group(1).lower() in _DETERMINERS)


def _is_unit(word: str) -> bool:
    lower = word.lower()
    if lower in UNIT_NOUNS:
        return True
    return (
        lower.endswith("s")
        and not lower.endswith(("ss", "ous", "us", "is"))  # "autonomous", "status", "basis"
        and lower not in _NOT_UNITS
        and len(lower) > 3
    )


def _measure_after(after: str) -> str:
    """'of Chinese arms imports' -> 'Chinese arms imports'."""
    match = re.match(
        r"\s+(?:of|on|in)\s+([\w\-’']+(?:\s+[\w\-’']+){0,4}?)(?=[,.;:()]|\s+(?:in|by|for|from|at|to|and|was|were|is|are|that|which)\b|$)",
        after,
    )
    return match.group(1).strip() if match else ""


def _noun_after(after: str) -> str:
    match = re.match(
        r"\s+([a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,2}?)(?=[,.;:()]|\s+(?:on|of|in|by|for|from|at|to|and|was|were|is|are)\b|$)",
        after,
    )
    return match.group(1).strip() if match else ""


_FRACTION_WORDS = {
    1 / 2: "half",
    1 / 3: "one third",
    2 / 3: "two thirds",
    1 / 4: "a quarter",
    3 / 4: "three quarters",
    1 / 5: "one fifth",
    1 / 10: "one tenth",
}


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


# Capitalised words an ordinal may count: "the 6th Ministerial Meeting".
_ORDINAL_EVENTS = {
    "Meeting",
    "Ministerial",
    "Summit",
    "Session",
    "Conference",
    "Congress",
    "Round",
    "Plenum",
    "Anniversary",
    "Assembly",
}
_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)


def nearby_values(quantity: Quantity) -> list[float]:
    """Plausible other values for a distractor, nearest first."""
    value = quantity.value
    if quantity.unit == "ordinal":
        steps = [value + 1, value - 1, value + 2, value - 2, value + 5, value - 5]
        return [v for v in steps if v >= 1]
    if quantity.unit == "fraction":
        return sorted(
            (v for v in _FRACTION_WORDS if abs(v - value) > 1e-9), key=lambda v: abs(v - value)
        )
    if quantity.unit.startswith("span"):
        width = (quantity.high or value) - value
        return [
            v
            for v in (value + width, value + 2 * width, value - width, value + 3 * width)
            if v >= 1
        ]
    if quantity.style == "words":
        return _nearby_words(value)
    if value % 1 == 0.5:
        return [v for v in (value + 1, value - 1, value + 2, value - 2) if v > 0]
    if quantity.unit == "%":
        steps = [value - 10, value + 10, value - 20, value + 20, value + 5, value - 5]
        return [v for v in steps if 0 < v < 100 and v != value]
    if value < 1:
        return [value * 2, value / 2, value * 3]
    if value <= 6 and value == int(value):
        # Keep plurals plural: "two days" never becomes "one days".
        steps = [value + 1, value + 2, value - 1, value + 3, value - 2]
        return [v for v in steps if v >= 2 and v != value]
    factors = [0.5, 1.5, 2, 0.75, 3, 1.25]
    values = []
    for factor in factors:
        candidate = _round_like(value * factor, value)
        if candidate > 0 and candidate != value and candidate not in values:
            values.append(candidate)
    return values


def _nearby_words(value: float) -> list[float]:
    """Values that can be written as one number word, spread around the original."""
    half = value % 1
    whole = value - half
    writable = sorted(
        {n for w, n in NUMBER_WORDS.items() if w not in ("dozen", "hundred")}
        | ({1} if half else set())
    )
    if not half:
        writable = [n for n in writable if n >= 2]
    picked: list[float] = []
    for target in (whole * 0.5, whole * 1.5, whole * 2, whole + 1, whole * 3, whole + 2):
        nearest = min(writable, key=lambda n: (abs(n - target), n))
        if nearest != whole and nearest + half not in picked:
            picked.append(nearest + half)
    return picked


def _round_like(candidate: float, original: float) -> float:
    """Round a distractor to the precision the original was written with."""
    if original == int(original):
        magnitude = 10 ** max(0, len(str(int(original))) - 2)
        return float(round(candidate / magnitude) * magnitude) or float(magnitude)
    return round(candidate, 1)


def format_like(quantity: Quantity, value: float) -> str:
    """Write another value the way the quantity itself is written."""
    source = quantity.text
    if quantity.unit == "ordinal":
        return _ordinal(int(value))
    if quantity.unit == "fraction":
        text = _FRACTION_WORDS[value]
        if "-" in source:
            text = text.replace(" ", "-")
        return text[0].upper() + text[1:] if source[0].isupper() else text
    if quantity.unit.startswith("span"):
        width = (quantity.high or quantity.value) - quantity.value
        low = _format_number(value, quantity)
        high = _format_number(value + width, quantity)
        dash = re.search(r"\d\s?([-–])\s?\d", source)
        if dash:  # "1,500-1,675": a range written with a dash keeps it, and has no noun
            separator = source[dash.start() + 1 : dash.end() - 1]
            if "," in source or value + width >= 1000:
                low, high = f"{int(value):,}", f"{int(value + width):,}"
            return f"{low}{separator}{high}"
        joiner = " or " if " or " in source else " to "
        return f"{low}{joiner}{high} {quantity.unit.split()[-1]}"
    if " and a half " in source:
        value -= 0.5
    scale = re.search(rf"\b({_SCALE})\b", source, re.I)
    if scale:
        value = round(value / SCALE_WORDS[scale.group(1).lower()], 1)  # "$1.5 billion"
    number = _format_number(value, quantity)
    if quantity.unit in TIME_UNITS and re.fullmatch(r"(?i)one \w+", source) and value != 1:
        return f"{number} {source.split()[1]}s"  # "one year" -> "two years"
    original_number = _leading_number(source)
    if original_number is None:
        return number
    return source.replace(original_number, number, 1)


def _leading_number(text: str) -> str | None:
    match = re.search(rf"\d[\d,]*(?:\.\d+)?|\b(?:{_WORD_NUMBER}|one)\b", text, re.I)
    return match.group() if match else None


def _format_number(value: float, quantity: Quantity) -> str:
    original = _leading_number(quantity.text) or ""
    if quantity.style == "words" and value == int(value):
        allowed_one = " and a half " in quantity.text
        for word, number in NUMBER_WORDS.items():
            if (
                number == value
                and word not in ("dozen", "hundred")
                and (word != "one" or allowed_one)
            ):
                return word.capitalize() if original[:1].isupper() else word
    if value == int(value):
        return f"{int(value):,}" if "," in original or value >= 10_000 else str(int(value))
    return f"{value:.1f}"
