"""Facts as records, read from the parse: events with dates, statements, agreements, quantities.

Each record keeps the clause it came from (its verb) and the tokens of the fact within it,
so that the realiser can form a question from the clause instead of deleting words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import vocabulary as lexicon
from .actors import GROUP, PERSON, Actor, Actors
from .document import Document, Sentence
from .timeline import DateMention, Timeline

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_SUBJECTS = {"nsubj", "nsubjpass"}
_NUMBER_LABELS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}
_RECURRING = {"each", "every", "annually", "annual", "yearly"}
_MONTH_WORDS = {m.lower() for m in lexicon.months()}


@dataclass(eq=False)
class Agreement:
    name: str  # "Sino-Soviet Treaty of Friendship, Alliance and Mutual Assistance", "peace deal"
    head: str  # its head noun's lemma: treaty, deal, accord
    named: bool  # a proper name, or a description ("a peace deal")
    first_sentence: int
    last_sentence: int = -1

    def __post_init__(self) -> None:
        self.last_sentence = max(self.last_sentence, self.first_sentence)

    def aliases(self) -> set[str]:
        return {self.name.lower()}


@dataclass
class Quantity:
    span: Span
    value: str  # as written: "70%", "3,000", "$1.2 billion"
    unit: str | None  # what it counts: "troops", "years"
    label: str  # CARDINAL, MONEY, PERCENT, QUANTITY, DURATION


@dataclass
class Record:
    """One fact: what a question can ask about, in the clause that states it."""

    kind: str  # "actor", "date", "agreement", "quantity", "title"
    sentence: Sentence
    verb: Token | None
    target: tuple[int, int]  # token offsets (in the sentence's doc) of what the answer replaces
    answer: str
    actor: Actor | None = None
    date: DateMention | None = None
    agreement: Agreement | None = None
    quantity: Quantity | None = None
    speech: bool = False  # the clause reports what someone said
    partners: list[Actor] = field(default_factory=list)  # the rest of a coordinated subject
    preposition: str | None = None  # the fact is the object of it: "under the Treaty"
    features: dict[str, float] = field(default_factory=dict)

    @property
    def key(self) -> tuple:
        return (self.kind, self.answer.lower(), self.sentence.index)


@dataclass
class Records:
    document: Document
    actors: Actors
    agreements: list[Agreement]
    dates: list[DateMention]
    quantities: list[Quantity]
    records: list[Record]
    # Names the text gives one thing: "the Treaty on the Non-Proliferation of Nuclear
    # Weapons (NPT)"; lower-cased, each name to all of its names.
    aliases: dict[str, set[str]] = field(default_factory=dict)

    def aliases_of(self, name: str) -> set[str]:
        return self.aliases.get(name.lower(), {name.lower()})


def extract_records(document: Document) -> Records:
    actors = Actors(document)
    timeline = Timeline(document.source.published)
    agreements: list[Agreement] = []
    agreement_at: dict[tuple[int, int], Agreement] = {}
    dates: list[DateMention] = []
    quantities: list[Quantity] = []
    records: list[Record] = []
    for sentence in document.sentences:
        if sentence.caption:
            # Captions are read for names (above) and for time, never asked about.
            for span in _date_spans(sentence):
                timeline.read(span, set(), sentence.paragraph)
            continue
        words = {t.lower_ for t in sentence.span} | {t.lemma_.lower() for t in sentence.span}
        sentence_dates = []
        recurring = bool(words & _RECURRING)
        for span in _date_spans(sentence):
            mention = timeline.read(span, words, sentence.paragraph)
            if mention is None or (recurring and mention.when.inferred):
                continue  # "by 1 November each year" names no one day
            if (
                mention.when.inferred == "publication"
                and not mention.when.weekday
                and not any(t.like_num or t.lower_ in _MONTH_WORDS for t in span)
            ):
                continue  # "today": the publication date, not a fact of the article
            sentence_dates.append(mention)
        dates += sentence_dates
        for start, end, agreement in _agreements(sentence, agreements):
            for i in range(start, end):
                agreement_at[id(sentence.span.doc), i] = agreement
        sentence_quantities = list(_quantities(sentence))
        quantities += sentence_quantities
        found = _clause_records(sentence, actors, sentence_dates, agreement_at)
        covered = {(r.kind, r.answer) for r in found}
        for mention in sentence_dates:
            if ("date", mention.when.label()) not in covered:
                target = (mention.span.start, mention.span.end)
                found.append(
                    Record("date", sentence, None, target, mention.when.label(), date=mention)
                )
        seen: set[int] = set()
        for (doc_id, i), agreement in agreement_at.items():
            if doc_id != id(sentence.span.doc) or not sentence.span.start <= i < sentence.span.end:
                continue
            if ("agreement", agreement.name) in covered or id(agreement) in seen:
                continue
            seen.add(id(agreement))
            span = [
                j
                for (d, j), a in agreement_at.items()
                if d == doc_id and a is agreement and sentence.span.start <= j < sentence.span.end
            ]
            if agreement.named:
                found.append(
                    Record(
                        "agreement",
                        sentence,
                        None,
                        _name_span(sentence, agreement, span),
                        agreement.name,
                        agreement=agreement,
                    )
                )
        records += found
        records += _quantity_records(sentence, sentence_quantities, actors)
    records += _title_records(actors, document)
    aliases = _acronyms(document)
    agreement_names = {n for a in agreements for n in aliases.get(a.name.lower(), {a.name.lower()})}
    # "SALT II" of "the SALT II Treaty": a name without its head word is the same agreement.
    agreement_names |= {
        a.name.lower().rsplit(" ", 1)[0]
        for a in agreements
        if a.named
        and " " in a.name
        and a.name.split()[-1].lower() in lexicon.words("agreement_heads")
    }
    # What enters into force or is ratified is an agreement, whatever the recogniser called it.
    agreement_names |= {
        r.actor.name.lower()
        for r in records
        if r.kind == "actor" and r.actor and r.actor.kind == GROUP and _agreement_verb(r.verb)
    }
    # A treaty the recogniser took for an organisation is asked about as an agreement only.
    records = [
        r
        for r in records
        if not (
            r.kind == "actor"
            and r.actor
            and r.actor.kind == GROUP
            and (r.actor.name.lower() in agreement_names or _names_agreement(r.actor.name))
        )
    ]
    records = _fewer_per_actor(records)
    return Records(document, actors, agreements, dates, quantities, records, aliases)


# How often one actor may be the answer of a "who" question in one article: a press
# statement's own government acts in every sentence, and asking it each time asks nothing.
PER_ACTOR = 3


def _fewer_per_actor(records: list[Record]) -> list[Record]:
    counts: dict[int, int] = {}
    kept = []
    for record in records:
        if record.kind == "actor" and record.actor is not None and not record.partners:
            seen = counts.get(id(record.actor), 0)
            if seen >= PER_ACTOR:
                continue
            counts[id(record.actor)] = seen + 1
        kept.append(record)
    return kept


def _agreement_verb(verb: Token | None) -> bool:
    if verb is None:
        return False
    words = {verb.lemma_.lower(), *(c.lower_ for c in verb.children)}
    phrases = lexicon.words("agreement_verbs")
    return bool(
        {f"{verb.lemma_.lower()} {c.lower_} {g.lower_}" for c in verb.children for g in c.children}
        & phrases
    ) or bool(words & phrases)


def _names_agreement(name: str) -> bool:
    heads = lexicon.words("agreement_heads") - lexicon.words("vague_agreement_heads")
    return any(word.lower().strip(".,") in heads for word in name.split())


def _acronyms(document: Document) -> dict[str, set[str]]:
    """ "Name (ACR)" and "ACR (Name)": two names of one thing, as the text defines them."""
    aliases: dict[str, set[str]] = {}
    for sentence in document.sentences:
        for token in sentence.span:
            if (
                token.text != "("
                or token.i + 2 >= len(token.doc)
                or token.doc[token.i + 2].text != ")"
            ):
                continue
            inner = token.doc[token.i + 1]
            if not (inner.text.isupper() and len(inner.text) >= 2):
                continue
            words = []
            for previous in reversed(token.doc[max(sentence.span.start, token.i - 12) : token.i]):
                if previous.is_punct or previous.pos_ in ("VERB", "AUX") or previous.dep_ == "det":
                    break
                words.insert(0, previous.text)
            if len(words) >= 2:
                long_name = " ".join(words)
                names = {long_name.lower(), inner.text.lower()}
                for name in list(names):
                    aliases.setdefault(name, set()).update(names)
    return aliases


# -- dates -----------------------------------------------------------------------


def _date_spans(sentence: Sentence) -> list[Span]:
    spans = [e for e in sentence.span.ents if e.label_ == "DATE"]
    for ent in sentence.span.ents:
        # A four-digit year the recogniser leaves as a number: "in 1979", "by 2027".
        if ent.label_ == "CARDINAL" and ent.text.isdigit() and len(ent.text) == 4:
            head = ent.root.head
            if (head.dep_ == "prep" or head.pos_ == "ADP") and 1500 <= int(ent.text) <= 2100:
                spans.append(ent)
    return sorted(spans, key=lambda s: s.start)


# -- agreements -------------------------------------------------------------------


def _agreements(sentence: Sentence, known: list[Agreement]):
    """Agreements named or described in a sentence, each resolved to one record."""
    heads = lexicon.words("agreement_heads")
    named_heads = lexicon.words("named_agreement_heads")
    vague = lexicon.words("vague_agreement_heads")
    taken: set[int] = set()
    # An organisation a treaty made, named for it: "the Southeast Asia Treaty Organization".
    for ent in sentence.span.ents:
        if ent.label_ == "ORG" and any(
            t.lemma_.lower() in heads and t.text[:1].isupper() for t in ent[:-1]
        ):
            name = _agreement_name(ent)
            agreement = next((a for a in known if a.name.lower() == name.lower()), None)
            if agreement is None:
                agreement = Agreement(name, ent.root.lemma_.lower(), True, sentence.index)
                known.append(agreement)
            agreement.last_sentence = sentence.index
            taken.update(range(ent.start, ent.end))
            yield ent.start, ent.end, agreement
    for token in sentence.span:
        lemma = token.lemma_.lower()
        if token.pos_ not in ("NOUN", "PROPN"):
            continue
        if lemma not in heads and not (lemma in named_heads and token.text[:1].isupper()):
            continue
        if token.i in taken:
            continue
        if token.dep_ == "compound" and token.head.lemma_.lower() in heads:
            continue  # "peace agreement talks": the phrase's own head decides
        if token.dep_ == "compound" and token.head.text[:1].isupper() and token.text[:1].isupper():
            continue  # "the Iran Nuclear Agreement Review Act": part of another name
        start, end = _agreement_bounds(token)
        taken.update(range(start, end))
        words = sentence.span.doc[start:end]
        named = any(
            t.text[:1].isupper() and t.pos_ == "PROPN" and t.i != token.i for t in words
        ) or any(t.text.isupper() and len(t.text) > 1 for t in words)
        determiner = next((c.lower_ for c in token.children if c.dep_ == "det"), None)
        if not named:
            if token.lemma_.lower() in vague:
                continue
            fresh = any(
                c.lower_ in ("new", "revised", "another", "second", "other") for c in token.children
            )
            recent = [a for a in known if sentence.index - a.last_sentence <= 3]
            if determiner in ("the", "this", "that") and recent and not fresh:
                same = [a for a in recent if a.head == token.lemma_.lower()] or recent
                same[-1].last_sentence = sentence.index
                yield start, end, same[-1]
                continue
            if not any(
                (c.dep_ == "compound" and c.pos_ == "NOUN")
                or (c.dep_ == "amod" and c.ent_type_ in ("NORP", "GPE"))
                for c in token.children
            ):
                continue  # "an agreement", "a revised treaty": nothing to tell it from another
        name = _agreement_name(words)
        agreement = next((a for a in known if a.name.lower() == name.lower()), None)
        if agreement is not None:
            agreement.last_sentence = sentence.index
        if agreement is None:
            agreement = Agreement(name, token.lemma_.lower(), named, sentence.index)
            known.append(agreement)
        yield start, end, agreement


def _agreement_bounds(token: Token) -> tuple[int, int]:
    left = [t for t in token.lefts if t.dep_ in ("compound", "amod", "nmod", "nummod", "poss")]
    left = [t for t in left if t.pos_ != "DET" and t.tag_ != "PRP$"]
    start = min((t.left_edge.i for t in left), default=token.i)
    end = token.i + 1
    for right in token.rights:
        if right.dep_ == "prep" and right.lower_ in ("of", "on") and right.right_edge.i > right.i:
            obj = next((c for c in right.children if c.dep_ == "pobj"), None)
            if obj is not None and (obj.pos_ == "PROPN" or obj.text[:1].isupper()):
                end = right.right_edge.i + 1
        elif right.dep_ == "appos" and right.text.isupper():
            continue
        break
    return start, end


def _agreement_name(words: Span) -> str:
    tokens = [t for t in words if t.tag_ != "POS"]
    head = words.root
    if head.text[:1].isupper():
        # "an ambitious emissions-based Global Arrangement on ...": the name is capitalised.
        while tokens and tokens[0].text[:1].islower() and tokens[0] != head:
            tokens = tokens[1:]
    if head.text.islower():
        # "New START nuclear arms treaty": the name is the proper part, the rest describes it.
        proper = [t for t in tokens if t.pos_ == "PROPN" or (t.text.isupper() and len(t.text) > 1)]
        if proper and proper[-1].i + 1 < head.i:
            run = [t for t in tokens if proper[0].i <= t.i <= proper[-1].i]
            place = all(t.ent_type_ in ("GPE", "NORP", "LOC") for t in run)
            if all(t.text[:1].isupper() or t.is_punct for t in run) and not place:
                tokens = run  # but "the Iran nuclear deal" is named by all of it
    while tokens and (tokens[0].is_punct or tokens[0].lower_ in ("the", "a", "an")):
        tokens = tokens[1:]
    bracket = next((n for n, t in enumerate(tokens) if t.text in ("(", "[")), None)
    if bracket:
        tokens = tokens[:bracket]  # "Joint Comprehensive Plan of Action (JCPOA)"
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if not tokens:
        return words.text
    doc = words.doc
    return doc[tokens[0].i : tokens[-1].i + 1].text.strip("“”\"' ")


# -- quantities -------------------------------------------------------------------


def _quantities(sentence: Sentence):
    identifiers = lexicon.words("identifier_nouns")
    for ent in sentence.span.ents:
        label = ent.label_
        if label == "DATE":
            # A duration is a quantity: "10 years", "two decades".
            if (
                not any(t.lower_ in _MONTH_WORDS for t in ent)
                and any(t.like_num for t in ent)
                and ent[-1].lemma_.lower()
                in (
                    "year",
                    "month",
                    "week",
                    "day",
                    "decade",
                    "century",
                    "hour",
                )
                and not any(t.lower_ in ("ago", "last", "next", "this", "past") for t in ent)
            ):
                yield Quantity(ent, ent.text, ent[-1].lemma_.lower() + "s", "DURATION")
            continue
        if label not in _NUMBER_LABELS:
            continue
        if label == "CARDINAL" and len(ent) == 1 and ent.text.isdigit() and len(ent.text) == 4:
            continue  # a year
        before = sentence.span.doc[ent.start - 1] if ent.start > 0 else None
        if before is not None and before.lemma_.lower() in identifiers:
            continue  # "Resolution 2334": names, not counts
        if before is not None and before.text in ("-", "–", "#"):
            continue
        after = sentence.span.doc[ent.end] if ent.end < len(sentence.span.doc) else None
        if after is not None and after.text in ("-", "–") and ent.end + 1 < len(ent.doc):
            following = ent.doc[ent.end + 1]
            if following.pos_ in ("NOUN", "ADJ"):
                continue  # "a five-year extension": a modifier, not a figure of its own
        if label == "CARDINAL" and ent.root.head.pos_ in ("PROPN",) and ent.root.dep_ == "nummod":
            continue  # "Vostok 2018", "Chang'e 5"
        if (
            label == "CARDINAL"
            and ent.text.lower() in ("one", "two", "1", "2")
            and not _counts(ent)
        ):
            continue
        if re.search(r"\d\s*(?:to|-|–)\s*\d|\b\w+ to \w+ (?:months|years|days|weeks)\b", ent.text):
            continue  # a range is not one figure
        unit = None
        if ent.root.dep_ in ("nummod", "quantmod") and ent.root.head.pos_ == "NOUN":
            counted = ent.root.head
            if counted.tag_ != "NNS" or any(c.dep_ == "det" for c in counted.children):
                continue  # "one side", "the two nations": nothing a reader would count
            unit = counted.text.lower()
        if ent[0].lower_ in ("only", "just", "some"):
            ent = ent[1:]  # "only two": the figure is "two"
        elif label == "CARDINAL" and not _counts(ent):
            continue
        yield Quantity(ent, ent.text, unit, label)


def _counts(ent: Span) -> bool:
    return ent.root.dep_ == "nummod" and ent.root.head.pos_ == "NOUN"


# -- clause records ----------------------------------------------------------------


def _clause_records(sentence, actors: Actors, sentence_dates, agreement_at) -> list[Record]:
    records: list[Record] = []
    doc = sentence.span.doc
    reporting = lexicon.words("reporting_verbs")
    for verb in sentence.span:
        if verb.pos_ not in ("VERB", "AUX") or verb.dep_ in ("aux", "auxpass", "amod"):
            continue
        if verb.pos_ == "AUX" and not any(c.dep_ in _SUBJECTS for c in verb.children):
            continue
        subject = subject_of(verb)
        if subject is None or not _finite(verb):
            if verb.dep_ == "acl" and verb.tag_ == "VBN":
                records += _participle_dates(verb, sentence, sentence_dates)
            continue
        speech = verb.lemma_.lower() in reporting
        agent = agent_of(subject)
        if agent.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
            agent = verb.head  # "Santa Anna, who signed it": the antecedent acts
        elif verb.dep_ == "relcl":
            continue  # "the progress Iran has made": the clause has a gap, not a question
        actor = actors.at(agent) if subject.dep_ in ("nsubj", "csubj") else None
        partners = _partners(subject, actors) if actor is not None else []
        if actor is not None and partners and subject.dep_ == "nsubj":
            # "Burma and Indonesia both preferred ...": the answer is all of them.
            names = [actor.name, *(p.name for p in partners)]
            answer = ", ".join(names[:-1]) + " and " + names[-1]
            records.append(
                Record(
                    "actor",
                    sentence,
                    verb,
                    (subject.left_edge.i, subject.right_edge.i + 1),
                    answer,
                    actor=actor,
                    partners=partners,
                    speech=speech,
                )
            )
        acts = actor is not None and not _conjoined(subject) and not _holds_list(subject)
        if acts and subject.lower_ not in ("which", "that"):
            span = actors.mention_span(subject) or (subject.i, subject.i + 1)
            start = min(span[0], subject.left_edge.i)
            end = max(span[1], subject.right_edge.i + 1)
            records.append(
                Record(
                    "actor",
                    sentence,
                    verb,
                    (start, end),
                    actor.name,
                    actor=actor,
                    speech=speech,
                )
            )
        for mention in sentence_dates:
            if _governing_verb(mention.span.root) == verb:
                records.append(
                    Record(
                        "date",
                        sentence,
                        verb,
                        (mention.span.start, mention.span.end),
                        mention.when.label(),
                        actor=actor,
                        date=mention,
                        speech=speech,
                    )
                )
        for child in verb.children:
            role = child.dep_
            if role in ("dobj", "nsubj", "nsubjpass", "attr"):
                agreement = agreement_at.get((id(doc), child.i))
                if agreement is not None and any(
                    c.dep_ == "conj" and not c.text.isupper() for c in child.children
                ):
                    agreement = None  # "signed the ABM Treaty and the interim agreement"
                if agreement is not None:
                    start, end = _agreement_bounds(child)
                    for extra in child.children:  # ", or SEATO": its other name goes with it
                        if extra.dep_ in ("appos", "conj") and extra.text.isupper():
                            end = max(end, extra.right_edge.i + 1)
                    start = min(start, child.left_edge.i) if role != "attr" else start
                    records.append(
                        Record(
                            "agreement",
                            sentence,
                            verb,
                            (child.left_edge.i, end),
                            agreement.name,
                            actor=actor,
                            agreement=agreement,
                            speech=speech,
                        )
                    )
            elif role == "prep" and child.lower_ in _AGREEMENT_PREPOSITIONS:
                # "Under the Treaty, the United States had agreed ...": under which agreement.
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                agreement = agreement_at.get((id(doc), obj.i)) if obj is not None else None
                if agreement is not None and agreement.named:
                    records.append(
                        Record(
                            "agreement",
                            sentence,
                            verb,
                            (child.i, child.right_edge.i + 1),
                            agreement.name,
                            actor=actor,
                            agreement=agreement,
                            speech=speech,
                            preposition=child.lower_,
                        )
                    )
    return records


_AGREEMENT_PREPOSITIONS = {"under", "through", "in", "by", "with", "to", "from"}


def subject_of(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in (*_SUBJECTS, "csubj")), None)


def agent_of(subject: Token) -> Token:
    """The doer inside a subject: "Putin" of "Vladimir Putin participating at the forum"."""
    if subject.pos_ == "VERB" and subject.tag_ == "VBG":
        inner = next((c for c in subject.children if c.dep_ in _SUBJECTS and c.i < subject.i), None)
        if inner is not None:
            return inner
    return subject


def _participle_dates(verb: Token, sentence, sentence_dates) -> list[Record]:
    """ "New NATO report published on December 2": the date of a reduced relative clause."""
    return [
        Record("date", sentence, verb, (m.span.start, m.span.end), m.when.label(), date=m)
        for m in sentence_dates
        if _governing_verb(m.span.root) == verb
    ]


def _finite(verb: Token) -> bool:
    """A clause with a tense of its own: "raised", "has changed", "will sign"."""
    if verb.tag_ in ("VBD", "VBZ", "VBP", "MD"):
        return True
    return any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP", "MD")
        for c in verb.children
    )


def _name_span(sentence, agreement: Agreement, indices: list[int]) -> tuple[int, int]:
    """The tokens that write the agreement's name, for a cloze blank."""
    doc = sentence.span.doc
    first, last = min(indices), max(indices) + 1
    text = doc[first:last].text
    at = text.find(agreement.name)
    if at < 0:
        return first, last
    start = next(t.i for t in doc[first:last] if t.idx - doc[first].idx >= at)
    end_char = doc[first].idx + at + len(agreement.name)
    end = max(t.i for t in doc[first:last] if t.idx < end_char) + 1
    return start, end


def _partners(subject: Token, actors: Actors) -> list[Actor]:
    """The other actors of a coordinated subject, when every conjunct is an actor of a kind."""
    conjuncts = [
        t
        for t in subject.subtree
        if t.dep_ == "conj"
        and t.head.i in {subject.i, *(c.i for c in subject.subtree if c.dep_ == "conj")}
    ]
    if not conjuncts or len(conjuncts) > 3:
        return []
    first = actors.at(subject)
    found = [actors.at(t) for t in conjuncts]
    if first is None or any(a is None or a.kind != first.kind or a is first for a in found):
        return []
    return list(dict.fromkeys(found))  # type: ignore[arg-type]


def _holds_list(subject: Token) -> bool:
    """ "The Governments of Bahrain, Egypt and Israel": one of them is not the answer."""
    return any(t.dep_ == "conj" for t in subject.subtree)


def _conjoined(token: Token) -> bool:
    return any(c.dep_ == "conj" for c in token.children) or token.dep_ == "conj"


def _governing_verb(token: Token) -> Token | None:
    """The verb whose clause a date modifies, through prepositions only."""
    node = token
    for _ in range(4):
        head = node.head
        if head == node:
            return None
        if head.pos_ in ("VERB", "AUX") and node.dep_ in (
            "prep",
            "npadvmod",
            "pobj",
            "advmod",
            "tmod",
        ):
            return head
        if head.dep_ == "prep" or node.dep_ in ("pobj",) or head.pos_ == "ADP":
            node = head
            continue
        if node.dep_ in ("npadvmod", "tmod", "advmod") and head.pos_ in ("VERB", "AUX"):
            return head
        return None
    return None


# -- quantities and titles ---------------------------------------------------------


def _quantity_records(sentence, quantities: list[Quantity], actors: Actors) -> list[Record]:
    records = []
    for quantity in quantities:
        root = quantity.span.root
        target = (quantity.span.start, quantity.span.end)
        phrase = root
        if quantity.unit and root.dep_ in ("nummod", "quantmod"):
            # "3,000 troops": the question asks for the phrase, "how many troops".
            phrase = root.head
            target = (min(quantity.span.start, phrase.left_edge.i), phrase.i + 1)
        verb = phrase.head if phrase.dep_ in _QUANTITY_ROLES else None
        if verb is not None and verb.pos_ not in ("VERB", "AUX"):
            verb = None
        records.append(
            Record("quantity", sentence, verb, target, quantity.value, quantity=quantity)
        )
    return records


# Where a figure can be questioned from its clause: "how many troops did they send",
# "how much has the United States provided".
_QUANTITY_ROLES = {"nsubj", "nsubjpass", "dobj"}


def _title_records(actors: Actors, document: Document) -> list[Record]:
    """Who holds a title: one record per titled person, from the sentence naming them."""
    records = []
    for actor in actors.actors:
        if actor.kind != PERSON or not actor.title or len(actor.title.split()) < 2:
            continue
        sentence = next(
            (
                s
                for s in document.sentences
                if not s.caption and actor.title in s.text and actor.surname in s.text
            ),
            None,
        )
        if sentence is None:
            continue
        records.append(Record("title", sentence, None, (0, 0), actor.name, actor=actor))
    return records
