"""Question banks, their sources and their questions."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.types import UTCDateTime, utcnow

JSONData = JSON().with_variant(JSONB(), "postgresql")


class BankStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class NewOrder(StrEnum):
    """The order new questions are studied in."""

    # Types mixed evenly and related questions apart, the same order for every learner.
    INTERLEAVED = "interleaved"
    # The file's order, for banks written to be studied in sequence.
    FILE = "file"


class BankOrigin(StrEnum):
    BUNDLED = "bundled"
    UPLOAD = "upload"
    GENERATED = "generated"


class Bank(db.Model):
    __tablename__ = "bank"
    __table_args__ = (CheckConstraint("status IN ('draft', 'published')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(35), default="en")
    status: Mapped[str] = mapped_column(String(16), default=BankStatus.PUBLISHED)
    origin: Mapped[str] = mapped_column(String(16), default=BankOrigin.UPLOAD)
    tags: Mapped[list[str]] = mapped_column(JSONData, default=list)
    new_order: Mapped[str] = mapped_column(
        String(16), default=NewOrder.INTERLEAVED, server_default=NewOrder.INTERLEAVED.value
    )
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL"), index=True
    )
    # SHA-256 of the last file imported, so unchanged files are not imported again.
    content_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    sources: Mapped[list[BankSource]] = relationship(
        back_populates="bank", cascade="all, delete-orphan", order_by="BankSource.id"
    )
    questions: Mapped[list[Question]] = relationship(
        back_populates="bank", cascade="all, delete-orphan", order_by="Question.position"
    )

    @property
    def is_published(self) -> bool:
        return self.status == BankStatus.PUBLISHED

    def __repr__(self) -> str:
        return f"<Bank {self.slug}>"


class BankSource(db.Model):
    """A text that questions cite: an article, a chapter, a web page."""

    __tablename__ = "bank_source"
    __table_args__ = (UniqueConstraint("bank_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"))
    ref: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    author: Mapped[str | None] = mapped_column(String(200))
    publisher: Mapped[str | None] = mapped_column(String(200))
    # As precise as the source gives it: YYYY-MM-DD, YYYY-MM or YYYY.
    published: Mapped[str | None] = mapped_column(String(10))
    url: Mapped[str | None] = mapped_column(String(2000))
    # The full text, kept for generated banks so reviewers can see each sentence in place.
    text: Mapped[str | None] = mapped_column(Text)

    bank: Mapped[Bank] = relationship(back_populates="sources")

    def citation(self) -> str:
        parts = [self.title]
        if self.publisher:
            parts.append(self.publisher)
        if self.published:
            parts.append(self.published)
        return ", ".join(parts)


class Question(db.Model):
    __tablename__ = "question"
    __table_args__ = (
        UniqueConstraint("bank_id", "key"),
        Index("ix_question_bank_id_position", "bank_id", "position"),
        Index("ix_question_bank_id_study_order", "bank_id", "study_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"))
    # The question's id in the YAML file; learners' progress is keyed on it.
    key: Mapped[str] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(32))
    prompt: Mapped[str] = mapped_column(Text)
    # Type-specific fields (answer, choices, accept, tolerance, ...), as in the YAML file.
    data: Mapped[dict[str, Any]] = mapped_column(JSONData, default=dict)
    explanation: Mapped[str] = mapped_column(Text, default="")
    hint: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[str]] = mapped_column(JSONData, default=list)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("bank_source.id", ondelete="SET NULL"))
    source_sentence: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    # Where the question comes among the bank's new questions (the bank's ``new_order``).
    study_order: Mapped[int] = mapped_column(default=0, server_default="0")
    # Incremented whenever the answer changes; progress earned on an older answer is reset.
    answer_revision: Mapped[int] = mapped_column(default=1)
    # For generated drafts: pending, accepted or edited.
    review_status: Mapped[str | None] = mapped_column(String(16))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    bank: Mapped[Bank] = relationship(back_populates="questions")
    source: Mapped[BankSource | None] = relationship()

    @property
    def answer(self) -> Any:
        return self.data.get("answer")

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    def __repr__(self) -> str:
        return f"<Question {self.key} ({self.type})>"
