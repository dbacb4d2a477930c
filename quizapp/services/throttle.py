"""Counting attempts per key in the database, so a limit holds across app servers.

Sign-in has its own rules (``quizapp.services.users.authenticate``); this is the plain
kind for join codes and registrations: at most ``limit`` counted attempts per key within
a window, then 429 with the seconds to wait. Rows share the ``login_failure`` table,
under keys of their own (``join:user:7``, ``register:addr:192.0.2.1``).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select

from quizapp.errors import TooManyAttempts
from quizapp.extensions import db
from quizapp.models import LoginFailure, utcnow


def check(key: str, *, limit: int, window_seconds: int, message: str) -> None:
    """Raise ``TooManyAttempts`` if ``key`` has ``limit`` attempts within the window."""
    window = timedelta(seconds=window_seconds)
    count, first = db.session.execute(
        select(func.count(LoginFailure.id), func.min(LoginFailure.at)).where(
            LoginFailure.key == key[:200], LoginFailure.at >= utcnow() - window
        )
    ).one()
    if count >= limit:
        wait = max(1, int((first + window - utcnow()).total_seconds()) + 1)
        minutes = max(1, -(-wait // 60))
        raise TooManyAttempts(
            f"{message} Try again in {minutes} minute{'s' if minutes != 1 else ''}.",
            retry_after=wait,
        )


def count(key: str, *, window_seconds: int) -> None:
    """Count one attempt for ``key`` (committed), and forget this key's expired ones."""
    now = utcnow()
    db.session.execute(
        delete(LoginFailure).where(
            LoginFailure.key == key[:200],
            LoginFailure.at < now - timedelta(seconds=window_seconds),
        )
    )
    db.session.add(LoginFailure(key=key[:200], at=now))
    db.session.commit()
