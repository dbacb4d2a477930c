"""A bank as its students will see it, and a sandbox to try it: questions shown and graded
by their own types, with nothing written to the database.

The sandbox keeps no state of its own: the page carries the position, the score and a
seed, and the same seed shuffles a question's choices the same way when it is shown and
when it is graded. So trying a bank never touches cards, the review log or analytics.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from quizapp.errors import NotFound
from quizapp.questions import get_question_type
from quizapp.questions.base import Grade, QuestionType
from quizapp.services import bank_admin
from quizapp.services import banks as bank_service

# The four self-grades of a flashcard, as the study page names them.
FLASHCARD_GRADES = ("again", "hard", "good", "easy")


@dataclass(frozen=True)
class SandboxQuestion:
    """What the student-facing templates need of a question (a model or a parsed one)."""

    key: str
    type: str
    prompt: str
    data: Mapping[str, Any]
    explanation: str = ""
    hint: str = ""
    source_sentence: str = ""

    @property
    def answer(self) -> Any:
        return self.data.get("answer")

    @property
    def qtype(self) -> QuestionType:
        return get_question_type(self.type)


@dataclass(frozen=True)
class GradeButton:
    name: str
    label: str = ""


@dataclass
class Shown:
    """One question as a student would see it: the choices and items in a shuffled order."""

    question: SandboxQuestion
    shown: dict[str, Any]
    position: int
    buttons: list[GradeButton] = field(
        default_factory=lambda: [GradeButton(name) for name in FLASHCARD_GRADES]
    )

    @property
    def qtype(self) -> QuestionType:
        return self.question.qtype


@dataclass
class Tried:
    """The sandbox's feedback on one answer."""

    shown: Shown
    response: Any
    grade: Grade
    answer: str

    @property
    def counts_as_right(self) -> bool:
        if self.grade.correct is None:  # a flashcard: Hard or better is remembered
            return (self.grade.self_rating or 1) > 1
        return bool(self.grade.correct)


def _as_sandbox(question) -> SandboxQuestion:
    return SandboxQuestion(
        key=question.key,
        type=question.type,
        prompt=question.prompt,
        data=question.data,
        explanation=question.explanation or "",
        hint=question.hint or "",
        source_sentence=question.source_sentence or "",
    )


@dataclass
class SandboxBank:
    title: str
    questions: list[SandboxQuestion]


def upload_questions(token: str, user_id: int, *, max_bytes: int) -> list[SandboxBank]:
    """The banks of a waiting upload, as parsed (nothing imported)."""
    preview = bank_admin.preview_upload(token, user_id, max_bytes=max_bytes)
    return [SandboxBank(b.title, [_as_sandbox(q) for q in b.questions]) for b in preview.banks]


def bank_questions(slug: str, user_id: int) -> SandboxBank:
    """A bank its editor may try (a draft included): its active questions, in order."""
    bank = bank_admin.editable_bank(slug, user_id)
    return SandboxBank(bank.title, [_as_sandbox(q) for q in bank_service.active_questions(bank)])


def show(questions: list[SandboxQuestion], position: int, seed: int) -> Shown:
    """The question at ``position``, shuffled by ``seed`` as a learner's presentation is."""
    if not 0 <= position < len(questions):
        raise NotFound("no such question in this bank")
    question = questions[position]
    rng = random.Random(f"{seed}:{position}")
    return Shown(question, question.qtype.learner_view(question.data, rng), position)


def shown_as_student(questions: list[SandboxQuestion], seed: int) -> list[Shown]:
    return [show(questions, n, seed) for n in range(len(questions))]


def try_answer(
    questions: list[SandboxQuestion], position: int, seed: int, form: Mapping[str, Any]
) -> Tried:
    """Grade a response from the sandbox's form, exactly as the study page would."""
    shown = show(questions, position, seed)
    qtype = shown.qtype
    # Both raise InvalidResponse (a missing choice, a position given twice), as on the
    # study page, and the question is asked again.
    response = qtype.response_from_form(form, shown.shown)
    grade = qtype.grade(shown.question.data, response)
    return Tried(shown, response, grade, qtype.display_answer(shown.question.data))
