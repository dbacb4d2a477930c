"""Turn extracted facts into draft questions.

Each builder asks about one kind of fact and cites the one sentence the answer
comes from. Prompts are built from fixed templates or from the source sentence
itself with the answer blanked out, so they stay grammatical without any
rewriting of the author's words. Choices are of the answer's own kind, drawn
first from the same text and then from plausible neighbours (near years, near
numbers); with too few of them the question is asked typed instead.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from itertools import pairwise

from .dates import WEEKDAY_NAMES, DateMention, format_date, shift_date
from .facts import Facts
from .lexicon import (
    COUNTRIES,
    FUNCTION_WORDS,
    GOVERNMENT_SEATS,
    MONTH_NAMES,
    NATIONALITIES,
    NUMBER_WORDS,
    TIME_UNITS,
    TREATY_WORDS,
    WELL_KNOWN_TREATIES,
)
from .officials import PERSON_CUES, Official, is_title_head, is_verb, strip_possessive
from .quantities import Quantity, format_like, nearby_values
from .quotes import Statement, speaker_reference
from .rules import answer_kind
from .treaties import Treaty, TreatyEvent, same_treaty

BLANK = "___"
CHOICES = 4


@dataclass
class Question:
    key: str  # content words the id is made from
    type: str
    prompt: str
    answer: str | int | list[str]
    tags: list[str]
    sentence: str
    explanation: str
    choices: list[str] | None = None
    accept: list[str] = field(default_factory=list)
    tolerance: int | str | None = None  # numeric questions
    unit: str | None = None

    def to_data(self, question_id: str, source_ref: str) -> dict:
        data: dict = {"id": question_id, "type": self.type, "prompt": self.prompt}
        if self.choices is not None:
            data["choices"] = list(self.choices)
        data["answer"] = self.answer
        if self.tolerance is not None:
            data["tolerance"] = self.tolerance
        if self.unit:
            data["unit"] = self.unit
        if self.accept:
            data["accept"] = [self.accept] if self.type == "cloze" else list(self.accept)
        data["explanation"] = self.explanation
        data["tags"] = list(self.tags)
        data["source"] = {"ref": source_ref, "sentence": self.sentence}
        data["review"] = "pending"
        return data


def build_questions(facts: Facts) -> list[Question]:
    questions: list[Question] = []
    questions += _treaty_event_questions(facts)
    questions += _date_questions(facts, questions)
    questions += _statement_questions(facts)
    questions += _possessive_questions(facts)
    questions += _title_questions(facts)
    questions += _name_blank_questions(facts, questions)
    questions += _treaty_name_questions(facts, questions)
    questions += _quantity_questions(facts)
    questions += _quote_cloze_questions(facts)
    chronology = _chronology_question(facts)
    if chronology:
        questions.append(chronology)
    return _without_duplicates(questions)


# --- shared helpers ---------------------------------------------------------


def _quoted(text: str) -> str:
    return f"“{text}”"


def _blank(sentence: str, start: int, end: int, answer: str) -> str | None:
    """The sentence with [start, end) blanked, cut short where it would give the answer away."""
    before, after = sentence[:start], sentence[end:]
    leak = _leak_pattern(answer)
    if leak is None:
        return before + BLANK + after
    found_after = leak.search(after)
    if found_after:
        cut = _cut_before(after, found_after.start())
        after = after[:cut].rstrip(" ,;:–—(") + " …"
    found_before = None
    for match in leak.finditer(before):
        found_before = match
    if found_before:
        cut = _cut_after(before, found_before.end())
        before = "… " + before[cut:].lstrip(" ,;:)")
    result = before + BLANK + after
    if len(re.findall(r"\w+", result)) < 6 or leak.search(result.replace(BLANK, "")):
        return None
    return result


def _leak_pattern(answer: str) -> re.Pattern | None:
    """What of an answer must not show in its prompt: its numbers and proper words."""
    parts = [
        p
        for p in re.findall(r"\d[\d,.]*\d|\d|[A-Za-z][\w’'\-]*", answer)
        if p.lower() not in FUNCTION_WORDS
        and (p[0].isdigit() or p[0].isupper())
        and p not in MONTH_NAMES
        and p.lower() not in TREATY_WORDS
    ]
    parts = [p for p in parts if len(p) > 1] or [answer]
    return re.compile("|".join(rf"(?<!\w){re.escape(p)}(?!\w)" for p in parts))


def _cut_before(text: str, offset: int) -> int:
    """A clause boundary before `offset`: a comma, a dash or a preposition."""
    boundary = None
    for match in re.finditer(
        r",|\s[–—]\s|\s(?:of|in|on|at|for|with|amid|by|from|to|and|as)\s|\(", text[:offset]
    ):
        boundary = match.start()
    return boundary if boundary is not None else offset


def _cut_after(text: str, offset: int) -> int:
    match = re.search(r",\s|\s[–—]\s|;\s", text[offset:])
    return offset + match.end() if match else offset


def _from_sentence(sentence: str) -> str:
    return f"Which {{}} completes this sentence from the article? {_quoted(sentence)}"


def _choices(answer: str, pool: list[str], minimum: int = 2) -> list[str] | None:
    """Up to three distractors from the pool, none reading as the answer or as each other."""
    picked: list[str] = []
    seen = {_normal(answer)}
    for candidate in pool:
        if _normal(candidate) in seen:
            continue
        seen.add(_normal(candidate))
        picked.append(candidate)
        if len(picked) == CHOICES - 1:
            break
    if len(picked) < minimum:
        return None
    return picked


def _normal(text: str) -> str:
    text = re.sub(r"^the\s+", "", text.strip().lower())
    return " ".join(re.findall(r"[\w%$]+", text))


def _content_words(text: str, limit: int = 5) -> list[str]:
    words = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z\-]+", text)]
    return [w for w in words if w not in FUNCTION_WORDS and len(w) > 2][:limit]


def _sentence_text(facts: Facts, index: int) -> str:
    return facts.sentences[index].text


def _is_body(facts: Facts, index: int) -> bool:
    return not facts.sentences[index].is_caption


# --- dates ------------------------------------------------------------------


def _date_pool(mention: DateMention, facts: Facts) -> list[str]:
    """Other dates of the answer's granularity: the text's own, nearest first, then shifted."""
    answer = mention.display
    from_text: list[tuple[int, str]] = []
    for other in facts.dates:
        if other.resolved != mention.resolved:
            continue
        if other.granularity == mention.granularity == "day" and other.year and other.day:
            # One form for every choice: with the weekday when the answer has one.
            display = format_date("day", other.year, other.month, other.day)
            if mention.weekday is not None:
                weekday = dt.date(other.year, other.month or 1, other.day).weekday()
                display = f"{WEEKDAY_NAMES[weekday]}, {display}"
        elif other.granularity == mention.granularity:
            display = other.display
        elif mention.granularity == "month" and other.granularity == "day" and other.month:
            display = format_date("month", other.year, other.month)
        elif mention.granularity == "year" and other.granularity in ("day", "month") and other.year:
            display = str(other.year)
        else:
            continue
        distance = abs((other.year or 0) - (mention.year or 0)) * 12 + abs(
            (other.month or 0) - (mention.month or 0)
        )
        if mention.granularity == "year" and distance > 12 * 30:
            continue  # a year decades away is no plausible slip
        if display != answer:
            from_text.append((distance, display))
    from_text.sort()
    pool = [display for _, display in from_text][:2]
    steps = {
        "year": [3, -2, 5, -6, 10, -10],
        "decade": [1, -1, 2, -2],
        "range": [2, -3, 4, -5],
        "month": [1, -1, 2, -2, 3, -3],
        "day": [7, -7, 14, -14, 3, -3],
        "season": [1, -1, 2],
    }[mention.granularity]
    for step in steps:
        shifted = shift_date(mention, step)
        if shifted:
            pool.append(shifted)
    return pool


def _date_sort_key(text: str) -> tuple:
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    month = next((i for i, name in enumerate(MONTH_NAMES) if name in text), -1)
    year = next((n for n in numbers if n > 31), 0)
    day = next((n for n in numbers if n <= 31), 0)
    return (year, month, day, text)


def _date_explanation(mention: DateMention, facts: Facts) -> str:
    text = f"The article dates this to {mention.display}."
    if mention.relative and mention.resolved:
        published = facts.source.published
        if mention.counts_from_publication and published:
            text += (
                f" It writes “{mention.text}”, counted from the publication date,"
                f" {published.strftime('%B')} {published.day}, {published.year}."
            )
        elif (
            mention.granularity in ("day", "month")
            and published
            and not _has_anchor(mention, facts)
        ):
            text += (
                f" It writes “{mention.text}”; the year is read from the publication date,"
                f" {published.strftime('%B')} {published.day}, {published.year}."
            )
        elif mention.granularity in ("day", "month"):
            text += (
                f" It writes “{mention.text}”; the year comes from the date given earlier"
                " in the paragraph."
            )
        else:
            text += f" It writes “{mention.text}”, counted from the publication date."
    return text


def _has_anchor(mention: DateMention, facts: Facts) -> bool:
    paragraph = facts.sentences[mention.sentence].paragraph
    return any(
        d
        for d in facts.dates
        if d.year
        and d.month
        and not d.relative
        and facts.sentences[d.sentence].paragraph == paragraph
        and (d.sentence, d.start) < (mention.sentence, mention.start)
        and not facts.sentences[d.sentence].is_caption
    )


def _date_question(
    mention: DateMention, facts: Facts, prompt: str, key: str, tags: list[str], explanation: str
) -> Question:
    answer = mention.display
    pool = _choices(answer, _date_pool(mention, facts))
    sentence = _sentence_text(facts, mention.sentence)
    if pool is None:
        return Question(
            key,
            "short_answer",
            prompt,
            answer,
            tags,
            sentence,
            explanation,
            accept=[mention.text] if mention.text != answer else [],
        )
    choices = sorted([answer, *pool], key=_date_sort_key)
    return Question(key, "multiple_choice", prompt, answer, tags, sentence, explanation, choices)


def _date_questions(facts: Facts, already: list[Question]) -> list[Question]:
    asked = {(q.sentence, q.answer) for q in already if "date" in q.tags}
    asked_dates = {answer for _, answer in asked}
    decades: set[str] = set()
    questions = []
    named = [(m.sentence, m.start, m.end) for t in facts.treaties if t.dated for m in t.mentions]
    for mention in facts.dates:
        if not _is_body(facts, mention.sentence):
            continue
        if not mention.text[-4:].isdigit() and any(
            i == mention.sentence and s <= mention.start < e for i, s, e in named
        ):
            continue  # "the Sept. 19 Joint Statement": its year is not the story's
        sentence = _sentence_text(facts, mention.sentence)
        if (sentence, mention.display) in asked:
            continue
        if mention.role == "possessive":
            question = _possessive_date_question(mention, facts, sentence)
            if question is not None:
                questions.append(question)
                asked.add((sentence, mention.display))
            continue
        if mention.relative and mention.role == "modifier" and mention.display in asked_dates:
            continue  # "his May 8 statement": a reference back to a date already asked
        if mention.granularity == "decade":
            # "the 1960s" recurs as loose background; one question per decade is plenty.
            if mention.display in decades:
                continue
            decades.add(mention.display)
        blanked = _blank(sentence, mention.start, mention.end, mention.display)
        if blanked is None:
            continue
        blanked = _with_preposition(blanked, mention, sentence)
        if blanked is None:
            continue
        prompt = _from_sentence(blanked).format("date")
        key = "date " + " ".join(
            _content_words(sentence[: mention.start] + sentence[mention.end :])
        )
        questions.append(
            _date_question(mention, facts, prompt, key, ["date"], _date_explanation(mention, facts))
        )
        asked.add((sentence, mention.display))
        asked_dates.add(mention.display)
    return questions


def _possessive_date_question(mention: DateMention, facts: Facts, sentence: str) -> Question | None:
    """'said Tuesday's move was ...' asked as 'said the move on ___ was ...': a day or a
    month that owns an event is the event's date."""
    if not mention.resolved or mention.granularity not in ("day", "month"):
        return None
    if mention.text.lower().startswith(("this ", "last ", "next ", "past ")):
        return None  # "This fall's turmoil": a stretch of time, not an event's date
    noun = re.match(r"['’]s\s+([a-z]{3,})\b", sentence[mention.end :])
    if noun is None or noun.group(1) in FUNCTION_WORDS:
        return None
    before = sentence[: mention.start]
    if re.search(r"\b(?:the|a|an|his|her|its|their)\s+$", before, re.I):
        return None
    article = "The" if not before.strip() else "the"
    preposition = "on" if mention.granularity == "day" else "in"
    rewritten = f"{before}{article} {noun.group(1)} {preposition} "
    start = len(rewritten)
    rewritten += mention.display + sentence[mention.end + noun.end() :]
    blanked = _blank(rewritten, start, start + len(mention.display), mention.display)
    if blanked is None:
        return None
    key = "date " + " ".join(_content_words(sentence[: mention.start] + sentence[mention.end :]))
    prompt = _from_sentence(blanked).format("date")
    return _date_question(mention, facts, prompt, key, ["date"], _date_explanation(mention, facts))


def _with_preposition(blanked: str, mention: DateMention, sentence: str) -> str | None:
    """'said last year that' -> 'said in ___ that': a date in the blank needs the preposition
    that 'last year', 'today' or 'this fall' do without."""
    written = mention.text.lower()
    if not (
        written.startswith(("this ", "last ", "next ", "past "))
        or written in ("today", "yesterday", "tomorrow")
        or written.endswith(" ago")
    ):
        return blanked
    if written.startswith("past ") or re.search(r"\bthe\s+$", sentence[: mention.start]):
        return None  # "over the past year" is a stretch of time, not a date to fill in
    if re.search(r"\b(?:on|in|of|by|since|until|from|during)\s+$", sentence[: mention.start], re.I):
        return blanked
    preposition = "on" if mention.granularity == "day" else "in"
    if mention.start == 0:
        preposition = preposition.capitalize()
    return blanked.replace(BLANK, f"{preposition} {BLANK}", 1)


def _when_phrase(mention: DateMention) -> str:
    if mention.granularity == "day":
        return f"on {mention.display}"
    return f"in {mention.display}"


def _treaty_event_questions(facts: Facts) -> list[Question]:
    questions = []
    for treaty in facts.treaties:
        for event in treaty.events:
            date = event.date
            if date is None or not date.resolved or not _is_body(facts, event.sentence):
                continue
            questions.append(
                _date_question(
                    date,
                    facts,
                    _when_prompt(treaty, event),
                    f"date {treaty.name} {event.base}",
                    ["date", "treaty"],
                    f"The article says {treaty.with_article} {event.verb} {_when_phrase(date)}.",
                )
            )
            noun = _treaty_noun(treaty)
            verb = event.verb if not event.treaty_is_object else f"was {event.verb}"
            prompt = f"Which {noun} {verb} {_when_phrase(date)}, according to the article?"
            questions.append(
                _treaty_question(
                    treaty,
                    facts,
                    event.sentence,
                    prompt,
                    f"treaty {treaty.name} {event.base}",
                    f"The article says {treaty.with_article} {event.verb} {_when_phrase(date)}.",
                )
            )
    return [q for q in questions if q is not None]


def _when_prompt(treaty: Treaty, event: TreatyEvent) -> str:
    granularity = event.date.granularity if event.date else "year"
    opener = {
        "day": "On what date",
        "month": "In which month and year",
        "year": "In which year",
        "range": "In which years",
        "decade": "In which decade",
        "season": "In which season",
    }[granularity]
    if event.treaty_is_object:
        return f"{opener} was {treaty.with_article} {event.verb}?"
    return f"{opener} did {treaty.with_article} {event.base}?"


# --- treaties ---------------------------------------------------------------


def _treaty_noun(treaty: Treaty) -> str:
    words = [w.lower().rstrip(",") for w in treaty.name.split()]
    for noun in (
        "treaty",
        "agreement",
        "accord",
        "pact",
        "convention",
        "protocol",
        "charter",
        "initiative",
        "memorandum",
        "declaration",
    ):
        if noun in words or f"{noun}s" in words:
            return noun
    return "agreement"


def _treaty_pool(treaty: Treaty, facts: Facts, sentence_index: int) -> list[str]:
    if treaty.dated:
        return []  # "the 2015 agreement" may be the JCPOA the text names: asked typed
    in_sentence = [
        t for t in facts.treaties if any(m.sentence == sentence_index for m in t.mentions)
    ]
    pool = [
        t.name
        for t in facts.treaties
        if t is not treaty
        and t not in in_sentence
        and not t.dated
        and not same_treaty(t.name, treaty.name)
    ]
    return pool + _cached(facts, "well-known", lambda: _well_known_others(facts))


def _well_known_others(facts: Facts) -> list[str]:
    """Well-known agreements the text does not name: the same for every question."""
    return [
        known
        for known in WELL_KNOWN_TREATIES
        if not any(
            same_treaty(known, t.name)
            or _normal(known) == _normal(t.name)
            or any(same_treaty(known, alias) for alias in t.aliases)
            for t in facts.treaties
        )
    ]


def _cached(facts: Facts, name: str, compute):
    """What every question of a text would otherwise compute again from the whole text:
    computed once per text, so that a long text costs per question, not per question times
    the text."""
    cache = facts.__dict__.setdefault("_question_cache", {})
    if name not in cache:
        cache[name] = compute()
    return cache[name]


def _treaty_question(
    treaty: Treaty,
    facts: Facts,
    sentence_index: int,
    prompt: str,
    key: str,
    explanation: str,
    *,
    answer: str | None = None,
) -> Question | None:
    """Which treaty: multiple choice against the text's other treaties and well-known ones,
    or typed where the name is short enough to type, with its other names accepted."""
    answer = answer or treaty.name
    sentence = _sentence_text(facts, sentence_index)
    names = {treaty.name, *treaty.aliases}
    accept = sorted(n for n in names - {answer} if not _leak_pattern(n).search(prompt))
    pool = _choices(answer, _treaty_pool(treaty, facts, sentence_index))
    if pool is None or (accept and _prefers_typing(key)):
        return Question(
            key, "short_answer", prompt, answer, ["treaty"], sentence, explanation, accept=accept
        )
    choices = sorted([answer, *pool])
    return Question(
        key, "multiple_choice", prompt, answer, ["treaty"], sentence, explanation, choices
    )


def _prefers_typing(key: str) -> bool:
    """About one question in three that could go either way is asked typed: a fixed,
    reproducible choice made from the question's own key."""
    return sum(key.encode()) % 3 == 0


def _treaty_name_questions(facts: Facts, already: list[Question]) -> list[Question]:
    """The treaty's name blanked: in its first sentence when nothing else asks for it, and
    wherever the treaty is the subject of what a sentence says ("The ABM Treaty limited ...")."""
    asked = {
        (q.answer, q.sentence) for q in already if "treaty" in q.tags and isinstance(q.answer, str)
    }
    questions = []
    for treaty in facts.treaties:
        named = sum(1 for answer, _ in asked if answer == treaty.name)
        for mention in treaty.mentions:
            if named >= 6:
                break
            sentence = _sentence_text(facts, mention.sentence)
            if (
                not _is_body(facts, mention.sentence)
                or (mention.text != treaty.name and mention.text not in treaty.aliases)
                or (treaty.name, sentence) in asked
                or (mention.text, sentence) in asked
            ):
                continue
            if sentence[: mention.start].rstrip().endswith("("):
                continue  # "(___)" after the spelled-out name gives the answer away
            # Where the text introduces the agreement, or another of its names ("the JCPOA
            # (the Joint Comprehensive Plan of Action)").
            introduced = mention is next(m for m in treaty.mentions if m.text == mention.text)
            if (
                named
                and not introduced
                and not _is_topic(sentence, mention.start, mention.end)
                and not _TREATY_EVENT.search(sentence)
            ):
                continue
            blanked = _blank(sentence, mention.start, mention.end, mention.text)
            if blanked is None or _leak_pattern(treaty.name).search(blanked.replace(BLANK, "")):
                continue
            prompt = _from_sentence(blanked).format(_treaty_noun(treaty))
            question = _treaty_question(
                treaty,
                facts,
                mention.sentence,
                prompt,
                f"treaty {mention.text} {' '.join(_content_words(sentence, 3))}",
                f"The sentence names {treaty.with_article}"
                + (f" ({mention.text})." if mention.text != treaty.name else "."),
                answer=mention.text,
            )
            questions.append(question)
            asked.add((treaty.name, sentence))
            asked.add((mention.text, sentence))
            named += 1
    return questions


# What a sentence may say happened to an agreement: it is asked about there too ("the
# decision to withdraw from the Paris Agreement", "under article 28 of ...").
_TREATY_EVENT = re.compile(
    r"\b(?:sign|ratif|withdr[ae]w|violat|expir|extend|extension|collaps|suspen[ds]|accept|"
    r"join|leav|left|scrap|renew|abandon|terminat|in(?:to)? force|took\s+effect|under|"
    r"[Aa]rticle|adopt|implement|reengag|re-engag|reviv|breach|compl[iy]|exit|quit|abide|"
    r"negotiat|broker|initial|provision)",
)


def _is_topic(sentence: str, start: int, end: int) -> bool:
    """The sentence is about the treaty: its subject, its possessor ('X’s verification
    regime enables'), or the object of an opening gerund ('Extending X ensures')."""
    if _is_subject(sentence, end) or re.match(r"(?:'s|’s)\s", sentence[end:]):
        return True
    return re.fullmatch(r"[A-Z][a-z]+ing\s+(?:the\s+)?", sentence[:start]) is not None


def _is_subject(sentence: str, end: int) -> bool:
    """A verb right after the name: 'The ABM Treaty limited ...'."""
    following = re.match(
        r"\s+(?:\([^)]*\)\s+)?(?:also\s+|never\s+|had\s+|has\s+|was\s+|were\s+)?"
        r"(?:formally\s+|officially\s+|finally\s+|first\s+)?"
        r"([a-z]+ed|set|put|cut|left|made|gave|took|kept|bound|held|came|went)\b",
        sentence[end:],
    )
    return following is not None


# --- officials and what they said ------------------------------------------


def _people_pool(official: Official, facts: Facts) -> list[str]:
    if official.members:
        return _shared_subject_pool(official, facts)
    if official.kind in ("body", "group"):
        # Groups and bodies against their own kind only: a person is no plausible slip.
        return [
            other.display
            for other in _cached(facts, "groups", lambda: _group_speakers(facts))
            if other is not official
            and other.display.lower() != official.display.lower()
            and not _may_be_same_group(official.display, other.display)
        ]
    if official.kind == "document":
        return []  # "Article XII of the treaty": typed, no other text is a fair slip
    if official.kind == "institution":
        # Only the same kind of body: "Beijing" against other capitals, "China"
        # against other countries (a capital would be a second right answer).
        return _other_governments(official, facts)
    others = [
        o
        for o in facts.officials
        if o is not official and o.kind == "person" and not _may_hold_office(official, o)
    ]
    named = [o.display for o in others if o.name]
    unnamed = [o.display for o in others if not o.name]
    return named + unnamed


def _group_speakers(facts: Facts) -> list[Official]:
    """Every group and body that speaks, once each, in the order they first speak."""
    seen: set[int] = set()
    found = []
    for statement in facts.statements:
        speaker = statement.speaker
        if speaker.kind in ("body", "group") and not speaker.members and id(speaker) not in seen:
            seen.add(id(speaker))
            found.append(speaker)
    return found


def _may_hold_office(official: Official, other: Official) -> bool:
    """'the Foreign Minister' and 'Téte António', Angolan Minister of Foreign Affairs, may be
    the same person: one known only by title is never offered against a holder of a like
    title, nor the other way round."""
    if official.name and other.name:
        return False

    def heads(person: Official) -> set[str]:
        return {
            word.lower().strip(",.")
            for title in person.titles
            for word in title.split()
            if is_title_head(word)
        }

    def places(person: Official) -> set[str]:
        return {
            strip_possessive(word).lower().strip(",.")
            for title in person.titles
            for word in title.split()
            if strip_possessive(word).lower().strip(",.") in NATIONALITIES | COUNTRIES
        }

    unnamed, named = (official, other) if not official.name else (other, official)
    if places(named) and places(unnamed) - places(named):
        return False  # "the Belarusian President" is not Vladimir Putin, a President too
    return bool(heads(official) & heads(other))


_PLURAL_TITLES = {
    "ministers",
    "leaders",
    "presidents",
    "diplomats",
    "negotiators",
    "delegations",
    "delegates",
    "officials",
    "envoys",
    "sides",
    "parties",
    "governments",
    "premiers",
    "countries",
    "nations",
    "states",
    "powers",
    "members",
    "signatories",
    "mediators",
}
# "the parties", "both countries", "the two sides": a group named by what it is, which may be
# any group the text names otherwise.
_GENERIC_GROUP = re.compile(r"(?:the|both|all)\s+(?:(?:two|three|four)\s+)?[a-z]+s", re.I)


def _may_be_same_group(answer: str, other: str) -> bool:
    """'the foreign ministers', 'the Indian and Chinese foreign ministers' and 'India's S.
    Jaishankar and China's Wang Yi' may all be the same two people: none is a wrong answer
    to offer against another."""

    def head(text: str) -> str:
        return text.lower().split()[-1] if text.split() else ""

    if head(answer) == head(other):
        return True
    if _GENERIC_GROUP.fullmatch(answer) or _GENERIC_GROUP.fullmatch(other):
        return True
    titled = [head(answer) in _PLURAL_TITLES, head(other) in _PLURAL_TITLES]
    listed = [bool(re.search(r"\band\b|,", answer)), bool(re.search(r"\band\b|,", other))]
    return (titled[0] and listed[1]) or (titled[1] and listed[0])


def _shared_subject_pool(official: Official, facts: Facts) -> list[str]:
    """'Nixon and Brezhnev': the same number of people, one of them swapped for another."""
    members = official.members
    others = [o for o in facts.officials if o.kind == "person" and o.name and o not in members]
    pool = []
    for other in others:
        for position in range(len(members) - 1, -1, -1):
            swapped = list(members)
            swapped[position] = other
            names = [m.display for m in swapped]
            pool.append(", ".join(names[:-1]) + " and " + names[-1])
    return pool


# In the country list for other uses, but no government to offer against one.
_NOT_GOVERNMENTS = {"nato", "un", "eu", "asia", "africa", "europe", "gaza"}


def _other_governments(official: Official, facts: Facts) -> list[str]:
    seats = official.name.lower() in GOVERNMENT_SEATS if official.name else False
    vocabulary = GOVERNMENT_SEATS if seats else COUNTRIES
    own = set((official.name or "").lower().split())
    named = _cached(
        facts, "seats" if seats else "countries", lambda: _governments_named(facts, vocabulary)
    )
    return [
        words for words in named if words != official.name and not own & set(words.lower().split())
    ]


def _governments_named(facts: Facts, vocabulary: set[str]) -> list[str]:
    """The countries (or capitals) the text names, once each, in the order named."""
    found: list[str] = []
    seen: set[str] = set()
    for sentence in facts.sentences:
        # Two-word names first: "North Korea" is one country, and "Korea" no distractor for it.
        for match in re.finditer(r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?", sentence.text):
            words = match.group()
            if words.lower() not in vocabulary:
                words = words.split()[0]
            if (
                words.lower() in vocabulary
                and words.lower() not in _NOT_GOVERNMENTS
                and words not in seen
            ):
                seen.add(words)
                found.append(words)
    return found


def _statement_questions(facts: Facts) -> list[Question]:
    questions = []
    seen: set[tuple[str, str]] = set()
    for statement in facts.statements:
        opening = " ".join(statement.predicate.split()[:4]).lower()
        if (statement.speaker.key, opening) in seen:
            continue
        seen.add((statement.speaker.key, opening))
        sentence = _sentence_text(facts, statement.sentence)
        asker = "What" if statement.speaker.kind == "document" else "Who"
        prompt = f"{asker} {_third_person(statement.predicate)}?"
        if statement.passive:
            prompt = f"Whose words are these, according to the article: {_quoted(statement.quote)}?"
        answer = statement.speaker.display
        tags = ["official", "quote"] if statement.quote else ["official"]
        verb = "says" if statement.quote else "reports"
        explanation = f"The article {verb} this of {speaker_reference(statement)}."
        topic = " ".join(_content_words(statement.predicate, 4))
        key = f"who {statement.speaker.surname or answer} {topic}"
        questions.append(
            _person_question(
                statement.speaker, facts, prompt, answer, tags, sentence, explanation, key
            )
        )
    return questions


def _third_person(predicate: str) -> str:
    """'Who say ...', 'Who have expelled ...' read 'Who says', 'Who has expelled'; 'said
    that Thirty-three hostages' reads 'said that thirty-three hostages'."""
    predicate = re.sub(
        r"^(\w+(?:\s+\w+)?\s+that\s+)([A-Z][a-z]+(?:-[a-z]+)?)\b",
        lambda m: m.group(1) + (m.group(2).lower() if _common_opener(m.group(2)) else m.group(2)),
        predicate,
    )
    return re.sub(
        r"^(say|have|are|were|want|seek|hope|insist|demand|urge|warn|view)\b",
        lambda m: {"say": "says", "have": "has", "are": "is", "were": "was"}.get(
            m.group(1), m.group(1) + "s"
        ),
        predicate,
    )


def _common_opener(word: str) -> bool:
    """A capitalised word only because it opened the reported sentence: 'Also', 'Thirty'."""
    lower = word.lower()
    return (
        lower in FUNCTION_WORDS
        or lower in NUMBER_WORDS
        or lower.split("-")[0] in NUMBER_WORDS
        or lower in ("also", "there", "after", "during", "under", "despite", "since")
    )


def _person_question(
    official: Official,
    facts: Facts,
    prompt: str,
    answer: str,
    tags: list[str],
    sentence: str,
    explanation: str,
    key: str,
) -> Question:
    # "the two sides" reads as a count: it is offered only against answers of its kind.
    kind = _answer_kind(answer)
    pool = _choices(answer, [p for p in _people_pool(official, facts) if _answer_kind(p) == kind])
    accept = _typed_forms(official)
    if pool is None:
        return Question(
            key, "short_answer", prompt, answer, tags, sentence, explanation, accept=accept
        )
    return Question(
        key, "multiple_choice", prompt, answer, tags, sentence, explanation, sorted([answer, *pool])
    )


# The same names are sorted by kind for every question of a long text.
_answer_kind = functools.lru_cache(maxsize=4096)(answer_kind)


def _typed_forms(official: Official) -> list[str]:
    """Other answers a learner may type: the surname, or the surnames of a shared subject."""
    if official.members:
        surnames = [m.surname or m.display for m in official.members]
        orders = [surnames, surnames[::-1]] if len(surnames) == 2 else [surnames]
        return [", ".join(o[:-1]) + " and " + o[-1] for o in orders]
    if official.kind == "group" and official.name:
        heads = [w for w in re.findall(r"[A-Za-z][\w.\-]*", official.name) if w.endswith("s")]
        return [w for w in heads if w.lower() != official.name.lower()][:3]
    if official.kind == "person" and official.name and len(official.name.split()) > 1:
        return [official.name.split()[-1]]
    return []


def _possessive_questions(facts: Facts) -> list[Question]:
    """'Secretary of State Mike Pompeo's proposition to ...' -> 'Whose proposition to ...?'"""
    spoken = {(s.speaker.key, s.sentence) for s in facts.statements}
    questions = []
    for official in facts.officials:
        if not official.name or official.kind != "person":
            continue
        for mention in official.mentions:
            if (
                not mention.possessive
                or (official.key, mention.sentence) in spoken
                or not _is_body(facts, mention.sentence)
            ):
                continue
            sentence = _sentence_text(facts, mention.sentence)
            phrase = _noun_phrase(sentence[mention.name_end :])
            if phrase is None or any(
                form.lower() in phrase.lower() for form in official.name_forms
            ):
                continue
            prompt = f"Whose {phrase} does the article mention?"
            explanation = f"The article speaks of {official.display}’s {phrase}."
            key = f"whose {official.surname} {' '.join(_content_words(phrase, 3))}"
            questions.append(
                _person_question(
                    official,
                    facts,
                    prompt,
                    official.display,
                    ["official"],
                    sentence,
                    explanation,
                    key,
                )
            )
            break
    return questions


def _noun_phrase(after_name: str) -> str | None:
    match = re.match(
        r"(?:'s|’s|'|’)?\s+(?:\([^)]*\)\s+)?"  # "Lee Hsien-loong’s (李顯龍) statements"
        r"([a-z][\w\-]*(?:\s+(?:[a-z][\w\-]*|[A-Z][\w\-]*(?:\.[\w\-]+)*\.?)){1,15}?)"
        r"(?=\s+(?:also|then|had|has|was|were|is|are|[a-z]+ed|said|told)\b|\s*[,;:.–—(])",
        after_name,
    )
    if not match:
        return None
    phrase = match.group(1).strip()
    words = phrase.split()
    if len(words) < 3 or words[-1] in FUNCTION_WORDS:
        return None
    for previous, word in pairwise(words):
        if word[0].isupper() and previous[0].islower() and previous not in FUNCTION_WORDS:
            return None  # "successor Ronald Reagan": a name in apposition, not a noun phrase
    return phrase


def _name_blank_questions(facts: Facts, already: list[Question]) -> list[Question]:
    """A person no other question names: their name blanked where the text introduces them."""
    named = {q.answer for q in already if "official" in q.tags and isinstance(q.answer, str)}
    questions = []
    for official in facts.officials:
        if not official.name or official.kind != "person" or official.display in named:
            continue
        for mention in sorted(official.mentions, key=lambda m: not _acts(facts, m)):
            if mention.form not in ("title-name", "name-title", "name") or not _is_body(
                facts, mention.sentence
            ):
                continue
            sentence = _sentence_text(facts, mention.sentence)
            end = mention.name_end
            if sentence[mention.name_start : end].endswith(("'s", "’s")):
                end -= 2
            blanked = _blank(sentence, mention.name_start, end, official.name)
            if blanked is None:
                continue
            prompt = _from_sentence(blanked).format("name")
            explanation = f"The sentence names {official.name}" + (
                f", {mention.title}." if mention.title else "."
            )
            questions.append(
                _person_question(
                    official,
                    facts,
                    prompt,
                    official.display,
                    ["official"],
                    sentence,
                    explanation,
                    f"name {official.name}",
                )
            )
            break
    return questions


def _acts(facts: Facts, mention) -> bool:
    """Whether the person does something where named ('President Joe Biden forgetting ...',
    'Lansdowne signed'), which makes a better sentence to blank than a passing mention."""
    after = _sentence_text(facts, mention.sentence)[mention.end :]
    following = re.match(r"\s+(?:\w+ly\s+)?([a-z]+)\b", after)
    return bool(following) and (is_verb(following.group(1)) or following.group(1).endswith("ing"))


def _title_questions(facts: Facts) -> list[Question]:
    questions = []
    titles_by_person = {o.key: {t.lower() for t in o.titles} for o in facts.officials}
    cut_short = {
        m.title.lower()
        for o in facts.officials
        for m in o.mentions
        if m.title and m.form == "title-name" and _title_cut_short(facts, m)
    }
    for official in facts.officials:
        if not official.name or official.kind != "person":
            continue
        mentions = [
            m
            for m in official.mentions
            if m.form in ("title-name", "name-title")
            and m.title
            and m.title.lower() not in cut_short
        ]
        mentions.sort(key=lambda m: (facts.sentences[m.sentence].is_caption, m.sentence))
        if not mentions:
            continue
        mention = mentions[0]
        title = (
            strip_possessive(mention.title)
            if mention.title.endswith(("'s", "’s"))
            else mention.title
        )
        # Not a title that holds the answer's words or is held in them: "U.S. State
        # Department Spokesperson" is no wrong answer for "Spokesperson".
        words = set(_normal(title).split())
        pool = [
            t
            for other in facts.officials
            if other is not official and other.kind == "person"
            for t in other.titles
            if t.lower() not in titles_by_person[official.key]
            and t.lower() not in cut_short
            and not (words <= set(_normal(t).split()) or set(_normal(t).split()) <= words)
        ]
        prompt = f"What title does the article give {official.name}?"
        sentence = _sentence_text(facts, mention.sentence)
        explanation = f"The article calls {official.name} “{title}”."
        key = f"title {official.name}"
        picked = _choices(title, pool)
        if picked is None and len(title.split()) > 5:
            continue  # too long to type: "Senior Adviser at the Foundation for ..."
        if picked is None:
            questions.append(
                Question(key, "short_answer", prompt, title, ["official"], sentence, explanation)
            )
        else:
            questions.append(
                Question(
                    key,
                    "multiple_choice",
                    prompt,
                    title,
                    ["official"],
                    sentence,
                    explanation,
                    sorted([title, *picked]),
                )
            )
    return questions


def _title_cut_short(facts: Facts, mention) -> bool:
    """'Former coup leader Azali Assoumani' read as 'Leader', 'Constitutional Court president
    Lutfi Soulamaine' as 'Court President': a word of the title left before it."""
    before = _sentence_text(facts, mention.sentence)[: mention.start]
    previous = re.search(r"([\w’'\-]+)\s+$", before)
    if previous is None:
        return False
    word = previous.group(1)
    lower = word.lower()
    if lower in FUNCTION_WORDS or lower in PERSON_CUES or word.endswith(("'s", "’s")):
        return False
    if lower in ("said", "says", "added", "told", "former", "then", "current", "late", "new"):
        return False
    return word[0].isupper() or not (is_verb(word) or lower.endswith("ing"))


def _quote_cloze_questions(facts: Facts) -> list[Question]:
    """A short quotation blanked in its sentence: 'serves as "___" contributing to ...'."""
    questions = []
    used: set[str] = set()
    for statement in facts.statements:
        quote = statement.quote
        if not quote or len(quote.split()) > 4 or quote.lower() in used:
            continue
        sentence = _sentence_text(facts, statement.sentence)
        position = sentence.find(quote)
        if position < 0:
            continue
        blanked = _blank(sentence, position, position + len(quote), quote)
        if blanked is None or re.search(rf"\b{re.escape(quote.lower())}\b", blanked.lower()):
            continue
        used.add(quote.lower())
        prompt = f"Fill in the quoted words: {_quoted(blanked)}"
        explanation = f"The article quotes {statement.speaker.display}: “{quote}”."
        questions.append(
            Question(
                f"quote {' '.join(_content_words(quote, 4))}",
                "cloze",
                prompt,
                quote,
                ["quote", "official"],
                sentence,
                explanation,
            )
        )
    return questions


# --- numbers ----------------------------------------------------------------


def _quantity_questions(facts: Facts) -> list[Question]:
    questions = []
    asked: set[str] = set()
    for quantity in facts.quantities:
        if not _is_body(facts, quantity.sentence) or quantity.text.lower() in asked:
            continue
        sentence = _sentence_text(facts, quantity.sentence)
        blanked = _blank(sentence, quantity.start, quantity.end, quantity.text)
        if blanked is None:
            continue
        asked.add(quantity.text.lower())
        prompt = _from_sentence(blanked).format("figure")
        what = quantity.measure or quantity.unit
        explanation = f"The article gives {quantity.text}" + (
            f" for {what}." if quantity.measure else "."
        )
        key = f"number {quantity.unit} {' '.join(_content_words(quantity.measure or sentence, 3))}"
        if _is_count(quantity):
            questions.append(_count_question(quantity, blanked, sentence, key, explanation))
            continue
        pool = _choices(quantity.text, _quantity_pool(quantity, facts))
        if pool is None:
            questions.append(
                Question(
                    key,
                    "cloze",
                    f"Fill in the figure: {_quoted(blanked)}",
                    quantity.text,
                    ["number"],
                    sentence,
                    explanation,
                )
            )
            continue
        choices = sorted([quantity.text, *pool], key=lambda text: _value_of(text, quantity))
        questions.append(
            Question(
                key,
                "multiple_choice",
                prompt,
                quantity.text,
                ["number"],
                sentence,
                explanation,
                choices,
            )
        )
    return questions


def _is_count(quantity: Quantity) -> bool:
    """A count of things written in digits ('200 interceptors', '2,400'): asked typed."""
    return (
        quantity.style == "digits"
        and quantity.value == int(quantity.value)
        and quantity.value >= 10
        and not quantity.unit.startswith(("%", "$", "€", "£", "¥", "span", "fraction", "ordinal"))
        and quantity.unit not in TIME_UNITS
        and not SCALED_AMOUNT.search(quantity.text)  # "50 billion" is chosen, not typed
    )


SCALED_AMOUNT = re.compile(r"\d\s+(?:thousand|million|billion|trillion)\b", re.I)


def _count_question(
    quantity: Quantity, blanked: str, sentence: str, key: str, explanation: str
) -> Question:
    """A numeric question: the count blanked, its noun shown after the input; large counts
    are forgiven a slip of 5%."""
    question = Question(
        key,
        "numeric",
        f"What number completes this sentence from the article? {_quoted(blanked)}",
        int(quantity.value),
        ["number"],
        sentence,
        explanation,
    )
    question.unit = quantity.unit or None
    question.tolerance = 0 if quantity.value < 100 else "5%"
    return question


def _quantity_pool(quantity: Quantity, facts: Facts) -> list[str]:
    scale = SCALED_AMOUNT.search(quantity.text)
    same_kind = [
        q.text
        for q in facts.quantities
        if q.kind == quantity.kind
        and quantity.unit != "ordinal"  # "the 4th meeting" is no slip for "the 70th anniversary"
        and q.value != quantity.value
        and q.text != quantity.text
        and bool(scale) == bool(SCALED_AMOUNT.search(q.text))
        and (not scale or scale.group().split()[-1].lower() in q.text.lower())
        and _after_number(q.text) == _after_number(quantity.text)
    ]
    generated = [format_like(quantity, value) for value in nearby_values(quantity)]
    return same_kind[:1] + generated


def _after_number(text: str) -> str:
    """'thirty-four other nations' -> 'other nations': the words a figure counts."""
    return re.sub(
        r"^[$€£]?(?:[\d.,]+(?:[–-][\d.,]+)?|[a-z]+(?:-[a-z]+)?)\s*", "", text.lower()
    ).strip()


def _value_of(text: str, quantity: Quantity) -> float:
    number = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if number:
        return float(number.group().replace(",", ""))
    word = re.match(r"[A-Za-z]+", text)
    return float(NUMBER_WORDS.get(word.group().lower(), 0)) if word else 0.0


# --- chronology -------------------------------------------------------------


def _chronology_question(facts: Facts) -> Question | None:
    by_sentence = {s.sentence: s for s in facts.statements}
    events_by_sentence = {e.sentence: (t, e) for t in facts.treaties for e in t.events}
    items: list[tuple[DateMention, str]] = []
    for mention in facts.dates:
        if (
            mention.role != "adverbial"
            or not mention.resolved
            or mention.granularity == "decade"
            or not _is_body(facts, mention.sentence)
            or mention.kind != "point"
        ):
            continue
        if any(m.sentence == mention.sentence for m, _ in items):
            continue
        description = _event_description(mention, facts, by_sentence, events_by_sentence)
        if description is None:
            continue
        if any(_overlaps(mention, other) for other, _ in items):
            continue
        items.append((mention, description))
    if len(items) < 3:
        return None
    items.sort(key=lambda item: item[0].sort_key)
    if len(items) > 5:
        step = (len(items) - 1) / 4
        items = [items[round(i * step)] for i in range(5)]
    answer = [description for _, description in items]
    if len(set(answer)) != len(answer):
        return None
    explanation = (
        "; ".join(f"{description} ({mention.display})" for mention, description in items) + "."
    )
    first = items[0][0]
    return Question(
        "order events",
        "ordering",
        "Put these events from the article in chronological order, earliest first.",
        answer,
        ["date"],
        _sentence_text(facts, first.sentence),
        explanation,
    )


def _overlaps(a: DateMention, b: DateMention) -> bool:
    (a_start, a_end), (b_start, b_end) = a.interval, b.interval
    return a_start <= b_end and b_start <= a_end


def _event_description(
    mention: DateMention,
    facts: Facts,
    by_sentence: dict[int, Statement],
    events: dict[int, tuple[Treaty, TreatyEvent]],
) -> str | None:
    if mention.sentence in events:
        treaty, event = events[mention.sentence]
        if event.date is mention:
            verb = f"was {event.verb}" if event.treaty_is_object else event.verb
            text = f"{treaty.with_article} {verb}"
            return text[0].upper() + text[1:]
    statement = by_sentence.get(mention.sentence)
    if statement and statement.speaker.name:
        description = f"{statement.speaker.display} {statement.predicate}"
    else:
        description = _without_date(_sentence_text(facts, mention.sentence), mention)
        if description is None:
            return None
    words = description.split()
    if len(words) > 22 or len(words) < 4:
        return None
    if re.search(r"\b(1[0-9]{3}|20[0-9]{2})\b", description):
        return None  # another date would give the order away
    return description[0].upper() + description[1:]


def _without_date(sentence: str, mention: DateMention) -> str | None:
    """The sentence without its date, where the date is an opening or closing phrase."""
    before = sentence[: mention.start]
    prefix = re.search(
        r"(?:(?:^|\s)(?:earlier|later|early|late|as)\s+)?(?:^|\s)"
        r"(?:in|on|during|by|since|until|at)\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?$",
        before,
        re.I,
    )
    start = prefix.start() if prefix else mention.start
    after = sentence[mention.end :]
    if sentence[:start].strip() == "" and after.startswith(","):
        text = after[1:]  # "In 1972, the first round ..."
    elif re.fullmatch(r"\s*[.!?]", after) and prefix:
        text = sentence[:start]  # "... collapsed in 1979."
    else:
        return None
    text = re.sub(r"\s{2,}", " ", text).strip().rstrip(".")
    return text


# --- duplicates -------------------------------------------------------------


def _without_duplicates(questions: list[Question]) -> list[Question]:
    """One question per prompt, and per answer, sentence and tags (as `rules` checks): two
    clauses of one sentence by one speaker, or two officials sharing a title, ask one thing."""
    kept: list[Question] = []
    prompts: set[str] = set()
    facts: set[tuple] = set()
    for question in questions:
        normal = _normal(question.prompt)
        fact = (
            _normal(str(question.answer)),
            _normal(question.sentence),
            tuple(sorted(question.tags)),
        )
        if normal in prompts or fact in facts:
            continue
        prompts.add(normal)
        facts.add(fact)
        kept.append(question)
    return kept
