"""Test mode: a set of questions answered without feedback, scored when it ends.

A test is a ``PracticeTest`` with one presentation per question (``test_id`` set).
Each answer is graded and recorded in the review log when it is given, like any
retrieval, so it updates the learner's memory state; the learner sees nothing of
it until the test is finished. A timed test ends itself: once its time is up no
answer is taken, and reading it finishes it as of its deadline.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from quizapp.errors import Conflict, InvalidInput, NotFound
from quizapp.extensions import db
from quizapp.models import (
    Bank,
    BankSource,
    Card,
    PracticeTest,
    Presentation,
    Question,
    ReviewLog,
    utcnow,
)
from quizapp.questions import get_question_type
from quizapp.services import study
from quizapp.study.scheduling import make_scheduler, retrievability

ORDERS = ("random", "weakest")
MAX_QUESTIONS = 100
MAX_TIME_LIMIT_S = 4 * 3600
# Flashcards are graded by the learner as they go; a test is graded by the app.
UNTESTED_TYPES = frozenset({"flashcard"})


@dataclass
class TestQuestion:
    presentation: Presentation
    question: Question
    source: BankSource | None
    log: ReviewLog | None

    @property
    def answered(self) -> bool:
        return self.presentation.answered_at is not None

    @property
    def view(self) -> dict[str, Any]:
        return {k: v for k, v in (self.presentation.shown or {}).items() if k != "revision"}

    def public_question(self) -> dict[str, Any]:
        q = self.question
        out: dict[str, Any] = {"id": q.id, "key": q.key, "type": q.type, "prompt": q.prompt}
        out.update(self.view)
        return {"presentation_id": self.presentation.token, "question": out}


@dataclass
class TestState:
    test: PracticeTest
    bank: Bank
    questions: list[TestQuestion]

    @property
    def ends_at(self) -> datetime | None:
        if self.test.time_limit_s is None:
            return None
        return self.test.created_at + timedelta(seconds=self.test.time_limit_s)

    @property
    def finished(self) -> bool:
        return self.test.finished_at is not None

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def answered(self) -> int:
        return sum(1 for q in self.questions if q.answered)

    @property
    def score(self) -> int:
        return sum(1 for q in self.questions if q.log is not None and q.log.correct)

    def next_unanswered(self) -> TestQuestion | None:
        return next((q for q in self.questions if not q.answered), None)

    @property
    def missed(self) -> list[TestQuestion]:
        return [q for q in self.questions if q.log is None or not q.log.correct]

    def to_json(self) -> dict[str, Any]:
        return {
            "test_id": self.test.token,
            "bank": self.bank.slug,
            "order": self.test.order,
            "time_limit_s": self.test.time_limit_s,
            "ends_at": self.ends_at.isoformat() if self.ends_at else None,
            "finished": self.finished,
            "answered": self.answered,
            "total": self.total,
            "questions": [q.public_question() for q in self.questions],
        }

    def report_json(self) -> dict[str, Any]:
        return {
            "test_id": self.test.token,
            "score": self.score,
            "total": self.total,
            "answered": self.answered,
            "finished_at": self.test.finished_at.isoformat() if self.test.finished_at else None,
            "missed": [
                {
                    "question_id": q.question.id,
                    "prompt": q.question.prompt,
                    "response": q.log.response if q.log else None,
                    "answer": get_question_type(q.question.type).display_answer(q.question.data),
                    "source": study.source_of(q.question, q.source),
                }
                for q in self.missed
            ],
        }


def _whole(value: Any, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(
            f"{name} must be a whole number from {low} to {high}.", fields={name: "invalid"}
        )
    return value


def create_test(
    user_id: int,
    slug: str,
    *,
    count: Any,
    order: Any = "random",
    time_limit_s: Any = None,
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> TestState:
    """Start a test of ``count`` questions of an enrolled bank, chosen at random or the
    learner's weakest first (lowest predicted recall; questions never seen after)."""
    now = now or utcnow()
    rng = rng or random.Random()
    count = _whole(count, "count", 1, MAX_QUESTIONS)
    if order not in ORDERS:
        raise InvalidInput("order must be random or weakest.", fields={"order": "invalid"})
    if time_limit_s is not None:
        time_limit_s = _whole(time_limit_s, "time_limit_s", 10, MAX_TIME_LIMIT_S)
    user = study._user(user_id)
    bank, _enrollment = study._enrolled_bank(user, slug)
    questions = list(
        db.session.scalars(
            select(Question)
            .where(
                Question.bank_id == bank.id,
                Question.retired_at.is_(None),
                Question.type.not_in(UNTESTED_TYPES),
            )
            .order_by(Question.position)
        )
    )
    if not questions:
        raise InvalidInput("This bank has no questions a test can score.", fields={"bank": "empty"})
    if order == "random":
        chosen = rng.sample(questions, min(count, len(questions)))
    else:
        cards = {
            c.question_id: c
            for c in db.session.scalars(
                select(Card).where(Card.user_id == user.id, Card.bank_id == bank.id)
            )
        }
        scheduler = make_scheduler(user.desired_retention, fuzz=False)
        seen = [q for q in questions if q.id in cards]
        unseen = [q for q in questions if q.id not in cards]
        rng.shuffle(unseen)
        seen.sort(key=lambda q: (retrievability(scheduler, study._memory(cards[q.id]), now), q.id))
        chosen = (seen + unseen)[:count]
    test = PracticeTest(
        token=secrets.token_urlsafe(18),
        user_id=user.id,
        bank_id=bank.id,
        order=order,
        time_limit_s=time_limit_s,
        created_at=now,
    )
    db.session.add(test)
    db.session.flush()
    for offset, question in enumerate(chosen):
        shown = get_question_type(question.type).learner_view(question.data, rng)
        shown[study.REVISION_KEY] = question.answer_revision
        db.session.add(
            Presentation(
                token=secrets.token_urlsafe(24),
                user_id=user.id,
                question_id=question.id,
                bank_id=bank.id,
                shown=shown,
                practice=False,
                test_id=test.id,
                # Kept in the test's order: one microsecond apart.
                created_at=now + timedelta(microseconds=offset),
            )
        )
    db.session.commit()
    return get_test(user_id, test.token, now=now)


def get_test(user_id: int, token: str, *, now: datetime | None = None) -> TestState:
    """A test of the learner's; a timed one whose time is up is finished as of its end."""
    now = now or utcnow()
    if not isinstance(token, str) or not 8 <= len(token) <= 64:
        raise NotFound("No such test.", code="no_test")
    row = db.session.execute(
        select(PracticeTest, Bank)
        .join(Bank, Bank.id == PracticeTest.bank_id)
        .where(PracticeTest.token == token)
    ).first()
    if row is None or row[0].user_id != user_id:
        raise NotFound("No such test.", code="no_test")
    test, bank = row
    rows = db.session.execute(
        select(Presentation, Question, BankSource, ReviewLog)
        .join(Question, Question.id == Presentation.question_id)
        .outerjoin(BankSource, BankSource.id == Question.source_id)
        .outerjoin(ReviewLog, ReviewLog.id == Presentation.review_id)
        .where(Presentation.test_id == test.id)
        .order_by(Presentation.created_at, Presentation.id)
    ).all()
    state = TestState(test, bank, [TestQuestion(*r) for r in rows])
    if not state.finished and state.ends_at is not None and now >= state.ends_at:
        test.finished_at = state.ends_at
        db.session.commit()
    return state


def answer_test_question(
    user_id: int,
    token: str,
    presentation_id: Any,
    response: Any,
    *,
    elapsed_ms: int | None = None,
    now: datetime | None = None,
    fuzz: bool = True,
) -> TestState:
    """Record one answer of a test, without telling how it went. Answering a question
    twice keeps the first answer."""
    now = now or utcnow()
    state = get_test(user_id, token, now=now)
    if state.finished:
        raise Conflict("This test is over; its answers are in.", code="test_over")
    if not any(q.presentation.token == presentation_id for q in state.questions):
        raise NotFound("No such question in this test.", code="no_presentation")
    study.submit_answer(
        user_id, presentation_id, response, elapsed_ms=elapsed_ms, now=now, fuzz=fuzz
    )
    return get_test(user_id, token, now=now)


def response_from_form(user_id: int, token: str, presentation_id: str, form) -> Any:
    state = get_test(user_id, token)
    item = next((q for q in state.questions if q.presentation.token == presentation_id), None)
    if item is None:
        raise NotFound("No such question in this test.", code="no_presentation")
    return get_question_type(item.question.type).response_from_form(form, item.view)


def finish_test(user_id: int, token: str, *, now: datetime | None = None) -> TestState:
    """End the test (questions left unanswered count as missed) and score it."""
    now = now or utcnow()
    state = get_test(user_id, token, now=now)
    if not state.finished:
        state.test.finished_at = now
        db.session.commit()
    return state


def recent_tests(user_id: int, bank_id: int, limit: int = 5) -> list[PracticeTest]:
    return list(
        db.session.scalars(
            select(PracticeTest)
            .where(PracticeTest.user_id == user_id, PracticeTest.bank_id == bank_id)
            .order_by(PracticeTest.created_at.desc())
            .limit(limit)
        )
    )
