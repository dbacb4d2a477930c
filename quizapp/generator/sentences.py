"""Split clean text into sentences and sentences into word tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Token:
    text: str
    start: int  # offsets within the sentence
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum() or self.text[0] == "$"

    @property
    def is_capitalized(self) -> bool:
        return self.text[0].isupper()


@dataclass
class Sentence:
    index: int
    paragraph: int
    text: str
    is_caption: bool = False
    tokens: list[Token] = field(default_factory=list)

    def token_at(self, offset: int) -> int | None:
        """Index of the token that starts at or covers a character offset."""
        for position, token in enumerate(self.tokens):
            if token.start <= offset < token.end or token.start >= offset:
                return position
        return None


# Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "lt",
    "col",
    "adm",
    "capt",
    "sgt",
    "sen",
    "rep",
    "gov",
    "st",
    "jr",
    "sr",
    "mt",
    "ft",
    "no",
    "vs",
    "etc",
    "inc",
    "ltd",
    "co",
    "corp",
    "dept",
    "est",
    "approx",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "u.s",
    "u.k",
    "u.n",
    "e.g",
    "i.e",
    "a.m",
    "p.m",
    "d.c",
    "u.s.s",
    "fig",
    "vol",
    "pp",
    "cf",
    "al",
}

_TOKEN = re.compile(
    r"\$?\d[\d,.]*\d%?|\$?\d%?"  # numbers, money, percentages
    r"|(?:[A-Za-z]\.){2,}"  # U.S., H.W.
    r"|[^\W\d_](?:[\w’'\-–]*[^\W_])?\.?"  # words, maybe with an abbreviation dot
    r"|[“”\"‘’'()\[\],;:!?–—-]"  # punctuation
    r"|\S",
)


def tokenize(text: str) -> list[Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        start, end = match.span()
        # Keep a trailing full stop only on abbreviations and initials.
        if word.endswith(".") and len(word) > 1 and not _keeps_dot(word):
            tokens.append(Token(word[:-1], start, end - 1))
            tokens.append(Token(".", end - 1, end))
            continue
        tokens.append(Token(word, start, end))
    return tokens


def _keeps_dot(word: str) -> bool:
    stem = word[:-1].lower()
    return (
        stem in ABBREVIATIONS
        or (len(stem) == 1 and stem.isalpha())
        or re.fullmatch(r"(?:[a-z]\.)+[a-z]", stem) is not None
    )


# A sentence ends at a full stop, its closing quotes or brackets, and the reference marks an
# encyclopedia puts after it ("... Minsk I.[2] It was drafted").
_BOUNDARY = re.compile(r"[.!?]+[”\"’')\]]*(?:\[(?:\d+|[a-z])\])*(?=\s+[“\"‘(\[]?[A-Z0-9])")
_CAPTION_CREDIT = re.compile(
    r"\((?:[^()]*\b(?:Photo|Photos|Image|Images|Library|Archive|Archives|Bundesarchiv|"
    r"Collection|Credit|Getty|Reuters|AP|AFP|Xinhua|Courtesy)\b[^()]*)\)\s*$"
)


def split_sentences(text: str, captions: set[int] | frozenset[int] = frozenset()) -> list[Sentence]:
    """Sentences of clean text; `captions` are paragraph indexes the reader knows are captions."""
    sentences: list[Sentence] = []
    for paragraph_index, paragraph in enumerate(p for p in text.split("\n\n") if p.strip()):
        is_caption = paragraph_index in captions or bool(_CAPTION_CREDIT.search(paragraph))
        for piece in _split_paragraph(paragraph):
            sentences.append(
                Sentence(
                    index=len(sentences),
                    paragraph=paragraph_index,
                    text=piece,
                    is_caption=is_caption,
                    tokens=tokenize(piece),
                )
            )
    return sentences


def _split_paragraph(paragraph: str) -> list[str]:
    pieces = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        end = match.end()
        if "[" not in match.group() and _is_abbreviation_end(paragraph, match.start()):
            continue
        # A credit in parentheses belongs to the caption before it.
        if paragraph[end:].lstrip().startswith("(") and _CAPTION_CREDIT.match(
            paragraph[end:].lstrip()
        ):
            continue
        piece = paragraph[start:end].strip()
        if piece:
            pieces.append(piece)
        start = end
    rest = paragraph[start:].strip()
    if rest:
        pieces.append(rest)
    return pieces


_WINDOW = 64


def _is_abbreviation_end(paragraph: str, dot: int) -> bool:
    if paragraph[dot] != ".":
        return False
    # Only a short window around the dot matters; slicing the whole paragraph at every dot
    # made splitting one long paragraph quadratic.
    before = re.search(r"([A-Za-z.]+)$", paragraph[max(0, dot - _WINDOW) : dot])
    if not before:
        return False
    word = before.group(1).lower().strip(".")
    following_text = paragraph[dot + 1 : dot + 1 + _WINDOW].lstrip()
    if "." in word and following_text[:1].isdigit():
        return True  # "P.L. 114-17", "U.S. 1st Army": a number does not open a sentence here
    if word in ABBREVIATIONS:
        # "U.S." ends a sentence only when a new sentence plainly starts.
        following = following_text
        next_word = re.match(r"[A-Za-z]+", following)
        return not (
            next_word
            and next_word.group()
            in {"The", "It", "In", "But", "A", "He", "She", "They", "This", "On"}
        )
    return len(word) == 1 and word.isalpha() and paragraph[dot - 2 : dot - 1] in (" ", ".")
