"""Who acts and speaks: people with their titles, offices, governments and bodies.

One engine finds every actor and resolves later mentions to earlier ones through the parse
and the entity types: a surname to the full name (``Peskov`` -> ``Dmitry Peskov``), a title
alone to the one holder of a like title (``the minister``), a speaking pronoun to the person
the clause before was about, a capital to its government (``Beijing``). Word lists come from
``data/lexicon.yaml`` (title heads, courtesy titles) and ``data/countries.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import vocabulary as lexicon
from .document import Document, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

PERSON = "person"
OFFICE = "office"  # an official known only by title: "Belarusian President"
GROUP = "group"  # a government, body or organisation: "Beijing", "NATO", "the Kremlin"

_GROUP_LABELS = {"ORG", "GPE", "FAC"}
_PRONOUNS = {"he", "she", "him", "her", "his"}
_SUBJECTS = {"nsubj", "nsubjpass"}


@dataclass(eq=False)
class Actor:
    kind: str
    name: str
    titles: list[str] = field(default_factory=list)
    country: lexicon.Country | None = None
    first_sentence: int = 0
    label: str = ""  # the recogniser's entity label for groups: ORG, GPE, FAC

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    @property
    def title(self) -> str | None:
        """The fullest title the text gives."""
        return max(self.titles, key=len) if self.titles else None

    @property
    def title_heads(self) -> set[str]:
        heads = lexicon.words("title_heads")
        return {w.lower() for t in self.titles for w in t.split() if w.lower() in heads}

    def aliases(self) -> set[str]:
        """Every string that names this actor, for the checker's two-answers rule."""
        names = {self.name, self.surname} if self.kind == PERSON else {self.name}
        if self.country:
            names |= {*self.country.names, self.country.capital}
        return {n.lower() for n in names}


@dataclass
class Mention:
    actor: Actor
    sentence: Sentence
    start: int  # token offsets in the sentence's doc
    end: int


class Actors:
    """Every actor of a document and where each is mentioned."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.actors: list[Actor] = []
        self._mentions: dict[tuple[int, int], Mention] = {}  # (id(doc), token.i) -> mention
        self._last_subject_at: tuple[Actor | None, int] = (None, -1)
        for sentence in document.sentences:
            self._read(sentence)

    # -- lookups -------------------------------------------------------------

    def at(self, token: Token) -> Actor | None:
        """The actor that the noun phrase headed by ``token`` refers to, if any."""
        mention = self._mentions.get((id(token.doc), token.i))
        if mention:
            return mention.actor
        for child in token.children:  # "the head, Rafael Grossi," / "Lavrov, Russia's minister"
            if child.dep_ == "appos":
                mention = self._mentions.get((id(child.doc), child.i))
                if mention:
                    return mention.actor
        return None

    def mention_span(self, token: Token) -> tuple[int, int] | None:
        mention = self._mentions.get((id(token.doc), token.i))
        return (mention.start, mention.end) if mention else None

    def actors_in(self, sentence: Sentence) -> list[Actor]:
        doc = sentence.span.doc
        found = {
            id(m.actor): m.actor
            for (doc_id, i), m in self._mentions.items()
            if doc_id == id(doc) and sentence.span.start <= i < sentence.span.end
        }
        return list(found.values())

    def people(self) -> list[Actor]:
        return [a for a in self.actors if a.kind in (PERSON, OFFICE)]

    # -- reading -------------------------------------------------------------

    def _read(self, sentence: Sentence) -> None:
        span = sentence.span
        taken: set[int] = set()
        people = [e for e in span.ents if e.label_ == "PERSON"]
        groups = [e for e in span.ents if e.label_ in _GROUP_LABELS]
        for ent in people:
            found = self._person(ent, sentence)
            if found is None:
                groups.append(ent)  # "Kiev": a place the recogniser took for a person
                continue
            actor, start = found
            self._mark(actor, sentence, start, ent.end)
            taken.update(range(start, ent.end))
        for ent in groups:
            if taken & set(range(ent.start, ent.end)):
                continue
            actor = self._group(ent, sentence)
            if actor is None:
                continue
            self._mark(actor, sentence, ent.start, ent.end)
            taken.update(range(ent.start, ent.end))
        for token in span:
            if token.i in taken:
                continue
            if token.lower_ in _PRONOUNS and token.pos_ == "PRON":
                actor = self._pronoun(token, sentence)
                if actor:
                    self._mark(actor, sentence, token.i, token.i + 1)
            elif _is_title_head(token) and not _names_someone(token):
                actor = self._title_alone(token, sentence)
                if actor:
                    start, end = _phrase_bounds(token)
                    self._mark(actor, sentence, start, end)
        for token in span:
            if token.dep_ in _SUBJECTS:
                actor = self.at(token)
                if actor and actor.kind in (PERSON, OFFICE):
                    self._last_subject_at = (actor, sentence.index)

    def _mark(self, actor: Actor, sentence: Sentence, start: int, end: int) -> None:
        doc = sentence.span.doc
        mention = Mention(actor, sentence, start, end)
        for i in range(start, end):
            self._mentions.setdefault((id(doc), i), mention)

    def _person(self, ent: Span, sentence: Sentence) -> tuple[Actor, int] | None:
        doc = ent.doc
        start = ent.start
        # The recogniser sometimes leaves a first name out: "Spokesperson Dmitry Peskov".
        while (
            start > sentence.span.start
            and doc[start - 1].pos_ == "PROPN"
            and doc[start - 1].dep_ == "compound"
            and doc[start - 1].text[:1].isupper()
            and not _is_title_head(doc[start - 1])
            and doc[start - 1].lower_ not in lexicon.country_index()
            and doc[start - 1].lower_ not in lexicon.words("courtesy_titles")
        ):
            start -= 1
        if ent.text.lower() in lexicon.country_index() or all(_is_title_head(t) for t in ent):
            return None
        if any(t.lower_ in lexicon.words("not_name_words") for t in ent):
            return None
        words = [t for t in doc[start : ent.end] if t.tag_ != "POS"]
        words = [t for t in words if t.text not in ("'s", "’s", "'", "’")]
        courtesy = lexicon.words("courtesy_titles")
        while words and words[0].lower_ in courtesy:
            words = words[1:]
        while words and not words[-1].is_alpha:
            words = words[:-1]
        if not words or not words[-1].text[:1].isupper():
            return None
        name = " ".join(t.text for t in words)
        title = _title_of(doc[start : ent.end])
        actor = self._find_person(name)
        if actor is None:
            actor = Actor(PERSON, name, first_sentence=sentence.index)
            self.actors.append(actor)
        elif len(name) > len(actor.name) and name.endswith(actor.name.split()[-1]):
            actor.name = name
        if title and title not in actor.titles:
            actor.titles.append(title)
        return actor, start

    def _find_person(self, name: str) -> Actor | None:
        parts = name.split()
        for actor in reversed(self.actors):
            if actor.kind != PERSON:
                continue
            known = actor.name.split()
            # "Santa Anna" of "Antonio de Santa Anna"; "Peskov" of "Dmitry Peskov".
            if parts == known[-len(parts) :] or known == parts[-len(known) :]:
                return actor
            # Korean and Chinese names by their family name first: "Xi" of "Xi Jinping".
            if len(parts) == 1 and parts[0] == known[0] and len(known) == 2:
                return actor
        return None

    def _group(self, ent: Span, sentence: Sentence) -> Actor | None:
        text = ent.text
        for prefix in ("the ", "The "):
            if text.startswith(prefix):
                text = text[len(prefix) :]
        text = text.removesuffix("’s").removesuffix("'s").strip()
        if not text or not any(c.isalpha() for c in text):
            return None
        country = lexicon.country_index().get(text.lower())
        if country is None:
            person = self._find_person(text)
            if person is not None:
                return person  # "Santa Anna", which the recogniser once took for a place
        for actor in self.actors:
            if actor.kind == GROUP and actor.name == text:
                return actor
        actor = Actor(
            GROUP,
            text,
            country=country,
            first_sentence=sentence.index,
            label="GPE" if country else ent.label_,
        )
        self.actors.append(actor)
        return actor

    def _pronoun(self, token: Token, sentence: Sentence) -> Actor | None:
        """A speaking pronoun refers to the person an earlier clause was about."""
        for earlier in reversed(list(sentence.span[: token.i - sentence.span.start])):
            if earlier.dep_ in _SUBJECTS:
                actor = self.at(earlier)
                if actor and actor.kind == PERSON:
                    return actor
                if earlier.pos_ == "PROPN":
                    return None  # someone the text names but we could not place: unsure
        # Else the person the sentence before was about, and only that one.
        last, seen_in = self._last_subject_at
        if last is not None and seen_in == sentence.index - 1:
            return last
        return None

    def _title_alone(self, token: Token, sentence: Sentence) -> Actor | None:
        """``the minister`` -> the holder of a like title; ``Belarusian President`` -> an office."""
        head = token.lemma_.lower()
        holders = [a for a in self.actors if a.kind in (PERSON, OFFICE) and head in a.title_heads]
        own = [
            c.text
            for c in token.children
            if c.dep_ in ("amod", "compound", "poss") and c.ent_type_ in ("NORP", "GPE", "ORG")
        ]
        if own:
            # "Belarusian President" is not the "Russian President" named before.
            holders = [a for a in holders if any(w in (a.title or "") for w in own)]
        determiner = next((c.lower_ for c in token.children if c.dep_ == "det"), None)
        if holders and determiner in (None, "the") and len(holders) == 1:
            return holders[0]
        if holders and determiner == "the":
            return holders[-1]
        modifiers = [c for c in token.children if c.dep_ in ("amod", "compound", "poss")]
        if not any(c.ent_type_ in ("NORP", "GPE", "ORG") for c in modifiers):
            return None
        if determiner in ("a", "an", "some", "any", "every", "no"):
            return None
        start, end = _phrase_bounds(token)
        name = token.doc[start:end].text
        actor = next((a for a in self.actors if a.kind == OFFICE and a.name == name), None)
        if actor is None:
            actor = Actor(OFFICE, name, titles=[name], first_sentence=sentence.index)
            self.actors.append(actor)
        return actor


def _is_title_head(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in lexicon.words("title_heads")


def _names_someone(token: Token) -> bool:
    """The title is part of a named person's phrase ("Foreign Minister Wang Yi")."""
    if token.ent_type_ == "PERSON":
        return True
    node = token
    while node.dep_ in ("compound", "amod", "poss", "nmod", "pobj", "prep") and node.head != node:
        node = node.head
        if node.ent_type_ == "PERSON":
            return True
    return any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in token.children) or (
        token.dep_ == "appos" and token.head.ent_type_ == "PERSON"
    )


def _phrase_bounds(token: Token) -> tuple[int, int]:
    """The noun phrase headed by a title, without its determiner or relative clauses."""
    left = [t for t in token.lefts if t.dep_ not in ("det", "punct")]
    start = min((t.left_edge.i for t in left), default=token.i)
    end = token.i + 1
    for right in token.rights:
        if right.dep_ == "prep" and right.lower_ == "of":
            end = right.right_edge.i + 1
        else:
            break
    return start, end


def _title_of(ent: Span) -> str | None:
    """The title given with a person's name: before it, in apposition, or as its head."""
    doc = ent.doc
    root = ent.root
    # Before the name, inside its phrase: "Russian President's Spokesperson Dmitry Peskov".
    start = ent.start
    while start > ent.sent.start:
        previous = doc[start - 1]
        if (previous.is_punct and previous.tag_ != "HYPH") or previous.pos_ in ("VERB", "AUX"):
            break
        if previous.dep_ == "det" or not _within(previous, root):
            break
        start -= 1
    candidates = []
    if start < ent.start:
        candidates.append(doc[start : ent.start])
    # In apposition: "Sergei Lavrov, Russia's foreign minister," / "Mao Zedong, the Chairman".
    for child in root.children:
        if child.dep_ == "appos" and _is_title_head(child):
            candidates.append(doc[child.left_edge.i : child.right_edge.i + 1])
    # As the head: "The IAEA head, Rafael Grossi,".
    if root.dep_ == "appos" and _is_title_head(root.head):
        head = root.head
        candidates.append(doc[head.left_edge.i : head.i + 1])
    for candidate in candidates:
        words = [t for t in candidate if not (t.dep_ == "det" and t.i == candidate.start)]
        words = [t for t in words if t.lower_ not in lexicon.words("courtesy_titles")]
        while words and (words[-1].is_punct or words[-1].lower_ in ("of", "'s", "’s")):
            words = words[:-1]
        if any(t.ent_type_ == "PERSON" or t.dep_ == "cc" for t in words):
            continue  # "Nixon and Soviet General Secretary": two people, not one title
        if any(_is_title_head(t) for t in words):
            text = doc[words[0].i : words[-1].i + 1].text
            return text.strip(" ,")
    return None


def _within(token: Token, root: Token) -> bool:
    node = token
    for _ in range(8):
        if node == root:
            return True
        if node.head == node:
            return False
        node = node.head
    return False
