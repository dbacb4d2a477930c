"""Accounts, API tokens and sign-in throttling."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Index, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.banks import JSONData
from quizapp.models.types import UTCDateTime, utcnow


class Role(StrEnum):
    STUDENT = "student"
    TEACHER = "teacher"
    ADMIN = "admin"


DEFAULT_DESIRED_RETENTION = 0.9
DEFAULT_DAILY_NEW_LIMIT = 20
MAX_DAILY_NEW_LIMIT = 500


class User(UserMixin, db.Model):
    __tablename__ = "app_user"
    __table_args__ = (
        CheckConstraint("role IN ('student', 'teacher', 'admin')", name="role"),
        CheckConstraint("desired_retention > 0 AND desired_retention < 1", name="retention"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased: usernames are compared without regard to case.
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(80), default="")
    # Optional; set by a roster import, used only to mail one-time password links.
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.STUDENT)
    is_active: Mapped[bool] = mapped_column(default=True)
    # Bumped on a password change so that every other signed-in session ends.
    session_version: Mapped[int] = mapped_column(default=1)
    desired_retention: Mapped[float] = mapped_column(default=DEFAULT_DESIRED_RETENTION)
    daily_new_limit: Mapped[int] = mapped_column(default=DEFAULT_DAILY_NEW_LIMIT)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # Reviews a day the learner aims for (0: no goal); shown on the progress page.
    daily_goal: Mapped[int] = mapped_column(default=0, server_default="0")
    # The hour (0-23, learner's time) a new study day begins, as Anki's "next day starts at".
    day_start_hour: Mapped[int] = mapped_column(SmallInteger, default=4, server_default="4")
    # The FSRS parameters this learner's reviews are scheduled with: their own fit, else
    # their class's (``quizapp scheduler fit``); None for FSRS's defaults. Kept here so
    # that the study hot path reads them with the learner's row.
    fsrs_parameters: Mapped[list[float] | None] = mapped_column(JSONData, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    # The raw key of the server-side session this request was signed in with (set by the
    # user loader and at sign-in); Flask-Login keeps it in the cookie, never the user id.
    session_key = None

    def get_id(self) -> str:
        if not self.session_key:
            raise RuntimeError("sign in through quizapp.web.auth.start_session")
        return self.session_key

    @property
    def is_teacher(self) -> bool:
        return self.role in (Role.TEACHER, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def name(self) -> str:
        return self.display_name or self.username

    def __repr__(self) -> str:
        return f"<User {self.username} ({self.role})>"


class ApiToken(db.Model):
    """A bearer token for the JSON API; only its SHA-256 digest is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Tokens issued before expiry existed have none: they expire API_TOKEN_DAYS after
    # created_at (quizapp.services.users.token_expiry).
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")


class UserSession(db.Model):
    """A signed-in browser session, revocable on the server.

    The session cookie (and the remember-me cookie) carry a random key; only its SHA-256
    digest is stored. Signing out, a password change, deactivation and "sign out
    everywhere" revoke rows here, so a copied cookie stops working at once.
    """

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # "Keep me signed in": idle for days rather than minutes before it ends.
    remember: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")


class LoginFailure(db.Model):
    """One failed sign-in, kept in the database so every app server sees it."""

    __tablename__ = "login_failure"
    __table_args__ = (Index("ix_login_failure_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # "user:<name>" or "addr:<client address>"
    key: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PasswordLink(db.Model):
    """A one-time link to set a password: for an imported account, or after a forgotten one.

    Only the SHA-256 digest of the link's token is stored; the link works once, until it
    expires, and a newer link for the same account replaces it.
    """

    __tablename__ = "password_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # "set" for a new account, "reset" for an existing one.
    purpose: Mapped[str] = mapped_column(String(16))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
