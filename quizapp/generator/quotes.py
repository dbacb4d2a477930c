"""Attribute statements and quotations to the officials who made them.

A statement is an official (or a government, as in "Beijing stressed") at the
head of a clause, followed by its verb phrase: "Peskov ... welcomed China's
launch ...", "He stressed that ...", "Belarusian President suspected Moscow of
...". The verb phrase is what the question asks about ("Who welcomed ...?"),
so it is cut at the end of its clause and must not name the speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import DateMention
from .lexicon import (
    ADVERBS,
    AUXILIARIES,
    CLAUSE_OPENERS,
    COUNTRIES,
    GOVERNMENT_SEATS,
    INTRO_WORDS,
    IRREGULAR_PAST,
    REPORTING_VERBS,
)
from .officials import Mention, Official, is_name_word, is_verb, strip_possessive
from .sentences import Sentence

_QUOTE = re.compile(r"“([^“”]+)”|\"([^\"]+)\"")
_SAID_AFTER = (
    "said",
    "says",
    "added",
    "adds",
    "stressed",
    "noted",
    "told",
    "stated",
    "explained",
    "argued",
    "insisted",
    "declared",
    "wrote",
    "warned",
)


@dataclass
class Statement:
    speaker: Official
    sentence: int
    mention_form: str
    verb: str  # the main verb: 'stressed', 'welcomed', ...
    predicate: str  # verb phrase from the first verb to the end of its clause
    quote: str | None = None  # the first quotation inside the predicate
    passive: bool = False  # "characterized by Nixon as “...”": only the words are known

    @property
    def is_speech(self) -> bool:
        return self.quote is not None or self.verb in REPORTING_VERBS


def find_statements(
    sentences: list[Sentence], officials: list[Official], dates: list[DateMention]
) -> list[Statement]:
    statements: list[Statement] = []
    institutions: dict[str, Official] = {}
    date_spans: dict[int, list[tuple[int, int]]] = {}
    for date in dates:
        date_spans.setdefault(date.sentence, []).append((date.start, date.end))

    subjects: list[tuple[Official, Mention]] = [
        (official, mention)
        for official in officials
        for mention in official.mentions
        if not mention.possessive
    ]
    for sentence in sentences:
        for start, end, name in _government_subjects(sentence):
            official = institutions.setdefault(
                name.lower(), Official(name=name, kind="institution")
            )
            mention = Mention(sentence.index, start, end, start, end, "name")
            official.mentions.append(mention)
            subjects.append((official, mention))

    for official, mention in subjects:
        sentence = sentences[mention.sentence]
        if sentence.is_caption:
            continue
        statement = (
            _statement_after(sentence, official, mention, date_spans.get(sentence.index, []))
            or _quote_before(sentence, official, mention)
            or _quote_by_agent(sentence, official, mention)
        )
        if statement is None:
            continue
        if official.kind == "institution" and not (
            statement.quote and statement.verb in REPORTING_VERBS and not _is_passive(statement)
        ):
            continue
        statements.append(statement)
    statements.sort(key=lambda s: s.sentence)
    return statements


def _is_passive(statement: Statement) -> bool:
    """'China is believed to ...' reports what others say of China."""
    return (
        re.match(
            r"(?:is|are|was|were|has been|have been|had been|been|being)\s+(?:\w+ly\s+)?\w+ed\b",
            statement.predicate,
        )
        is not None
    )


def _government_subjects(sentence: Sentence) -> list[tuple[int, int, str]]:
    found = []
    text = sentence.text
    for match in re.finditer(r"(?:the )?[A-Z][\w’'.\-]*(?: [A-Z][\w’'\-]*)?", text):
        phrase = match.group()
        for candidate in (phrase, phrase.split(" ")[0]):
            lower = candidate.lower()
            if lower in GOVERNMENT_SEATS or (lower in COUNTRIES and candidate[0].isupper()):
                start = match.start()
                found.append((start, start + len(candidate), candidate))
                break
    return found


def _token_index(sentence: Sentence, offset: int) -> int:
    for index, token in enumerate(sentence.tokens):
        if token.start >= offset:
            return index
    return len(sentence.tokens)


def _opens_clause(sentence: Sentence, first: int) -> bool:
    """Whether a mention starting at token `first` can be the subject of a clause."""
    tokens = sentence.tokens
    if first == 0:
        return True
    previous = tokens[first - 1]
    if previous.lower in CLAUSE_OPENERS:
        # Not the second half of a shared subject: "Nixon and Brezhnev signed".
        return not (
            previous.lower == "and"
            and first >= 2
            and (is_name_word(tokens[first - 2]) or tokens[first - 2].text in ("he", "she"))
        )
    if previous.text == ",":
        opener = tokens[0].lower
        return opener in INTRO_WORDS or opener in CLAUSE_OPENERS or opener.endswith("ing")
    return previous.text in (";", ":", "–", "—")


def _statement_after(
    sentence: Sentence, official: Official, mention: Mention, date_spans: list[tuple[int, int]]
) -> Statement | None:
    tokens = sentence.tokens
    first = _token_index(sentence, mention.start)
    if not _opens_clause(sentence, first):
        return None
    index = _token_index(sentence, mention.end)
    # "Ford and Brezhnev agreed": a shared subject is no one person's statement.
    if index < len(tokens) and tokens[index].lower == "and":
        return None
    verb_index = _find_verb(sentence, index, date_spans)
    if verb_index is None:
        return None
    start = tokens[verb_index].start
    predicate = _clause_from(sentence.text, start)
    if predicate is None:
        return None
    words = [w.strip(",;:") for w in predicate.split()]
    main_verb = next(
        (w for w in words if w.lower() not in AUXILIARIES and w.lower() not in ADVERBS), words[0]
    )
    if len(words) < 3 or len(words) > 60 or _names_speaker(predicate, official):
        return None
    return Statement(
        official,
        sentence.index,
        mention.form,
        main_verb.lower(),
        predicate,
        _first_quote(predicate),
    )


def _find_verb(sentence: Sentence, index: int, date_spans: list[tuple[int, int]]) -> int | None:
    tokens = sentence.tokens
    steps = 0
    while index < len(tokens) and steps < 25:
        token = tokens[index]
        steps += 1
        if any(s <= token.start < e for s, e in date_spans):
            index += 1
            continue
        lower = token.lower
        if (
            lower in ("on", "in", "at", "during")
            and index + 1 < len(tokens)
            and any(s <= tokens[index + 1].start < e for s, e in date_spans)
        ):
            index += 1
            continue
        if token.text == "(":
            while index < len(tokens) and tokens[index].text != ")":
                index += 1
            index += 1
            continue
        if token.text == ",":
            # An appositive or participial phrase between commas.
            closing = next(
                (
                    j
                    for j in range(index + 1, min(len(tokens), index + 20))
                    if tokens[j].text == ","
                ),
                None,
            )
            if closing is None:
                return None
            index = closing + 1
            continue
        if lower in ADVERBS and lower not in ("in", "turn", "not"):
            index += 1
            continue
        if is_verb(token.text) or (lower in REPORTING_VERBS and token.text.islower()):
            return index
        if lower.endswith("ing") and token.text.islower():
            # A participial phrase: "Putin participating at ... forum raised".
            probe = index + 1
            while probe < len(tokens) and probe - index < 16:
                if tokens[probe].text in (",", ";", "“", '"'):
                    break
                if (
                    is_verb(tokens[probe].text) and tokens[probe].lower not in AUXILIARIES
                ) or tokens[probe].lower in ("also",):
                    break
                probe += 1
            if probe < len(tokens) and tokens[probe].lower == "also":
                probe += 1
            if probe < len(tokens) and is_verb(tokens[probe].text):
                return probe
            return None
        return None
    return None


_CLAUSE_END = re.compile(
    r";|\s[–—]\s|,\s+(?:and|but|while|although|whereas|though)\s|[.!?](?=[”\"’)]*\s*$)"
)


def _clause_from(text: str, start: int) -> str | None:
    """The text from `start` to the end of its clause, outside quotation marks."""
    in_curly = False
    in_straight = False
    end = len(text)
    position = start
    while position < len(text):
        char = text[position]
        if char == "“":
            in_curly = True
        elif char == "”":
            in_curly = False
            # '“... race,” and Secretary ...': the clause ends with the quotation.
            if text[position - 1] == "," and re.match(
                r"\s+(?:and|but|while)\s", text[position + 1 :]
            ):
                end = position + 1
                break
        elif char == '"':
            in_straight = not in_straight
        elif not (in_curly or in_straight):
            match = _CLAUSE_END.match(text, position)
            if match:
                end = position
                break
        position += 1
    clause = text[start:end].rstrip(" ,")
    return _tidy_predicate(clause)


def _tidy_predicate(clause: str) -> str | None:
    # Move punctuation out of a closing quotation: 'the ABM race,”' -> 'the ABM race”'.
    clause = re.sub(r"[,.;:]([”\"])$", r"\1", clause.strip())
    clause = clause.rstrip(" ,;:.")
    if clause.count('"') % 2 or clause.count("“") != clause.count("”"):
        return None
    if clause.count("(") != clause.count(")"):
        return None
    return clause or None


def _names_speaker(predicate: str, official: Official) -> bool:
    lowered = predicate.lower()
    for form in official.name_forms:
        if re.search(rf"(?<!\w){re.escape(form.lower())}(?!\w)", lowered):
            return True
    return False


def _first_quote(text: str) -> str | None:
    for match in _QUOTE.finditer(text):
        quoted = (match.group(1) or match.group(2)).strip(" ,.")
        if is_real_quote(quoted):
            return quoted
    return None


def is_real_quote(quoted: str) -> bool:
    """Scare quotes around a name ('"Chang'e-5"', '"Vostok-2018"') are not speech."""
    words = quoted.split()
    if not words:
        return False
    if len(words) <= 2 and any(ch.isdigit() for ch in quoted):
        return False
    if len(words) <= 3 and all(w[:1].isupper() for w in words) and not quoted.isupper():
        return False
    # A title in quotation marks, such as “The Challenge of Peace”, is not speech either.
    content = [w for w in words if len(w) > 3]
    return not (len(words) <= 6 and content and all(w[:1].isupper() for w in content))


def _quote_before(sentence: Sentence, official: Official, mention: Mention) -> Statement | None:
    """'“...,” Peskov said.' and '“...,” said Peskov.'"""
    text = sentence.text
    before = text[: mention.start]
    after = text[mention.end :]
    verb = None
    closing = re.search(r"[,.!?]?[”\"]\s*$", before)
    if closing and re.match(rf"\s+({'|'.join(_SAID_AFTER)})\b", after):
        verb = re.match(r"\s+(\w+)", after).group(1)
        quote_end = closing.start()
    else:
        inverted = re.search(rf"[,.!?]?[”\"]\s*({'|'.join(_SAID_AFTER)})\s+$", before)
        if not inverted:
            return None
        verb = inverted.group(1)
        quote_end = inverted.start()
    quote_start = max(text.rfind("“", 0, quote_end), text.rfind('"', 0, quote_end))
    if quote_start < 0:
        return None
    quoted = text[quote_start + 1 : quote_end].strip(" ,.")
    if not is_real_quote(quoted) or _names_speaker(quoted, official):
        return None
    open_mark, close_mark = ("“", "”") if text[quote_start] == "“" else ('"', '"')
    # "told" needs its listener; the question needs only that the words were said.
    verb = "said" if verb in ("told", "tells", "says") else _past(verb)
    predicate = f"{verb} {open_mark}{quoted}{close_mark}"
    return Statement(official, sentence.index, mention.form, verb, predicate, quoted)


_BY_AGENT = re.compile(
    r"\b(characteri[sz]ed|described|called|hailed|dubbed|label+ed|termed|"
    r"praised|denounced|branded)\s+by\s+$"
)


def _quote_by_agent(sentence: Sentence, official: Official, mention: Mention) -> Statement | None:
    """'characterized by Nixon as “the most significant ...”'."""
    text = sentence.text
    verb = _BY_AGENT.search(text[: mention.start])
    quoted = re.match(r"\s+as\s+(?:“([^”]+)”|\"([^\"]+)\")", text[mention.end :])
    if not verb or not quoted:
        return None
    words = (quoted.group(1) or quoted.group(2)).strip(" ,.")
    if not is_real_quote(words) or _names_speaker(words, official):
        return None
    return Statement(
        official, sentence.index, mention.form, verb.group(1), words, words, passive=True
    )


def _past(verb: str) -> str:
    if verb in IRREGULAR_PAST or verb.endswith("ed"):
        return verb
    present_to_past = {"says": "said", "adds": "added"}
    return present_to_past.get(verb, verb)


def speaker_reference(statement: Statement) -> str:
    """How the explanation names the speaker, including pronoun resolution."""
    name = statement.speaker.display
    if statement.mention_form == "pronoun":
        return f"{name} (the “he” or “she” of the sentence, named in the sentence before)"
    if statement.mention_form == "surname":
        return f"{name} (named by surname in the sentence)"
    return strip_possessive(name)
