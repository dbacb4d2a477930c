"""Learners flag questions they think are broken; the bank's teacher reads the flags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select

from quizapp.errors import InvalidInput, NotFound
from quizapp.extensions import db
from quizapp.models import Presentation, Question, QuestionFlag, User, utcnow

MAX_REASON = 1000


@dataclass(frozen=True)
class FlagResult:
    flag: QuestionFlag
    created: bool

    def to_json(self) -> dict:
        return {
            "id": self.flag.id,
            "question_id": self.flag.question_id,
            "reason": self.flag.reason,
            "created_at": self.flag.created_at.isoformat(),
        }


def clean_reason(reason: object) -> str:
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidInput("Say what is wrong with the question.", fields={"reason": "required"})
    reason = " ".join(reason.split())
    if len(reason) > MAX_REASON:
        raise InvalidInput(
            f"Keep the reason under {MAX_REASON} characters.", fields={"reason": "too_long"}
        )
    return reason


def flag_question(
    user_id: int, question_id: int, reason: object, *, now: datetime | None = None
) -> FlagResult:
    """Record a learner's flag on a question they have been shown.

    Only questions the learner was shown may be flagged, and any other is "not found",
    so question ids cannot be probed. The same reason twice is recorded once.
    """
    reason = clean_reason(reason)
    user = db.session.get(User, user_id)
    shown = exists().where(Presentation.user_id == user_id, Presentation.question_id == Question.id)
    question = db.session.scalar(select(Question).where(Question.id == question_id, shown))
    if user is None or question is None:
        raise NotFound("No such question for you to flag.", code="no_question")
    existing = db.session.scalar(
        select(QuestionFlag).where(
            QuestionFlag.user_id == user_id,
            QuestionFlag.question_id == question_id,
            QuestionFlag.reason == reason,
        )
    )
    if existing is not None:
        return FlagResult(existing, created=False)
    flag = QuestionFlag(
        question_id=question.id, user_id=user.id, reason=reason, created_at=now or utcnow()
    )
    db.session.add(flag)
    db.session.commit()
    return FlagResult(flag, created=True)


def flags_for_question(question_id: int) -> list[QuestionFlag]:
    """Every flag on a question, newest first (for its teacher; callers check access)."""
    return list(
        db.session.scalars(
            select(QuestionFlag)
            .where(QuestionFlag.question_id == question_id)
            .order_by(QuestionFlag.created_at.desc(), QuestionFlag.id.desc())
        )
    )
