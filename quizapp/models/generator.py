"""What teachers decided about generated questions, for re-fitting the generator's scorer."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.extensions import db
from quizapp.models.banks import JSONData
from quizapp.models.types import UTCDateTime, utcnow

# None is SQL NULL here (not JSON null), so "IS NULL" finds the rows without one.
OptionalJSON = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


class ReviewDecision(StrEnum):
    ACCEPTED = "accepted"
    EDITED = "edited"
    DELETED = "deleted"


class GeneratedQuestionReview(db.Model):
    """One generated question and the teacher's decision on it.

    The row is written when the draft is saved, with the question as drafted and the
    scorer's features at drafting time (none for the "rules" engine); ``decision`` stays
    empty while the question awaits review and is set by the first accept, edit or delete.
    It outlives its bank and its teacher (both set to NULL), so what teachers kept is not
    lost when a draft is thrown away.
    """

    __tablename__ = "generated_question_review"
    __table_args__ = (
        CheckConstraint(
            "decision IS NULL OR decision IN ('accepted', 'edited', 'deleted')", name="decision"
        ),
        Index("ix_generated_question_review_bank_id_question_key", "bank_id", "question_key"),
        Index("ix_generated_question_review_decided_at", "decided_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int | None] = mapped_column(ForeignKey("bank.id", ondelete="SET NULL"))
    question_key: Mapped[str] = mapped_column(String(100))
    # The generator's engine ("rules" or "parse"); None for a draft made elsewhere and
    # uploaded with its questions marked "review: pending".
    engine: Mapped[str | None] = mapped_column(String(16))
    # The question as drafted and, for an edit, as saved: bank-file fields (format quizapp/1).
    drafted: Mapped[dict[str, Any]] = mapped_column(JSONData)
    edited: Mapped[dict[str, Any] | None] = mapped_column(OptionalJSON)
    # quizapp.generator.scorer features at drafting time; None where the engine has none.
    features: Mapped[dict[str, float] | None] = mapped_column(OptionalJSON)
    decision: Mapped[str | None] = mapped_column(String(16))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def kept(self) -> bool:
        """The scorer's label: a question kept as drafted."""
        return self.decision == ReviewDecision.ACCEPTED

    def __repr__(self) -> str:
        return f"<GeneratedQuestionReview {self.question_key} {self.decision or 'pending'}>"
