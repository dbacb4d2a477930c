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

from .dates import WEEKDAY_NAMES, DateMention
from .lexicon import (
    ADVERBS,
    AUXILIARIES,
    BODIES,
    CLAUSE_OPENERS,
    COUNTRIES,
    FUNCTION_WORDS,
    GOVERNMENT_SEATS,
    GROUP_NOUNS,
    INTRO_WORDS,
    IRREGULAR_PAST,
    REPORTING_VERBS,
    UNNAMED_SPEAKER_NOUNS,
)
from .officials import (
    APPOSITIVE_HEADS,
    Mention,
    Official,
    is_name_word,
    is_title_head,
    is_verb,
    strip_possessive,
    verb_after_appositive,
)
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
        if not mention.possessive and not mention.attributive
    ]
    person_mentions: dict[int, list[tuple[Mention, Official]]] = {}
    for official in officials:
        if official.kind == "person" and official.name:
            for mention in official.mentions:
                if not mention.possessive:
                    person_mentions.setdefault(mention.sentence, []).append((mention, official))
    acronyms: dict[str, str] = {}  # "MOFA" -> "the Ministry of Foreign Affairs"
    offices: dict[str, str] = {}  # "ministry" -> the last ministry the text named
    for sentence in sentences:
        bodies = _body_subjects(sentence)
        for _, end, name in bodies:
            defined = re.match(r"\s*\(([A-Z]{2,}[A-Za-z]*)\)", sentence.text[end:])
            if defined:
                acronyms.setdefault(defined.group(1), name)
        for acronym, name in acronyms.items():
            for match in re.finditer(rf"(?<![\w(]){re.escape(acronym)}(?![\w)])", sentence.text):
                if not any(s <= match.start() < e for s, e, _ in bodies):
                    bodies.append((match.start(), match.end(), name))
        for _, _, name in list(bodies):
            head = re.search(
                r"(Ministry|Department|Commission|Council|Agency|Office)\b", name, re.I
            )
            if head:
                offices[head.group(1).lower()] = name
        for match in re.finditer(
            r"\b[Tt]he\s+(ministry|department|commission|council|agency)\b(?!\s+of\b)",
            sentence.text,
        ):
            named = offices.get(match.group(1))
            if named and not any(s <= match.start() < e for s, e, _ in bodies):
                bodies.append((match.start(), match.end(), named))  # "the ministry said"
        found = [(start, end, name, "body") for start, end, name in bodies]
        found += [
            (start, end, name, "institution")
            for start, end, name in _government_subjects(sentence)
            if not any(s <= start < e for s, e, _ in bodies)
        ]
        found += [(start, end, name, "group") for start, end, name in _group_subjects(sentence)]
        for start, end, name, kind in found:
            key = (_speaker_key(name), kind)
            official = institutions.setdefault(key, Official(name=name, kind=kind))
            mention = Mention(sentence.index, start, end, start, end, "name")
            official.mentions.append(mention)
            subjects.append((official, mention))
        for members, mention in _shared_subjects(sentence, person_mentions.get(sentence.index, [])):
            subjects.append((Official(name=None, kind="group", members=members), mention))

    predicates: dict[int, set[str]] = {}  # what each sentence already has a statement on
    for official, mention in subjects:
        sentence = sentences[mention.sentence]
        if sentence.is_caption:
            continue
        statement = (
            _attribution_at_end(sentence, official, mention)
            or _statement_after(sentence, official, mention, date_spans.get(sentence.index, []))
            or _quote_before(sentence, official, mention)
            or _quote_opening(sentence, official, mention)
            or _quote_by_agent(sentence, official, mention)
            or _passive_by_agent(sentence, official, mention)
        )
        if statement is None:
            continue
        if official.kind == "institution" and (
            _is_passive(statement)
            or not (
                statement.verb in INSTITUTION_VERBS
                or (statement.quote and statement.verb in REPORTING_VERBS)
            )
        ):
            continue  # "China recognizes Russian concerns" is no statement of a government
        if official.kind in ("body", "group") and _is_passive(statement):
            continue  # "officials were told": said of them, not by them
        said_here = predicates.setdefault(statement.sentence, set())
        if statement.predicate in said_here:
            continue
        said_here.add(statement.predicate)
        statements.append(statement)
    statements += _statement_documents(sentences, statements)
    statements.sort(key=lambda s: s.sentence)
    return statements


_DOCUMENT_READ = re.compile(
    r"(?P<close>[,”\"]+)\s*the\s+(?:joint\s+)?(?:statement|communiqu[eé]|declaration)\s+"
    r"(?:read|reads|said|says|added|stated)\s*[.!?]?\s*$"
)


def _statement_documents(sentences: list[Sentence], statements: list[Statement]) -> list[Statement]:
    """'“...,” the statement read.': the words of a statement its issuers were named with
    in a sentence shortly before ('Le Drian and Parly issued a joint statement')."""
    found = []
    for sentence in sentences:
        match = _DOCUMENT_READ.search(sentence.text)
        if not match:
            continue
        issuers = [
            s
            for s in statements
            if 0 < sentence.index - s.sentence <= 3
            and re.search(r"\b(?:statement|communiqu[eé]|declaration)\b", s.predicate)
        ]
        if not issuers:
            continue
        issuer = issuers[-1]
        statement = end_statement(
            sentence, issuer.speaker, issuer.mention_form, "said", match.end("close")
        )
        if statement is not None:
            found.append(statement)
    return found


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
    for match in re.finditer(r"(?:(?<![\w’'])[Tt]he )?[A-Z][\w’'.\-]*(?: [A-Z][\w’'\-]*)?", text):
        phrase = match.group()
        article = ""
        if phrase.startswith(("the ", "The ")) and len(phrase.split(" ")) > 1:
            article, phrase = "the ", phrase[4:]  # "The United States imposed"
        for candidate in (phrase, phrase.split(" ")[0]):
            lower = candidate.lower()
            if lower in GOVERNMENT_SEATS or (lower in COUNTRIES and candidate[0].isupper()):
                start = match.start()
                found.append((start, start + len(article) + len(candidate), article + candidate))
                break
    return found


def _speaker_key(name: str) -> str:
    return re.sub(r"^the\s+", "", name.lower())


# What a government says or demands as one: "Beijing stressed", "Russia has proposed
# extending ...", "the European Union said it put forward ...".
INSTITUTION_VERBS = {
    "said",
    "says",
    "stressed",
    "warned",
    "urged",
    "insisted",
    "proposed",
    "demanded",
    "condemned",
    "called",
    "accused",
    "announced",
    "declared",
    "rejected",
    "denied",
    "welcomed",
    "criticized",
    "criticised",
    "vowed",
    "pledged",
    "argued",
    "claimed",
    "noted",
    "stated",
    "responded",
    "replied",
    "affirmed",
    "reaffirmed",
    "reiterated",
    "protested",
    "threatened",
    "offered",
    "told",
    "asked",
    "suggested",
    "emphasized",
    "emphasised",
    "confirmed",
    "expressed",
    "agreed",
    "approved",
    "ratified",
    "signed",
    "imposed",
    "introduced",
    "lifted",
    "refused",
    "requested",
    "sought",
    "seeks",
    "wants",
    "wanted",
    "expects",
    "hopes",
    "withdrew",
    "suspended",
    "annexed",
    "launched",
    "adopted",
    "backed",
    "opposed",
    "accepted",
    "submitted",
    "considered",
    "vetoed",
    "blocked",
    "expelled",
    "summoned",
    "boycotted",
    "ordered",
    "decided",
    "promised",
    "ruled",
    "dismissed",
    "hailed",
    "praised",
    "put",
    "broke",
    "pulled",
    # acts of diplomacy: "Turkey has removed its veto", "Washington targeted ... with sanctions"
    "removed",
    "targeted",
    "scrapped",
    "terminated",
    "notified",
    "recalled",
    "restored",
    "resumed",
    "halted",
    "declined",
    "revoked",
    "extended",
    "pushing",
    "seeking",
    "considering",
    "studying",
    "calling",
    "urging",
    "demanding",
    "insisting",
    "planning",
    "preparing",
}
# Verbs in the present tense that a government or a person heads a clause with: "Iran wants
# guarantees", "Beijing opposes".
PRESENT_VERBS = {
    "wants",
    "seeks",
    "expects",
    "hopes",
    "plans",
    "insists",
    "demands",
    "urges",
    "warns",
    "opposes",
    "rejects",
    "supports",
    "accuses",
    "refuses",
    "believes",
}
# Ministries, departments and the like by their capitalised names: "the Ministry of Foreign
# Affairs", "China's Foreign Ministry", "the Ministry of National Defense".
_OFFICE_PATTERN = re.compile(
    r"(?:\b[Tt]he\s+)?(?:(?:[A-Z][\w’'\-]+|[A-Z]{2,})\s+){0,3}"
    r"(?:Ministry|Department|Commission|Council|Agency|Office)\b"
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w’'\-]+(?:\s+(?:and\s+)?[A-Z][\w’'\-]+){0,4})?"
)


_BODY_PATTERN = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(re.escape(b) for b in sorted(BODIES, key=len, reverse=True))
    + r")(?![\w+])",
    re.I,
)


# A country's own institution, named with its country: "The US Senate approved",
# "Russia's foreign ministry put forward", "the country's electoral commission announced",
# "Egypt's presidential election commission", "the Constitutional Court ordered".
_QUALIFIED_BODY = re.compile(
    r"(?<![\w.])(?:[Tt]he\s+)?(?P<owner>U\.S\.|US|UK|U\.K\.|EU|[A-Z][a-z]+(?:'s|’s)|"
    r"(?:the\s+)?country(?:'s|’s)|[A-Z][a-z]+(?:an|ese|ish|ch|i)\s+)?\s*"
    r"(?P<body>(?:(?:presidential|national|central|federal|supreme|constitutional|"
    r"independent)\s+)?(?:[Ee]lection|[Ee]lectoral)\s+[Cc]ommission|"
    r"[Ff]oreign\s+[Mm]inistry|[Dd]efen[cs]e\s+[Mm]inistry|[Ff]oreign\s+[Oo]ffice|"
    r"Senate|House\s+of\s+Representatives|Treasury(?:\s+Department)?|Parliament|"
    r"(?:Constitutional|Supreme)\s+Court|[Cc]entral\s+[Bb]ank)\b"
)


def _qualified_bodies(sentence: Sentence) -> list[tuple[int, int, str]]:
    found = []
    for match in _QUALIFIED_BODY.finditer(sentence.text):
        owner = (match.group("owner") or "").strip()
        body = re.sub(r"\s+", " ", match.group("body"))
        if not owner and not match.group().lower().startswith("the ") and body[0].islower():
            continue  # "election commission" alone, not the subject of a clause
        if owner.lower().startswith(("country", "the country")) or not owner:
            name = "the " + body
        elif owner.endswith(("'s", "’s")):
            name = f"{owner} {body}"
        else:
            name = f"the {owner} {body}"
        found.append((match.start(), match.end(), name))
    return found


def _body_subjects(sentence: Sentence) -> list[tuple[int, int, str]]:
    """'the White House', 'Congress', 'the P5+1': bodies that speak and act as one."""
    found = []
    for start, end, name in _qualified_bodies(sentence):
        found.append((start, end, name))
    for match in _BODY_PATTERN.finditer(sentence.text):
        name = match.group()
        if any(s <= match.start() < e for s, e, _ in found):
            continue
        if not any(ch.isupper() for ch in name):
            continue  # "the administration" in lowercase is rarely a named body
        if name.lower().startswith("the "):
            name = "the " + name[4:]
        found.append((match.start(), match.end(), name))
    for match in _OFFICE_PATTERN.finditer(sentence.text):
        start, end = match.span()
        if any(s < end and start < e for s, e, _ in found):
            continue
        name = match.group()
        if name.lower().startswith("the "):
            name = "the " + name[4:]
        elif len(name.split()) > 1 and not _POSSESSIVE_WORD.search(name.split()[0]):
            name = "the " + name  # "Foreign Ministry" speaks as "the Foreign Ministry"
        found.append((start, end, name))
    return found


_POSSESSIVE_WORD = re.compile(r"(?:'s|’s)$")


_GROUP_MODIFIER = re.compile(r"^(?:[A-Z][\w.’'\-]*|\d[\d,]*|[a-z][a-z\-]*)$")


def _group_subjects(sentence: Sentence) -> list[tuple[int, int, str]]:
    """'International nuclear inspectors', '19 Senators', 'a State Department spokesperson'.

    A noun for people (plural, or singular with 'a'/'an') heads a subject of modifiers;
    'from/of the Obama Administration' may follow it.
    """
    tokens = sentence.tokens
    found = []
    for index, token in enumerate(tokens):
        lower = token.lower
        singular = lower in UNNAMED_SPEAKER_NOUNS
        if lower not in GROUP_NOUNS and not singular:
            continue
        begin = index
        while begin > 0 and index - begin < 6:
            previous = tokens[begin - 1]
            if previous.lower in ("a", "an", "some", "several", "many", "two", "three", "the"):
                begin -= 1
                break
            if (
                not _GROUP_MODIFIER.match(previous.text)
                or (previous.lower in FUNCTION_WORDS and previous.lower not in ("u.s.",))
                or is_verb(previous.text)
                or previous.lower in ADVERBS
            ):
                break
            begin -= 1
        if singular and (begin == index or tokens[begin].lower not in ("a", "an")):
            continue
        if tokens[begin].lower in ("the",) and begin + 1 == index:
            continue  # "the officials": a reference back, not a speaker
        before = tokens[begin - 1] if begin > 0 else None
        if (
            before is not None
            and before.lower == "and"
            and begin > 1
            and tokens[begin - 2].text.islower()
            and tokens[begin - 2].lower in GROUP_NOUNS
        ):
            continue  # "praise to cabinet members and officials involved in ...": an object
        if begin > 0 and tokens[begin - 1].lower == "the" and tokens[begin].lower != "the":
            begin -= 1  # "The two ministers met": the article stays with its group
        end = index
        # "Officials from both the Barack Obama and Donald Trump Administrations"
        if index + 1 < len(tokens) and tokens[index + 1].lower in ("from", "of", "at", "in"):
            probe = index + 2
            last = None
            while probe < len(tokens) and probe - index < 14:
                word = tokens[probe]
                glued = word.start == tokens[probe - 1].end and last == probe - 1  # "P5+1"
                listed = (
                    word.text == ","
                    and probe + 1 < len(tokens)
                    and (tokens[probe + 1].is_capitalized or tokens[probe + 1].lower == "and")
                )  # "the United States, United Kingdom, and Australia"
                if word.text == "(" and re.match(
                    r"\(\s*[A-Z][A-Z0-9\-]+\s*\)", sentence.text[word.start :]
                ):
                    while probe < len(tokens) and tokens[probe].text != ")":
                        probe += 1
                    last = probe
                    probe += 1
                    if probe < len(tokens) and tokens[probe].lower in (
                        "countries",
                        "nations",
                        "states",
                        "members",
                    ):
                        last = probe
                        probe += 1
                    continue
                if (
                    word.is_capitalized
                    or glued
                    or listed
                    or word.lower in ("the", "both", "and", "of")
                ):
                    if word.is_capitalized or glued:
                        last = probe
                    probe += 1
                    continue
                break
            if last is not None:
                end = last
        start, stop = tokens[begin].start, tokens[end].end
        name = sentence.text[start:stop]
        also = re.match(r",\s+as well as\s+([^,]{3,60}),", sentence.text[stop:])
        if also and also.group(1).split()[-1].lower() in GROUP_NOUNS:
            name = f"{name} and {also.group(1)}"
        if name[0].islower() and not name.startswith(("a ", "an ")):
            name = name[0].upper() + name[1:]
        found.append((start, stop, name))
    return found


def _shared_subjects(
    sentence: Sentence, in_sentence: list[tuple[Mention, Official]]
) -> list[tuple[list[Official], Mention]]:
    """'Ford and Brezhnev agreed', 'President Carter, President Sadat, and Prime Minister
    Begin signed': people (given by their mentions in the sentence) who share one verb."""
    mentions = sorted(in_sentence, key=lambda pair: pair[0].start)
    runs: list[tuple[list[Official], Mention]] = []
    position = 0
    while position < len(mentions):
        first, member = mentions[position]
        members = [member]
        last = first
        probe = position + 1
        while probe < len(mentions):
            following, person = mentions[probe]
            between = sentence.text[last.end : following.start]
            if not re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+)", between) or person in members:
                break
            members.append(person)
            last = following
            probe += 1
        if len(members) > 1 and re.search(r"\band\s+$", sentence.text[: last.start]):
            runs.append(
                (
                    members,
                    Mention(sentence.index, first.start, last.end, first.start, last.end, "shared"),
                )
            )
        position = probe
    return runs


_PASSIVE_AGENT = re.compile(
    r"^(?P<subject>[^,;:]{3,80}?)\s+(?:was|were|is|are|has been|have been|had been|"
    r"is being|are being|was being)\s+"
    r"(?:(?:formally|officially|jointly|first|later)\s+)?(?P<verb>[a-z]+ed)\s+by\s+$"
)


def _passive_by_agent(sentence: Sentence, official: Official, mention: Mention) -> Statement | None:
    """'“Implementation Day” was declared by the P5+1 on January 16, 2016, ...'."""
    text = sentence.text
    start = mention.start
    if text[max(0, start - 4) : start].lower() == "the ":
        start -= 4
    passive = _PASSIVE_AGENT.match(text[:start])
    if not passive or passive.group("verb") in ("based", "followed", "caused"):
        return None
    if official.kind == "institution" and passive.group("verb") not in (
        INSTITUTION_VERBS | {"brokered", "hosted", "mediated", "negotiated", "inked"}
    ):
        return None  # "was hit by Russia": a government acts only with its own verbs
    subject = re.sub(r"^(?:But|And|Yet|So)\s+", "", passive.group("subject"))
    if len(subject.split()) > 10:
        return None
    if re.match(r"\s*(?:(?:and|of|or)\s+)?(?:the\s+)?[A-Z]", text[mention.end :]):
        return None  # the agent goes on: "by the U.S. State Department", "by X and Y"
    rest = re.split(r",\s+(?=[a-z]+ing\b|which\b|who\b|and\b|but\b)|;|[.!?]$", text[mention.end :])[
        0
    ]
    rest = rest.rstrip(" ,")
    if rest.count("(") != rest.count(")"):
        return None
    first_word = subject.split()[0]
    if first_word in ("The", "A", "An", "This", "That", "These", "Those"):
        subject = first_word.lower() + subject[len(first_word) :]
    predicate = f"{passive.group('verb')} {subject}{rest}"
    if _names_speaker(predicate, official):
        return None
    return Statement(official, sentence.index, mention.form, passive.group("verb"), predicate, None)


def _token_index(sentence: Sentence, offset: int) -> int:
    for index, token in enumerate(sentence.tokens):
        if token.start >= offset:
            return index
    return len(sentence.tokens)


# A news dateline before the first sentence of a story: "WASHINGTON –", "BEIJING, July 23
# (Xinhua) --", "TAIPEI (Taiwan News) —".
_DATELINE = re.compile(
    r"^(?:[A-Z]{3,}(?:[ ,]+[A-Z]{3,})*|[A-Z][a-z]+(?=\s*\())(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"(?:\s*\([^)]{1,40}\))?\s*(?:--|[–—-])\s+"
    # "MOSCOW: The Russian ...", "New Delhi: Ahead of ...", "Doha, Feb 29: The ..."
    r"|^(?:[A-Z]{3,}(?:\s+[A-Z]{3,})?|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
    r"(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?:\s+(?=[A-Z])"
    # "UNITED NATIONS, The Yemeni government ..."
    r"|^[A-Z]{3,}(?:\s+[A-Z]{2,})*,\s+(?=(?:The|A|An)\s)"
)


def _sentence_start(sentence: Sentence) -> int:
    """The index of the first token after a dateline."""
    dateline = _DATELINE.match(sentence.text)
    return _token_index(sentence, dateline.end()) if dateline else 0


def _opens_clause(sentence: Sentence, first: int) -> bool:
    """Whether a mention starting at token `first` can be the subject of a clause."""
    tokens = sentence.tokens
    lead = _sentence_start(sentence)
    if first > lead and tokens[first - 1].lower == "the":
        first -= 1  # "The President continued"
    if first == lead:
        return True
    previous = tokens[first - 1]
    if (
        previous.lower == "that"
        and first >= 2
        and tokens[first - 2].text.islower()
        and tokens[first - 2].is_word
        and not is_verb(tokens[first - 2].text)
        and tokens[first - 2].lower not in ADVERBS
    ):
        return False  # "media speculation that the leader could mediate": not their words
    if previous.lower in CLAUSE_OPENERS:
        # Not the second half of a shared subject: "Nixon and Brezhnev signed".
        return not (
            previous.lower == "and"
            and first >= 2
            and (
                is_name_word(tokens[first - 2])
                or tokens[first - 2].is_capitalized
                or (tokens[first - 2].text == "," and not _after_lowercase_word(tokens, first - 2))
                or tokens[first - 2].text in ("he", "she")
            )
        )
    if (
        previous.lower in ("which", "whom")
        and first >= 2
        and tokens[first - 2].lower in ("under", "in", "by", "with", "to", "for", "through")
    ):
        return True  # "a deal, under which Saleh agreed to step down"
    if previous.text == ",":
        opener = tokens[lead].lower if lead < len(tokens) else ""
        return opener in INTRO_WORDS or opener in CLAUSE_OPENERS or opener.endswith("ing")
    return previous.text in (";", ":", "–", "—", "-")


def _named_in_apposition(sentence: Sentence, first: int, after: int) -> bool:
    """A name between commas after the title phrase that opens the sentence."""
    tokens = sentence.tokens
    lead = _sentence_start(sentence)
    if not (
        lead < first - 1
        and tokens[first - 1].text == ","
        and after < len(tokens)
        and tokens[after].text == ","
    ):
        return False
    phrase = tokens[lead : first - 1]
    head = strip_possessive(phrase[-1].text).lower()
    return (
        (is_title_head(phrase[-1].text) or head in APPOSITIVE_HEADS)
        and len(phrase) <= 8
        and not any(t.text == "," or is_verb(t.text) for t in phrase)
    )


def _after_lowercase_word(tokens, comma: int) -> bool:
    """'demands, and China ...': the comma closes a clause, not a list of names."""
    return comma > 0 and tokens[comma - 1].is_word and tokens[comma - 1].text.islower()


def _statement_after(
    sentence: Sentence, official: Official, mention: Mention, date_spans: list[tuple[int, int]]
) -> Statement | None:
    tokens = sentence.tokens
    first = _token_index(sentence, mention.start)
    index = _token_index(sentence, mention.end)
    if _named_in_apposition(sentence, first, index):
        index += 1  # "The administration’s envoy, Marshall Billingslea, has insisted"
    elif not _opens_clause(sentence, first):
        return None
    # "Ford and Brezhnev agreed": a shared subject is no one person's statement.
    if index < len(tokens) and tokens[index].lower == "and":
        return None
    verb_index = verb_after_appositive(tokens, index - 1) if index > first else None
    if verb_index is None:
        verb_index = _find_verb(sentence, index, date_spans)
    if verb_index is None:
        return None
    start = tokens[verb_index].start
    opened = re.match(r"(\w+),\s+[“\"]([^”\"]{12,})$", sentence.text[start:].rstrip())
    if opened and opened.group(1).lower() in REPORTING_VERBS | {"continued"}:
        # "The President continued, “IAEA reports ...": the quotation runs on past the sentence.
        quoted = opened.group(2).rstrip(" .")
        verb = "said" if opened.group(1).lower() in ("continued", "says") else opened.group(1)
        return Statement(official, sentence.index, mention.form, verb, f"{verb} “{quoted}”", quoted)
    predicate = _clause_from(sentence.text, start)
    if predicate is None:
        return None
    if _names_speaker(predicate, official):
        predicate = _cut_before_speaker(predicate, official)
        if predicate is None:
            return None
    if runs_into_main_clause(sentence, first, predicate):
        return None
    words = [w.strip(",;:") for w in predicate.split()]
    main_verb = main_word(words)
    if len(words) < 3 or len(words) > 60:
        return None
    return Statement(
        official,
        sentence.index,
        mention.form,
        main_verb.lower(),
        predicate,
        _first_quote(predicate),
    )


# Words of time between an auxiliary and its verb: "has since issued", "had earlier this
# month removed", "have now agreed".
TIME_ADVERBS = {"since", "earlier", "this", "now", "already", "again", "jointly", "formally"}


def is_ly_adverb(word: str) -> bool:
    """'deliberately', 'reportedly': a lowercase word in -ly between a subject and its verb."""
    return (
        word.islower()
        and word.endswith("ly")
        and len(word) > 4
        and word not in ("only", "early", "family", "italy", "july", "supply", "rally", "reply")
    )


def main_word(words: list[str]) -> str:
    """The main verb of a predicate: 'has since issued fresh demands' -> 'issued'."""
    for position, word in enumerate(words):
        lower = word.lower()
        if lower in AUXILIARIES or lower in ADVERBS or is_ly_adverb(word):
            continue
        if lower in TIME_ADVERBS or (
            lower in ("week", "month", "year") and position and words[position - 1] == "this"
        ):
            continue
        return word
    return words[0]


def runs_into_main_clause(sentence: Sentence, first: int, predicate: str) -> bool:
    """'When Margaret Thatcher visited Peking in 1982 the atmosphere was hostile': a clause
    after 'when', 'as', 'after' ... (its subject at token `first`) whose end no comma marks
    runs into the main clause, and a question built on it would not read."""
    tokens = sentence.tokens
    opener = tokens[first - 1].lower if first > 0 else ""
    if opener not in ("when", "as", "after", "before", "while", "if", "although", "once"):
        return False
    if first - 1 != _sentence_start(sentence):
        return False  # "..., after Moscow annexed Crimea in 2014.": the clause closes it
    at = sentence.text.find(predicate)
    rest = sentence.text[at + len(predicate) :] if at >= 0 else ""
    return not re.match(r"\s*,", rest) and "," not in predicate


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
        if (
            token.text in WEEKDAY_NAMES
            or lower in ("morning", "afternoon", "evening", "night")
            or (
                lower == "on"
                and index + 1 < len(tokens)
                and tokens[index + 1].text in WEEKDAY_NAMES
            )
        ):
            index += 1  # "on Thursday evening noted": a day the date finder left to its date
            continue
        if token.text == "(":
            while index < len(tokens) and tokens[index].text != ")":
                index += 1
            index += 1
            continue
        if token.text == ",":
            if (
                index + 1 < len(tokens)
                and tokens[index + 1].lower in REPORTING_VERBS
                and tokens[index + 1].text.islower()
            ):
                return index + 1  # "Jens Stoltenberg, NATO's secretary general, said, “...”"
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
        if (
            is_verb(token.text)
            or (lower in REPORTING_VERBS and token.text.islower())
            or (lower in PRESENT_VERBS and token.text.islower())
        ):
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
    r"|,\s+(?:calling|saying|adding|citing|describing|accusing|urging|warning)\s"
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
            if match and re.match(r"\s[–—]\s", match.group()):
                # "the documents initialled in Washington — a joint declaration and a draft
                # peace agreement — are grounded in ...": a phrase between dashes.
                closing = re.compile(r"\s[–—]\s").search(text, match.end(), match.end() + 140)
                if closing and not re.search(r"[.;]", text[match.end() : closing.start()]):
                    position = closing.end()
                    continue
            if match:
                end = position
                break
        position += 1
    clause = text[start:end].rstrip(" ,")
    return _tidy_predicate(clause)


# The news agency or paper a report comes from, closing the sentence: ", CNA reported",
# ", the WSJ reports".
_SOURCE_CREDIT = re.compile(
    r",(?P<mark>[”\"]?)\s+(?:the\s+)?(?:[A-Z][\w.&’'\-]*\s+){0,3}[A-Z][\w.&’'\-]*\s+(?:reported|reports|"
    r"said|says|wrote|writes|noted|added|stressed)\s*[.]?$"
)


# Another speaker's credit with a name in apposition: "..., the bloc’s ambassador in
# Bogota, Ana Paula Zacarias, told RCN television".
_APPOSED_CREDIT = re.compile(
    r",\s+(?:the\s+)?[^,“”\"]{3,60},\s+(?:[A-Z][\w’'\-.]*\s+){1,4}?[A-Z][\w’'\-.]*,\s+"
    r"(?:said|says|added|told(?:\s+[A-Z][\w.]*(?:\s+[\w.]+){0,2})?)$"
)


def _tidy_predicate(clause: str) -> str | None:
    clause = re.sub(r"\[\d{1,3}\]", "", clause)  # an encyclopedia's note marks: "military.[2]"
    clause = _SOURCE_CREDIT.sub(lambda m: m.group("mark"), clause.strip())
    # Move punctuation out of a closing quotation: 'the ABM race,”' -> 'the ABM race”'.
    clause = re.sub(r"[,.;:]([”\"])$", r"\1", clause.strip())
    clause = clause.rstrip(" ,;:.")
    # "addressed a special Cabinet meeting, saying:" with the words in the next paragraph
    clause = re.sub(r",?\s+(?:saying|adding|stating|noting)$", "", clause)
    clause = _APPOSED_CREDIT.sub("", clause)
    if clause.count('"') == 1 and clause.count("”") == clause.count("“") + 1:
        clause = clause.replace('"', "“")  # a straight mark opens what a curly one closes
    elif clause.count('"') == 1 and clause.count("“") == clause.count("”") + 1:
        clause = clause.replace('"', "”")
    if clause.count('"') % 2 or clause.count("“") != clause.count("”"):
        return None
    if clause.count("(") != clause.count(")"):
        return None
    return clause or None


def _cut_before_speaker(predicate: str, official: Official) -> str | None:
    """'said in August it was considering ..., one of the few agreements between Moscow and
    Washington': the clause up to the comma before the speaker is named, when enough is left."""
    lowered = predicate.lower()
    first = min(
        (
            match.start()
            for form in official.name_forms
            for match in re.finditer(rf"(?<!\w){re.escape(form.lower())}(?!\w)", lowered)
        ),
        default=None,
    )
    if first is None:
        return predicate
    comma = predicate.rfind(", ", 0, first)
    if comma < 0:
        return None
    cut = _tidy_predicate(predicate[:comma])
    if cut is None or len(cut.split()) < 5 or _names_speaker(cut, official):
        return None
    return cut


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


_END_VERBS = (
    r"said|says|added|adds|noted|notes|stressed|told\s+reporters|"
    r"told\s+(?:the\s+)?[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*){0,3}|told|stated|explained|argued|"
    r"insisted|declared|wrote|warned|continued|emphasized|emphasised|claimed|asserted|"
    r"recalled|replied|responded|pointed\s+out|(?:was|were)\s+quoted\s+as\s+saying|"
    r"announced|confirmed|reported|concluded|went\s+on\s+to\s+say"
)
# What may follow the verb of an attribution that closes its sentence: "on Friday",
# "in a statement", "at a daily press briefing", ", adding that ...".
_END_TAIL = re.compile(
    rf"^\s+(?:also\s+)?(?P<verb>{_END_VERBS})(?:\s+(?:on|in|at|to|during|late|earlier|"
    r"later|following|through)\b(?:(?!\bthat\b)[^,.;!?“”\"]){0,64}|\s+\w+day)?\s*(?:,?\s+(?:adding|as|while|when|after|"
    r"before|ahead\s+of)\b[^“”\"]*|[.!?]?[”\"]?\s*)$"
)
_LEAD_VERB = re.compile(rf"(?:^|[,”\"]\s*)(?P<verb>{_END_VERBS})\s+$")
_QUOTED_AS = re.compile(r"\bquoted\s+$")
_LOWER_OPENERS = {
    "the",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "there",
    "their",
    "they",
    "we",
    "our",
    "a",
    "an",
    "in",
    "on",
    "at",
    "for",
    "but",
    "and",
    "however",
    "despite",
    "yet",
    "still",
    "as",
    "if",
    "when",
    "while",
    "with",
    "after",
    "before",
    "no",
    "not",
    "some",
    "many",
    "all",
    "most",
    "such",
    "one",
    "what",
    "both",
    "each",
    "every",
    "any",
    # other common openers of a reported clause: "said that thanks to ..."
    "thanks",
    "under",
    "following",
    "since",
    "because",
    "although",
    "though",
    "until",
    "once",
    "amid",
    "during",
    "without",
    "from",
    "over",
    "instead",
    "today",
    "now",
    "then",
    "here",
    "other",
    "another",
    "more",
    "only",
    "even",
    "so",
    "by",
    "to",
    "of",
    "his",
    "her",
    "he",
    "she",
    "you",
}


def _attribution_at_end(sentence: Sentence, official: Official, mention: Mention):
    """'..., he said.', '“...,” said Dmitry Peskov.', '“...,” Whipps was quoted as
    saying.', '..., the official Xinhua news agency quoted him as saying, adding ...':
    the speaker closes the sentence and what was said comes before."""
    text = sentence.text
    before, after = text[: mention.start], text[mention.end :]
    if text[max(0, mention.start - 4) : mention.start].lower() == "the ":
        before = text[: mention.start - 4]
    tail = _END_TAIL.match(after)
    split = _SPLIT_VERB.match(after)
    if split and re.search(r",\s*[”\"]?\s*$|[”\"],?\s*$", before):
        return _split_statement(sentence, official, mention, before, split)
    if tail and re.search(r"[,”\"]\s*$", before):
        verb, content_end = tail.group("verb"), len(before)
    elif (lead := _LEAD_VERB.search(before)) and _CLOSING_AFTER_NAME.match(after):
        verb, content_end = lead.group("verb"), lead.start("verb")
    elif _QUOTED_AS.search(before) and re.match(r"\s+as\s+saying\b", after):
        verb = "said"
        closing = max(before.rfind("”"), before.rfind('"'))
        if closing < 0:
            return None
        content_end = closing + 1
    elif re.search(r",\s*according\s+to\s+$", before, re.I) and re.match(r"\s*[.!?]?\s*$", after):
        # "... is ready, according to Kremlin spokesman Dmitry Peskov."
        verb, content_end = "said", before.rstrip().rfind(",")
    elif _ACCORDING_OPENING.search(before) and (rest := re.match(r"\s*,\s*(\S.*)$", after)):
        # "According to Peskov, the Kremlin does not believe ..."
        start = mention.end + rest.start(1)
        return end_statement(sentence, official, mention.form, "said", len(sentence.text), start)
    else:
        return None
    return end_statement(sentence, official, mention.form, verb, content_end)


# What may follow the name that closes an attribution: nothing, a title in apposition or
# where it was said ("..., said Martin Griffiths, the United Nations special envoy to Yemen.").
_CLOSING_AFTER_NAME = re.compile(
    r"(?:\s*,\s+(?:the|a|an|also|then|now|former|who)\s[^“”\",;]{2,100}"
    r"|\s+(?:at|in|during|on)\s+(?:a|an|the|his|her|their)\s[^“”\",;]{2,80})?"
    r"\s*[.!?]?[”\"]?\s*$"
)
_ACCORDING_OPENING = re.compile(r"(?:^|[–—-]\s+)according\s+to\s+$", re.I)


_SPLIT_VERB = re.compile(rf"^\s+(?:also\s+)?(?P<verb>{_END_VERBS})\s*,\s*(?P<rest>.+)$")


def _split_statement(
    sentence: Sentence, official: Official, mention: Mention, before: str, split: re.Match
) -> Statement | None:
    """'“But the United States,” he added, “our partners ...”' and 'The JCPOA, Mr. Kerry
    noted, “resolved a major nuclear threat ...”': the attribution inside the words."""
    first = before.strip().rstrip(",").strip()
    rest = split.group("rest").strip()
    dateline = _DATELINE.match(first)
    if dateline:
        first = first[dateline.end() :]
    rest = re.sub(r"[.!?]([”\"]?)$", r"\1", rest)
    verb = split.group("verb")
    verb = "said" if verb.startswith(("told", "was", "were")) or verb == "says" else verb
    first_quoted = first[:1] in ("“", '"') and first[-1:] in ("”", '"')
    rest_quoted = rest[:1] in ("“", '"') and rest[-1:] in ("”", '"')
    if first_quoted and rest_quoted:
        words = f"{first[1:-1].strip()} {rest[1:-1].strip()}"
        if any(mark in words for mark in '“”"'):
            return None
        predicate, quote = f"{verb} “{words}”", words
    elif rest_quoted and not any(mark in first for mark in '“”"'):
        opener = first.split()[0] if first.split() else ""
        if opener.lower() in _LOWER_OPENERS:
            first = opener.lower() + first[len(opener) :]
        predicate, quote = f"{verb} that {first} {rest}", rest[1:-1].strip()
    else:
        return None
    if len(predicate.split()) > 60 or _names_speaker(predicate, official):
        return None
    return Statement(official, sentence.index, mention.form, verb, predicate, quote)


def end_statement(
    sentence: Sentence,
    official: Official | None,
    form: str,
    verb: str,
    content_end: int,
    content_start: int = 0,
) -> Statement | None:
    """A statement whose words fill the sentence up to `content_end` (from `content_start`):
    quoted words keep their quotation marks, reported speech becomes a 'that' clause."""
    dateline = _DATELINE.match(sentence.text)
    begin = dateline.end() if dateline and dateline.end() < content_end else 0
    begin = max(begin, content_start)
    content = sentence.text[begin:content_end].strip().rstrip(",.").strip()
    quoted = False
    if content.endswith(("”", '"')):
        body = content[:-1].rstrip(" ,.")
        opened = body[:1] in ("“", '"')
        body = body[1:] if opened else body
        inner = "“" in body or "”" in body or '"' in body
        if not inner:
            # All of it quoted, or a quotation that opened in the sentence before.
            content, quoted = body.strip(), True
        elif opened:
            return None  # two quotations with words between: leave it to the other readers
        else:
            content = content.rstrip(",")  # reported speech ending in a quoted phrase
    if content[:1] in ("“", '"') or len(content.split()) < 4 or len(content.split()) > 90:
        return None
    if official is None or _names_speaker(content, official):
        return None
    words = content.split()
    if quoted and len(words) > 36:
        # A long quotation is asked by its opening and its close.
        content = " ".join(words[:14]) + " … " + " ".join(words[-12:])
    elif len(words) > 60:
        return None
    verb = re.sub(r"\s+", " ", verb)
    if verb.startswith(("told", "was quoted", "were quoted")) or verb in ("says", "adds", "notes"):
        verb = {"adds": "added", "notes": "noted"}.get(verb, "said")
    if verb == "pointed out" or verb == "continued":
        verb = "said"
    if quoted:
        predicate = f"{verb} “{content}”"
    else:
        content = re.sub(r"^(?:But|And|Yet|So),?\s+(?=\w)", "", content)  # "that but the ..."
        first = content.split()[0]
        gerund = re.fullmatch(r"[A-Z][a-z]{3,}ing", first) and (
            first.lower() not in GOVERNMENT_SEATS and first.lower() not in COUNTRIES
        )  # "Imposing new sanctions ... does not imply", not "Beijing"
        if first.lower() in _LOWER_OPENERS or gerund:
            content = first.lower() + content[len(first) :]
        predicate = f"{verb} that {content.rstrip(' .')}"
    return Statement(official, sentence.index, form, verb, predicate, content if quoted else None)


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
        # The quotation opened in a sentence before: its last sentence is all quoted.
        dateline = _DATELINE.match(text)
        quote_start = (dateline.end() if dateline else 0) - 1
        if "”" in text[:quote_end] or quote_end < 20:
            return None
    quoted = text[quote_start + 1 : quote_end].strip(" ,.")
    if not is_real_quote(quoted) or _names_speaker(quoted, official):
        return None
    open_mark, close_mark = ("“", "”") if text[quote_start : quote_start + 1] != '"' else ('"', '"')
    # "told" needs its listener; the question needs only that the words were said.
    verb = "said" if verb in ("told", "tells", "says") else _past(verb)
    predicate = f"{verb} {open_mark}{quoted}{close_mark}"
    return Statement(official, sentence.index, mention.form, verb, predicate, quoted)


_OPENING = re.compile(
    rf"^,?\s+(?:{'|'.join(_SAID_AFTER)}|clarified|explained|wrote|declared|told\s+\w+)"
    r"(?:\s+\w+){0,3}?\s*[,:]\s*[“\"]([^”\"]+)$"
)


def _quote_opening(sentence: Sentence, official: Official, mention: Mention) -> Statement | None:
    """'Banga clarified, “There is no provision ...' where the quotation runs on into the
    sentences after: this sentence's part of it is what was said."""
    opening = _OPENING.match(sentence.text[mention.end :])
    if not opening:
        return None
    quoted = opening.group(1).strip(" ,.")
    if not is_real_quote(quoted) or _names_speaker(quoted, official) or len(quoted.split()) < 4:
        return None
    return Statement(official, sentence.index, mention.form, "said", f"said “{quoted}”", quoted)


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
