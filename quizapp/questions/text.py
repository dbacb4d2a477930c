"""Comparing typed answers: normalisation and typo tolerance."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.distance import Levenshtein

# Leading articles that do not change an answer ("the Treaty of Paris" = "Treaty of Paris").
LEADING_ARTICLES = {
    "en": ("the", "a", "an"),
    "fr": ("le", "la", "les", "l", "un", "une", "des"),
    "es": ("el", "la", "los", "las", "un", "una"),
    "de": ("der", "die", "das", "ein", "eine"),
}

_PUNCTUATION = re.compile(r"[^\w\s]|_", re.UNICODE)
_SPACE = re.compile(r"\s+")


def normalise_answer(text: str, *, language: str = "en", case_sensitive: bool = False) -> str:
    """The form two answers are compared in: no accents, punctuation, extra spaces or articles."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if not case_sensitive:
        stripped = stripped.casefold()
    words = _SPACE.sub(" ", _PUNCTUATION.sub(" ", stripped)).strip().split(" ")
    articles = LEADING_ARTICLES.get(language.split("-")[0].lower(), LEADING_ARTICLES["en"])
    lowered = [w.casefold() for w in words]
    while len(words) > 1 and lowered[0] in articles:
        words, lowered = words[1:], lowered[1:]
    return " ".join(words)


def default_typo_tolerance(answer: str) -> int:
    """Edits forgiven by default: none for short answers, where one edit is another word."""
    length = len(answer)
    if length <= 4:
        return 0
    if length <= 8:
        return 1
    return 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, stopping early once it exceeds ``limit``."""
    return Levenshtein.distance(a, b, score_cutoff=limit)
