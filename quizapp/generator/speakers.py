"""Find who speaks or acts in each clause, whatever shape the subject takes.

The readers in `quotes` know the common shapes of attribution by heart. This
module is the general fallback behind them: it finds each predicate of speech,
stance or action in a sentence ("said", "accused", "expelled", "has
delivered", "say"), walks back over what may stand between a subject and its
verb (adverbs, "last week", "on Friday", ", in a statement yesterday,") to the
subject noun phrase, and decides what that phrase names: a person named
before (also by surname alone, "Assi" for "Judge Anwar al-Assi"), a pronoun
("he", "she", "it", "they"), a government ("British government", "the U.S.
side"), an institution ("the Permanent Court of Arbitration", "the court"), a
news outlet ("Voice of America", "Media reports"), a document ("the
statement": its issuer when the text names one), a counted group ("six EU
nations", "all three parties") or several of these sharing the verb
("Belgium, Estonia, France ... and the UK said"). Attributions after the
words are read too: "..., said the statement published by the White House",
"..., reports the New York Times", "per the AP", "According to an Agence
France-Presse (AFP) report ...", "a report by Axios claiming ...".

A phrase it cannot name is left alone: precision matters more than recall.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import WEEKDAY_NAMES, DateMention
from .lexicon import (
    ADVERBS,
    AUXILIARIES,
    BODIES,
    COUNTRIES,
    GOVERNMENT_SEATS,
    GROUP_NOUNS,
    INTRO_WORDS,
    IRREGULAR_PAST,
    NATIONALITIES,
    NEWS_OUTLETS,
    NOT_VERBS,
    NUMBER_WORDS,
    REPORTING_VERBS,
    TREATY_WORDS,
    UNNAMED_SPEAKER_NOUNS,
)
from .officials import (
    Mention,
    Official,
    is_title_head,
    is_verb,
    strip_possessive,
    verb_after_appositive,
)
from .quotes import (
    _DATELINE,
    _END_TAIL,
    INSTITUTION_VERBS,
    PRESENT_VERBS,
    TIME_ADVERBS,
    Statement,
    _attribution_at_end,
    _clause_from,
    _cut_before_speaker,
    _first_quote,
    _names_speaker,
    _quote_before,
    _speaker_key,
    end_statement,
    is_ly_adverb,
    main_word,
    runs_into_main_clause,
)
from .sentences import Sentence

# Verbs a subject speaks, takes a stance or acts with; the lists in `lexicon` and `quotes`
# plus the plain present ("Media reports say") and acts of diplomacy.
_ACTS = {
    "say",
    "commented",
    "delivered",
    "issued",
    "released",
    "restated",
    "maintained",
    "maintains",
    "brushed",
    "undertook",
    "reached",
    "filed",
    "spoke",
    "invited",
    "joked",
    "thanked",
    "presented",
    "pressured",
    "agreed",
    "murdered",
    "reveals",
    "revealed",
    "views",
    "viewed",
    "calls",
    "outlined",
    "assessed",
    "assesses",
    "stipulates",
    "stipulated",
    "provides",
    "requires",
    "outlines",
} | {
    # acts of diplomacy a government, a body or a person performs as one: "Saudi Arabia and
    # Iran held the talks", "Moscow has since issued fresh demands", "Manila beached the ship"
    "held",
    "met",
    "hosted",
    "began",
    "concluded",
    "initialled",
    "initialed",
    "inked",
    "negotiated",
    "mediated",
    "brokered",
    "finalized",
    "finalised",
    "endorsed",
    "discussed",
    "exchanged",
    "struck",
    "sent",
    "received",
    "attended",
    "led",
    "beached",
    "grounded",
    "deployed",
    "sealed",
    "witnessed",
    "chaired",
    "visited",
    "congratulated",
    "lamented",
    "represented",
    "boarded",
    "seized",
    "established",
    "reopened",
    "severed",
    "invaded",
    "released",
    "freed",
    "joined",
    "denounced",
    "renewed",
    "eased",
    "tightened",
    "recognised",
    "committed",
    "convened",
    "unveiled",
}
SPEAKER_VERBS = (REPORTING_VERBS | INSTITUTION_VERBS | PRESENT_VERBS | _ACTS) - {
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
# What a government does as one; "China recognizes Russian concerns" is no statement.
_GOVERNMENT_VERBS = INSTITUTION_VERBS | _ACTS | {"says", "say", "maintains", "views"}

# Nouns that head a document's name: its words are its issuer's.
DOCUMENT_NOUNS = {
    "statement",
    "communique",
    "communiqué",
    "declaration",
    "report",
    "letter",
    "readout",
    "release",
}

# Nouns that head an institution's name: "the Permanent Court of Arbitration", "the court",
# "the Federal Security Service", "the Bosnian Serb Army", "the U.S. side".
INSTITUTION_HEADS = {
    "court",
    "house",
    "tribunal",
    "ministry",
    "department",
    "service",
    "army",
    "government",
    "administration",
    "side",
    "council",
    "commission",
    "committee",
    "agency",
    "embassy",
    "parliament",
    "assembly",
    "office",
    "leadership",
    "delegation",
    "party",
    "presidency",
    "cabinet",
    "military",
    "navy",
    "treasury",
}

# Plural nouns a counted group of governments or people is named with: "six EU nations",
# "all three parties", "the three presidents".
COUNTED_NOUNS = {
    "countries",
    "nations",
    "states",
    "parties",
    "powers",
    "governments",
    "presidents",
    "leaders",
    "ministers",
    "members",
    "sides",
    "officials",
    "delegates",
    "delegations",
    "negotiators",
    "mediators",
    "signatories",
    "representatives",
}

# Words that may stand inside a subject phrase in lower case.
_PHRASE_WORDS = (
    {
        "the",
        "a",
        "an",
        "its",
        "their",
        "his",
        "her",
        "of",
        "for",
        "in",
        "and",
        "all",
        "both",
        "foreign",
        "state-run",
        "state",
        "official",
        "news",
        "agency",
        "media",
        "reports",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "adviser",
        "advisor",
        "ministry",
        "security",
        "member",
        "government",
        "side",
        "court",
        "statement",
        "report",
        "presidential",
        "joint",
        "final",
        "senior",
        "deputy",
        "top",
        "former",
        "u.s.",
        "key",
        "ambassador",
        "envoy",
        "representative",
    }
    | INSTITUTION_HEADS
    | COUNTED_NOUNS
    | DOCUMENT_NOUNS
    | {"clause", "provision", "text", "charter", "paragraph", "memorandum"}
)

_PRONOUNS = {"he", "she", "it", "they"}
_TIME_ADVERBS = TIME_ADVERBS | {"month", "week", "year"}


def _ly_adverb(token) -> bool:
    return is_ly_adverb(token.text)


_TIME_WORDS = {"yesterday", "today", "tonight", "late", "early", "week", "month", "last"}
_BOUNDARY_WORDS = {"that", "and", "but", "while", "when", "as", "after", "before", "because"}


@dataclass
class _Subject:
    official: Official
    form: str  # how the subject was named: 'name', 'surname', 'pronoun', 'document', ...


def find_clause_statements(
    sentences: list[Sentence],
    officials: list[Official],
    statements: list[Statement],
    dates: list[DateMention],
) -> list[Statement]:
    """Statements the specific readers missed: one per sentence and speaker at most."""
    finder = _Finder(sentences, officials, statements, dates)
    found: list[Statement] = []
    for sentence in sentences:
        if sentence.is_caption:
            continue
        for statement in finder.statements_in(sentence):
            if finder.covers(statement):
                continue
            finder.add(statement)
            found.append(statement)
    return found


class _Finder:
    def __init__(
        self,
        sentences: list[Sentence],
        officials: list[Official],
        statements: list[Statement],
        dates: list[DateMention],
    ):
        self.sentences = sentences
        self.people = [o for o in officials if o.kind == "person" and o.name]
        self.known: dict[str, Official] = {}
        for statement in statements:
            if statement.speaker.kind != "person":
                self.known.setdefault(_speaker_key(statement.speaker.display), statement.speaker)
        self.statements = list(statements)
        # Lookups by sentence, so that a long text costs per sentence, not per sentence
        # times everything found so far.
        self.by_sentence: dict[int, list[Statement]] = {}
        self.found_order: dict[int, int] = {}  # id(statement) -> its place in self.statements
        for n, statement in enumerate(self.statements):
            self.by_sentence.setdefault(statement.sentence, []).append(statement)
            self.found_order[id(statement)] = n
        self.mentions: dict[int, list[tuple[Official, Mention]]] = {}
        for person in self.people:
            for mention in person.mentions:
                self.mentions.setdefault(mention.sentence, []).append((person, mention))
        self._pairs: dict[tuple[int, int], Official] = {}  # (sentence, first token): a pair
        self.date_spans: dict[int, list[tuple[int, int]]] = {}
        for date in dates:
            self.date_spans.setdefault(date.sentence, []).append((date.start, date.end))
        self.issuers: list[tuple[int, Official]] = [  # who issued the last statement named
            (s.sentence, s.speaker)
            for s in statements
            if re.search(r"\b(?:statement|communiqu[eé]|declaration)\b", s.predicate)
        ]

    # -- bookkeeping ---------------------------------------------------------

    def covers(self, statement: Statement) -> bool:
        key = statement.speaker.key
        return any(
            other.speaker.key == key or other.predicate == statement.predicate
            for other in self.by_sentence.get(statement.sentence, ())
        )

    def statements_near(self, index: int, back: int) -> list[Statement]:
        """Statements of the sentences ``index - back`` to ``index``, in the order found."""
        near = [s for i in range(index - back, index + 1) for s in self.by_sentence.get(i, ())]
        return sorted(near, key=lambda s: self.found_order[id(s)])

    def mentions_in(self, index: int) -> list[tuple[Official, Mention]]:
        return self.mentions.get(index, [])

    def add(self, statement: Statement) -> None:
        self.found_order[id(statement)] = len(self.statements)
        self.statements.append(statement)
        self.by_sentence.setdefault(statement.sentence, []).append(statement)
        if re.search(r"\b(?:statement|communiqu[eé]|declaration)\b", statement.predicate):
            self.issuers.append((statement.sentence, statement.speaker))

    def _official(self, name: str, kind: str) -> Official:
        name = name.strip().rstrip(",;:").strip()  # "The foreign ministers of X and Y,"
        if name.startswith("The ") and kind != "person":
            name = "the " + name[4:]
        key = _speaker_key(name)
        if key not in self.known:
            self.known[key] = Official(name=name, kind=kind)
        return self.known[key]

    # -- one sentence --------------------------------------------------------

    def statements_in(self, sentence: Sentence) -> list[Statement]:
        found: list[Statement] = []
        self._pending = found  # this sentence's speakers so far: "Manila ..., and it has"
        for statement in self._attributions(sentence):
            found.append(statement)
        general = self._general_predicates(sentence)
        for verb in sorted(set(self._predicates(sentence)) | set(general)):
            closing = _END_TAIL.match(" " + sentence.text[sentence.tokens[verb].start :])
            if verb in general and closing:
                continue
            span = self._subject_span(sentence, verb, closing=closing is not None)
            subject = self._resolve(sentence, *span) if span is not None else None
            if subject is None and not closing:
                phrased = self._phrase_subject(sentence, verb)
                if phrased is not None:
                    span, subject = phrased
            if span is None or subject is None:
                continue
            statement = None
            if closing:
                first, last = span
                start, end = sentence.tokens[first].start, sentence.tokens[last].end
                mention = Mention(sentence.index, start, end, start, end, subject.form)
                statement = _attribution_at_end(sentence, subject.official, mention)
            if subject.form == "document-self" and closing:
                continue
            if verb in general and (
                subject.form in _NOT_ACTORS
                or (span[0] > 0 and sentence.tokens[span[0] - 1].lower in _RELATIVES)
            ):
                continue  # "the threat that the Soviet Union posed": not a clause of its own
            if statement is None and not closing:
                statement = self._predicate_statement(
                    sentence, verb, subject, any_verb=verb in general
                )
                if statement is not None and runs_into_main_clause(
                    sentence, span[0], statement.predicate
                ):
                    statement = None
            if (
                statement is not None
                and subject.form == "document-self"
                and statement.verb not in _DOCUMENT_VERBS
            ):
                statement = None
            if statement is not None:
                found.append(statement)
                self._remember_issuer(sentence, subject, verb)
        found += self._agents(sentence)
        found += self._object_relatives(sentence)
        return found

    def _object_relatives(self, sentence: Sentence) -> list[Statement]:
        """'the agreement on a cessation of hostilities that Nyusi and Momade signed in
        Gorongosa last Thursday', 'two rounds of talks Gandhi and Bhutto held earlier in the
        day': who did it, and to what, when the thing done is named before its doers."""
        found = []
        text = sentence.text
        for match in _OBJECT_RELATIVE.finditer(text):
            first = sentence.token_at(match.start("subject"))
            last = sentence.token_at(match.end("subject") - 1)
            if first is None or last is None:
                continue
            subject = self._resolve(sentence, first, last)
            if subject is None or subject.form in _NOT_ACTORS or subject.form == "pronoun":
                continue
            np = _lower_determiner(match.group("np"))
            if np.split()[0].lower() in ("that", "this", "which") or len(np.split()) < 2:
                continue
            predicate = f"{match.group('verb')} {np}{match.group('rest').rstrip()}"
            if _names_speaker(predicate, subject.official):
                continue
            found.append(
                Statement(subject.official, sentence.index, "name", match.group("verb"), predicate)
            )
        return found

    # -- agents of passives and participles ----------------------------------

    def _agents(self, sentence: Sentence) -> list[Statement]:
        """'The deal, which was brokered by the UN and Turkey in 2022, ...', 'Signed in 1960
        and brokered by the World Bank, the Indus Waters Treaty governs ...', 'The peace talks
        was initiated by President Salva Kiir to resolve ...': who did it, and to what."""
        found = []
        text = sentence.text
        for match in _PARTICIPLE_BY.finditer(text):
            participle = match.group("part")
            if participle in _NOT_AGENT_PARTICIPLES:
                continue
            span = self._agent_span(sentence, match.end())
            lower_agent = _LOWER_AGENT.match(text, match.end()) if span is None else None
            grouped = self._group_agent(text, match.end()) if span is None else None
            if lower_agent is not None:
                agent = self._official(lower_agent.group("agent"), "group")
                end = lower_agent.end()
            elif grouped is not None:
                agent, end = grouped
            elif span is None:
                continue
            else:
                first, last = span
                if re.match(r"\s+and\s+[a-z]", text[sentence.tokens[last].end :]):
                    continue  # "by President Joe Biden and his Russian counterpart, ...": both
                agent = self._agent(sentence, first, last)
                end = sentence.tokens[last].end
            if agent is None:
                continue
            done = self._what_was_done(sentence, match.start())
            if done is None:
                continue
            rest = self._agent_rest(text, end)
            past = _PAST_OF.get(participle, participle)
            if _FUTURE_PASSIVE.search(text[: match.start()]):
                past = "will " + _base_form(participle)  # "will be welcomed by the United States"
            predicate = f"{past} {done}{rest}".strip()
            if len(predicate.split()) < 3 or _names_speaker(predicate, agent):
                continue
            found.append(Statement(agent, sentence.index, "name", past, predicate, None))
        return found

    def _agent_span(self, sentence: Sentence, start: int) -> tuple[int, int] | None:
        tokens = sentence.tokens
        first = sentence.token_at(start)
        if first is None or tokens[first].start < start:
            return None
        index = first
        last = None
        while index < len(tokens) and index - first < 30:
            token = tokens[index]
            lower = token.lower
            if token.text == "(":
                close = next((j for j in range(index, len(tokens)) if tokens[j].text == ")"), None)
                if close is None or close - index > 4:
                    break
                index = close + 1
                continue
            particle = re.match(r"(?:al|el|ad|bin|ibn)-[A-Z]", token.text) is not None
            if token.is_capitalized or particle or lower in _AGENT_GLUE or _lower_title(token.text):
                if token.is_capitalized or particle:
                    last = index
                index += 1
                continue
            if (
                token.text == ","
                and index + 1 < len(tokens)
                and (tokens[index + 1].is_capitalized or tokens[index + 1].lower == "and")
            ):
                index += 1
                continue
            break
        if last is None:
            return None
        following = tokens[last + 1] if last + 1 < len(tokens) else None
        if (
            following is not None
            and following.is_word
            and following.text.islower()
            and following.lower not in _AFTER_AGENT
            # "The 2005 agreement signed by the United States and Russia states that ...":
            # the main verb after the agent
            and following.lower not in _DOCUMENT_VERBS
        ):
            return None  # "by African Union chairperson ...": the agent goes on
        return first, last

    def _group_agent(self, text: str, start: int) -> tuple[Official, int] | None:
        """'signed by nearly all the states of Europe (...)': an agent named by what its
        members are, with whose they are."""
        match = re.match(
            r"(?P<agent>(?:(?:nearly|almost)\s+)?(?:all\s+(?:of\s+)?)?(?:the\s+)?"
            r"[a-z][\w\-]*(?:\s+[\w\-’']+){0,8}?)(?=\s*(?:[,.;(—–]|$|\s+(?:which|who|as\s+well)\b))",
            text[start:],
        )
        if match is None:
            return None
        phrase = match.group("agent")
        bare = re.sub(r"^(?:(?:nearly|almost)\s+)?(?:all\s+(?:of\s+)?)?", "", phrase)
        bare = re.sub(r"^the\s+", "", bare)
        if not _group_with_complement(bare) or re.search(r"\b(?:in|at|on)\b", bare):
            return None
        return self._official(phrase, "group"), start + match.end("agent")

    def _agent(self, sentence: Sentence, first: int, last: int) -> Official | None:
        tokens = sentence.tokens
        start, end = tokens[first].start, tokens[last].end
        inside = []
        for person, mention in self.mentions_in(sentence.index):
            if start <= mention.name_start and mention.name_end <= end and person not in inside:
                inside.append(person)
        phrase = sentence.text[start:end]
        if len(inside) >= 2 and re.search(r"\band\b", phrase):
            inside.sort(
                key=lambda p: min(m.name_start for m in p.mentions if m.sentence == sentence.index)
            )
            return Official(name=None, kind="group", members=inside)
        subject = self._resolve(sentence, first, last)
        if subject is None or subject.form == "pronoun":
            return None
        if subject.official.kind == "person" and len(inside) != 1:
            return None
        return subject.official

    @staticmethod
    def _agent_rest(text: str, end: int) -> str:
        """What follows the agent within its clause: ' in 2022', ' on Monday in Asmara'."""
        rest = re.split(r",|;|[.!?](?=[”\"’)]*\s*$)|\s[–—]\s", text[end:])[0]
        return rest.rstrip() if re.match(r"\s+(?:in|on|at|during|for|to|as)\b", rest) else ""

    @staticmethod
    def _what_was_done(sentence: Sentence, start: int) -> str | None:
        """The noun phrase the participle or passive is said of."""
        text = sentence.text
        before = text[:start]
        passive = re.search(
            r"(?:^|[,;]\s+|\b(?:that|and)\s+)(?P<subject>(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hese)?\s*"
            r"[^,;]{2,90}?)\s+(?:was|were|is|are|has\s+been|have\s+been|had\s+been|will\s+be)\s+"
            r"(?:\w+ly\s+)?$",
            before,
        )
        pronoun = re.search(
            r"(?:,\s*|\b)(?:where|when|and)\s+(?:it|he|she|they)\s+(?:was|were|is|are|will\s+be)\s+"
            r"(?:\w+ly\s+)?$",
            before,
        )
        if pronoun:
            # "The signing ceremony was transmitted live to Jakarta, where it was witnessed by
            # President Yudhoyono", "Abiy arrived in Asmara, where he was welcomed by Isaias":
            # what the main clause is about.
            main = re.match(
                r"(?:[A-Z]{3,}[\w ,]*\s[–—-]\s+)?(?P<subject>(?:[Tt]he\s+|[Aa]n?\s+)?"
                r"(?:[A-Z][\w\-’']*|[a-z][\w\-]*)(?:\s+[\w\-’']+){0,6}?)\s+"
                r"(?:was|were|is|are|has|have|had|arrived|[a-z]+ed)\b",
                before,
            )
            if main is None or re.search(r"[,;“”\"]", main.group("subject")):
                return None
            return _lower_determiner(main.group("subject"))
        if passive:
            subject = re.sub(r"^(?:and|but|while)\s+", "", passive.group("subject").strip())
            if re.search(r"\b(?:where|when|who|whom|they|we|and|or)$|^(?:where|when)\b", subject):
                return None  # "where they were hosted by", "X and was witnessed by"
            if any(
                w in AUXILIARIES or w in _BOUNDARY_WORDS - {"and"} or w in ("till", "until")
                for w in subject.lower().split()
            ):
                return None  # "X is chargé d'affaires till a head of mission is appointed by"
            if subject.lower() in ("which", "that", "who"):
                noun = re.search(
                    r"((?:[Tt]he|[Aa]n?)\s+[^,;]{2,50}?),\s+(?:which|that)\s+\w+\s+$", before
                )
                if noun is None:
                    return None
                subject = noun.group(1)
            if re.match(r"(?:it|this|they|he|she)$", subject, re.I):
                return None
            return _lower_determiner(subject)
        opening = re.match(r"^[A-Z][a-z]+ed\b[^,]*$", before.strip()) or re.match(
            r"^[A-Z][a-z]+ed\b[^,]*\band\s+$", before
        )
        if opening or before.strip() == "":
            # "Signed in 1960 and brokered by the World Bank, the Indus Waters Treaty governs":
            # the participles describe the subject of the main clause.
            after = text[start:]
            main = re.search(
                r",\s+(?P<subject>(?:the|The|a|an)\s+[^,;]{2,60}?)\s+(?:[a-z]+s|[a-z]+ed|was|is)\b",
                after,
            )
            return main.group("subject") if main else None
        noun = re.search(
            r"^(?P<clause>[A-Z][^,;]{10,160}?)\s+(?P<prep>in|at|during)\s+(?:a|an|the)\s+"
            r"(?P<noun>[\w\-’']+)\s+$",
            before,
        )
        if noun and re.search(r"\b[a-z]+(?:ed|ned|gned)\b", noun.group("clause")):
            # "The UAE and Bahrain signed agreements ... in a ceremony overseen by Donald
            # Trump": "oversaw the ceremony in which the UAE and Bahrain signed ...".
            clause = _lower_determiner(noun.group("clause"))
            return f"the {noun.group('noun')} {noun.group('prep')} which {clause}"
        described = re.search(
            r"(?:^|[,;]\s+|\b(?:followed|follows|after|before|of|with|on|under|in|at|to|and)\s+)"
            r"(?P<np>(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat|[Ii]ts|[Tt]heir)\s+(?:[\w\-’'.]+\s+|\d{1,2},\s+){0,5}?"
            r"[\w\-’']+),?\s+$",
            before,
        )
        if (
            described
            and not re.search(r"\b(?:was|were|is|are|been|being|be)$", described.group("np"))
            and not any(w.lower() in AUXILIARIES for w in described.group("np").split()[1:])
        ):
            # "a dinner hosted by the Pakistan President", "The meeting, chaired by ...", "The
            # 2005 agreement signed by the United States ... states": what the agent did it to.
            np = described.group("np")
            if not re.fullmatch(r"(?:the|a|an|this|that)\s+(?:which|who|it)", np, re.I):
                return _lower_determiner(np)
        return None

    def _remember_issuer(self, sentence: Sentence, subject: _Subject, verb: int) -> None:
        rest = sentence.text[sentence.tokens[verb].start :]
        if re.match(r"\w+\s+(?:a|an|the|its)\s+(?:\w+\s+){0,2}statement\b", rest):
            self.issuers.append((sentence.index, subject.official))

    def _predicates(self, sentence: Sentence) -> list[int]:
        """Token indexes of the verbs that may head a predicate, auxiliaries included."""
        tokens = sentence.tokens
        found = []
        for index, token in enumerate(tokens):
            if token.lower not in SPEAKER_VERBS or not token.text.islower():
                continue
            start = index
            while start > 0 and (
                tokens[start - 1].lower in ("has", "have", "had", "also", "repeatedly", "firmly")
                or (
                    tokens[start - 1].lower in ADVERBS
                    and tokens[start - 1].lower not in ("in", "turn")
                )
                or tokens[start - 1].lower in _TIME_ADVERBS
                or _ly_adverb(tokens[start - 1])
            ):
                start -= 1
            if start > 0 and tokens[start - 1].lower in (
                "is",
                "are",
                "was",
                "were",
                "be",
                "been",
                "being",
                "to",
                "will",
                "would",
                "not",
                "could",
                "should",
                "might",
                "may",
                "can",
            ):
                continue  # passive, infinitive or modal: not something the subject did
            if found and found[-1] == start:
                continue
            found.append(start)
        return found

    def _general_predicates(self, sentence: Sentence) -> set[int]:
        """Verbs outside the lists that a named subject may still act with: 'The American
        mediator Amos Hochstein arrived in Lebanon', 'Bertie Ahern and Tony Blair ... were
        delighted', 'China will purchase', 'The Parties will then submit'. Only a past
        tense or 'will' with its verb; the subject must name someone (`_NOT_ACTORS`)."""
        tokens = sentence.tokens
        found: set[int] = set()
        for index, token in enumerate(tokens):
            lower = token.lower
            if not token.text.islower() or not token.is_word:
                continue
            previous = tokens[index - 1].lower if index else ""
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if lower == "will" or (
                lower == "did" and index + 1 < len(tokens) and tokens[index + 1].lower == "not"
            ):
                # "China will purchase", "The Chinese Embassy did not immediately respond"
                verb = index + 1
                while verb < len(tokens) and (
                    tokens[verb].lower in ("then", "also", "soon", "now", "afterward", "later")
                    or is_ly_adverb(tokens[verb].text)
                    or (lower == "did" and tokens[verb].lower == "not")
                ):
                    verb += 1
                if (
                    verb < len(tokens)
                    and tokens[verb].text.isalpha()
                    and tokens[verb].text.islower()
                    and tokens[verb].lower not in _NOT_FUTURE_VERBS
                ):
                    found.add(index)
                continue
            if lower in SPEAKER_VERBS or lower in AUXILIARIES or lower in NOT_VERBS:
                continue
            if not (lower in IRREGULAR_PAST or (lower.endswith("ed") and len(lower) > 4)):
                continue
            if previous in _DETERMINERS or previous in (
                "is",
                "are",
                "was",
                "were",
                "be",
                "been",
                "being",
                "to",
                "has",
                "have",
                "had",
                "would",
                "could",
                "should",
                "might",
                "may",
                "can",
                "not",
                "who",
                "which",
                "that",
            ):
                continue  # "the signed memorandum", passives and relative clauses
            if following is not None and following.lower == "by":
                continue  # "an accord backed by the UN"
            found.add(index)
        return found

    def _subject_span(
        self, sentence: Sentence, verb: int, closing: bool = False
    ) -> tuple[int, int] | None:
        """The token span of the subject of the predicate at `verb`; `closing` when the
        predicate ends the sentence, so that the words before it are what was said."""
        tokens = sentence.tokens
        apposed = self._apposed_person(sentence, verb)
        if apposed is not None:
            return apposed
        spans = self.date_spans.get(sentence.index, [])
        last = verb - 1
        turn = _IN_TURN.search(sentence.text[: sentence.tokens[verb].start])
        if turn:  # "The U.S. in turn agreed", "Amos Hochstein in his turn said"
            last = (sentence.token_at(turn.start() + 1) or verb) - 1
        steps = 0
        while last >= 0 and steps < 20:
            steps += 1
            token = tokens[last]
            if any(s <= token.start < e for s, e in spans) or token.text in WEEKDAY_NAMES:
                last -= 1
                continue
            if token.lower in _TIME_WORDS or token.lower in ("on", "earlier", "also", "quickly"):
                last -= 1
                continue
            if token.lower in ADVERBS and token.lower != "in":
                last -= 1
                continue
            if token.lower in _TIME_ADVERBS or _ly_adverb(token):
                last -= 1  # "Moscow has since issued", "Japan had earlier this month removed"
                continue
            if token.text == ")":
                while last >= 0 and tokens[last].text != "(":
                    last -= 1
                last -= 1
                continue
            if token.text == ",":
                # ", in a statement yesterday,": a phrase between commas after the subject.
                opening = next(
                    (j for j in range(last - 1, max(-1, last - 14), -1) if tokens[j].text == ","),
                    None,
                )
                if opening is None:
                    return None
                if self._apposition_between(tokens, opening, last):
                    last = opening - 1  # "The FARC, a Marxist guerrilla group, launched"
                    continue
                if self._name_after_description(sentence, opening, last):
                    # "Colombia's second-largest rebel force, the leftist National Liberation
                    # Army (ELN), agreed": the name in apposition is the subject.
                    return opening + 1, last - 1
                named = self._person_at(sentence, tokens[opening + 1].start, tokens[last - 1].end)
                if (
                    named is not None
                    and self._person_starts(sentence, named.official, tokens[opening + 1].start)
                    and opening > 0
                    and not any(t.lower == "and" for t in tokens[:opening])
                ):
                    # "Iran Foreign Ministry spokeswoman, Marzieh Afkham, said": a name in
                    # apposition after the title that opens the clause.
                    return opening + 1, last - 1
                if tokens[opening + 1].lower not in (
                    "in",
                    "on",
                    "at",
                    "during",
                    "for",
                    "with",
                    "however",
                    "meanwhile",
                    "though",
                    "too",
                    "speaking",
                    "responding",
                ):
                    return None
                last = opening - 1
                continue
            break
        if last < 0 or not tokens[last].is_word:
            return None
        first = last
        heads = _GROUP_HEADS | INSTITUTION_HEADS
        modifiers = 0  # lowercase words before a head: "armed opposition groups"
        while first > 0 and last - first < 14:
            previous = tokens[first - 1]
            word = previous.lower
            if tokens[first].text.islower() and tokens[first].lower in heads:
                modifiers = 0
            if (
                (tokens[first].lower in heads or modifiers > 0)
                and modifiers < 3
                and tokens[first].text.islower()
                and previous.text.isalpha()
                and previous.text.islower()
                and word not in _BOUNDARY_WORDS
                and word not in AUXILIARIES
                and word not in _RELATIVES
                and (not is_verb(previous.text) or word.endswith("ed"))
                and word not in ("of", "for", "in", "to", "by", "with", "on", "at", "from")
            ):
                first -= 1  # "armed opposition groups", "rebel forces"
                modifiers += 1
                continue
            if previous.text == "(":
                break
            if previous.text == ")":
                opening = next(
                    (j for j in range(first - 2, max(-1, first - 6), -1) if tokens[j].text == "("),
                    None,
                )
                if opening is None:
                    break
                first = opening
                continue
            if previous.text == ",":
                # "Belgium, Estonia, France ... and the UK": a list of names.
                if (
                    first - 2 >= 0
                    and tokens[first - 2].is_capitalized
                    and (tokens[first].is_capitalized or tokens[first].lower == "and")
                    and self._list_follows(tokens, first, last)
                ):
                    first -= 1
                    continue
                break
            if not previous.is_word and previous.text not in ("-", "&", "’", "'"):
                break
            if (
                word == "and"
                and not (
                    first - 2 >= 0
                    and (
                        self._conjunct(tokens[first - 2])
                        # "France, Germany, and the United Kingdom": the serial comma
                        or (
                            tokens[first - 2].text == ","
                            and first - 3 >= 0
                            and tokens[first - 3].is_capitalized
                            and (tokens[first].is_capitalized or tokens[first].lower == "the")
                            and any(t.text == "," for t in tokens[max(0, first - 8) : first - 2])
                        )
                    )
                )
            ):
                break
            if (
                word in ("signed", "initialled", "initialed", "revised", "amended")
                and first >= 2
                and tokens[first - 2].lower in ("the", "a", "an")
            ):
                first -= 1  # "The signed memorandum states"
                continue
            if word in ("to", "by") and first >= 2:
                # "Moscow's ambassador to Belarus said", "a statement by the State
                # Department noted": a title or a document with what it belongs to.
                owner = strip_possessive(tokens[first - 2].lower)
                if (word == "to" and owner in _ENVOY_HEADS | {"parties", "signatories"}) or (
                    word == "by" and owner in DOCUMENT_NOUNS
                ):
                    first -= 1
                    continue
            if word in _BOUNDARY_WORDS - {"and"} or (is_verb(previous.text) and word != "state"):
                break
            if (
                previous.is_capitalized
                or previous.text[:1].isdigit()
                or word in _PHRASE_WORDS
                or (is_title_head(previous.text) and previous.text.islower())
            ):
                first -= 1  # "The American mediator Amos Hochstein"
                continue
            if word in NUMBER_WORDS or word in ("s",):
                first -= 1
                continue
            if word in _NAME_PARTICLES and (
                tokens[first].is_capitalized or tokens[first].lower in _NAME_PARTICLES
            ):
                first -= 1  # "Ms von der Leyen called"
                continue
            break
        while first < last and tokens[first].lower in ("of", "for", "in", "and"):
            first += 1
        if closing and first > 0 and tokens[first - 1].text not in (",", "”", '"'):
            # "..., the former Russian president and deputy head of the security council
            # Dmitry Medvedev said": a long title before the name, back to the comma.
            comma = next(
                (k for k in range(first - 1, max(-1, first - 12), -1) if tokens[k].text == ","),
                None,
            )
            if (
                comma is not None
                and not any(is_verb(t.text) for t in tokens[comma + 1 : first])
                and self._person_at(sentence, tokens[first].start, tokens[last].end)
            ):
                first = comma + 1
        if closing and first > 0 and tokens[first - 1].text in (",", "”", '"'):
            return first, last  # '“...,” the statement said', '..., Medvedev said late Monday'
        if not self._opens_clause(sentence, first):
            return None
        return first, last

    def _apposed_person(self, sentence: Sentence, verb: int) -> tuple[int, int] | None:
        """'Vladimir Medinsky, also an advisor to President Vladimir Putin, said': the person
        before a phrase in apposition, not the one the phrase ends with."""
        tokens = sentence.tokens
        for person, mention in self.mentions_in(sentence.index):
            if mention.possessive:
                continue
            last = sentence.token_at(mention.name_end - 1)
            if last is None or verb_after_appositive(tokens, last) != verb:
                continue
            first = sentence.token_at(mention.start)
            if first is None:
                continue
            opening = first
            # "Head of the Russian delegation Vladimir Medinsky, ...": a title before.
            while (
                opening > 0
                and first - opening < 8
                and tokens[opening - 1].is_word
                and not is_verb(tokens[opening - 1].text)
                and tokens[opening - 1].lower not in _BOUNDARY_WORDS
            ):
                opening -= 1
            if self._opens_clause(sentence, opening) or self._opens_clause(sentence, first):
                self._apposed_pair(sentence, person, first, last, verb)
                return first, last
        return None

    def _apposed_pair(
        self, sentence: Sentence, person: Official, first: int, last: int, verb: int
    ) -> Official | None:
        """'Yitzhak Rabin, the Prime Minister of Israel, and Yasir Arafat, the chairman of the
        P.L.O., shook hands': two people, each with a title in apposition, share the verb.
        Remembers the pair for `_resolve` under the first name's token."""
        tokens = sentence.tokens
        for index in range(last + 2, verb - 2):
            if tokens[index].text != "," or tokens[index + 1].lower != "and":
                continue
            partner = next(
                (
                    p
                    for p, m in self.mentions_in(sentence.index)
                    if p is not person
                    and not m.possessive
                    and sentence.token_at(m.start) == index + 2
                ),
                None,
            )
            if partner is None:
                return None
            between = tokens[last + 2 : index]
            if any(t.text in (";", ":") or is_verb(t.text) for t in between):
                return None
            group = Official(name=None, kind="group", members=[person, partner])
            self._pairs[(sentence.index, first)] = group
            return group
        return None

    @staticmethod
    def _person_starts(sentence: Sentence, person: Official, start: int) -> bool:
        """Whether a mention of `person` opens the phrase at `start`: 'spokeswoman, Marzieh
        Afkham, said', not 'Medinsky, also an advisor to President Vladimir Putin, said'."""
        for mention in person.mentions:
            if mention.sentence != sentence.index or mention.name_start < start:
                continue
            # "the Angolan Head of State, João Lourenço,": the title before the comma
            begin = mention.start if mention.start >= start else mention.name_start
            before = sentence.text[start:begin].split()
            # "the assistant secretary of state Richard Holbrooke" opens with the person;
            # "also an advisor to President Vladimir Putin" only ends with one.
            if not before or (
                before[0].lower() != "also"
                and before[-1].lower() not in ("to", "of", "for", "with", "by", "from", "and")
            ):
                return True
        return False

    @staticmethod
    def _apposition_between(tokens, opening: int, closing: int) -> bool:
        """'The FARC, a Marxist guerrilla group, launched', 'the M23, an ethnic Tutsi rebel
        force linked to Rwanda, sprinted': a noun phrase in apposition to a name."""
        inside = tokens[opening + 1 : closing]
        if len(inside) < 2 or inside[0].lower not in ("a", "an", "the") or opening < 1:
            return False
        before = tokens[opening - 1]
        if not (before.is_capitalized or before.text == ")"):
            return False
        return not any(
            t.lower in AUXILIARIES
            or t.lower in _RELATIVES
            or t.text in ("“", '"', ";", ":")
            or (is_verb(t.text) and not t.lower.endswith("ed"))
            for t in inside
        )

    def _name_after_description(self, sentence: Sentence, opening: int, closing: int) -> bool:
        tokens = sentence.tokens
        inside = [t for t in tokens[opening + 1 : closing] if t.text not in ("(", ")")]
        if not inside or inside[0].lower != "the" or sum(t.is_capitalized for t in inside) < 2:
            return False
        if any(t.text.islower() and is_verb(t.text) for t in inside):
            return False
        before = tokens[:opening]
        if not before or not self._opens_clause(sentence, 0):
            return False
        head = before[-1]
        return (
            head.text.islower()
            and head.lower in _DESCRIPTION_HEADS
            and not any(is_verb(t.text) or t.text == "," for t in before)
        )

    @staticmethod
    def _conjunct(token) -> bool:
        return (
            token.is_capitalized
            or token.text[:1].isdigit()
            or token.lower in ("side",)
            or token.lower in INSTITUTION_HEADS
        )

    @staticmethod
    def _list_follows(tokens, first: int, last: int) -> bool:
        return any(t.lower == "and" for t in tokens[first : last + 1])

    def _opens_clause(self, sentence: Sentence, first: int) -> bool:
        tokens = sentence.tokens
        dateline = _DATELINE.match(sentence.text)
        lead = 0
        if dateline:
            lead = next((i for i, t in enumerate(tokens) if t.start >= dateline.end()), 0)
        if first <= lead:
            return True
        previous = tokens[first - 1]
        if previous.text in (";", ":", "–", "—", "--", "”", '"'):
            return True
        if previous.lower == "that":
            # "reported Saturday that Kim stressed", "It is known, that France and Germany
            # decided": a speaker reported by another.
            before = [t for t in tokens[max(0, first - 5) : first - 1] if t.is_word]
            return any(t.lower in REPORTING_VERBS or t.lower == "known" for t in before)
        if previous.lower in ("and", "but", "while", "when", "as", "after"):
            return (first >= 2 and tokens[first - 2].text == ",") or previous.lower != "and"
        if previous.text == ",":
            head = tokens[first - 2] if first >= 2 else None
            if head is not None and head.text in ("”", '"'):
                return True
            opener = tokens[lead]
            segment = tokens[lead + 1 : first - 1]
            intro = (
                opener.lower in INTRO_WORDS
                or opener.lower.endswith(("ing", "ed", "ly"))
                or opener.lower in ("it",)
                # "Three weeks after the start of the negotiations, ..."
                or (
                    (opener.lower in NUMBER_WORDS or opener.text[:1].isdigit())
                    and lead + 1 < len(tokens)
                    and tokens[lead + 1].lower.rstrip("s") in ("day", "week", "month", "year")
                )
            )
            return intro and not any(
                is_verb(t.text) and t.lower not in ("is", "known") for t in segment
            )
        return False

    # -- a subject phrase of any shape -------------------------------------------

    def _phrase_subject(
        self, sentence: Sentence, verb: int
    ) -> tuple[tuple[int, int], _Subject] | None:
        """Behind `_subject_span`: the whole noun phrase from the start of its clause to the
        verb, named when it is a group of people, a body or a government, a phrase after its
        head included ('regional forces from Tigray', 'the representatives of the United
        Nations Command and the Korean People's Army', 'Foreign secretaries of the two
        nations'), and several of them sharing the verb ('The Indonesian government and the
        Free Aceh Movement (GAM)')."""
        tokens = sentence.tokens
        last = self._before_verb(sentence, verb)
        if last is None:
            return None
        first = self._clause_start(sentence, last)
        if first is None or first > last:
            return None
        while first < last and (
            tokens[first].lower in ("and", "but", "then", "now", "today", "later", "since")
            or (tokens[first].lower == "then" and first > 0 and tokens[first - 1].lower == "since")
        ):
            first += 1  # "Since then representatives of thirty-four other nations have"
        while last > first and tokens[last].lower in ("each", "all", "both", "too", "themselves"):
            last -= 1  # "The governments of the twelve original nations each ratified"
        if last - first > 18 or not tokens[first].is_word:
            return None
        following = tokens[verb + 1 : verb + 7]
        if following and following[0].lower == "by":
            return None  # "SPLM-N led by Abdelazuz al-Hilu": a participle, not a clause
        for token in following:
            if token.lower in ("that", "to", ",") or token.text in _OPEN_MARKS:
                break
            if token.lower in ("should", "would", "must", "can", "could", "is", "are", "was"):
                return None  # "All parties represented in Congress should be determined"

        for token in tokens[first : last + 1]:
            if token.text in _OPEN_MARKS + _CLOSE_MARKS + ";:" or token.lower in _RELATIVES:
                return None
            if token.lower in _PRONOUNS or token.lower in AUXILIARIES:
                return None
            if token.text.islower() and is_verb(token.text) and not _adjectival(token.text):
                return None
        phrase = sentence.text[tokens[first].start : tokens[last].end]
        official = self._named_phrase(sentence, phrase, first)
        if official is None:
            return None
        return (first, last), _Subject(official, "name")

    def _before_verb(self, sentence: Sentence, verb: int) -> int | None:
        """The last token of the subject: the verb's index less the words of time and manner
        between ('in January had shut down', 'on Wednesday agreed', 'largely honoured')."""
        tokens = sentence.tokens
        spans = self.date_spans.get(sentence.index, [])
        last = verb - 1
        while last >= 0:
            token = tokens[last]
            if any(s <= token.start < e for s, e in spans) or token.text in WEEKDAY_NAMES:
                last -= 1
                if last >= 0 and tokens[last].lower in ("on", "in", "at", "by", "since"):
                    last -= 1
                continue
            if (
                token.lower in _TIME_WORDS
                or token.lower in ("on", "earlier", "also", "then", "now", "later", "jointly")
                or token.lower in ("has", "have", "had", "will", "would", "did")
                or token.lower in _TIME_ADVERBS
                or (token.lower in ADVERBS and token.lower not in ("in", "and"))
                or _ly_adverb(token)
            ):
                last -= 1
                continue
            break
        if last < 0:
            return None
        if tokens[last].text == ")":
            return last if any(t.text == "(" for t in tokens[max(0, last - 6) : last]) else None
        return last if tokens[last].is_word else None

    def _clause_start(self, sentence: Sentence, last: int) -> int | None:
        """Where the clause whose subject ends at `last` begins: the sentence's start (after a
        dateline), a colon or dash, ', and', or the comma that closes an opening phrase of
        time or circumstance ('A year later,', 'At last, at 10 a.m. on July 27, 1953,', 'Just
        over a week after formal peace talks ... began in Pretoria,')."""
        tokens = sentence.tokens
        dateline = _DATELINE.match(sentence.text)
        lead = (sentence.token_at(dateline.end()) or 0) if dateline else 0
        index = last + 1
        depth = 0
        spans = self.date_spans.get(sentence.index, [])
        while index > lead:
            token = tokens[index - 1]
            dated = next(((a, b) for a, b in spans if a <= token.start < b), None)
            if dated is not None and not depth:
                # "On 30th November the representatives announced": a date before the subject
                opening = sentence.token_at(dated[0]) or 0
                if opening <= lead or tokens[opening - 1].lower in _DATE_PREPOSITIONS:
                    return index
                return None
            if token.text == ")":
                depth += 1
            elif token.text == "(":
                depth -= 1
            elif depth:
                pass
            elif token.text in (";", ":", "—", "–", "--"):
                return index
            elif token.text == ",":
                if self._opening_phrase(tokens, lead, index - 1):
                    return index
                if index < len(tokens) and tokens[index].lower == "and":
                    return index + 1  # ", and the rebels agreed"
                return None
            elif (
                token.lower == "that"
                and index >= 2
                and any(t.lower in REPORTING_VERBS for t in tokens[max(0, index - 5) : index - 1])
            ):
                return index
            elif token.text.islower() and is_verb(token.text) and not _adjectival(token.text):
                return None
            index -= 1
        return lead

    @staticmethod
    def _opening_phrase(tokens, lead: int, comma: int) -> bool:
        """Whether the words from `lead` to the comma open the sentence as a phrase of time,
        place or circumstance rather than a clause of their own."""
        words = tokens[lead:comma]
        if not words or any(t.text in _OPEN_MARKS + _CLOSE_MARKS for t in words):
            return False
        if any(t.lower in ("said", "says", "told", "added", "say") for t in words):
            return False
        opener = words[0].lower
        if opener in INTRO_WORDS or opener.endswith(("ing", "ly")):
            return True
        timed = any(
            t.lower in ("after", "before", "later", "earlier", "ago", "since", "following")
            for t in words
        )
        return timed and (
            opener in NUMBER_WORDS or opener in _TIMED_OPENERS or opener[:1].isdigit()
        )

    def _named_phrase(self, sentence: Sentence, phrase: str, first: int) -> Official | None:
        """A group, body or government the phrase names; None for anything else."""
        bare = re.sub(r"\s*\([^)]*\)", "", phrase).strip()
        bare = re.sub(r"^(?:[Bb]oth|[Nn]early\s+all(?:\s+of)?|[Aa]ll(?:\s+of)?)\s+(?=\w)", "", bare)
        group = _group_with_complement(bare)
        if group:
            return self._official(self._phrase_name(sentence, phrase, first), "group")
        parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", bare) if p.strip()]
        if len(parts) >= 2:
            kinds = [self._part_kind(part) for part in parts]
            if None in kinds:
                return None
            return self._official(self._phrase_name(sentence, phrase, first), "group")
        kind = self._part_kind(bare)
        if kind in ("body", "group"):
            return self._official(self._phrase_name(sentence, phrase, first), kind)
        return None

    def _part_kind(self, part: str) -> str | None:
        """What one part of a subject names: 'group', 'body', 'institution' or 'person'."""
        bare = re.sub(r"^(?:[Tt]he)\s+", "", part)
        lower = bare.lower()
        words = bare.split()
        if not words:
            return None
        if lower in COUNTRIES or lower in GOVERNMENT_SEATS:
            return "institution"
        if _group_with_complement(bare) or _counted_group(bare):
            return "group"
        head = strip_possessive(words[-1]).lower()
        if head in _GROUP_HEADS | GROUP_NOUNS and len(words) <= 4:
            return "group"  # "Houthi rebels", "regional forces"
        if head in INSTITUTION_HEADS and len(words) <= 4:
            owner = strip_possessive(words[0]).lower()
            if owner in COUNTRIES or owner in NATIONALITIES or any(w[:1].isupper() for w in words):
                return "institution"  # "The Ethiopian government", "the Yemeni government"
        if self._named_body(bare) or _organisation_name(bare):
            return "body"
        if re.fullmatch(r"[A-Z][A-Z0-9]{1,7}", bare):
            return "body"  # "the MILF"
        if any(bare == p.name or bare == p.surname for p in self.people):
            return "person"
        return None

    @staticmethod
    def _phrase_name(sentence: Sentence, phrase: str, first: int) -> str:
        name = _article(phrase)
        opener = name.split()[0]
        if (
            first == _sentence_lead(sentence)
            and opener[:1].isupper()
            and not opener.isupper()
            and opener.lower() in _PEOPLE_HEADS | _COMMON_OPENERS
        ):
            name = name[:1].lower() + name[1:]  # "Foreign secretaries of ..." as an answer
        return name

    # -- what the subject names ---------------------------------------------

    def _resolve(self, sentence: Sentence, first: int, last: int) -> _Subject | None:
        tokens = sentence.tokens
        start, end = tokens[first].start, tokens[last].end
        phrase = sentence.text[start:end]
        words = phrase.split()
        lower = phrase.lower()
        if (sentence.index, first) in self._pairs:
            return _Subject(self._pairs[(sentence.index, first)], "name")
        if _GROUP_OF.fullmatch(phrase):
            phrase = re.sub(r"\s+(?:each|all|both|themselves)$", "", phrase)
            return _Subject(self._official(_article(phrase), "group"), "name")
        if len(words) == 1 and lower in _PRONOUNS:
            return self._pronoun(sentence, start, lower)
        if re.search(r"\band\b", phrase):
            # "Milošević, Tuđman, and Izetbegović reached": all of them, not the last one.
            shared = self._coordinated(sentence, phrase)
            if shared is not None:
                return shared
        person = self._person_at(sentence, start, end)
        if person is not None:
            if re.search(r"\band\b", phrase) and not self._person_starts(
                sentence, person.official, start
            ):
                return None  # "X and Wang Yi met": a pair the shared subject did not read
            return person
        if _ARTICLE.match(re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", phrase)) or re.match(
            r"(?:[Tt]he|[Aa]n?)\s+(?:[\w\-]+\s+)?(?:clause|provision|memorandum|text)\b", phrase
        ):
            return self._thing(sentence, phrase, start)  # "Article XII of the treaty states"
        if _PARTIES_TO.fullmatch(phrase):
            return _Subject(self._official(_article(phrase), "group"), "name")
        if any(w.strip(",").lower() in TREATY_WORDS for w in words) and not re.search(
            r"\b(?:statement|communiqu[eé]|declaration)\b", lower
        ):
            return None  # "The Dayton Accords put a stop": an agreement is no speaker
        if re.search(r"\band\b|,", phrase):
            return self._coordinated(sentence, phrase)
        return self._thing(sentence, phrase, start)

    def _person_at(self, sentence: Sentence, start: int, end: int) -> _Subject | None:
        """A person mentioned at the head of the phrase, or named by a part of their name."""
        best = None
        for person, mention in self.mentions_in(sentence.index):
            if mention.possessive:
                continue
            if start <= mention.name_start and end - 1 <= mention.name_end <= end:
                best = _Subject(person, mention.form)
        if best is not None:
            return best
        phrase = sentence.text[start:end]
        titled = re.fullmatch(r"(?:[A-Z][\w.]*\s+)+(?P<name>[A-Z][\w’'\-]+)", phrase)
        if titled and all(is_title_head(w) for w in phrase.split()[:-1]):
            phrase = titled.group("name")  # "Sheikh Mohammed said" for "Mohammed bin ..."
        if re.fullmatch(r"[A-Z][\w’'\-]+", phrase):
            owners = [p for p in self.people if phrase in re.split(r"[\s\-]", p.name)]
            if len(owners) == 1:
                return _Subject(owners[0], "surname")  # "Assi said" for "Anwar al-Assi"
        return None

    def _pronoun(self, sentence: Sentence, start: int, pronoun: str) -> _Subject | None:
        if pronoun in ("he", "she"):
            for person, mention in self.mentions_in(sentence.index):
                if mention.start == start and mention.form == "pronoun":
                    return _Subject(person, "pronoun")
            return None
        kinds = ("institution", "body") if pronoun == "it" else ("group",)
        same = [
            s
            for s in getattr(self, "_pending", [])
            if s.speaker.kind in kinds and not s.speaker.members
        ]
        if same:
            return _Subject(same[-1].speaker, "pronoun")  # "Manila beached ..., and it has"
        earlier = [
            s
            for s in self.statements_near(sentence.index, 2)
            if s.speaker.kind in kinds and not s.speaker.members
        ]
        if not earlier:
            return None
        earlier.sort(key=lambda s: s.sentence)
        return _Subject(earlier[-1].speaker, "pronoun")

    def _coordinated(self, sentence: Sentence, phrase: str) -> _Subject | None:
        """'Germany and France', 'The United States and five European Union (EU) countries',
        'Belgium, Estonia, France, Germany, Poland and the UK'."""
        phrase = re.sub(r"^(?:[Bb]oth)\s+", "", phrase)
        paired = _PAIRED_TITLE.fullmatch(phrase)
        if paired:
            # "The Azerbaijani and Armenian foreign ministers", "the Indian and Chinese
            # foreign ministers": one office held by people of two or more countries.
            return _Subject(self._official(_article(phrase), "group"), "name")
        parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", phrase) if p.strip()]
        if len(parts) < 2:
            return None
        people = 0
        unknown = 0
        governments = 0
        for part in parts:
            bare = re.sub(r"^(?:[Tt]he)\s+", "", re.sub(r"\s*\([^)]*\)", "", part))
            owned = re.match(r"([A-Z][\w.]*)(?:'s|’s)\s+(?=[A-Z])", bare)
            if owned and owned.group(1).lower() in COUNTRIES:
                bare = bare[owned.end() :]  # "India's S. Jaishankar and China's Wang Yi"
            if (
                bare.lower() in COUNTRIES
                or bare.lower() in GOVERNMENT_SEATS
                or _counted_group(bare)
                or self._named_body(bare)
            ):
                governments += 1
                continue
            head = bare.lower().split()[-1] if bare.split() else ""
            if (
                bare.split()
                and (head in _GROUP_HEADS or head in INSTITUTION_HEADS)
                and (len(bare.split()) <= 5)
            ):
                governments += 1  # "The Sudanese transitional government and armed
                continue  # opposition groups", "the army and rebel forces"
            if any(bare == p.name or bare == p.surname for p in self.people):
                people += 1
            elif re.fullmatch(r"(?:[A-Z]\.\s*)?[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){0,2}", bare):
                unknown += 1  # "Milošević, Tuđman, and Izetbegović": a name not yet known
            else:
                return None
        if (
            unknown
            and governments
            and not people
            and all(len(p.split()) == 1 or p.lower() in COUNTRIES for p in parts)
        ):
            unknown = 0  # "Israel and Hamas": a state and a movement the text names
        if unknown and (people < unknown or people + unknown < len(parts)):
            return None
        name = re.sub(r"^The\s", "the ", phrase)
        return _Subject(self._official(name, "group"), "name")

    def _named_body(self, bare: str) -> bool:
        """'the International Atomic Energy Agency', 'the IAEA', 'the Democratic Republic of
        Congo': a capitalised name of a body or state the text speaks of as one."""
        words = bare.split()
        if not words or not all(w[:1].isupper() or w in ("of", "for", "and") for w in words):
            return False
        if _speaker_key(bare) in self.known or {bare.lower(), "the " + bare.lower()} & BODIES:
            return True
        if len(words) == 1:
            return bare.isupper() and len(bare) >= 2  # "the IAEA"
        head = words[-1].lower()
        return (
            head in INSTITUTION_HEADS
            or head in ("union", "nations", "organization", "organisation", "bank", "fund")
            or bare.lower().startswith(("republic of", "democratic republic of", "kingdom of"))
        )

    def _thing(self, sentence: Sentence, phrase: str, start: int) -> _Subject | None:
        document = _DOCUMENT_BY.fullmatch(phrase)
        if document:
            # "a statement by the Department of State": its issuer speaks.
            named = document.group("issuer")
            issuer = self.known.get(_speaker_key(named)) or self._official(_article(named), "body")
            return _Subject(issuer, "document")
        envoy = _TITLE_ONLY.fullmatch(phrase)
        if envoy and strip_possessive(envoy.group("owner")).lower() in (
            COUNTRIES | GOVERNMENT_SEATS
        ):
            # "Moscow's ambassador to Belarus": a person known by the office alone.
            key = _speaker_key(phrase)
            if key not in self.known:
                self.known[key] = Official(name=None, titles=[phrase], kind="person")
            return _Subject(self.known[key], "title")
        bare = re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", phrase)
        bare = re.sub(r"\s*\([^)]*\)", "", bare)  # "National Liberation Army (ELN)"
        lower = bare.lower()
        # "the Federal Security Service in Moscow", "the Permanent Court of Arbitration":
        # the head comes before the place or the field.
        core = re.split(r"\s+(?:of|in|for|at)\s+", lower)[0]
        head = strip_possessive(core.split()[-1]) if core.split() else ""
        if lower in COUNTRIES or lower in GOVERNMENT_SEATS:
            return _Subject(self._official(_government_name(phrase), "institution"), "name")
        described = _DESCRIBED_COUNTRY.fullmatch(bare)
        if described and described.group("country").lower() in COUNTRIES:
            # "NATO member Turkey", "Mediator Qatar", "ally Japan": the country acts
            country = described.group("country")
            return _Subject(self._official(_government_name(country), "institution"), "name")
        if _is_outlet(bare):
            return _Subject(self._official(_article(phrase), "body"), "outlet")
        if head in DOCUMENT_NOUNS:
            issuer = self._issuer(sentence, phrase, start)
            if issuer is not None:
                return _Subject(issuer, "document")
        if head in DOCUMENT_NOUNS or head in _DOCUMENT_PARTS or _ARTICLE.match(bare):
            # "Article XII of the treaty states", "A key clause of the agreement states":
            # the text itself, asked as what says so, where no issuer is named.
            return _Subject(self._official(_article(phrase), "document"), "document-self")
        if head in UNNAMED_SPEAKER_NOUNS:
            if phrase.lower().startswith(("a ", "an ")):
                # "a spokesperson for the Chinese Foreign Ministry"
                return _Subject(self._official(phrase[0].lower() + phrase[1:], "group"), "name")
            if phrase.lower().startswith("the ") and len(words := bare.split()) == 1:
                earlier = self._named_unnamed(sentence, head)
                return _Subject(earlier, "name") if earlier is not None else None
            return None
        if re.fullmatch(r"[A-Z][A-Z0-9]{1,7}", bare) and bare.lower() not in _PRONOUNS:
            return _Subject(self._official(phrase, "body"), "name")  # "The FARC", "the M23"
        if _counted_group(bare):
            return _Subject(self._official(_capitalise(phrase), "group"), "name")
        if head in _GROUP_HEADS - COUNTED_NOUNS and len(bare.split()) <= 5:
            if all(w[:1].isupper() for w in bare.split()):
                return _Subject(self._official(_article(phrase), "body"), "name")
            # "Rebel groups", "the armed movements": a group named by what it is
            name = _article(phrase)
            if start == sentence.tokens[0].start and name.split()[0].lower() not in NATIONALITIES:
                name = name[:1].lower() + name[1:]
            return _Subject(self._official(name, "group"), "name")
        if _counted_group(phrase):
            return _Subject(self._official(phrase.lower(), "group"), "name")  # "The Parties"
        if head in ("bank", "fund", "union", "organization", "organisation", "alliance") and (
            bare[:1].isupper()
        ):
            return _Subject(self._official(_article(phrase), "body"), "name")  # the World Bank
        if head in INSTITUTION_HEADS:
            words = bare.split()
            owner = strip_possessive(words[0]).lower() if len(words) > 1 else ""
            if head in ("government", "side") and (
                owner in COUNTRIES or owner in NATIONALITIES or owner in ("u.s.", "us", "uk")
            ):
                return _Subject(self._official(_article(phrase), "institution"), "name")
            if len(words) == 1:
                if not phrase.lower().startswith("the "):
                    return None
                named = self._named_institution(sentence, head)
                # "the court": the court named before, or the court as the text calls it.
                return _Subject(named or self._official(_article(phrase), "body"), "name")
            if words[0].lower() in ("each", "both", "either", "neither", "every", "any"):
                return None  # "Each side": no one body
            if not any(w[:1].isupper() for w in words):
                return None
            return _Subject(self._official(_article(phrase), "body"), "name")
        return None

    def _named_unnamed(self, sentence: Sentence, noun: str) -> Official | None:
        """'the spokesperson' for 'a US Department of State spokesperson' just before."""
        for statement in reversed(self.statements_near(sentence.index, 3)):
            if re.search(rf"\b{noun}\b", (statement.speaker.name or "").lower()):
                return statement.speaker
        return None

    def _named_institution(self, sentence: Sentence, head: str) -> Official | None:
        """The institution named before whose name has this head: 'the court' for 'the
        Permanent Court of Arbitration in The Hague'."""
        named = re.compile(
            rf"(?:[A-Z][\w’'\-]+\s+){{1,4}}{head.capitalize()}\b(?:\s+of\s+(?:the\s+)?"
            r"[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){0,3})?"
        )
        for earlier in reversed(self.sentences[: sentence.index]):
            found = [m.group() for m in named.finditer(earlier.text)]
            if found:
                name = re.sub(r"^The\s+", "", found[-1])
                key = _speaker_key(name)
                for known_key, official in self.known.items():
                    if known_key.startswith(key):
                        return official
                return self._official("the " + name, "body")
        return None

    def _issuer(self, sentence: Sentence, phrase: str, start: int) -> Official | None:
        """Whose document: 'the statement published by the White House', 'its statement',
        or the issuer of the statement named shortly before."""
        after = sentence.text[start + len(phrase) :]
        by = re.match(
            r"\s+(?:published|issued|released|posted)?\s*(?:by|from)\s+((?:the\s+)?[A-Z][\w.’'\-]*"
            r"(?:\s+[A-Z][\w.’'\-]*){0,4})",
            after,
        )
        owner = re.match(r"(?:[Tt]he\s+)?((?:[A-Z][\w.’'\-]*\s+){1,4})(?:joint\s+)?\w+$", phrase)
        named = None
        if by:
            named = by.group(1).rstrip(".")
        elif owner and owner.group(1).strip().lower() not in ("final", "joint"):
            named = owner.group(1).strip()  # "the White House statement"
        if named:
            issuer = self.known.get(_speaker_key(named)) or self._official(_article(named), "body")
            self.issuers.append((sentence.index, issuer))
            return issuer
        recent = [
            official
            for index, official in self.issuers
            if 0 <= sentence.index - index <= 3 and not official.members
        ]
        return recent[-1] if recent else None

    # -- the predicate -------------------------------------------------------

    def _predicate_statement(
        self, sentence: Sentence, verb: int, subject: _Subject, any_verb: bool = False
    ) -> Statement | None:
        official = subject.official
        predicate = _clause_from(sentence.text, sentence.tokens[verb].start)
        if predicate is None:
            return None
        if _names_speaker(predicate, official):
            predicate = _cut_before_speaker(predicate, official)
            if predicate is None:
                return None
        # "..., the Obama administration announced on Friday": another speaker's credit.
        predicate = _LATE_CREDIT.sub("", predicate)
        if not any_verb:
            predicate = _INVERTED_CREDIT.sub("", predicate)  # "..., said the statement"
        words = [w.strip(",;:") for w in predicate.split()]
        if len(words) < 3 or len(words) > 60:
            return None
        main = main_word(words)
        if main.lower() not in SPEAKER_VERBS and not any_verb:
            return None
        if any_verb and (
            main.lower() in _LINKING_VERBS or re.search(r",[^,]*\b(?:said|says|told)\b", predicate)
        ):
            return None  # "Russia will respond ..., Medvedev said": his words, not Russia's act
        quote = _first_quote(predicate)
        if (
            not any_verb
            and official.kind == "institution"
            and main.lower() not in _GOVERNMENT_VERBS
            and not (quote and main.lower() in REPORTING_VERBS)
        ):
            return None
        if re.match(r"(?:has|have|had)\s+been\b", predicate):
            return None
        if re.match(r"\w+\s+(?:it|them)\b", predicate) and len(words) < 8:
            return None  # "ratified it on 1 June 1988": the question could not say what
        form = "pronoun" if subject.form == "pronoun" else "name"
        return Statement(official, sentence.index, form, main.lower(), predicate, quote)

    # -- attributions after the words ---------------------------------------

    def _according_to(self, sentence: Sentence) -> Statement | None:
        """'According to the U.S. side, ...', 'According to South Korea's Presidential Blue
        House, ...', 'According to an Agence France-Presse (AFP) report published late
        Monday, ...': whatever names the source, if it names one."""
        match = _ACCORDING.match(sentence.text)
        if match is None:
            return None
        first = sentence.token_at(match.start("phrase"))
        last = sentence.token_at(match.end("phrase") - 1)
        if first is None or last is None:
            return None
        phrase = match.group("phrase")
        if _is_outlet(phrase):
            subject = _Subject(self._official(_article(phrase), "body"), "outlet")
        else:
            subject = self._resolve(sentence, first, last)
        if subject is None or subject.official.kind == "person":
            return None  # people are the specific readers' work
        return end_statement(
            sentence, subject.official, "name", "said", len(sentence.text), match.start("rest")
        )

    def _attributions(self, sentence: Sentence) -> list[Statement]:
        """'..., said the statement', '..., reports the New York Times', '..., per the AP',
        'According to an AFP report ...', 'a report by Axios claiming ...'."""
        found = []
        according = self._according_to(sentence)
        if according is not None:
            found.append(according)
        text = sentence.text
        for match in _ATTRIBUTED.finditer(text):
            phrase = match.group("phrase")
            start = match.start("phrase")
            end = match.end("phrase")
            if phrase.endswith(".") and not phrase.endswith(("U.S.", "U.N.", "U.K.")):
                phrase, end = phrase[:-1], end - 1  # the sentence's full stop
            bare = re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", phrase)
            head = bare.split()[-1].lower() if bare.split() else ""
            if _is_outlet(bare):
                official = self._official(_article(phrase), "body")
            elif head in DOCUMENT_NOUNS:
                official = self._issuer(sentence, phrase, start)
                tail = re.match(
                    r"\s+(?:published|issued|released|posted)\s+by\s+(?:the\s+)?[A-Z][\w.’'\-]*"
                    r"(?:\s+[A-Z][\w.’'\-]*){0,4}",
                    text[end:],
                )
                if tail:
                    end += tail.end()
            else:
                continue
            if official is None:
                continue
            mention = Mention(sentence.index, start, end, start, end, "name")
            statement = self._around(sentence, official, mention, match)
            if statement is not None:
                found.append(statement)
        return found

    def _around(
        self, sentence: Sentence, official: Official, mention: Mention, match: re.Match
    ) -> Statement | None:
        text = sentence.text
        lead = match.group("lead") or ""
        if lead.lower().startswith("according"):
            return None  # read by _according_to
        if lead.startswith("said"):
            # "..., said the statement, adding that ...": the speaker after its words.
            if not re.match(r"\s*(?:[.!?]|,\s+adding\b|$)", text[mention.end :]):
                return None
            return end_statement(sentence, official, "name", "said", match.start())
        if lead.strip().lower() == "per":
            if not re.match(r"\s*[.!?]?[”\"]?\s*$", text[mention.end :]):
                return None
            return end_statement(sentence, official, "name", "reported", match.start())
        if re.match(r"\s*(?:report|reports)\s*$", lead, re.I) or lead.strip().lower() in (
            "reports",
            "reported",
        ):
            if not re.match(r"\s*[.!?]?[”\"]?\s*$", text[mention.end :]):
                return None
            statement = end_statement(sentence, official, "name", "reported", match.start())
            if statement is not None:
                statement.predicate = _lower_opener(statement.predicate)
            quoted = _first_quote(text[: match.start()])
            if statement is None and quoted and text.lstrip()[:1] in ("“", '"'):
                # '“We are close,” Smith said ..., reports the New York Times': the outlet
                # reported the words another spoke.
                predicate = f"reported the words “{quoted}”"
                statement = Statement(official, sentence.index, "name", "reported", predicate, None)
            return statement
        if lead.lower().startswith(("a report", "the report")):
            claim = re.match(
                r"\s+(claiming|saying|suggesting|alleging)\s+(?:that\s+)?", text[mention.end :]
            )
            if claim is None:
                return None
            begin = mention.end + claim.end()
            clause = _clause_from(text, begin)
            cut = re.split(
                r",\s+(?=(?:[A-Z][\w\-]+\s+){1,3}(?:said|told|added|responded|replied|noted)\b)",
                clause or "",
            )[0]
            if len(cut.split()) < 4:
                return None
            verb = {"claiming": "claimed", "saying": "said", "suggesting": "suggested"}.get(
                claim.group(1), "alleged"
            )
            return Statement(official, sentence.index, "name", verb, f"{verb} that {cut}", None)
        return _attribution_at_end(sentence, official, mention) or _quote_before(
            sentence, official, mention
        )


_DATE_PREPOSITIONS = ("on", "in", "at", "since", "by")
# Words that open a phrase of time before the subject: "A year later,", "Just over a week after
# ... began,".
_TIMED_OPENERS = {"a", "an", "just", "some", "shortly", "soon", "only", "nearly", "almost"}
# Participles that stand as adjectives inside a noun phrase: "the elected representatives".
_ADJECTIVAL_PARTICIPLES = {"armed", "elected", "designated", "so-called", "united", "allied"}


def _adjectival(word: str) -> bool:
    return "-" in word or word.lower() in _ADJECTIVAL_PARTICIPLES


# Plural heads of a group of people, with what they belong to after them: "representatives of
# the UN forces", "delegates from both sides", "Foreign secretaries of the two nations".
_PEOPLE_HEADS = (
    COUNTED_NOUNS
    | GROUP_NOUNS
    | {"forces", "rebels", "factions", "militias", "insurgents", "troops", "fighters"}
    | {"secretaries", "chiefs", "heads", "premiers", "envoys", "aides", "militaries"}
)
# Common words that may open a group's name at the start of a sentence, kept in lower case
# when the name is an answer: "Foreign secretaries of the two nations", "Top leaders of ...".
_COMMON_OPENERS = {
    "foreign",
    "top",
    "senior",
    "regional",
    "rebel",
    "armed",
    "some",
    "most",
    "many",
    "local",
    "military",
    "government",
    "opposition",
    "defence",
    "defense",
    "national",
    "tribal",
    "all",
    "their",
    "its",
    "both",
}
_COMPLEMENT_WORDS = ("of", "from", "for", "under", "representing", "in", "at")
_GROUP_WITH_COMPLEMENT = re.compile(
    r"(?:[Tt]he\s+|[Tt]op\s+|[Ss]enior\s+)?(?:[\w\-’']+\s+){0,3}?(?P<head>[a-z]+)\s+"
    r"(?P<prep>" + "|".join(_COMPLEMENT_WORDS) + r")\s+(?P<rest>.+)"
)


def _group_with_complement(phrase: str) -> bool:
    """'the representatives of the United Nations Command and the Korean People's Army',
    'regional forces from Tigray', 'The government under President Benigno Aquino III and the
    MILF': a group head with the phrase that says whose they are."""
    match = _GROUP_WITH_COMPLEMENT.fullmatch(phrase)
    if match is None:
        return False
    head = match.group("head")
    before = phrase[: match.start("head")].split()
    if any(w.lower() in _COMPLEMENT_WORDS for w in before):
        return False  # the head is the first noun with a phrase after it
    if head in ("government", "administration", "leadership", "delegation"):
        return match.group("prep") in ("under", "of") or bool(before)
    return head in _PEOPLE_HEADS and len(match.group("rest").split()) <= 12


# Last words of the names of movements, fronts and armed groups: "the Free Aceh Movement",
# "the Moro Islamic Liberation Front", "the Mozambique National Resistance".
_ORGANISATION_HEADS = {
    "movement",
    "front",
    "army",
    "forces",
    "party",
    "alliance",
    "coalition",
    "group",
    "resistance",
    "league",
    "brigades",
    "brigade",
    "congress",
    "organization",
    "organisation",
    "union",
    "council",
    "authority",
    "committee",
    "commission",
    "mission",
    "government",
}


def _organisation_name(bare: str) -> bool:
    words = bare.split()
    if len(words) < 2:
        return False
    if not all(w[:1].isupper() or w in ("of", "for", "and", "the") for w in words):
        return False
    return strip_possessive(words[-1]).lower() in _ORGANISATION_HEADS


def _sentence_lead(sentence: Sentence) -> int:
    dateline = _DATELINE.match(sentence.text)
    return (sentence.token_at(dateline.end()) or 0) if dateline else 0


# How a subject was named that never acts with any verb, only with the listed ones.
_NOT_ACTORS = {"document", "document-self", "outlet"}
# Words after "will" that make no act: "will be signed", "will have to".
_NOT_FUTURE_VERBS = {"be", "have", "not", "never", "also", "continue", "remain", "take"}
_DESCRIBED_COUNTRY = re.compile(
    r"(?:[A-Z]{2,}\s+)?(?:[Mm]ember|[Aa]lly|[Mm]ediator|[Hh]ost|[Nn]eighbou?r|[Pp]artner)\s+"
    r"(?P<country>[A-Z][a-zü]+(?:\s+[A-Z][a-z]+)?)"
)
_PARTIES_TO = re.compile(r"(?:[Tt]he|[Aa]ll)\s+(?:parties|signatories)\s+to\s+the\s+[\w\s]+")
# Plural heads of groups that act together: "armed opposition groups", "rebel forces".
_GROUP_HEADS = COUNTED_NOUNS | {
    "groups",
    "movements",
    "rebels",
    "forces",
    "factions",
    "militias",
    "insurgents",
}
# What a body is called before its name in apposition: "Colombia's second-largest rebel
# force, the leftist National Liberation Army (ELN), agreed".
_DESCRIPTION_HEADS = {
    "force",
    "group",
    "movement",
    "organisation",
    "organization",
    "party",
    "militia",
    "alliance",
    "coalition",
    "bloc",
    "body",
    "agency",
    "faction",
    "mediator",
    "neighbour",
    "neighbor",
    "ally",
}
# "The leaders of North and South Korea", "the foreign ministers of the two countries".
_GROUP_OF = re.compile(
    r"(?:[Tt]he\s+)?(?:[a-z]+\s+)?(?:leaders|ministers|presidents|premiers|delegations|"
    r"representatives|heads\s+of\s+state|governments)\s+of\s+(?:the\s+)?[\w\s,’'\-]{3,60}"
)
_IN_TURN = re.compile(r"\s+in\s+(?:(?:his|her|its|their)\s+)?turn\s*$")
_RELATIVES = {"that", "which", "who", "whom", "whose"}
# Verbs that say what a subject seems or becomes, not what it does.
_LINKING_VERBS = {"appeared", "seemed", "remained", "looked", "became", "proved", "sounded"}
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "this", "that", "these"}

_LATE_CREDIT = re.compile(
    r",\s+(?:the\s+)?(?:[\w.’'\-]+\s+){0,5}(?:said|says|announced|reported|reports|added|"
    r"told\s+reporters|stated|confirmed|concluded|noted|explained|stressed|insisted|wrote|"
    r"recalled|emphasi[sz]ed|claimed|argued|warned|declared)(?:\s+(?:on|late|in|last|this|earlier)\s+\w+(?:\s+\w+)?|"
    r"\s+\w+day|\s+(?:yesterday|today|earlier))?$"
)

# The thing done, then its doers and the verb with no object of its own: "the agreement ...
# that Nyusi and Momade signed in Gorongosa last Thursday".
_OBJECT_RELATIVE = re.compile(
    r"(?P<np>\b(?:the|a|an|two|three|four|its|their|[Tt]he)\s+(?:[\w\-’']+\s+){0,8}?[a-z][\w\-’']*)"
    r"\s+(?:that\s+|which\s+)?"
    r"(?P<subject>[A-Z][\w\-’']*(?:\s+(?:[A-Z][\w\-’']*|and|bin|al|de|von|der))*)\s+"
    r"(?:had\s+|have\s+|has\s+)?(?P<verb>signed|held|reached|concluded|initialled|initialed|"
    r"negotiated|brokered|struck|hosted|issued|adopted|approved|ratified|sealed|inked)"
    r"(?P<rest>(?:\s+(?:in|at|on|last|earlier|during|this|yesterday|today|late)\b[^,;.“”\"]*)?)"
    r"(?=\s*(?:[,.;]|$))"
)
_INVERTED_CREDIT = re.compile(
    r",\s+(?:said|says|added|reported|according\s+to)\s+(?:the\s+|an?\s+)?[^,“”\"]{2,80}$"
)

_ENVOY_HEADS = {"ambassador", "envoy", "representative", "delegate", "adviser", "advisor"}
_DOCUMENT_BY = re.compile(
    r"(?:[Aa]n?|[Tt]he)\s+(?:joint\s+)?(?:statement|communiqu[eé]|declaration|release|readout)"
    r"\s+(?:by|from)\s+(?P<issuer>(?:the\s+)?[A-Z][\w.’'\-]*(?:\s+(?:of\s+)?[A-Z][\w.’'\-]*){0,5})"
)
_TITLE_ONLY = re.compile(
    r"(?P<owner>[A-Z][\w.]*(?:'s|’s))\s+(?:[a-z\-]+\s+){0,2}"
    r"(?:ambassador|envoy|negotiator|representative|spokesperson|spokesman|spokeswoman)"
    r"(?:\s+(?:to|at|for)\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3})?"
)


# What a text or a part of it does: "Article XII of the treaty explicitly states that ...".
_DOCUMENT_VERBS = {
    "states",
    "stated",
    "stipulates",
    "stipulated",
    "provides",
    "says",
    "said",
    "outlined",
    "outlines",
    "requires",
    "notes",
    "noted",
    "declares",
    "declared",
    "highlighted",
    "highlights",
    "stressed",
    "emphasized",
    "emphasised",
    "underlined",
    "affirmed",
    "reaffirmed",
}
_DOCUMENT_PARTS = {"clause", "provision", "memorandum", "text", "charter", "paragraph"}
_ARTICLE = re.compile(r"(?:[Aa]rticle|[Ss]ection|[Pp]aragraph)\s+[\dIVXLC]+\b")


# A participle and its agent: "brokered by the UN and Turkey", "overseen by Donald Trump".
_PARTICIPLE_BY = re.compile(
    r"\b(?P<part>[a-z]+ed|overseen|undertaken|led|held|won|made|drawn\s+up|written|given|"
    r"taken|chosen|brought|sent|struck)(?:\s+and\s+[a-z]+ed)?\s+(?:\w+ly\s+)?"
    # "signed and approved on Thursday by", "signed separately in Jerusalem by"
    r"(?:(?:on|in|at)\s+(?:the\s+)?[A-Za-z]+\s+){0,2}by\s+"
)
# An agent named by what its people are: "by representatives of the respective governments",
# "by the representative of the Sudan Revolutionary Front", "by members of the committee".
_LOWER_AGENT = re.compile(
    r"(?P<agent>(?:the\s+)?(?:representatives?|members|delegates|delegations|leaders|officials|"
    r"ministers|envoys|negotiators)\s+of\s+(?:the\s+)?[\w\-’' ]{3,60}?)"
    r"(?=\s*(?:,|\.|;|\s+(?:at|in|on|following|after|during|which|who)\b))"
)
_NOT_AGENT_PARTICIPLES = {
    "based",
    "followed",
    "caused",
    "affected",
    "killed",
    "hit",
    "marked",
    "accompanied",
    "prompted",
    "driven",
    "fueled",
    "fuelled",
    "triggered",
    "controlled",
    "owned",
    "funded",
    "linked",
    "surrounded",
    "replaced",
    "dominated",
    "represented",
    "inspired",
    "shaped",
    "reported",
    "quoted",
    "cited",
    "described",
    "characterized",
    "characterised",
}
_PAST_OF = {
    "overseen": "oversaw",
    "undertaken": "undertook",
    "drawn up": "drew up",
    "written": "wrote",
    "given": "gave",
    "taken": "took",
    "chosen": "chose",
}
# Lowercase words that may follow an agent's name: "brokered by Turkey in 2022".
_AFTER_AGENT = {
    "in",
    "on",
    "at",
    "to",
    "for",
    "during",
    "as",
    "which",
    "who",
    "after",
    "before",
    "with",
    "from",
    "last",
    "this",
    "earlier",
    "and",
    "following",
}
# Words that may join the words of an agent's name: "the Chairman of the Sudan Sovereign
# Council, Gen. Abdel Fattah al-Burhan, and Prime Minister Abdullah Hamdok".
_NAME_PARTICLES = {"von", "van", "der", "den", "de", "da", "du", "di", "bin", "ibn"}
_AGENT_GLUE = {"the", "of", "and", "bin", "ibn", "al", "de", "van", "von", "for"}


_FUTURE_PASSIVE = re.compile(r"\bwill\s+(?:also\s+|then\s+)?be\s+(?:\w+ly\s+)?$")
_BASE_OF = {
    "overseen": "oversee",
    "undertaken": "undertake",
    "led": "lead",
    "held": "hold",
    "made": "make",
    "written": "write",
    "given": "give",
    "taken": "take",
    "chosen": "choose",
    "brought": "bring",
    "sent": "send",
    "struck": "strike",
    "won": "win",
    "drawn up": "draw up",
}


def _base_form(participle: str) -> str:
    """'welcomed' -> 'welcome', 'signed' -> 'sign', 'ratified' -> 'ratify' (regular verbs)."""
    if participle in _BASE_OF:
        return _BASE_OF[participle]
    if participle.endswith("ied"):
        return participle[:-3] + "y"
    stem = participle[:-2] if participle.endswith("ed") else participle
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-2:] not in ("ll", "ss", "ff", "zz"):
        return stem[:-1]  # "stopped"
    if re.search(r"(?:at|iz|[aeiou]s|rs|v|c|g|u|e|om|ud|id|ur)$", stem):
        return stem + "e"  # "mediated", "welcomed", "announced", "issued", "agreed"
    return stem


def _lower_title(word: str) -> bool:
    return word.islower() and word in _LOWER_TITLE_WORDS


_LOWER_TITLE_WORDS = {
    "president",
    "prime",
    "minister",
    "foreign",
    "secretary",
    "chairman",
    "general",
    "crown",
    "prince",
    "king",
    "leader",
    "state",
}


def _lower_determiner(phrase: str) -> str:
    first = phrase.split()[0] if phrase.split() else ""
    if first in ("The", "A", "An", "This", "These"):
        return first.lower() + phrase[len(first) :]
    return phrase


# "The Azerbaijani and Armenian foreign ministers", "the Indian, Chinese and Russian
# leaders": nationalities sharing one plural title.
_PAIRED_TITLE = re.compile(
    r"(?:[Tt]he\s+)?(?:[A-Z][a-z]+,\s+)*[A-Z][a-z]+,?\s+and\s+[A-Z][a-z]+\s+"
    r"(?:(?:foreign|defen[cs]e|prime|finance|trade|top|chief)\s+)?"
    r"(?:ministers|leaders|presidents|diplomats|negotiators|delegations|envoys|"
    r"delegates|officials|governments|premiers|militaries)"
)


_ACCORDING = re.compile(
    r"^[Aa]ccording\s+to\s+(?P<phrase>(?:an?\s+|the\s+)?[^,]{2,80}?)"
    r"(?:\s+report)?(?:\s+(?:published|issued|released)\b[^,]{0,30})?\s*,\s*(?P<rest>\S)"
)


# A news outlet or a document after its words or as the source of a report.
_ATTRIBUTED = re.compile(
    r"(?P<lead>(?:^|(?<=\s))(?:[Aa]ccording\s+to(?:\s+(?:an?|the))?|per|reports?|reported|"
    r"(?:a|the)\s+report\s+(?:by|from|in))\s+|(?<=[,”\"]\s)(?:said\s+)?)"
    r"(?P<phrase>(?:the\s+|an?\s+)?(?:[A-Z][\w.&’'\-]*\s+){0,4}(?:[A-Z][\w.&’'\-]*|"
    r"statement|communiqu[eé]|declaration|report)|the\s+(?:joint\s+)?(?:statement|"
    r"communiqu[eé]|declaration|report))(?=[\s,.;:!?(]|$)"
)


def _lower_opener(predicate: str) -> str:
    """'reported that Asked about ..., X said': the sentence's opening word in lower case."""
    return re.sub(
        r"^(\w+ that )([A-Z][a-z]+(?:ing|ed|ly)|[A-Z][a-z]+)\b",
        lambda m: (
            m.group(1) + m.group(2).lower()
            if m.group(2).lower().endswith(("ing", "ed", "ly")) or m.group(2).lower() in INTRO_WORDS
            else m.group(0)
        ),
        predicate,
    )


def _is_outlet(phrase: str) -> bool:
    bare = re.sub(r"\s*\([^)]*\)", "", phrase).strip()
    bare = re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", bare)
    lower = bare.lower()
    if lower in NEWS_OUTLETS:
        return True
    words = bare.split()
    if len(words) >= 2 and re.search(
        r"(?:\bnews\s+agency|\bwebsite|\bnewspaper|\bbroadcaster|\btelevision|\bdaily|"
        r"^media\s+reports?|^state\s+media)$",
        lower,
    ):
        return True
    owner = strip_possessive(words[-1]).lower() if words else ""
    return (
        len(words) >= 2
        and strip_possessive(words[0]).lower() in COUNTRIES
        and (owner in NEWS_OUTLETS)
    )


def _counted_group(phrase: str) -> bool:
    words = phrase.lower().split()
    if len(words) < 2 or strip_possessive(words[-1]) not in COUNTED_NOUNS:
        return False
    if len(words) == 2 and words[0] in ("the", "both"):
        return True  # "the parties", "the ministers", "both sides": the group named before
    count = words[1] if words[0] in ("all", "the") and len(words) > 2 else words[0]
    return count in NUMBER_WORDS or count[:1].isdigit()


def _government_name(phrase: str) -> str:
    bare = re.sub(r"^(?:[Tt]he)\s+", "", phrase)
    return f"the {bare}" if phrase.lower().startswith("the ") else bare


def _article(phrase: str) -> str:
    """'The Chinese Foreign Ministry' -> 'the Chinese Foreign Ministry'; 'an AFP report' ->
    'AFP'."""
    phrase = re.sub(r"\s*\([^)]*\)", "", phrase).strip()
    phrase = re.sub(r"^(?:[Aa]n?)\s+", "", phrase)
    if phrase.startswith("The "):
        return "the " + phrase[4:]
    return phrase


def _capitalise(phrase: str) -> str:
    phrase = re.sub(r"^The\s", "the ", phrase)
    return phrase


# --- quotations that run on without a new attribution -------------------------------------

_OPEN_MARKS = '“"'
_CLOSE_MARKS = '”"'


def find_carried_quotes(sentences: list[Sentence], statements: list[Statement]) -> list[Statement]:
    """Quoted sentences with no attribution of their own belong to the speaker of the
    quotation they continue: '... said, "A. B. C."' gives B and C to the same speaker, a
    quotation that closes on '..., Lavrov told journalists.' gives its earlier sentences to
    Lavrov, and a paragraph that is all quotation continues the speaker who closed the
    paragraph before it. The speaker carries over until another one appears."""
    by_sentence: dict[int, list[Statement]] = {}
    for statement in statements:
        by_sentence.setdefault(statement.sentence, []).append(statement)
    found: list[Statement] = []
    last_quoted: Statement | None = None  # the last quotation closed with a speaker
    paragraphs: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        if not sentence.is_caption:
            paragraphs.setdefault(sentence.paragraph, []).append(sentence)
    for paragraph in paragraphs.values():
        spans = _quote_spans(paragraph)
        carried_from_before = last_quoted
        for position, sentence in enumerate(paragraph):
            own = by_sentence.get(sentence.index, [])
            if own:
                quoted = [s for s in own if s.quote and s.speaker.kind == "person"]
                if not quoted and sentence.text.rstrip().endswith(":"):
                    # "Lapid addressed a special Cabinet meeting, saying:" and the quotation
                    # in the paragraph after it
                    quoted = [s for s in own if s.speaker.kind == "person"]
                last_quoted = quoted[-1] if quoted else None
                continue
            span = spans[position]
            if span is None:
                last_quoted = None if not _has_quote_mark(sentence.text) else last_quoted
                continue
            speaker = _quote_speaker(paragraph, position, spans, by_sentence)
            if speaker is None and position == 0 and carried_from_before is not None:
                speaker = carried_from_before.speaker
            if speaker is None:
                continue
            statement = _carried_statement(sentence, speaker)
            if statement is not None:
                found.append(statement)
        carried_from_before = None
    return found


def _has_quote_mark(text: str) -> bool:
    return any(mark in text for mark in '“”"')


def _quote_spans(paragraph: list[Sentence]) -> list[tuple[int, int] | None]:
    """For each sentence, the (first, last) sentence positions of the quotation it lies
    wholly inside, or None: a sentence that opens inside a quotation or opens with a mark,
    and has no words outside the quotation."""
    spans: list[tuple[int, int] | None] = [None] * len(paragraph)
    open_at: int | None = None
    for position, sentence in enumerate(paragraph):
        text = sentence.text.strip()
        inside = open_at is not None
        starts_quoted = inside or text[:1] in _OPEN_MARKS
        state = inside
        outside_words = False
        for index, char in enumerate(text):
            if char == "“" or (char == '"' and not state):
                state = True
            elif char == "”" or (char == '"' and state):
                state = False
                if text[index + 1 :].strip(" .,!?") and index + 1 < len(text):
                    outside_words = True
        if starts_quoted and not outside_words:
            begin = open_at if open_at is not None else position
            spans[position] = (begin, position)
        if state and open_at is None:
            open_at = position
        elif not state:
            open_at = None
    # A closing mark with no opening before it in the paragraph: the quotation opened with
    # the paragraph (or its opening mark was lost), so the sentences before it are quoted.
    for position, sentence in enumerate(paragraph):
        marks = [c for c in sentence.text if c in "“”"]
        if not marks or marks[0] != "”" or any(spans[:position]):
            continue
        if any(_has_quote_mark(other.text) for other in paragraph[:position]):
            continue
        for earlier in range(position):
            spans[earlier] = (0, earlier)
        break
    # A quotation's span runs to where it closes.
    for position, span in enumerate(spans):
        if span is None:
            continue
        end = position
        while end + 1 < len(paragraph) and spans[end + 1] is not None:
            end += 1
        spans[position] = (span[0], end)
    return spans


def _quote_speaker(
    paragraph: list[Sentence],
    position: int,
    spans: list[tuple[int, int] | None],
    by_sentence: dict[int, list[Statement]],
) -> Official | None:
    """The speaker of the quotation a sentence continues: named where it opened, or where
    it closes ('..., it is also a tit-for-tat procedure,” Lavrov told journalists')."""
    first, last = spans[position]  # type: ignore[misc]
    for index in range(position - 1, max(-1, first - 2), -1):
        quoted = [s for s in by_sentence.get(paragraph[index].index, []) if s.quote]
        if quoted:
            return quoted[-1].speaker
        if index < first:
            break
    after = last + 1
    if after < len(paragraph):
        closing = [s for s in by_sentence.get(paragraph[after].index, []) if s.quote]
        text = paragraph[after].text.lstrip()
        if closing and text[:1] not in _OPEN_MARKS:
            return closing[0].speaker
    return None


def _carried_statement(sentence: Sentence, speaker: Official) -> Statement | None:
    content = re.sub(r'^[“"]\s*', "", sentence.text.strip())
    content = re.sub(r'[.!]?\s*[”"]\s*[.!]?$', "", content)  # '... violence”.' and '... violence.”'
    content = content.strip().rstrip(",")
    words = content.split()
    if len(words) < 4 or len(words) > 90 or _has_quote_mark(content) or content.endswith("?"):
        return None  # a quoted question reads badly inside "Who said ...?"
    if not speaker.name or speaker.kind not in ("person", "institution"):
        return None  # "the Russian top diplomat" may be a person the text names too
    if _names_speaker(content, speaker):
        return None
    if len(words) > 36:
        content = " ".join(words[:14]) + " … " + " ".join(words[-12:])
    content = content.rstrip(" .")
    return Statement(speaker, sentence.index, "carried", "said", f"said “{content}”", content)
