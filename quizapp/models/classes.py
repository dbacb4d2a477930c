"""Classes: a teacher's group of students and the banks assigned to it."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.types import UTCDateTime, utcnow


class Classroom(db.Model):
    __tablename__ = "classroom"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    teacher_id: Mapped[int] = mapped_column(
        ForeignKey("app_user.id", ondelete="CASCADE"), index=True
    )
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    members: Mapped[list[ClassMember]] = relationship(
        back_populates="classroom", cascade="all, delete-orphan", passive_deletes=True
    )
    bank_links: Mapped[list[ClassBank]] = relationship(
        back_populates="classroom", cascade="all, delete-orphan", passive_deletes=True
    )


class ClassMember(db.Model):
    __tablename__ = "class_member"
    __table_args__ = (UniqueConstraint("class_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    classroom: Mapped[Classroom] = relationship(back_populates="members")


class AssignmentTarget(StrEnum):
    """What "done" means for an assigned bank."""

    # Every question answered at least once.
    STARTED = "started"
    # Every question remembered for a week or more (FSRS stability of 7 days or more).
    LEARNT = "learnt"


class ClassBank(db.Model):
    """A bank assigned to a class, with an optional due date for its target."""

    __tablename__ = "class_bank"
    __table_args__ = (UniqueConstraint("class_id", "bank_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"))
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"), index=True)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due: Mapped[date | None] = mapped_column(Date)
    target: Mapped[str] = mapped_column(
        String(16), default=AssignmentTarget.LEARNT, server_default=AssignmentTarget.LEARNT
    )

    classroom: Mapped[Classroom] = relationship(back_populates="bank_links")
