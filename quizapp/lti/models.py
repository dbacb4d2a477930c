"""LTI 1.3: registered platforms, the tool's keys, accounts and classes linked to launches,
and the outbox of scores on their way to the platforms' gradebooks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.types import UTCDateTime, utcnow


class LtiPlatform(db.Model):
    """An LMS registered by an administrator: where to send logins, fetch keys and tokens."""

    __tablename__ = "lti_platform"
    __table_args__ = (UniqueConstraint("issuer", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    issuer: Mapped[str] = mapped_column(String(255))
    client_id: Mapped[str] = mapped_column(String(255))
    auth_url: Mapped[str] = mapped_column(String(500))
    token_url: Mapped[str] = mapped_column(String(500))
    jwks_url: Mapped[str] = mapped_column(String(500))
    # Space-separated origins allowed to frame quizapp for this platform's launches;
    # the issuer's and the auth URL's origins when empty (an LMS on its own domain).
    frame_origins: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    deployments: Mapped[list[LtiDeployment]] = relationship(
        back_populates="platform",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="LtiDeployment.id",
    )

    @property
    def label(self) -> str:
        return self.name or self.issuer


class LtiDeployment(db.Model):
    __tablename__ = "lti_deployment"
    __table_args__ = (UniqueConstraint("platform_id", "deployment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"))
    deployment_id: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    platform: Mapped[LtiPlatform] = relationship(back_populates="deployments")


class LtiKey(db.Model):
    """One of the tool's RSA signing keys. The newest unretired key signs; retired keys
    stay in the published key set for a grace period so tokens in flight still verify."""

    __tablename__ = "lti_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(100), unique=True)
    private_pem: Mapped[str] = mapped_column(Text)
    public_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LtiLaunchValue(db.Model):
    """Short-lived login state (nonces, state parameters), shared by every app server."""

    __tablename__ = "lti_launch_value"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    value: Mapped[Any] = mapped_column(JSON)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class LtiAccount(db.Model):
    """A quizapp account and the (issuer, subject) of the LMS user it stands for."""

    __tablename__ = "lti_account"
    __table_args__ = (UniqueConstraint("platform_id", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_launch_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LtiContext(db.Model):
    """An LMS course (context), linked to the quizapp class its members are enrolled in."""

    __tablename__ = "lti_context"
    __table_args__ = (UniqueConstraint("platform_id", "context_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"))
    deployment_id: Mapped[str] = mapped_column(String(255))
    context_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(255), default="")
    class_id: Mapped[int | None] = mapped_column(
        ForeignKey("classroom.id", ondelete="SET NULL"), index=True
    )
    # Names and Role Provisioning Service, as the last launch announced it.
    memberships_url: Mapped[str | None] = mapped_column(String(500))
    # Assignment and Grade Services: the context's line items and the scopes granted.
    lineitems_url: Mapped[str | None] = mapped_column(String(500))
    ags_scopes: Mapped[str] = mapped_column(Text, default="")
    roster_synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    platform: Mapped[LtiPlatform] = relationship()


class LtiResourceLink(db.Model):
    """A link placed in the LMS that opens a bank; its line item takes the scores."""

    __tablename__ = "lti_resource_link"
    __table_args__ = (UniqueConstraint("context_id", "resource_link_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("lti_context.id", ondelete="CASCADE"))
    resource_link_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(255), default="")
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"), index=True)
    lineitem_url: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    context: Mapped[LtiContext] = relationship()


class ScoreStatus:
    PENDING = "pending"
    SENT = "sent"
    # A newer score of the same learner and link was queued before this one went out.
    SUPERSEDED = "superseded"


class LtiScore(db.Model):
    """A score queued for a platform's gradebook: the outbox.

    A row is written in the same transaction that decides the score and is only ever
    marked sent after the platform accepted it; a sender claims a row (``claimed_until``)
    before sending, so two senders never send it both.
    """

    __tablename__ = "lti_score"
    __table_args__ = (
        Index("ix_lti_score_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_lti_score_link_id_user_id", "link_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("lti_resource_link.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    score_given: Mapped[float]
    score_maximum: Mapped[float]
    activity_progress: Mapped[str] = mapped_column(String(20))
    # The moment the score was decided; sent as the score's timestamp, so a platform
    # that receives it again treats it as the same score.
    scored_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default=ScoreStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    link: Mapped[LtiResourceLink] = relationship()
