"""The question-type protocol: each type validates its YAML, shows itself and grades answers."""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from quizapp.errors import InvalidInput

# A location in a bank document, e.g. ("questions", 3, "choices"). The question types sit
# below quizapp.bankfile (which validates files with them), so they do not import it.
Path = tuple[str | int, ...]
Report = Callable[[Path, str], None]


class InvalidResponse(InvalidInput):
    """A response that does not fit the question (not a choice, not a number...)."""

    code = "invalid_response"


@dataclass(frozen=True)
class Grade:
    """The outcome of grading one response."""

    # None for self-graded flashcards.
    correct: bool | None
    # Fraction right, 0..1, for types with parts.
    score: float
    # False when the answer was accepted only thanks to typo tolerance.
    exact: bool = True
    # A flashcard's self-grade, 1..4 (fsrs.Rating).
    self_rating: int | None = None
    note: str = ""


class FieldReader:
    """Reads one question's fields, reporting each problem at its path, never stopping early."""

    def __init__(
        self,
        data: Mapping[str, Any],
        path: Path,
        report: Report,
        raw_scalar: Callable[[Path], str | None],
    ):
        self.data = data
        self.path = path
        self._report = report
        self._raw = raw_scalar
        self.ok = True

    def error(self, key: str | int | tuple, message: str) -> None:
        suffix = key if isinstance(key, tuple) else (key,)
        self.ok = False
        self._report((*self.path, *suffix), message)

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def as_text(self, value: Any, where: tuple, what: str = "text") -> str | None:
        """Text as written: numbers and dates that YAML converted are turned back into text."""
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            self.error(
                where,
                f"expected {what}, but YAML read a boolean; put it in quotes if you mean the word",
            )
            return None
        if isinstance(value, int | float | dt.date):
            raw = self._raw((*self.path, *where))
            if raw is not None:
                return raw
            return value.isoformat() if isinstance(value, dt.date) else str(value)
        if value is None:
            self.error(where, f"expected {what}, got nothing")
            return None
        self.error(where, f"expected {what}, got a {_kind(value)}")
        return None

    def text(
        self, key: str, *, required: bool = False, max_length: int = 5000, allow_empty: bool = False
    ) -> str | None:
        if not self.has(key):
            if required:
                self.error(key, "is required")
            return None
        value = self.as_text(self.data[key], (key,))
        if value is None:
            return None
        value = value.strip()
        if not value and not allow_empty:
            self.error(key, "must not be empty")
            return None
        if len(value) > max_length:
            self.error(key, f"is {len(value)} characters long; the limit is {max_length}")
            return None
        return value

    def text_list(
        self,
        key: str,
        *,
        required: bool = False,
        min_items: int = 0,
        max_items: int = 100,
        distinct: bool = True,
        value: Any = None,
        where: tuple | None = None,
    ) -> list[str] | None:
        where = where or (key,)
        items = self.data.get(key) if value is None else value
        if items is None:
            if required:
                self.error(where, "is required")
            return None
        if not isinstance(items, list):
            self.error(where, f"must be a list, got a {_kind(items)}")
            return None
        if not min_items <= len(items) <= max_items:
            self.error(where, f"must have {min_items} to {max_items} items, has {len(items)}")
            return None
        out: list[str] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            text = self.as_text(item, (*where, index))
            if text is None:
                continue
            text = text.strip()
            if not text:
                self.error((*where, index), "must not be empty")
                continue
            folded = text.casefold()
            if distinct and folded in seen:
                self.error((*where, index), f"repeats item {seen[folded]} ({text!r})")
                continue
            seen[folded] = index
            out.append(text)
        return out if len(out) == len(items) else None

    def number(self, key: str, *, required: bool = False) -> float | int | None:
        if not self.has(key):
            if required:
                self.error(key, "is required")
            return None
        value = self.data[key]
        if isinstance(value, str):
            parsed = parse_number(value)
            if parsed is None:
                self.error(key, f"expected a number, got {_short(value)!r}")
                return None
            value = parsed
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(key, f"expected a number, got a {_kind(value)}")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.error(key, "must be a finite number")
            return None
        if not within_number_limit(value):
            self.error(key, f"is too large: numbers are limited to ±{MAX_NUMBER:g}")
            return None
        return value

    def integer(self, key: str, *, minimum: int, maximum: int) -> int | None:
        if not self.has(key):
            return None
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(key, f"expected a whole number, got {value!r}")
            return None
        if not minimum <= value <= maximum:
            self.error(key, f"must be between {minimum} and {maximum}, got {value}")
            return None
        return value

    def boolean(self, key: str, *, required: bool = False) -> bool | None:
        if not self.has(key):
            if required:
                self.error(key, "is required")
            return None
        value = self.data[key]
        if not isinstance(value, bool):
            self.error(key, f"expected true or false, got {value!r}")
            return None
        return value


# Answers and tolerances are compared as floats: beyond this, sums and differences of
# two of them could overflow to infinity, which neither grading nor JSON can hold.
MAX_NUMBER = 1e100


def within_number_limit(value: int | float) -> bool:
    """Finite and at most MAX_NUMBER either way (an int of any size compares exactly)."""
    return -MAX_NUMBER <= value <= MAX_NUMBER


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def parse_number(text: str) -> float | int | None:
    """Read a number as people type it: "1,000", "1 000", "3.5", "70%", "-2"."""
    cleaned = text.strip().replace("\u2212", "-").rstrip("%").strip()
    cleaned = cleaned.replace(",", "").replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        return None
    try:
        value = int(cleaned)
    except ValueError:
        try:
            value = float(cleaned)
        except ValueError:
            return None
        if not math.isfinite(value):
            return None
    return value


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


class QuestionType:
    """One kind of question. Subclasses are registered in ``quizapp.questions.QUESTION_TYPES``."""

    name: ClassVar[str]
    label: ClassVar[str]
    # Fields this type adds to the common ones (id, type, prompt, answer, ...).
    extra_fields: ClassVar[tuple[str, ...]] = ()
    auto_graded: ClassVar[bool] = True
    # The study page's input for this type: templates/study/types/<template>.html.
    template: ClassVar[str] = "text"
    # Seconds a prepared learner needs (a guide for time estimates; never a rating).
    expected_seconds: ClassVar[float] = 12.0
    # The question editor's help for the answer field, for this type only.
    answer_help: ClassVar[str] = ""

    def guess_chance(self, data: Mapping[str, Any]) -> float:
        """The chance of answering right without knowing: 0 for typed answers.

        A right answer to a question one can guess is weaker evidence of recall
        (``quizapp.study.rating``).
        """
        return 0.0

    def read(self, r: FieldReader, *, prompt: str) -> dict[str, Any] | None:
        """Validate the type's fields; return its data (always with ``answer``)."""
        raise NotImplementedError

    def learner_view(self, data: Mapping[str, Any], rng: random.Random) -> dict[str, Any]:
        """What the learner is shown besides the prompt: never the answer."""
        return {}

    def grade(self, data: Mapping[str, Any], response: Any, *, language: str = "en") -> Grade:
        raise NotImplementedError

    def response_from_form(self, form: Mapping[str, Any], view: Mapping[str, Any]) -> Any:
        """Turn the HTML form's fields into the same response the JSON API takes."""
        return form.get("response", "")

    def answer_choices(self, data: Mapping[str, Any]) -> list[tuple[str, str]] | None:
        """When the answer is one of a few values, (value, label) for the editor to pick
        from instead of typing the answer again; None when it is typed."""
        return None

    def display_answer(self, data: Mapping[str, Any]) -> str:
        answer = data["answer"]
        if isinstance(answer, list):
            return "; ".join(str(a) for a in answer)
        if isinstance(answer, bool):
            return "True" if answer else "False"
        return str(answer)

    def answer_fingerprint(self, data: Mapping[str, Any]) -> str:
        """What must stay equal for a learner's progress on the question to stay valid."""
        return json.dumps(data["answer"], sort_keys=True, ensure_ascii=False)

    def export(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The type's fields as they are written back to YAML (``answer`` included)."""
        out = {key: data[key] for key in self.extra_fields if key in data}
        out["answer"] = data["answer"]
        return out
