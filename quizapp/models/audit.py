"""The audit log: security events, kept in the database for administrators."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.extensions import db
from quizapp.models.study import BigId
from quizapp.models.types import UTCDateTime, utcnow


class AuditEvent(db.Model):
    """One security event: who did what to whom, from where, when. Append-only.

    Names are copied, not only referenced, so the record still reads after an account
    is renamed or removed.
    """

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_at", "at"),
        Index("ix_audit_event_event_at", "event", "at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # e.g. "sign_in", "sign_in_failed", "lockout", "role_changed", "bank_published"
    event: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL"), index=True
    )
    actor_name: Mapped[str] = mapped_column(String(40), default="")
    # What it was done to: "user:ann", "bank:capitals", "question:capitals/france"
    target: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(String(500), default="")
