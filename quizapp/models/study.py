"""What each learner knows: enrolments, FSRS card state, presentations and the review log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.banks import JSONData, Question
from quizapp.models.types import UTCDateTime, utcnow

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit key.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Enrollment(db.Model):
    __tablename__ = "enrollment"
    __table_args__ = (UniqueConstraint("user_id", "bank_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"), index=True)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Where to look for the learner's next new question: every active question placed
    # before it already has a card. Valid only for the bank as it was at
    # ``new_position_at``; a re-import (which moves, adds or resets questions) starts
    # the search from the top again.
    new_position: Mapped[int] = mapped_column(default=0, server_default="0")
    new_position_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Card(db.Model):
    """One learner's FSRS memory state for one question.

    A question the learner has never answered has no card: it is "new".
    ``bank_id`` repeats the question's bank so that a learner's due cards in a
    bank come from one index range scan, in due order.
    """

    __tablename__ = "card"
    __table_args__ = (
        UniqueConstraint("user_id", "question_id"),
        Index("ix_card_user_id_bank_id_due", "user_id", "bank_id", "due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), index=True
    )
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"), index=True)
    # fsrs.State: 1 learning, 2 review, 3 relearning.
    state: Mapped[int] = mapped_column(SmallInteger)
    step: Mapped[int | None] = mapped_column(Integer)
    stability: Mapped[float | None]
    difficulty: Mapped[float | None]
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reps: Mapped[int] = mapped_column(default=0)
    lapses: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    question: Mapped[Question] = relationship()


class Presentation(db.Model):
    """A question put in front of a learner, answerable once.

    The token is the one-time ``presentation_id``: a second answer with the same
    token (a refresh, a double click, a retry) returns the first answer's result.
    """

    __tablename__ = "presentation"
    __table_args__ = (
        Index("ix_presentation_user_id_created_at", "user_id", "created_at"),
        # The learner's latest presentation in a bank: reused on a refresh, and the
        # question not to repeat next.
        Index("ix_presentation_user_id_bank_id_created_at", "user_id", "bank_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"))
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"))
    # Choices and items in the order shown to this learner.
    shown: Mapped[dict[str, Any]] = mapped_column(JSONData, default=dict)
    practice: Mapped[bool] = mapped_column(default=False)
    # Set for the questions of a test, which are answered without feedback until it ends.
    test_id: Mapped[int | None] = mapped_column(
        ForeignKey("practice_test.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("review_log.id", ondelete="SET NULL")
    )

    question: Mapped[Question] = relationship()


class ReviewLog(db.Model):
    """Every answer ever given, append-only: the record progress is computed from."""

    __tablename__ = "review_log"
    __table_args__ = (
        Index("ix_review_log_user_id_reviewed_at", "user_id", "reviewed_at"),
        Index("ix_review_log_question_id_reviewed_at", "question_id", "reviewed_at"),
        Index("ix_review_log_bank_id_reviewed_at", "bank_id", "reviewed_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"))
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"))
    presentation_token: Mapped[str | None] = mapped_column(String(64))
    answer_revision: Mapped[int] = mapped_column(default=1)
    response: Mapped[Any] = mapped_column(JSONData, nullable=True)
    # None for self-graded flashcards.
    correct: Mapped[bool | None]
    # Fraction right, for types with parts (cloze blanks, ordering).
    score: Mapped[float | None]
    # fsrs.Rating: 1 again, 2 hard, 3 good, 4 easy.
    rating: Mapped[int] = mapped_column(SmallInteger)
    # The chance of a right answer by guessing (1/choices; 0 for typed answers): a right
    # answer is weaker evidence of recall (quizapp.study.rating).
    guess_chance: Mapped[float] = mapped_column(default=0.0, server_default="0")
    elapsed_ms: Mapped[int | None]
    was_new: Mapped[bool] = mapped_column(default=False)
    practice: Mapped[bool] = mapped_column(default=False)
    state_before: Mapped[dict[str, Any] | None] = mapped_column(JSONData, nullable=True)
    state_after: Mapped[dict[str, Any]] = mapped_column(JSONData)
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the learner counted a typed answer as right ("I was right"): ``correct`` and
    # ``rating`` then hold the correction and these the grader's own verdict.
    overridden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    graded_correct: Mapped[bool | None]
    graded_rating: Mapped[int | None] = mapped_column(SmallInteger)

    question: Mapped[Question] = relationship()


class PracticeTest(db.Model):
    """A test: a fixed set of questions answered without feedback, scored at the end.

    Its questions are presentations with ``test_id`` set; each answer is a retrieval,
    recorded in the review log like any other.
    """

    __tablename__ = "practice_test"
    __table_args__ = (Index("ix_practice_test_user_id_created_at", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"))
    order: Mapped[str] = mapped_column(String(16))
    time_limit_s: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when the learner finishes, or for a timed test, when its time ran out.
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
