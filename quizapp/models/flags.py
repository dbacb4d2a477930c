"""Learners' reports of a broken question, for the bank's teacher to act on."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.banks import Question
from quizapp.models.types import UTCDateTime, utcnow


class QuestionFlag(db.Model):
    """One learner saying what is wrong with one question ("the answer is wrong", a typo).

    The reason is the learner's own words, so it goes with their account when they
    erase it.
    """

    __tablename__ = "question_flag"
    __table_args__ = (
        Index("ix_question_flag_question_id_created_at", "question_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    question: Mapped[Question] = relationship()
