"""The built-in question types."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from quizapp.questions.base import (
    MAX_NUMBER,
    FieldReader,
    Grade,
    InvalidResponse,
    QuestionType,
    parse_number,
    within_number_limit,
)
from quizapp.questions.text import default_typo_tolerance, edit_distance, normalise_answer

BLANK = re.compile(r"_{3,}")
_DIGITS = re.compile(r"\d+")


class MultipleChoice(QuestionType):
    name = "multiple_choice"
    label = "Multiple choice"
    template = "choices"
    extra_fields = ("choices", "shuffle")
    expected_seconds = 10.0
    answer_help = "The right choice, picked from the choices (save new choices first)."

    def answer_choices(self, data):
        return [(str(c), str(c)) for c in data.get("choices") or []] or None

    def read(self, r: FieldReader, *, prompt: str) -> dict[str, Any] | None:
        choices = r.text_list("choices", required=True, min_items=2, max_items=10)
        answer = r.as_text(r.data.get("answer"), ("answer",), "the text of one choice")
        shuffle = r.boolean("shuffle")
        if choices is None or answer is None:
            return None
        answer = answer.strip()
        if answer not in choices:
            near = [c for c in choices if c.casefold() == answer.casefold()]
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            r.error("answer", f"{answer!r} is not one of the choices{hint}")
            return None
        data: dict[str, Any] = {"choices": choices, "answer": answer}
        if shuffle is not None:
            data["shuffle"] = shuffle
        return data

    def guess_chance(self, data):
        return 1.0 / len(data["choices"])

    def learner_view(self, data, rng):
        choices = list(data["choices"])
        if data.get("shuffle", True):
            rng.shuffle(choices)
        return {"choices": choices}

    def grade(self, data, response, *, language="en"):
        if not isinstance(response, str) or response not in data["choices"]:
            raise InvalidResponse("Choose one of the choices.")
        return Grade(correct=response == data["answer"], score=float(response == data["answer"]))


class TrueFalse(QuestionType):
    name = "true_false"
    label = "True or false"
    template = "choices"
    expected_seconds = 8.0
    answer_help = "Whether the statement is true."

    def answer_choices(self, data):
        return [("true", "True"), ("false", "False")]

    def read(self, r, *, prompt):
        answer = r.data.get("answer")
        if not isinstance(answer, bool):
            r.error("answer", f"must be true or false, got {answer!r}")
            return None
        return {"answer": answer}

    def guess_chance(self, data):
        return 0.5

    def learner_view(self, data, rng):
        return {"choices": ["True", "False"]}

    def grade(self, data, response, *, language="en"):
        value = _as_bool(response)
        if value is None:
            raise InvalidResponse("Answer true or false.")
        return Grade(correct=value == data["answer"], score=float(value == data["answer"]))

    def display_answer(self, data):
        return "True" if data["answer"] else "False"


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return {"true": True, "false": False}.get(value.strip().casefold())
    return None


# No accepted answer is longer (bank texts are limited to 5,000 characters), and every
# response is kept in the review log, so longer ones are refused rather than stored.
MAX_TYPED_ANSWER = 5000


def _check_typed_length(response: str) -> None:
    if len(response) > MAX_TYPED_ANSWER:
        raise InvalidResponse(f"Answers are limited to {MAX_TYPED_ANSWER:,} characters.")


def _read_tolerance(r: FieldReader) -> int | None:
    return r.integer("typo_tolerance", minimum=0, maximum=3)


def match_typed(
    response: str,
    accepted: list[str],
    *,
    tolerance: int | None,
    case_sensitive: bool,
    language: str,
) -> tuple[bool, bool]:
    """(right, exact) for a typed answer against every accepted form.

    Digits must match exactly: "1978" is not a typo of "1979".
    """
    given = normalise_answer(response, language=language, case_sensitive=case_sensitive)
    if not given:
        return False, True
    forms = [
        normalise_answer(a, language=language, case_sensitive=case_sensitive) for a in accepted
    ]
    if given in forms:
        return True, True
    for form in forms:
        allowed = default_typo_tolerance(form) if tolerance is None else tolerance
        if allowed == 0 or _DIGITS.findall(form) != _DIGITS.findall(given):
            continue
        if edit_distance(given, form, allowed) <= allowed:
            return True, False
    return False, True


class ShortAnswer(QuestionType):
    name = "short_answer"
    label = "Short answer"
    extra_fields = ("accept", "typo_tolerance", "case_sensitive")
    expected_seconds = 15.0
    answer_help = "The answer a student should type; other spellings go below."

    def read(self, r, *, prompt):
        answer = r.as_text(r.data.get("answer"), ("answer",))
        accept = r.text_list("accept", max_items=50)
        tolerance = _read_tolerance(r)
        case_sensitive = r.boolean("case_sensitive")
        if answer is None or not answer.strip():
            if answer is not None:
                r.error("answer", "must not be empty")
            return None
        data: dict[str, Any] = {"answer": answer.strip()}
        if accept:
            data["accept"] = accept
        if tolerance is not None:
            data["typo_tolerance"] = tolerance
        if case_sensitive is not None:
            data["case_sensitive"] = case_sensitive
        return data

    def grade(self, data, response, *, language="en"):
        if not isinstance(response, str):
            raise InvalidResponse("Type an answer.")
        _check_typed_length(response)
        right, exact = match_typed(
            response,
            [data["answer"], *data.get("accept", [])],
            tolerance=data.get("typo_tolerance"),
            case_sensitive=data.get("case_sensitive", False),
            language=language,
        )
        note = "Accepted, but check the spelling." if right and not exact else ""
        return Grade(correct=right, score=float(right), exact=exact, note=note)


class Numeric(QuestionType):
    name = "numeric"
    label = "Number"
    extra_fields = ("tolerance", "unit")
    expected_seconds = 15.0
    answer_help = "The number (the unit goes below)."

    def read(self, r, *, prompt):
        answer = r.number("answer", required=True)
        unit = r.text("unit", max_length=40)
        tolerance = r.data.get("tolerance")
        data: dict[str, Any] = {}
        if tolerance is not None:
            if isinstance(tolerance, str) and tolerance.strip().endswith("%"):
                pct = parse_number(tolerance)
                if pct is None or pct < 0 or pct > 1000:
                    r.error(
                        "tolerance",
                        f"expected a percentage from 0% to 1000%, such as '5%', got "
                        f"{tolerance[:40]!r}",
                    )
                else:
                    data["tolerance"] = tolerance.strip()
            elif isinstance(tolerance, int | float) and not isinstance(tolerance, bool):
                if not within_number_limit(tolerance):
                    r.error("tolerance", f"must be a finite number up to {MAX_NUMBER:g}")
                elif tolerance < 0:
                    r.error("tolerance", "must not be negative")
                else:
                    data["tolerance"] = tolerance
            else:
                r.error("tolerance", f"expected a number or a percentage, got {tolerance!r}")
        if answer is None:
            return None
        data["answer"] = answer
        if unit:
            data["unit"] = unit
        return data

    def learner_view(self, data, rng):
        return {"unit": data["unit"]} if data.get("unit") else {}

    def grade(self, data, response, *, language="en"):
        if isinstance(response, bool):
            value = None
        elif isinstance(response, int | float):
            value = response
        elif isinstance(response, str):
            text = response.strip()
            unit = data.get("unit")
            if unit and text.casefold().endswith(unit.casefold()):
                text = text[: -len(unit)]
            value = parse_typed_number(text)
        else:
            value = None
        if value is None or not _finite(value):
            raise InvalidResponse("Enter a number.")
        answer = data["answer"]
        if not within_number_limit(answer) or not within_number_limit(value):
            # Stored before answers were limited (or typed beyond the limit): floats cannot
            # hold the difference, so only an exact match counts.
            right = value == answer
            return Grade(correct=right, score=float(right))
        margin = allowed_margin(data)
        right = abs(value - answer) <= margin + 1e-9 * max(1.0, abs(answer))
        return Grade(correct=right, score=float(right))

    def display_answer(self, data):
        answer = data["answer"]
        text = f"{answer:,}" if isinstance(answer, int) else f"{answer:g}"
        if data.get("unit"):
            text += data["unit"] if data["unit"] == "%" else f" {data['unit']}"
        return text


def _finite(value: int | float) -> bool:
    """NaN, infinity and integers too large for a float compare with nothing."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


_DECIMAL_COMMA = re.compile(r"^[-\u2212]?\d+,(\d{1,2}|\d{4,})$")


def parse_typed_number(text: str) -> float | int | None:
    """A number as a learner types it; "2,5" is read with a decimal comma.

    A single comma followed by exactly three digits stays a thousands separator
    ("1,000"), as the bank's own numbers are written.
    """
    compact = text.strip().rstrip("%").strip()
    if _DECIMAL_COMMA.match(compact):
        return parse_number(compact.replace(",", "."))
    return parse_number(text)


def allowed_margin(data: Mapping[str, Any]) -> float:
    tolerance = data.get("tolerance", 0)
    if isinstance(tolerance, str):
        return abs(data["answer"]) * (parse_number(tolerance) or 0) / 100
    try:
        return float(tolerance)
    except OverflowError:  # an int stored before tolerances were limited
        return math.inf


class Cloze(QuestionType):
    name = "cloze"
    label = "Fill in the blanks"
    template = "cloze"
    extra_fields = ("accept", "typo_tolerance")
    expected_seconds = 20.0
    answer_help = "One answer per blank, one per line, in the order of the blanks."

    def read(self, r, *, prompt):
        blanks = len(BLANK.findall(prompt))
        if blanks == 0:
            r.error("prompt", "a cloze prompt needs at least one blank written ___")
        raw = r.data.get("answer")
        if isinstance(raw, list):
            answers = r.text_list(
                "answer", required=True, min_items=1, max_items=20, distinct=False
            )
        else:
            one = r.as_text(raw, ("answer",))
            answers = [one.strip()] if one and one.strip() else None
            if one is not None and not one.strip():
                r.error("answer", "must not be empty")
        tolerance = _read_tolerance(r)
        accept = self._read_accept(r, blanks)
        if answers is None or blanks == 0:
            return None
        if len(answers) != blanks:
            r.error(
                "answer",
                f"the prompt has {_count(blanks, 'blank')} but {_count(len(answers), 'answer')}",
            )
            return None
        data: dict[str, Any] = {"answer": answers[0] if not isinstance(raw, list) else answers}
        if accept:
            data["accept"] = accept
        if tolerance is not None:
            data["typo_tolerance"] = tolerance
        return data

    def _read_accept(self, r: FieldReader, blanks: int) -> list | None:
        accept = r.data.get("accept")
        if accept is None:
            return None
        if not isinstance(accept, list):
            r.error("accept", "must be a list")
            return None
        if blanks <= 1 and all(not isinstance(a, list) for a in accept):
            return r.text_list("accept", max_items=50)
        if len(accept) != blanks:
            r.error("accept", f"needs one list per blank ({blanks}), has {len(accept)}")
            return None
        out = []
        for index, per_blank in enumerate(accept):
            if per_blank is None:
                out.append([])
                continue
            items = r.text_list("accept", value=per_blank, where=("accept", index), max_items=50)
            out.append(items or [])
        return out

    @staticmethod
    def answers(data: Mapping[str, Any]) -> list[str]:
        answer = data["answer"]
        return list(answer) if isinstance(answer, list) else [answer]

    def accepted_per_blank(self, data: Mapping[str, Any]) -> list[list[str]]:
        answers = self.answers(data)
        accept = data.get("accept") or []
        if accept and not isinstance(accept[0], list):
            accept = [accept]
        return [[a, *(accept[i] if i < len(accept) else [])] for i, a in enumerate(answers)]

    def learner_view(self, data, rng):
        return {"blanks": len(self.answers(data))}

    def grade(self, data, response, *, language="en"):
        expected = self.accepted_per_blank(data)
        if isinstance(response, str):
            response = [response]
        if not isinstance(response, list) or len(response) != len(expected):
            count = len(expected)
            raise InvalidResponse(
                "Fill in the blank." if count == 1 else f"Fill in all {count} blanks."
            )
        if not all(isinstance(item, str) for item in response):
            raise InvalidResponse("Each blank takes text.")
        for item in response:
            _check_typed_length(item)
        results = [
            match_typed(
                given,
                forms,
                tolerance=data.get("typo_tolerance"),
                case_sensitive=False,
                language=language,
            )
            for given, forms in zip(response, expected, strict=True)
        ]
        right = sum(1 for ok, _ in results if ok)
        exact = all(ex for ok, ex in results if ok)
        return Grade(correct=right == len(results), score=right / len(results), exact=exact)

    def response_from_form(self, form, view):
        return [form.get(f"blank-{i}", "") for i in range(view.get("blanks", 1))]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class Ordering(QuestionType):
    name = "ordering"
    label = "Put in order"
    template = "ordering"
    extra_fields = ("choices",)
    expected_seconds = 30.0
    answer_help = "The items in the right order, one per line."

    def read(self, r, *, prompt):
        answer = r.text_list("answer", required=True, min_items=2, max_items=10)
        choices = r.text_list("choices", min_items=2, max_items=10)
        if answer is None:
            return None
        data: dict[str, Any] = {"answer": answer}
        if choices is not None:
            if sorted(choices) != sorted(answer):
                r.error("choices", "must hold exactly the items of answer, in any order")
                return None
            data["choices"] = choices
        return data

    def learner_view(self, data, rng):
        items = list(data.get("choices") or data["answer"])
        if "choices" not in data:
            for _ in range(5):
                rng.shuffle(items)
                if items != data["answer"]:
                    break
        return {"items": items}

    def grade(self, data, response, *, language="en"):
        answer = data["answer"]
        if (
            not isinstance(response, list)
            or not all(isinstance(item, str) for item in response)
            or sorted(response) != sorted(answer)
        ):
            raise InvalidResponse("Put every item in order, each once.")
        rank = {item: i for i, item in enumerate(answer)}
        positions = [rank[item] for item in response]
        pairs = len(positions) * (len(positions) - 1) // 2
        in_order = sum(
            1
            for i in range(len(positions))
            for j in range(i + 1, len(positions))
            if positions[i] < positions[j]
        )
        return Grade(correct=list(response) == answer, score=in_order / pairs)

    def response_from_form(self, form, view):
        items = view["items"]
        placed = []
        for index, item in enumerate(items):
            position = parse_number(str(form.get(f"position-{index}", "")))
            if not isinstance(position, int) or not 1 <= position <= len(items):
                raise InvalidResponse(f"Give every item a position from 1 to {len(items)}.")
            placed.append((position, item))
        if len({p for p, _ in placed}) != len(placed):
            raise InvalidResponse("Give each position to one item only.")
        return [item for _, item in sorted(placed)]

    def display_answer(self, data):
        return " \u2192 ".join(data["answer"])


SELF_RATINGS = {"again": 1, "hard": 2, "good": 3, "easy": 4}


class Flashcard(QuestionType):
    name = "flashcard"
    label = "Flashcard"
    template = "flashcard"
    auto_graded = False
    answer_help = "The back of the card."

    def read(self, r, *, prompt):
        answer = r.as_text(r.data.get("answer"), ("answer",), "the back of the card")
        if answer is None:
            return None
        if not answer.strip():
            r.error("answer", "must not be empty")
            return None
        return {"answer": answer.strip()}

    def grade(self, data, response, *, language="en"):
        rating = response
        if isinstance(response, str):
            rating = SELF_RATINGS.get(response.strip().casefold()) or parse_number(response)
        if isinstance(rating, bool) or rating not in (1, 2, 3, 4):
            raise InvalidResponse("Grade the card: again, hard, good or easy.")
        return Grade(correct=None, score=1.0 if rating > 1 else 0.0, self_rating=int(rating))


BUILTIN_TYPES: tuple[type[QuestionType], ...] = (
    MultipleChoice,
    TrueFalse,
    ShortAnswer,
    Numeric,
    Cloze,
    Ordering,
    Flashcard,
)
