"""One question realiser: wh-questions formed from the clause of a record.

A question about the subject replaces it with its wh-phrase ("Who raised the possibility
...?"); a question about anything else fronts the wh-phrase and inverts the clause, with
do-support where the verb has no auxiliary ("When did Vladimir Putin raise ...?"). Adverbials
that open the sentence move to the end, a pronoun or a surname in the subject becomes the
full name, and the clause is cut at its own edges (coordinated clauses, parentheticals) so
the question is one whole clause. A record with no clause to question becomes a cloze: the
whole sentence with one blank.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import vocabulary as lexicon
from .actors import PERSON
from .records import Record, Records, agent_of, subject_of
from .timeline import DAY, MONTH, YEAR

if TYPE_CHECKING:
    from spacy.tokens import Token

_DROP_CHILDREN = {"cc", "parataxis", "mark", "preconj", "discourse", "meta"}
_PRESENT_3SG = {"have": "has", "are": "is", "do": "does", "were": "was"}


def realise(record: Record, records: Records) -> tuple[str, str] | None:
    """The prompt for a record and its form ("wh" or "cloze"), or None when none reads well."""
    if record.kind == "title":
        return _title_question(record), "wh"
    if record.verb is not None:
        prompt = _wh_question(record, records)
        if prompt:
            return prompt, "wh"
    if record.kind in ("date", "quantity", "agreement"):
        cloze = _cloze(record)
        if cloze:
            return cloze, "cloze"
    return None


def _title_question(record: Record) -> str:
    assert record.actor is not None
    return f"Who does the article name as {record.actor.title}?"


def wh_phrase(record: Record) -> str | None:
    if record.kind == "actor":
        return "who"
    if record.kind == "agreement":
        if record.preposition:
            return f"{record.preposition} which agreement"
        return "which agreement"
    if record.kind == "date":
        assert record.date is not None
        when = record.date.when
        preposition = _preposition_of(record)
        noun = {YEAR: "year", MONTH: "month", DAY: "date"}[when.granularity]
        if when.weekday and when.granularity == DAY:
            noun = "day"
        if preposition in ("by", "since", "until", "before", "after"):
            return f"{preposition} which {noun}"
        return f"{'on' if when.granularity == DAY else 'in'} which {noun}"
    if record.kind == "quantity":
        assert record.quantity is not None
        unit = record.quantity.unit
        if record.quantity.label == "CARDINAL" and unit:
            # The counted phrase with its modifiers: "how many Southeast Asian countries".
            doc = record.sentence.span.doc
            figure = range(record.quantity.span.start, record.quantity.span.end)
            words = [
                t
                for t in doc[record.target[0] : record.target[1]]
                if t.i not in figure and t.dep_ != "det" and t.lower_ not in ("only", "just")
            ]
            return "how many " + (_join(words) if words else unit)
        if record.quantity.label == "MONEY":
            return "how much"
        return None
    return None


def _preposition_of(record: Record) -> str | None:
    assert record.date is not None
    head = record.date.span.root.head
    if head.dep_ == "prep" or head.pos_ == "ADP":
        return head.lower_
    return None


def _wh_question(record: Record, records: Records) -> str | None:
    """The question, trimmed of asides when it would run long; None when none reads well."""
    question = _wh_question_from(record, records, trim=False)
    if question and len(question.split()) > LONG_PROMPT:
        question = _wh_question_from(record, records, trim=True)
    if question and len(question.split()) > MAX_PROMPT:
        return None
    return question


# Prompts longer than LONG_PROMPT words lose their asides; past MAX_PROMPT they are dropped.
LONG_PROMPT = 28
MAX_PROMPT = 40
# Dependents that carry an aside, dropped from a long clause (unless they hold the answer).
_ASIDES = {"relcl", "acl", "appos", "advcl", "parataxis", "npadvmod"}
_COMPLEMENTS = {
    "dobj",
    "ccomp",
    "xcomp",
    "attr",
    "acomp",
    "oprd",
    "prep",
    "dative",
    "agent",
    "advmod",
    "prt",
    "pobj",
}
_DANGLING = re.compile(
    r"\b(in|on|at|of|to|for|with|by|from|into|which|when|where|that|but|and|or|if|whether|"
    r"because|than|the|a|an|as follows|follows|following|such as)\?$|\bthe following\b",
    re.I,
)


def _as_said(record: Record) -> str | None:
    """ "As President Biden said, the United States is committed to ..." -> "who said that
    the United States is committed to ...?" """
    verb = record.verb
    assert verb is not None
    if not (
        record.kind == "actor"
        and record.speech
        and verb.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
    ):
        return None
    main = verb.head
    aside = {t.i for t in verb.subtree}
    content = [
        t
        for t in main.subtree
        if t.i not in aside
        and not (t.head == main and t.dep_ in ("punct", "cc") and t.text in (".", ",", ";"))
    ]
    while content and content[0].is_punct:
        content = content[1:]
    if not content:
        return None
    text = _join(content).rstrip(" .")
    if text[:1].isupper() and content[0].pos_ != "PROPN" and content[0].ent_type_ == "":
        text = text[0].lower() + text[1:]
    return _tidy(f"According to the article, who said that {text}?")


def _wh_question_from(record: Record, records: Records, *, trim: bool) -> str | None:
    verb = record.verb
    assert verb is not None
    said = _as_said(record)
    if said is not None:
        return said if _reads_whole(said) else None
    phrase = wh_phrase(record)
    if phrase is None:
        return None
    subject = subject_of(verb)
    if subject is None:
        if record.kind == "date" and verb.dep_ == "acl":
            return _participle_question(record, phrase)
        return None
    target = set(range(*record.target))
    excluded = _excluded(verb, target, record)
    if trim:
        for token in verb.subtree:
            inside = {t.i for t in token.subtree}
            if token.dep_ in _ASIDES and token != verb and not inside & target:
                excluded |= inside
    clause = _paired_quotes([t for t in verb.subtree if t.i not in excluded])
    if not clause or _runs_on(verb, clause):
        return None
    # "Who is rich?": a description, not an event; no one question has one answer to it.
    if record.kind == "actor" and verb.lemma_ == "be":
        return None
    # A clause with nothing after its verb ("who said?", "who is as follows?") asks nothing.
    if (
        not any(
            c.dep_ in _COMPLEMENTS and c.i not in excluded and c.i not in target
            for c in verb.children
        )
        and record.kind == "actor"
    ):
        return None
    subject_tokens = set(range(subject.left_edge.i, subject.right_edge.i + 1))
    is_subject = bool(target & subject_tokens) or record.kind == "actor"
    own = {c.i for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")}
    fronted = [t for t in clause if t.i < subject.left_edge.i and t.i < verb.i and t.i not in own]
    fronted_ids = {t.i for t in fronted}
    body = [t for t in clause if t.i not in fronted_ids]
    if is_subject:
        rest = [t for t in body if t.i not in subject_tokens]
        words = _verb_agreement(rest, verb)
        text = _join(words) + _tail(fronted)
        quote_first = _quote_before_verb(verb, clause)
        if quote_first:
            text = _move_quote(rest, verb, fronted)
            if text is None:
                return None
        question = f"According to the article, {phrase} {text}?"
    else:
        auxiliaries = [t for t in body if t.head == verb and t.dep_ in ("aux", "auxpass")]
        subject_text = _subject_text(subject, records, record)
        rest = [t for t in body if t.i not in subject_tokens]
        if auxiliaries:
            first = auxiliaries[0]
            rest = [t for t in rest if t.i != first.i]
            lead = first.lower_
            middle = _join(rest)
        elif verb.lemma_ == "be":
            lead = verb.lower_
            middle = _join([t for t in rest if t.i != verb.i])
        else:
            support = {"VBD": "did", "VBZ": "does", "VBP": "do"}.get(verb.tag_)
            if support is None:
                return None
            lead = support
            middle = _join([t if t.i != verb.i else _Base(verb) for t in rest])
        question = (
            f"According to the article, {phrase} {lead} {subject_text} {middle}{_tail(fronted)}?"
        )
    question = _tidy(question)
    question = question[0].upper() + question[1:]
    return question if _reads_whole(question) else None


def _participle_question(record: Record, phrase: str) -> str | None:
    """ "New NATO report published on December 2" -> "On which date was the new NATO report
    published?" """
    verb = record.verb
    assert verb is not None
    noun = verb.head
    excluded = _excluded(verb, set(range(*record.target)), record)
    asides = {x.i for c in noun.children if c.dep_ in _ASIDES for x in c.subtree}
    np = [
        t
        for t in noun.subtree
        if t.i not in {x.i for x in verb.subtree} | asides and not t.is_punct
    ]
    rest = [t for t in verb.subtree if t.i not in excluded]
    if not np or not rest:
        return None
    subject = _join(np)
    if np[0].dep_ != "det" and np[0].pos_ != "PROPN" and noun.tag_ in ("NN", "NNS"):
        subject = "the " + (subject[0].lower() + subject[1:] if np[0].ent_type_ == "" else subject)
    be = "were" if noun.tag_ in ("NNS", "NNPS") else "was"
    question = _tidy(f"According to the article, {phrase} {be} {subject} {_join(rest)}?")
    question = question[0].upper() + question[1:]
    return question if _reads_whole(question) else None


def _paired_quotes(tokens: list) -> list:
    """Without the quotation marks whose partner was cut away with an aside."""
    opened: list[int] = []
    unpaired: set[int] = set()
    for position, token in enumerate(tokens):
        if token.text == "“":
            opened.append(position)
        elif token.text == "”":
            if opened:
                opened.pop()
            else:
                unpaired.add(position)
    unpaired.update(opened)
    return [t for position, t in enumerate(tokens) if position not in unpaired]


def _runs_on(verb: Token, clause: list) -> bool:
    """The clause holds another main clause (a misparse of two sentences joined by a comma
    or a semicolon): questioning it would glue two statements together."""
    for token in clause:
        if token == verb or token.tag_ not in ("VBD", "VBZ", "VBP"):
            continue
        has_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
        subordinate = any(c.dep_ == "mark" for c in token.children) or token.dep_ in (
            "relcl",
            "acl",
            "advcl",
            "pcomp",
            "csubj",
            "xcomp",
        )
        if has_subject and not subordinate and token.dep_ in ("ccomp", "conj", "parataxis"):
            speech = verb.lemma_.lower() in lexicon.words("reporting_verbs")
            if token.dep_ != "ccomp" or (token.i < verb.i and not speech):
                return True
    return False


class _Base:
    """A verb shown in its base form (after do-support)."""

    def __init__(self, token: Token) -> None:
        self.text = token.lemma_
        self.whitespace_ = token.whitespace_
        self.i = token.i
        self.is_punct = False
        self.dep_ = token.dep_


def _excluded(verb: Token, target: set[int], record: Record) -> set[int]:
    """Tokens of the verb's subtree that are not part of the question's clause."""
    excluded = set(target)
    if record.kind == "date":
        head = record.date.span.root.head if record.date else None
        if head is not None and (head.dep_ == "prep" or head.pos_ == "ADP"):
            excluded |= {t.i for t in head.subtree}
            # "Earlier in July": the adverb goes with its date.
            if head.head.dep_ == "advmod" and head.head.head == verb:
                excluded |= {t.i for t in head.head.subtree}
    for child in verb.children:
        dropped = child.dep_ in _DROP_CHILDREN
        dropped |= child.dep_ == "conj" and child.pos_ in ("VERB", "AUX")
        dropped |= child.dep_ == "advmod" and child.lower_ in lexicon.words("discourse_adverbs")
        if dropped:
            excluded |= {t.i for t in child.subtree}
        elif child.dep_ == "punct" and child.text in (".", "!", "?", ";", ":", "–", "—"):
            excluded.add(child.i)
        elif child.dep_ == "advcl" and child.i < verb.i and record.kind != "actor":
            excluded |= {t.i for t in child.subtree}
    # A quotation ends the statement: what follows it in a coordinated clause is another one.
    for token in verb.subtree:
        if token.dep_ == "conj" and token.pos_ in ("VERB", "AUX") and token.i > verb.i:
            closing = [t for t in verb.subtree if t.text in ("”", '"') and t.i < token.i]
            if closing:
                excluded |= {t.i for t in token.subtree if t.i > closing[-1].i}
                excluded |= {
                    t.i for t in token.head.children if t.dep_ == "cc" and t.i > closing[-1].i
                }
    # Parentheses and dashes inside the clause hold asides.
    for token in verb.subtree:
        if token.dep_ == "appos" and token.head.i in target:
            excluded |= {t.i for t in token.subtree}
    return excluded


def _subject_text(subject: Token, records: Records, record: Record) -> str:
    if subject.tag_ in ("WP", "WDT") and subject.head.dep_ == "relcl":
        subject = subject.head.head  # "Santa Anna, who signed it": the antecedent
        actor = records.actors.at(subject)
        if actor is not None:
            return actor.name
        return _join([t for t in subject.subtree if t.i < subject.i or t.i == subject.i])
    agent = agent_of(subject)
    if agent != subject:
        actor = records.actors.at(agent)
        return actor.name if actor else _join(list(agent.subtree))
    actor = records.actors.at(subject)
    span = range(subject.left_edge.i, subject.right_edge.i + 1)
    words = [subject.doc[i] for i in span]
    one_word = len(words) == 1 and words[0].text != actor.name if actor else False
    if actor is not None and actor.kind == PERSON and (subject.pos_ == "PRON" or one_word):
        return actor.name
    text = _join(words)
    if subject.pos_ == "PRON" and subject.lower_ not in ("it", "they", "we"):
        return text
    if text[:1].isupper() and words[0].pos_ not in ("PROPN",) and words[0].ent_type_ == "":
        text = text[0].lower() + text[1:]
    return text


def _verb_agreement(words: list, verb: Token) -> list:
    """After "who", a plural present verb becomes singular: "who have" -> "who has"."""
    out = []
    for token in words:
        text = getattr(token, "text", "")
        if token == verb or (getattr(token, "head", None) == verb and token.dep_ in ("aux",)):
            if token.tag_ == "VBP" and text.lower() in _PRESENT_3SG:
                out.append(_Word(_PRESENT_3SG[text.lower()], token.whitespace_))
                continue
            if token.tag_ == "VBP":
                out.append(_Word(_third_person(token.lemma_), token.whitespace_))
                continue
        out.append(token)
    return out


class _Word:
    def __init__(self, text: str, whitespace: str) -> None:
        self.text = text
        self.whitespace_ = whitespace
        self.is_punct = False


def _third_person(lemma: str) -> str:
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        return lemma + "es"
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma[:-1] + "ies"
    return lemma + "s"


def _quote_before_verb(verb: Token, clause: list) -> bool:
    return (
        any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children)
        and clause
        and clause[0].text in ("“", '"')
    )


def _move_quote(rest: list, verb: Token, fronted: list) -> str | None:
    """ "“We will not accept this,” said Lavrov" -> "said, “We will not accept this”"."""
    quote = [t for t in rest if t.i < verb.i]
    after = [t for t in rest if t.i >= verb.i]
    if not quote or not after:
        return None
    text = _join(after) + _tail(fronted)
    quoted = _join(quote).strip()
    quoted = re.sub(r"[,.]\s*(”|\")$", r"\1", quoted)
    return f"{text}, {quoted}"


def _tail(fronted: list) -> str:
    if not fronted:
        return ""
    text = _join(fronted).strip(" ,")
    if not text:
        return ""
    if text[:1].isupper() and fronted[0].pos_ not in ("PROPN",):
        text = text[0].lower() + text[1:]
    return " " + text


def _join(tokens: list) -> str:
    out = []
    for position, token in enumerate(tokens):
        out.append(token.text)
        gap = token.whitespace_
        following = tokens[position + 1] if position + 1 < len(tokens) else None
        if (
            following is not None
            and not gap
            and getattr(following, "i", 0) != getattr(token, "i", 0) + 1
        ):
            gap = " "
        out.append(gap)
    return "".join(out).strip()


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\b(who|which agreement|how much|how many \w+),\s", r"\1 ", text)
    text = re.sub(r"\s+([,.;:?!”’)])", r"\1", text)
    text = re.sub(r"([“‘(])\s+", r"\1", text)
    text = re.sub(r",\s*,+", ",", text)
    text = re.sub(r",\s*\?", "?", text)
    text = re.sub(r"\s*[–—-]\s*\?", "?", text)
    text = re.sub(r"\(\s*\)", "", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip()


def _reads_whole(question: str) -> bool:
    """Balanced quotes and brackets, no dangling word at the end, and more than a wh-phrase."""
    if _DANGLING.search(question):
        return False
    if question.count("“") != question.count("”") or question.count('"') % 2:
        return False
    depth = 0
    for char in question:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False  # ") (": closed before it opened
    if depth:
        return False
    return len(question.split()) >= 6


def _cloze(record: Record) -> str | None:
    """The sentence with one blank; in a long sentence, the clause that holds the fact."""
    sentence = record.sentence
    doc = sentence.span.doc
    start, end = record.target
    if record.quantity is not None:
        start, end = record.quantity.span.start, record.quantity.span.end  # the figure only
    if start >= end:
        return None
    first, last, unit = sentence.span.start, sentence.span.end, "sentence"
    if len(sentence.text.split()) > LONG_PROMPT:
        clause = _clause_holding(doc[start], end)
        if clause is None:
            return None
        first, last, unit = clause[0], clause[1], "statement"
    offset = sentence.span.start_char
    text = sentence.text
    begin = doc[start].idx - offset
    finish = doc[end - 1].idx + len(doc[end - 1].text) - offset
    left = doc[first].idx - offset
    right = doc[last - 1].idx + len(doc[last - 1].text) - offset
    if finish > len(text) or right > len(text):
        return None
    if text[begin - 1 : begin] in ("-", "–") or text[finish : finish + 1] in ("-", "–"):
        return None  # never half a hyphenated word
    blanked = text[left:begin] + "___" + text[finish:right]
    blanked = blanked.strip(" ,;:–—")
    if unit == "statement":
        blanked = blanked[0].upper() + blanked[1:] if blanked[:1].islower() else blanked
        if not blanked.endswith((".", "!", "?", "”")):
            blanked += "."
    if len(blanked.split()) > MAX_PROMPT:
        return None
    noun = {"date": "date", "quantity": "figure", "agreement": "agreement"}[record.kind]
    if re.search(r"\b(an?)\s+___", blanked, re.I):
        return None
    return f"Which {noun} completes this {unit} from the article? “{blanked}”"


def _clause_holding(token: Token, end: int) -> tuple[int, int] | None:
    """The smallest clause with a subject of its own that holds ``token``, if short enough."""
    node = token
    for _ in range(12):
        if node.pos_ in ("VERB", "AUX") and subject_of(node) is not None:
            # The clause without its coordinated clauses and subordinators, unless they
            # hold the fact.
            kept = {t.i for t in node.subtree}
            for t in node.children:
                joins = t.dep_ in ("cc", "mark") or (t.dep_ == "conj" and t.pos_ in ("VERB", "AUX"))
                if joins and not t.left_edge.i <= token.i <= t.right_edge.i:
                    kept -= {x.i for x in t.subtree}
            first, last = min(kept), max(kept) + 1
            if first <= token.i and end <= last and last - first <= MAX_PROMPT:
                return first, last
        if node.head == node:
            return None
        node = node.head
    return None
