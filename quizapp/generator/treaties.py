"""Find treaties and agreements, and what the text says happened to them.

Names come in three shapes: "Treaty of Friendship, Alliance and Mutual
Assistance" (head word first), "ABM Treaty" or "Helsinki Accords" (head word
last), and "New START nuclear arms treaty" (a capitalised name before a
lowercase head). Events are the signing, ratification, collapse, expiry,
extension and the like, each with the date the same clause gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from .dates import DateMention
from .lexicon import (
    COUNTRIES,
    FUNCTION_WORDS,
    MONTHS,
    NATIONALITIES,
    SAME_AGREEMENTS,
    TREATY_EVENT_NOUNS,
    TREATY_EVENTS,
    TREATY_WORDS,
)
from .sentences import Sentence

_ROMAN = re.compile(r"^(?:I{1,3}|IV|V|VI{0,3}|IX|X)$")
# Heads that name a treaty only with a modifier before them ("Helsinki Final Act").
_WEAK_HEADS = {
    "act",
    "declaration",
    "alliance",
    "understanding",
    "charter",
    "entente",
    "initiative",
    "memorandum",
}
# Heads that name the same kind of instrument: "the ABM Treaty" is "the ABM agreement", but
# "the Minsk Protocol" is not "the Minsk agreements".
_AGREEMENT_HEADS = {"treaty", "treaties", "agreement", "agreements", "accord", "accords", "pact"}


@dataclass
class TreatyMention:
    sentence: int
    start: int
    end: int
    text: str


@dataclass
class TreatyEvent:
    verb: str  # past form: 'signed', 'collapsed', ...
    sentence: int
    date: DateMention | None
    mention: TreatyMention

    @property
    def base(self) -> str:
        return TREATY_EVENTS[self.verb][0]

    @property
    def treaty_is_object(self) -> bool:
        return TREATY_EVENTS[self.verb][1]


@dataclass
class Treaty:
    name: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[TreatyMention] = field(default_factory=list)
    events: list[TreatyEvent] = field(default_factory=list)

    @property
    def dated(self) -> bool:
        """Named only by its date and kind ('Sept. 19 Joint Statement', '1972 communiqué'):
        it may be another name of an agreement the text names otherwise."""
        return bool(_DATED_NAME.match(self.name))

    @property
    def with_article(self) -> str:
        """The name as it reads in running text: 'the ABM Treaty', 'New START'."""
        words = [w.lower().rstrip(",") for w in self.name.split()]
        if any(w in TREATY_WORDS or w.rstrip("s") in TREATY_WORDS for w in words):
            return f"the {self.name}"
        return self.name


def treaty_key(name: str) -> str:
    words = [w.lower() for w in re.split(r"\s+", name.strip()) if w]
    if words and words[0] == "the":
        words = words[1:]
    if len(words) > 1 and words[-1].rstrip("s") in TREATY_WORDS:
        words = words[:-1]
    return " ".join(words)


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s\-–]+", name) if w and w.lower() not in FUNCTION_WORDS]
    return "".join(w[0] for w in words if w[0].isupper()).upper()


def same_treaty(a: str, b: str) -> bool:
    """Whether two names plainly mean one treaty ('ABM Treaty', 'Anti-Ballistic Missile Treaty')."""
    known_a, known_b = " ".join(a.lower().split()), " ".join(b.lower().split())
    if any(known_a in group and known_b in group for group in SAME_AGREEMENTS):
        return True
    key_a, key_b = treaty_key(a), treaty_key(b)
    head_a, head_b = a.split()[-1].lower(), b.split()[-1].lower()
    if key_a == key_b:
        return head_a.rstrip("s") == head_b.rstrip("s") or (
            head_a not in TREATY_WORDS
            or head_b not in TREATY_WORDS
            or {head_a, head_b} <= _AGREEMENT_HEADS
        )
    if head_a.rstrip("s") != head_b.rstrip("s"):
        return False
    words_a, words_b = key_a.split(), key_b.split()
    shorter, longer = sorted((words_a, words_b), key=len)
    if (
        len(shorter) <= 2
        and len(longer) == len(shorter) + 1
        and shorter[0] == longer[0]
        and set(shorter) <= set(longer)
    ):
        return True  # "Iran Deal" and "Iran Nuclear Deal"
    stem_a, stem_b = a.rsplit(" ", 1)[0], b.rsplit(" ", 1)[0]
    return (stem_a.isupper() and stem_a.replace(" ", "") == _initials(stem_b)) or (
        stem_b.isupper() and stem_b.replace(" ", "") == _initials(stem_a)
    )


def find_treaties(sentences: list[Sentence], dates: list[DateMention]) -> list[Treaty]:
    treaties: list[Treaty] = []
    for sentence in sentences:
        for start, end, name, alias in _names_in(sentence):
            treaty = _merge(treaties, name, alias)
            if alias:
                treaty.aliases.add(alias)
            if sentence.text[start:end] != name:
                treaty.aliases.add(sentence.text[start:end])  # "... Forces (INF) Treaty"
            treaty.mentions.append(
                TreatyMention(sentence.index, start, end, sentence.text[start:end])
            )
    _link_aliases(sentences, treaties)
    _add_alias_mentions(sentences, treaties)
    dates_by_sentence: dict[int, list[DateMention]] = {}
    for date in dates:
        dates_by_sentence.setdefault(date.sentence, []).append(date)
    for treaty in treaties:
        treaty.mentions.sort(key=lambda m: (m.sentence, m.start))
        for mention in treaty.mentions:
            sentence = sentences[mention.sentence]
            event = _event_for(
                sentence, mention, dates_by_sentence.get(sentence.index, []), treaties
            )
            if event and not any(
                e.sentence == event.sentence and e.verb == event.verb for e in treaty.events
            ):
                treaty.events.append(event)
    return treaties


def _name_rank(name: str) -> tuple[bool, int]:
    """Prefer a name with a capitalised head ('SALT II Treaty'), then the longer one."""
    return name.split()[-1][:1].isupper(), len(name)


def _merge(treaties: list[Treaty], name: str, alias: str | None = None) -> Treaty:
    for treaty in treaties:
        if (
            same_treaty(treaty.name, name)
            or name in treaty.aliases
            or (alias is not None and (alias == treaty.name or alias in treaty.aliases))
        ):
            if _name_rank(name) > _name_rank(treaty.name):
                treaty.aliases.add(treaty.name)
                treaty.name = name
            elif name != treaty.name:
                treaty.aliases.add(name)
            return treaty
    treaty = Treaty(name=name)
    treaties.append(treaty)
    return treaty


_CAP = r"(?:[A-Z][\w’'\-–]*|[A-Z]{2,}|[IVX]+)"
_HEAD = (
    r"(?:Treaty|Treaties|Agreements?|Accords?|Pact|Convention|Protocol|Charter|"
    r"Communiqu[eé]|Alliance|Act|Declaration|Understanding|Armistice|Entente|Deal|"
    r"Plan of Action|Framework|Partnership|Arrangement|Settlement|Compact|Memorandum|"
    r"Initiative|Joint Statement|Roadmap|Road Map)"
)
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.)"
)
_KIND = (
    r"(?:Joint\s+(?:Statement|Declaration|Communiqu[eé])|[Cc]ommuniqu[eé]|[Tt]reaty|"
    r"[Aa]greements?|[Aa]ccords?|[Dd]eclaration|[Pp]rotocol|[Mm]emorandum(?:\s+of\s+"
    r"[Uu]nderstanding)?|[Cc]onvention|[Rr]oadmap|[Ff]ramework|[Cc]harter|[Aa]rmistice|"
    r"[Pp]act|[Dd]eal)"
)
# "the Sept. 19 Joint Statement", "the 1972 communiqué", "the Nov. 2 ceasefire agreement".
_DATED = re.compile(
    rf"\b[Tt]he\s+((?:{_MONTH}\s+\d{{1,2}}(?:,\s+\d{{4}})?|1[6-9]\d\d|20\d\d)"
    rf"(?:\s+(ceasefire|cease-fire|peace|trade|nuclear|border|[A-Z][a-z]+))?\s+{_KIND})(?![\w-])"
)
_DATED_NAME = re.compile(rf"^(?:{_MONTH}\s+\d|\d{{4}}\s)")
# '"An Agreement Ending the War and Restoring Peace in Vietnam"': a title in quotation marks.
_QUOTED_TITLE = re.compile(
    rf"[“\"](?:An?\s+|The\s+)?((?:{_HEAD})\s+(?:[A-Z][\w\-]*)[^\"”]{{3,90}}?)[”\"]"
    # "the European Union’s proposal titled ‘Agreement on the path to normalisation between
    # Kosovo and Serbia’": a title in single marks, where a word of place may follow the head
    rf"|‘(?:An?\s+|The\s+)?((?:{_HEAD})\s+(?:of|on|for|between|to|[A-Z])[^‘’“”\"]{{3,90}}?)’"
)
# Words after a name that make it part of a body's name: "the Seven Party Alliance
# Government", "the North Atlantic Treaty Organization".
_NAMES_A_BODY = re.compile(
    r"\s+(?:Government|Organization|Organisation|Forces|Secretariat|Council|Commission|"
    r"Office|Party|Parties|Members)\b"
)
# "the Lasting and Definitive Peace Agreement": two words of kind joined by "and".
_JOINED_KIND = re.compile(
    r"\b((?:[A-Z][a-z]+\s+){0,2}(?:[A-Z][a-z]+(?:ing|ive|al|ent|ful|ous|ble|ic)|"
    # "the Comprehensive Ceasefire and Peace Agreement": two nouns of kind
    r"Ceasefire|Cease-[Ff]ire|Peace|Friendship|Cooperation|Co-operation|Security|Trade|"
    r"Partnership|Reconciliation|Development|Defen[cs]e|Assistance|Commerce|Navigation|"
    r"Amity|Alliance|Transit|Border))\s+and\s+$"
)
# What may trail a name that opens with its head and is no part of it: "the Comprehensive
# Agreement on the Bangsamoro on Thursday".
_TRAILING_DATE = re.compile(
    r"\s+(?:on|in|at|of|since|until|by)\s+(?:the\s+)?(?:Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|"
    r"October|November|December)\b.*$"
)
_HEAD_FIRST = re.compile(
    rf"(?:{_CAP}\s+)*{_HEAD}\s+(?:of|on|for|between|to)\s+(?:the\s+)?{_CAP}"
    rf"(?:(?:\s+|,\s+|\s+and\s+(?:the\s+)?|\s+of\s+(?:the\s+)?|\s+on\s+(?:the\s+)?|"
    rf"\s+for\s+(?:the\s+)?|\s+to\s+){_CAP})*"
)
# "General Security of Military Information Agreement": "of" may join the capitalised words.
_HEAD_LAST = re.compile(rf"(?:{_CAP}\s+)+(?:of\s+(?:{_CAP}\s+)+)?{_HEAD}\b")
_LOWER_HEAD = re.compile(
    r"((?:New\s+)?(?:[A-Z][a-z]+\s+)*(?:[A-Z]{2,}|[A-Z][a-z]+)(?:\s+(?:[A-Z]{2,}|[IVX]+))*)"
    r"((?:\s+[a-z][a-z\-]+){0,3}?)\s+"
    r"(treaty|agreements?|accords?|pact|convention|deal|partnership)\b"
)
_ACRONYM = re.compile(r"^\s*\(([A-Z][A-Z0-9\-]+(?:\s+[IVX]+)?)\)")
# "Intermediate-Range Nuclear Forces (INF) Treaty": the acronym inside the name.
_ACRONYM_INSIDE = re.compile(rf"((?:{_CAP}\s+)*{_CAP})\s+\(([A-Z][A-Z0-9\-]+)\)\s+({_HEAD})\b")
# "the 2015 Iran nuclear deal", "the Iran deal": a country and what the deal is about.
_COUNTRY_DEAL = re.compile(
    r"\b[Tt]he\s+(?:\d{4}\s+)?([A-Z][a-z]+(?:[-–][A-Z][a-z]+)?)"
    r"((?:\s+(?:nuclear|trade|peace|climate|arms|grain|security|gas|border|defen[cs]e|"
    r"ceasefire|cease-fire|migration|debt)){0,2})\s+(deal|agreement|accord|pact)\b"
)


def _names_in(sentence: Sentence) -> list[tuple[int, int, str, str | None]]:
    text = sentence.text
    found: list[tuple[int, int, str, str | None]] = []

    def overlaps(start: int, end: int) -> bool:
        return any(start < e and s < end for s, e, _, _ in found)

    for match in _DATED.finditer(text):
        modifier = match.group(2) or ""
        if modifier.lower() in COUNTRIES or modifier.lower() in NATIONALITIES:
            continue  # "the 2015 Iran deal": a country and its deal, read below
        found.append((match.start(1), match.end(1), match.group(1), None))
    for match in _QUOTED_TITLE.finditer(text):
        group = 1 if match.group(1) else 2
        if not overlaps(*match.span(group)):
            found.append((match.start(group), match.end(group), match.group(group), None))
    for match in _ACRONYM_INSIDE.finditer(text):
        start, end = _trim(text, match.start(), match.end())
        name = f"{text[start : match.end(1)]} {match.group(3)}"
        if end > start and _is_treaty_name(name):
            found.append((start, end, name, f"{match.group(2)} {match.group(3)}"))
    for match in _COUNTRY_DEAL.finditer(text):
        country, topic = match.group(1), match.group(2)
        if not all(part.lower() in COUNTRIES for part in re.split(r"[-–]", country)):
            continue
        if not topic.strip() and match.group(3) != "deal":
            continue  # "the Iran agreement" may be any agreement with Iran
        start = match.start(1)
        if not overlaps(start, match.end()):
            found.append((start, match.end(), text[start : match.end()], None))
    for pattern in (_HEAD_FIRST, _HEAD_LAST):
        for match in pattern.finditer(text):
            start, end = _trim(text, match.start(), match.end())
            trailing = _TRAILING_DATE.search(text[start:end])
            if trailing:
                end = start + trailing.start()
            if end <= start or overlaps(start, end):
                continue
            if _NAMES_A_BODY.match(text[end:]):
                continue  # "the Seven Party Alliance Government", "North Atlantic Treaty
                # Organization": part of the name of a body, not an agreement
            joined = _JOINED_KIND.search(text[:start])
            if joined and pattern is _HEAD_LAST:
                start, _ = _trim(text, joined.start(1), end)
            name = text[start:end]
            if re.match(rf"(?:{_CAP}\s+)+{_HEAD}\s+between\b", name):
                continue  # "New START Treaty between Russia and the US": a description
            if not _is_treaty_name(name):
                continue
            alias_match = _ACRONYM.match(text[end:])
            found.append((start, end, name, alias_match.group(1) if alias_match else None))
    for match in _LOWER_HEAD.finditer(text):
        start, end = match.span(1)
        stem = match.group(1)
        if overlaps(start, match.end()) or not _is_treaty_stem(stem, text, start):
            continue
        gap = match.group(2).split()
        if any(w in FUNCTION_WORDS or w.endswith("ed") or w.endswith("ing") for w in gap):
            continue  # "Trump asserted that the agreement": a clause, not a name
        if re.match(r"\s+(?:hall|centre|center|room|building|venue|site)\b", text[match.end() :]):
            continue  # "a Kathmandu convention hall": a place, not an agreement
        # "SALT agreement" names itself with its head; "New START ... treaty" does not, but
        # "the Black Sea grain export deal" does: a place is no agreement's name by itself.
        coined = stem.startswith("New ") or any(
            (w.isupper() and len(w) > 1) or _ROMAN.match(w) for w in stem.split()
        )
        if not match.group(2).strip() or not coined:
            end = match.end()
        start, end = _trim(text, start, end)  # "The AUKUS partnership" -> "AUKUS partnership"
        found.append((start, end, text[start:end], None))
    for match in _KNOWN_NAMES.finditer(text):
        if overlaps(*match.span()) or re.search(r"\(\s*$", text[: match.start()]):
            continue  # "(JCPOA)" after its expansion is an alias, taken above
        found.append((match.start(), match.end(), match.group(), None))
    return found


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading words that are not part of a name ('The', 'In', a year)."""
    words = list(re.finditer(r"\S+", text[start:end]))
    while words and (
        words[0].group().lower() in FUNCTION_WORDS
        or words[0].group().isdigit()
        or words[0].group().rstrip(".").lower() in MONTHS
        or words[0].group().lower() in ("signed", "by")
    ):
        words.pop(0)
    if not words:
        return start, start
    begin = start + words[0].start()
    finish = start + words[-1].end()
    return begin, finish


# Agreements whose names carry no head word.
KNOWN_AGREEMENTS = ("JCPOA", "AUKUS", "NAFTA", "USMCA", "CTBT", "CPTPP", "RCEP", "GATT")
_KNOWN_NAMES = re.compile(rf"(?<![\w-])(?:{'|'.join(KNOWN_AGREEMENTS)})(?![\w-])")
# "X, commonly called the Y", "X – the Y, known as the Z": one agreement, more names.
_ALIAS_LINK = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:,|–|—)?\s*(?:(?:commonly|also|officially|formally|usually|"
    r"often|better|widely)\s+)?(?:called|known as|dubbed|referred to as|nicknamed)\s+(?:the\s+)?$"
    r"|^\s*[–—]\s*(?:the\s+)?$"
    r"|^\s*\(\s*(?:(?:officially|formally)\s+)?(?:the\s+)?$"  # "the JCPOA (the Joint ...)"
    r"|^\s*,\s*or\s+(?:the\s+)?$"  # "the 2015 Iran deal, or JCPOA"
)


def _is_treaty_name(name: str) -> bool:
    words = name.split()
    if len(words) < 2:
        return False
    head = words[-1].lower()
    first = words[0].lower()
    lowered = [w.lower() for w in words]
    if head == "act" and not {"final", "general", "single"} & set(lowered):
        return False  # "Iran Nuclear Agreement Review Act" is a law, not a treaty
    head_is_first = first.rstrip("s") in TREATY_WORDS or first in TREATY_WORDS
    if not head_is_first and head in _WEAK_HEADS:
        # "Final Act", "Alliance" on their own mean too little; a place or
        # a proper modifier has to come with them.
        modifiers = [w for w in words[:-1] if w.lower() not in NATIONALITIES]
        if len(modifiers) < 1:
            return False
    # "Soviet-American agreement" describes an agreement; it does not name one, but
    # "the Korean Armistice Agreement" does: a second capitalised word of kind.
    kinds = [w for w in words if w.lower().rstrip("s") in TREATY_WORDS]
    if len(kinds) >= 2 and all(w[:1].isupper() for w in words):
        return True
    modifiers = [w for w in words if w.lower().rstrip("s") not in TREATY_WORDS]
    return not all(
        m.lower().strip("’'s") in NATIONALITIES or m.lower() in COUNTRIES for m in modifiers
    )


def _is_treaty_stem(stem: str, text: str, start: int) -> bool:
    words = stem.split()
    if all(
        w.lower() in NATIONALITIES or w.lower() in COUNTRIES or w.lower() in FUNCTION_WORDS
        for w in words
    ):
        return False
    if any(part.lower() in NATIONALITIES for part in re.split(r"[-–]", words[-1])):
        return False
    # A sentence-initial capital is not a name by itself.
    if start == 0 and len(words) == 1 and not words[0].isupper():
        return False
    return any(w.isupper() and len(w) > 1 for w in words) or len(words) > 1 or words[0][0].isupper()


def _link_aliases(sentences: list[Sentence], treaties: list[Treaty]) -> None:
    """Merge names the text gives as one agreement's: 'the JCPOA, commonly called the Iran
    Nuclear Deal'; an acronym after 'known as' becomes an alias too."""
    for sentence in sentences:
        mentions = sorted(
            ((m, t) for t in treaties for m in t.mentions if m.sentence == sentence.index),
            key=lambda pair: pair[0].start,
        )
        for (first, owner), (second, other) in pairwise(mentions):
            if owner is other or not _ALIAS_LINK.match(sentence.text[first.end : second.start]):
                continue
            if first.text.split()[-1].lower() in ("agreements", "accords", "treaties"):
                continue  # "the Minsk Agreements, or Minsk II": a part of a series
            owner.aliases.add(other.name)
            owner.aliases.update(other.aliases)
            owner.mentions.extend(other.mentions)
            other.mentions = []
        for mention, treaty in mentions:
            after = sentence.text[mention.end :]
            acronym = re.match(
                r"\s*,?\s*(?:(?:commonly|also|usually)\s+)?(?:known as|called)\s+(?:the\s+)?"
                r"([A-Z][A-Z0-9+\-]{1,10})\b",
                after,
            )
            if acronym:
                treaty.aliases.add(acronym.group(1))
            _name_after_or(sentence, mention, treaty, treaties)
    treaties[:] = [t for t in treaties if t.mentions]


# "the first Minsk Protocol, or the Minsk I", "the Minsk Agreements, or Minsk II": a short
# name with a number that the text gives as another name.
_OR_NAME = re.compile(
    r"^,?\s+or\s+(?:the\s+)?([A-Z][\w\-]*(?:\s+(?:[IVX]+|\d+|[A-Z]{2,}))+|[A-Z]{2,}[\w\-]*)"
    r"(?![\w\-])"
)


def _name_after_or(
    sentence: Sentence, mention: TreatyMention, treaty: Treaty, treaties: list[Treaty]
) -> None:
    found = _OR_NAME.match(sentence.text[mention.end :])
    if not found:
        return
    name = found.group(1)
    start = mention.end + found.start(1)
    if mention.text.split()[-1].lower() in ("agreements", "accords", "treaties"):
        # A name after a series ("the Minsk Agreements, or Minsk II") is one of its parts.
        if not any(name == t.name or name in t.aliases for t in treaties):
            part = Treaty(name=name)
            part.mentions.append(TreatyMention(sentence.index, start, start + len(name), name))
            treaties.append(part)
        return
    treaty.aliases.add(name)


def _add_alias_mentions(sentences: list[Sentence], treaties: list[Treaty]) -> None:
    for treaty in treaties:
        forms = set(treaty.aliases)
        stem = treaty.name.rsplit(" ", 1)[0]
        if treaty.name.split()[-1].lower() in TREATY_WORDS and (
            _ROMAN.match(stem.split()[-1]) or stem.startswith("New ")
        ):
            forms.add(stem)  # "SALT II Treaty" is also just "SALT II"
        treaty.aliases = forms
        for form in sorted(forms, key=len, reverse=True):
            pattern = re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w-])")
            for sentence in sentences:
                for match in pattern.finditer(sentence.text):
                    start, end = match.span()
                    if any(
                        m.sentence == sentence.index and m.start <= start < m.end
                        for t in treaties
                        for m in t.mentions
                    ):
                        continue
                    treaty.mentions.append(TreatyMention(sentence.index, start, end, match.group()))


_CLAUSE_BREAK = re.compile(r"[;:]|,\s+(?:and|but|while|which|although)\b|\s[–—]\s")


def _event_for(
    sentence: Sentence, mention: TreatyMention, dates: list[DateMention], treaties: list[Treaty]
) -> TreatyEvent | None:
    text = sentence.text
    after = text[mention.end :]
    before = text[: mention.start]
    usable = [d for d in dates if d.role == "adverbial" and d.resolved]

    # The treaty as subject: "X collapsed in 1979", "X was signed on ...".
    subject = re.match(
        r"\s*(?:\([^)]*\)\s*)?(?:,[^,]{0,60},\s*)?(?:was\s+|were\s+|had\s+|has\s+)?"
        r"(?:formally\s+|officially\s+|finally\s+)?"
        r"(entered into force|came into force|took effect|[a-z]+ed)\b",
        after,
    )
    if subject and subject.group(1) in TREATY_EVENTS:
        verb = subject.group(1)
        passive = re.match(r"\s*(?:was|were)\s", after[: subject.start(1)]) is not None
        if TREATY_EVENTS[verb][1] == passive or not TREATY_EVENTS[verb][1]:
            date = _date_in_clause(text, mention.end + subject.end(), usable, forward=True)
            if date:
                return TreatyEvent(verb, sentence.index, date, mention)

    # The treaty as object: "signed the ABM Treaty ... on May 26, 1972".
    obj = re.search(r"\b([a-z]+ed)\s+(?:the\s+|a\s+|an\s+)?(?:[\w\-]+\s+){0,2}$", before)
    if obj and obj.group(1) in TREATY_EVENTS and TREATY_EVENTS[obj.group(1)][1]:
        date = _date_in_clause(text, mention.end, usable, forward=True) or _date_in_clause(
            text, obj.start(1), usable, forward=False
        )
        if date:
            return TreatyEvent(obj.group(1), sentence.index, date, mention)

    # A noun: "the signing of the X in 1968", "its expiration on December 31, 1985".
    noun = re.search(
        r"\b(signing|signature|ratification|collapse|extension|renewal|"
        r"termination|entry into force)\s+of\s+(?:the\s+)?$",
        before,
    )
    if noun:
        date = _date_in_clause(text, mention.end, usable, forward=True)
        if date:
            return TreatyEvent(TREATY_EVENT_NOUNS[noun.group(1)], sentence.index, date, mention)
    its = re.match(
        r"[^.;]{0,40}?\b(?:its|their)\s+(expiration|expiry|collapse|ratification|"
        r"extension|renewal|termination|entry into force)\b",
        after,
    )
    if its and not any(
        m.sentence == sentence.index and mention.end < m.start < mention.end + its.end()
        for t in treaties
        for m in t.mentions
    ):
        date = _date_in_clause(text, mention.end + its.end(), usable, forward=True)
        if date:
            return TreatyEvent(TREATY_EVENT_NOUNS[its.group(1)], sentence.index, date, mention)
    return None


def _date_in_clause(
    text: str, offset: int, dates: list[DateMention], *, forward: bool
) -> DateMention | None:
    """The nearest date on one side of an offset, without crossing into another clause."""
    if forward:
        for date in sorted(dates, key=lambda d: d.start):
            if date.start >= offset:
                between = text[offset : date.start]
                if _CLAUSE_BREAK.search(between) or len(between) > 80:
                    return None
                return date
        return None
    for date in sorted(dates, key=lambda d: d.start, reverse=True):
        if date.end <= offset:
            between = text[date.end : offset]
            if ";" in between or len(between) > 80:
                return None
            return date
    return None
