"""Distractors of the same type and role as the answer.

From the same article first, then from the bank's other sources, then from the lexicon
(``data/distractors.yaml``): people with people (officials with officials), governments with
governments, agreements with agreements, dates at the same granularity near the answer,
numbers of the same unit and magnitude. Never an alias of the answer (a surname, an acronym,
another name of the same country), never a placeholder, never a second defensible answer.
"""

from __future__ import annotations

import re

from . import vocabulary as lexicon
from .actors import GROUP, OFFICE, PERSON, Actor
from .records import Record, Records

WANTED = 3


def distractors_for(record: Record, records: Records, others: list[str] | None = None) -> list[str]:
    """Up to three distractors for the record's answer, best first."""
    others = others or []
    if record.kind in ("actor", "title"):
        found = _actors(record, records, others)
    elif record.kind == "date":
        found = _dates(record, records)
    elif record.kind == "agreement":
        found = _agreements(record, records, others)
    elif record.kind == "quantity":
        found = _quantities(record, records)
    else:
        found = []
    answer = record.answer
    chosen: list[str] = []
    for candidate in found:
        if len(chosen) == WANTED:
            break
        if not candidate or is_placeholder(candidate):
            continue
        if any(same_referent(candidate, other) for other in [answer, *chosen]):
            continue
        chosen.append(candidate)
    return chosen


def is_placeholder(text: str) -> bool:
    return bool(re.search(r"\b(None|null|nan|N/A|TODO|TBD|undefined)\b|\{|\}|_{3,}", text))


def same_referent(a: str, b: str) -> bool:
    """Two strings that a reader could take for the same answer."""
    x, y = _norm(a), _norm(b)
    if not x or not y:
        return True
    if " and " in f" {x} " or " and " in f" {y} ":
        # Groups ("Nixon and Brezhnev"): the same only when they hold the same members.
        return _members(x) == _members(y)
    if x == y or x in y.split(" ") or y in x.split(" "):
        return True
    if _is_name(a) and _is_name(b) and _part_of_name(x, y):
        return True  # "Van Klaveren" / "Alberto van Klaveren", "Abu Marzook" / "Mousa Abu Marzook"
    if _acronym(a) == y.replace(" ", "") or _acronym(b) == x.replace(" ", ""):
        return True
    index = lexicon.country_index()
    country_a, country_b = index.get(x.removeprefix("the ")), index.get(y.removeprefix("the "))
    return country_a is not None and country_a is country_b


_SMALL = {
    "of",
    "the",
    "and",
    "for",
    "de",
    "van",
    "von",
    "der",
    "al",
    "bin",
    "la",
    "le",
    "a",
    "on",
    "in",
}
# Words many names share that tell nothing about which thing is meant.
_GENERIC = {
    "treaty",
    "agreement",
    "agreements",
    "accord",
    "accords",
    "pact",
    "convention",
    "protocol",
    "charter",
    "act",
    "deal",
    "united",
    "states",
    "republic",
    "national",
    "international",
    "organization",
    "organisation",
    "union",
    "council",
    "committee",
    "ministry",
    "government",
    "forum",
    "new",
    "south",
    "north",
    "east",
    "west",
    "peace",
    "trade",
    "nuclear",
    "security",
    "joint",
    "general",
    "people's",
    "democratic",
}


def _norm(text: str) -> str:
    text = text.lower().replace("’", "'").replace(".", "")
    text = re.sub(r"\b(the|mr|mrs|ms|dr)\b", " ", text)
    text = re.sub(r"\bgovernment\b", " ", text)
    return " ".join(re.findall(r"[\w'-]+", text))


def _part_of_name(x: str, y: str) -> bool:
    """One name is the other's ending part: the same surname and nothing the other lacks.
    "John Connally" and "John F. Kennedy" share a first name only; "George W. Bush" and
    "George H.W. Bush" differ in a word: both are two people."""
    ignore = _SMALL | _GENERIC
    words_x = [w for w in x.split() if w not in ignore]
    words_y = [w for w in y.split() if w not in ignore]
    if not words_x or not words_y or words_x[-1] != words_y[-1]:
        return False
    shorter, longer = sorted((words_x, words_y), key=len)
    return set(shorter) <= set(longer)


def _members(text: str) -> frozenset[str]:
    return frozenset(part.strip() for part in re.split(r",|\band\b", text) if part.strip())


def _is_name(text: str) -> bool:
    """A proper name: every word but the small ones capitalised, no figures."""
    if any(c.isdigit() for c in text):
        return False
    words = [w for w in text.split() if w.lower() not in _SMALL]
    return bool(words) and all(w[:1].isupper() for w in words)


def _acronym(text: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z][\w-]*", text) if w.lower() not in _SMALL]
    return "".join(w[0] for w in words).lower() if len(words) > 1 else ""


# -- by kind -----------------------------------------------------------------------


def _actors(record: Record, records: Records, others: list[str]) -> list[str]:
    answer = record.actor
    assert answer is not None
    if record.partners:
        return _groups_of(record, records)
    candidates = _single_actors(record, records, others)
    # Anyone the same sentence names may share the deed ("the United States, France and
    # Thailand formed SEATO"): never offered as wrong.
    named_here = {a.name for a in records.actors.actors_in(record.sentence)}
    return [c for c in candidates if c not in named_here]


def _single_actors(record: Record, records: Records, others: list[str]) -> list[str]:
    answer = record.actor
    assert answer is not None
    kind = answer.kind
    # Those who did the same thing in the same sentence would be right too.
    also_right = {
        r.actor.name
        for r in records.records
        if r.sentence is record.sentence
        and r.verb is not None
        and r.actor
        and record.verb is not None
        and r.verb.lemma_ == record.verb.lemma_
    } - {answer.name}
    pool: list[Actor] = []
    if kind in (PERSON, OFFICE):
        # An office stands for a person the text does not name: never a distractor to a
        # named person, who might hold it ("Russian President" beside "Vladimir Putin").
        kinds = (PERSON,) if kind == PERSON else (PERSON, OFFICE)
        pool = [a for a in records.actors.actors if a.kind in kinds and a is not answer]
        titled = [a for a in pool if a.title]
        pool = titled + [a for a in pool if not a.title]
        names = [a.name for a in pool if a.name not in also_right]
        names += [n for n in others if n not in names]
        if _latest_year(records) < 1990:
            return names  # the lexicon's officials are of today: none fits a history page
        fallback = [p["name"] for p in lexicon.fallback_distractors()["people"]]
        return names + fallback
    pool = [a for a in records.actors.actors if a.kind == GROUP and a is not answer]
    if answer.country:
        # Countries against countries, capitals against capitals.
        names = [
            a.name
            for a in pool
            if a.country and a.name not in also_right and _is_capital(a) == _is_capital(answer)
        ]
        names += [c.capital if _is_capital(answer) else c.name for c in _neighbours(answer)]
        return names
    # A body against bodies of the same make: a ministry, office or committee is no
    # distractor for a government, nor a price index or a fuel for a commission.
    agreements = {n.lower() for a in records.agreements for n in records.aliases_of(a.name)}
    names = [
        a.name
        for a in pool
        if not a.country
        and a.name not in also_right
        and a.label == answer.label
        and a.name.lower() not in agreements
        and not _furniture(a.name, records)
    ]
    return names + list(lexicon.fallback_distractors()["bodies"])


def _furniture(name: str, records: Records) -> bool:
    """The page's own publisher or its office: "Office of the Spokesperson", "White House"."""
    publisher = (records.document.source.publisher or "").lower()
    return name.lower() in publisher or name.lower().startswith("office of")


def _groups_of(record: Record, records: Records) -> list[str]:
    """Distractors to "Burma and Indonesia": other pairs of actors of the same kind."""
    size = 1 + len(record.partners)
    taken = {record.actor, *record.partners}
    pool = [a for a in _same_kind_pool(record, records) if a not in taken]
    names = [a.name for a in pool]
    out = []
    for start in range(len(names)):
        group = names[start : start + size]
        if len(group) == size:
            out.append(", ".join(group[:-1]) + " and " + group[-1])
    return out


def _same_kind_pool(record: Record, records: Records) -> list[Actor]:
    answer = record.actor
    assert answer is not None
    if answer.kind == GROUP:
        return [
            a
            for a in records.actors.actors
            if a.kind == GROUP and bool(a.country) == bool(answer.country)
        ]
    return [a for a in records.actors.actors if a.kind == answer.kind]


def _is_capital(actor: Actor) -> bool:
    return bool(actor.country and actor.name == actor.country.capital)


def _neighbours(actor: Actor) -> list[lexicon.Country]:
    usual = [
        "United States",
        "Russian Federation",
        "China",
        "United Kingdom",
        "France",
        "Germany",
        "Japan",
        "India",
        "Turkey",
        "Iran",
        "Brazil",
        "South Africa",
    ]
    found = [c for c in lexicon.countries() if c.name in usual or c.names[0] in usual]
    return [c for c in found if c is not actor.country]


def _dates(record: Record, records: Records) -> list[str]:
    assert record.date is not None
    when = record.date.when
    answer = when.label()
    same = [
        d.when.label()
        for d in records.dates
        if d.when.granularity == when.granularity
        and d.when.label() != answer
        and abs((d.when.as_date() - when.as_date()).days) <= 366 * 6
    ]
    steps = {
        "year": (-2, 2, 3, -4, 5, -1, 1),
        "month": (-1, 1, -2, 2, 3, -3),
        "day": (-2, 2, -5, 4, -7, 7, 1),
    }[when.granularity]
    near = [w.label() for s in steps if (w := when.shifted(s)) is not None]
    # Choices in time order read better; keep the article's own dates first.
    return list(dict.fromkeys(same[:1] + near))


def _agreements(record: Record, records: Records, others: list[str]) -> list[str]:
    assert record.agreement is not None
    answer = record.agreement
    pool = [a for a in records.agreements if a is not answer and a.named == answer.named]
    names = [a.name for a in pool] + [n for n in others]
    if answer.named:
        # The lexicon's agreements nearest in time to the article's own dates first.
        here = [d.when.year for d in records.dates if d.span.sent == record.sentence.span]
        year = here[0] if here else _median_year(records)
        fallback = sorted(
            lexicon.fallback_distractors()["agreements"],
            key=lambda f: (f["head"] != answer.head, abs(f["year"] - year)),
        )
        names += [f["name"] for f in fallback if abs(f["year"] - year) <= 60]
    else:
        kinds = [
            "ceasefire",
            "trade deal",
            "peace deal",
            "defence pact",
            "security pact",
            "nuclear accord",
            "free trade agreement",
            "prisoner exchange deal",
        ]
        names += [k for k in kinds if k != answer.name.lower()]
    return names


def _years(records: Records) -> list[int]:
    return sorted(d.when.year for d in records.dates) or (
        [records.document.source.published.year] if records.document.source.published else []
    )


def _latest_year(records: Records) -> int:
    years = _years(records)
    return years[-1] if years else 9999


def _median_year(records: Records) -> int:
    years = _years(records)
    return years[len(years) // 2] if years else 2000


_NUMBER = re.compile(r"(?P<prefix>[^\d]*?)(?P<number>\d[\d,]*(?:\.\d+)?)(?P<suffix>.*)", re.S)


def _quantities(record: Record, records: Records) -> list[str]:
    assert record.quantity is not None
    value = record.quantity.value
    same = [
        q.value
        for q in records.quantities
        if q.label == record.quantity.label and q.unit == record.quantity.unit and q.value != value
    ]
    return same[:1] + scaled(value)


def _number_words() -> dict[str, int]:
    return {word: int(value) for word, value in lexicon.table("number_words").items()}


def scaled(value: str) -> list[str]:
    """Neighbours of a written figure in the same form: "70%" -> "50%", "80%", "90%"."""
    match = _NUMBER.match(value)
    words = value.split()
    if not match and words and words[0].lower() in _number_words():
        number = _number_words()[words[0].lower()]
        rest = " ".join(words[1:])
        out = []
        for other in _neighbours_of(number, integer=True):
            label = _number_word(other)
            out.append(f"{label} {rest}".strip())
        return out
    if not match:
        return []
    digits = match.group("number").replace(",", "")
    number = float(digits)
    integer = "." not in digits
    out = []
    for other in _neighbours_of(number, integer, percent="%" in value):
        text = f"{int(other):,}" if integer else f"{other:.{len(digits.split('.')[1])}f}"
        if "," not in match.group("number"):
            text = text.replace(",", "")
        out.append(f"{match.group('prefix')}{text}{match.group('suffix')}")
    return out


def _neighbours_of(number: float, integer: bool, percent: bool = False) -> list[float]:
    if percent:
        steps = [number - 20, number + 10, number - 10, number + 20, number - 30]
        return [s for s in steps if 0 < s < 100 and s != number]
    if number < 12 and integer:
        steps = [number + 1, number - 1, number + 2, number * 2, number + 3]
    else:
        steps = [number * 0.5, number * 1.5, number * 2, number * 0.75, number * 3]
    out = []
    for step in steps:
        if step <= 0 or step == number:
            continue
        rounded = _round_like(step, number) if integer else round(step, 1)
        if rounded not in out and rounded != number:
            out.append(rounded)
    return out


def _round_like(value: float, reference: float) -> float:
    if reference < 100:
        return max(1, round(value))
    digits = len(str(int(reference)).rstrip("0")) or 1
    magnitude = 10 ** max(0, len(str(int(value))) - digits)
    return max(1, round(value / magnitude) * magnitude)


def _number_word(number: float) -> str:
    for word, value in _number_words().items():
        if value == number:
            return word
    return str(int(number))
