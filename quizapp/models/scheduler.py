"""What the scheduler learns and is told: fitted FSRS parameters and exam dates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.extensions import db
from quizapp.models.banks import JSONData
from quizapp.models.types import UTCDateTime, utcnow


class SchedulerParameters(db.Model):
    """FSRS parameters fitted to one learner's review log, or pooled over one class.

    Exactly one of ``user_id`` and ``class_id`` is set. The held-out figures are
    those printed by ``quizapp scheduler fit``: log loss and RMSE of predicted
    against actual recall on the latest reviews, for these and the default parameters.
    """

    __tablename__ = "scheduler_parameters"
    __table_args__ = (CheckConstraint("(user_id IS NULL) <> (class_id IS NULL)", name="one_owner"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="CASCADE"), unique=True
    )
    class_id: Mapped[int | None] = mapped_column(
        ForeignKey("classroom.id", ondelete="CASCADE"), unique=True
    )
    parameters: Mapped[list[Any]] = mapped_column(JSONData)
    # Reviews in the log when fitted: ``--all`` refits once enough new ones arrive.
    review_count: Mapped[int] = mapped_column(default=0)
    log_loss: Mapped[float | None]
    rmse: Mapped[float | None]
    default_log_loss: Mapped[float | None]
    default_rmse: Mapped[float | None]
    fitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ExamDate(db.Model):
    """An exam on a bank: a learner's own, or set by a teacher for a class."""

    __tablename__ = "exam_date"
    __table_args__ = (
        UniqueConstraint("user_id", "bank_id"),
        UniqueConstraint("class_id", "bank_id"),
        CheckConstraint("(user_id IS NULL) <> (class_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    class_id: Mapped[int | None] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"))
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"), index=True)
    exam_on: Mapped[date] = mapped_column(Date)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
