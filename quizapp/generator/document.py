"""Parse once: sentences, tokens, lemmas, parts of speech, dependencies and entities.

Every extractor reads the `Document` built here; none re-tokenises. Paragraphs are parsed
one at a time (a sentence never spans two), in document order, so that later mentions can
resolve to earlier ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .nlp import pipeline
from .reader import Source

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Quotation marks as spaCy's tokenizer leaves them: straight ones become curly in the text we
# parse, so the parser sees the pairs (and a straight ' in "Chang'e" stays an apostrophe).
_STRAIGHT_QUOTES = re.compile(r'"([^"\n]*)"')


@dataclass
class Sentence:
    index: int
    paragraph: int
    span: Span
    # The sentence as the source writes it (the parse sees curly quotes in place of straight
    # ones, one character for one, so offsets agree).
    text: str
    caption: bool = False


@dataclass
class Document:
    source: Source
    paragraphs: list[str]
    sentences: list[Sentence] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_start: dict[tuple[int, int], Sentence] = {}

    def sentence_of(self, token: Token) -> Sentence:
        return self._by_start[id(token.doc), token.sent.start]


def parse(source: Source, model: str | None = None) -> Document:
    nlp = pipeline(model)
    paragraphs = [" ".join(p.split()) for p in source.text.split("\n\n")]
    document = Document(source, paragraphs)
    docs = nlp.pipe(_curl_quotes(p) for p in paragraphs)
    for number, (paragraph, doc) in enumerate(zip(paragraphs, docs, strict=True)):
        for span in doc.sents:
            text = paragraph[span.start_char : span.end_char].strip()
            if not any(t.is_alpha for t in span):
                continue
            caption = number in source.captions
            sentence = Sentence(len(document.sentences), number, span, text, caption)
            document.sentences.append(sentence)
            document._by_start[id(doc), span.start] = sentence
    return document


def _curl_quotes(text: str) -> str:
    return _STRAIGHT_QUOTES.sub(lambda m: f"“{m.group(1)}”", text)
