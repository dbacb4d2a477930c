"""Uploaded bank files waiting between their preview and the teacher's decision to publish."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.banks import JSONData
from quizapp.models.types import UTCDateTime, utcnow


class BankUpload(db.Model):
    """One upload of one or more files, kept in the database rather than in memory or on a
    local disk, so that any app server can answer the publish request that follows the
    preview. Rows are deleted on publish or discard, and expire after a day."""

    __tablename__ = "bank_upload"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Random and unguessable: the upload's address; it is also checked against the owner.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    # How the files are read: format, slug, title, card_type.
    options: Mapped[dict[str, Any]] = mapped_column(JSONData, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    files: Mapped[list[BankUploadFile]] = relationship(
        back_populates="upload",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="BankUploadFile.position",
    )


class BankUploadFile(db.Model):
    __tablename__ = "bank_upload_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    upload_id: Mapped[int] = mapped_column(
        ForeignKey("bank_upload.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    filename: Mapped[str] = mapped_column(String(255))
    # The bytes as uploaded, so that the bank's content hash is that of the file.
    content: Mapped[bytes] = mapped_column(LargeBinary)

    upload: Mapped[BankUpload] = relationship(back_populates="files")
