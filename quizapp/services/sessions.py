"""Server-side sessions: open one at sign-in, find its user on each request, revoke them.

A browser holds only a random key (in the session cookie, and in the remember-me cookie
with "Keep me signed in"); the database holds its SHA-256 digest, when it was last used
and whether it was revoked. Revoking the row ends the session on every app server at
once, whoever holds a copy of the cookie.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, or_, select, update

from quizapp.extensions import db
from quizapp.models import ApiToken, User, UserSession, utcnow

# last_seen_at is written at most this often per session, not on every request.
TOUCH_EVERY = timedelta(minutes=1)


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


_digest = key_digest


def open_session(
    user: User, *, remember: bool = False, address: str | None = None, user_agent: str = ""
) -> str:
    """Start a session for ``user`` and return its key (for the cookie); committed."""
    key = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            user_id=user.id,
            key_hash=_digest(key),
            remember=remember,
            address=(address or "")[:64],
            user_agent=user_agent[:200],
        )
    )
    # Old rows of this user (revoked, or idle for a month) go, so the table stays small.
    db.session.execute(
        delete(UserSession).where(
            UserSession.user_id == user.id,
            or_(
                UserSession.revoked_at.is_not(None),
                UserSession.last_seen_at < utcnow() - timedelta(days=400),
            ),
        )
    )
    db.session.commit()
    user.session_key = key
    return key


def session_user(key: str, *, idle: timedelta, remember_idle: timedelta) -> User | None:
    """The active user of a live session with this key, or None.

    A session ends when revoked, or when unused for longer than ``idle`` (``remember_idle``
    for "Keep me signed in"). Its last use is recorded at most once a minute.
    """
    if not key or len(key) > 200:
        return None
    row = db.session.execute(
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.key_hash == _digest(key), UserSession.revoked_at.is_(None))
    ).first()
    if row is None:
        return None
    found, user = row
    now = utcnow()
    limit = remember_idle if found.remember else idle
    if not user.is_active or found.last_seen_at + limit < now:
        return None
    if now - found.last_seen_at >= TOUCH_EVERY:
        db.session.execute(
            update(UserSession).where(UserSession.id == found.id).values(last_seen_at=now)
        )
        db.session.commit()
    user.session_key = key
    return user


def revoke_session(key: str | None) -> None:
    """End one session (signing out); a key that is unknown or already revoked is fine."""
    if not key:
        return
    db.session.execute(
        update(UserSession)
        .where(UserSession.key_hash == _digest(key), UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    db.session.commit()


def revoke_user_sessions(user_id: int, *, tokens: bool = False) -> int:
    """End every session of a user (and with ``tokens``, every API token); not committed,
    so that it joins the caller's change. Returns how many sessions were live."""
    now = utcnow()
    result = db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    if tokens:
        db.session.execute(
            update(ApiToken)
            .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )
    return result.rowcount or 0


def end_user_sessions(user_id: int) -> int:
    """Sign a user out on every device (their API tokens stay); committed."""
    ended = revoke_user_sessions(user_id)
    db.session.commit()
    return ended


def live_sessions(user_id: int, *, idle: timedelta, remember_idle: timedelta) -> list[UserSession]:
    """A user's sessions that have not ended, most recently used first."""
    now = utcnow()
    rows = db.session.scalars(
        select(UserSession)
        .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        .order_by(UserSession.last_seen_at.desc())
    )
    return [s for s in rows if s.last_seen_at + (remember_idle if s.remember else idle) >= now]
