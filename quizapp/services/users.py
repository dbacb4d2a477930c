"""Accounts: creation, passwords, sign-in throttling and API tokens."""

from __future__ import annotations

import functools
import gzip
import hashlib
import re
import secrets
from datetime import timedelta
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.errors import Conflict, InvalidInput, NotFound, TooManyAttempts
from quizapp.extensions import db
from quizapp.models import ApiToken, LoginFailure, Role, User, utcnow
from quizapp.models.users import MAX_DAILY_NEW_LIMIT
from quizapp.services import audit, throttle
from quizapp.services.sessions import revoke_user_sessions
from quizapp.study.scheduling import MAX_RETENTION, MIN_RETENTION

USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,39}$")
MIN_PASSWORD = 8
MAX_PASSWORD = 1024
PASSWORD_METHOD = "scrypt"
COMMON_PASSWORDS = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt.gz"

# Checked against on unknown usernames so that a wrong name takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a real password", method=PASSWORD_METHOD)


# Answers a day a learner may aim for (0: no goal).
MAX_DAILY_GOAL = 1000


def normalise_username(name: str) -> str:
    return name.strip().lower()


@functools.cache
def common_passwords() -> frozenset[str]:
    """Passwords found most often in breaches (bundled; see quizapp/data/README.md)."""
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def check_password_rules(password: str, *, username: str = "") -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(
            f"Choose a password of at least {MIN_PASSWORD} characters.",
            fields={"password": "too short"},
        )
    if len(password) > MAX_PASSWORD:
        raise InvalidInput(
            f"Passwords are limited to {MAX_PASSWORD} characters.", fields={"password": "too long"}
        )
    if username and password.strip().lower() == username:
        raise InvalidInput("The password must not be the username.", fields={"password": "weak"})
    if password.strip().lower() in common_passwords():
        raise InvalidInput(
            "This password is one of the most common ones, found in breached password "
            "lists, so it would be guessed quickly; choose another (a few unrelated words "
            "make a good one).",
            fields={"password": "common"},
        )


def create_user(
    username: str,
    password: str,
    *,
    role: str = Role.STUDENT,
    display_name: str = "",
    timezone: str | None = None,
) -> User:
    name = normalise_username(username)
    if not USERNAME.match(name):
        raise InvalidInput(
            "Usernames are 2 to 40 characters: letters, digits, '.', '-' and '_', "
            "starting with a letter or digit.",
            fields={"username": "invalid"},
        )
    if role not in tuple(Role):
        raise InvalidInput(
            f"Unknown role {role!r}; choose student, teacher or admin.", fields={"role": "invalid"}
        )
    check_password_rules(password, username=name)
    if db.session.scalar(select(User.id).where(User.username == name)) is not None:
        raise Conflict(f"The username {name!r} is taken.", code="username_taken")
    from zoneinfo import available_timezones

    user = User(
        username=name,
        display_name=display_name.strip()[:80],
        role=role,
        password_hash=generate_password_hash(password, method=PASSWORD_METHOD),
        # The zone the browser proposed, when it is one we know; UTC otherwise.
        timezone=timezone if timezone in available_timezones() else "UTC",
    )
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(f"The username {name!r} is taken.", code="username_taken") from None
    return user


def register_student(
    username: str,
    password: str,
    *,
    display_name: str = "",
    timezone: str | None = None,
    address: str | None = None,
    max_per_address: int = 40,
    window_seconds: int = 3600,
) -> User:
    """Open registration: a student account, at most ``max_per_address`` per client
    address within the window (so one client cannot fill the server with accounts)."""
    key = f"register:addr:{address or '-'}"
    throttle.check(
        key,
        limit=max_per_address,
        window_seconds=window_seconds,
        message="Too many accounts were registered from your network.",
    )
    user = create_user(username, password, display_name=display_name, timezone=timezone)
    throttle.count(key, window_seconds=window_seconds)
    return user


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("no such user")
    return user


def list_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.username)))


def user_by_username(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == normalise_username(username)))


def _throttle_keys(username: str, address: str | None) -> list[str]:
    keys = [f"user:{normalise_username(username)}"[:200]]
    if address:
        keys.append(f"addr:{address}"[:200])
    return keys


def _over_limit(key: str, max_failures: int, *, window: timedelta) -> int | None:
    """Seconds until ``key`` is under its limit again, or None if it is not over it
    (the attempt being checked has its own row already)."""
    since = utcnow() - window
    failures, first = db.session.execute(
        select(func.count(LoginFailure.id), func.min(LoginFailure.at)).where(
            LoginFailure.key == key, LoginFailure.at >= since
        )
    ).one()
    if failures <= max_failures:
        return None
    return max(1, int((first + window - utcnow()).total_seconds()) + 1)


def _too_many(wait_seconds: int) -> TooManyAttempts:
    minutes = max(1, -(-wait_seconds // 60))
    return TooManyAttempts(
        f"Too many failed sign-ins. Try again in {minutes} minute{'s' if minutes != 1 else ''}.",
        retry_after=wait_seconds,
    )


def authenticate(
    username: str,
    password: str,
    *,
    address: str | None = None,
    max_failures: int = 5,
    max_address_failures: int | None = None,
    window_seconds: int = 900,
    purpose: str = "sign-in form",
) -> User | None:
    """The user for these credentials, or None; raises ``TooManyAttempts`` when throttled.

    Each outcome goes into the audit log (``purpose`` says which form or API asked).

    Failures are counted per username and per client address, in the database, so the
    limits hold across every app server. A username over its limit is locked: even the
    right password is refused until the window has passed. An address over its limit
    (by default ten times the username's: a classroom signs in from one address) is
    never a reason to refuse a right password; it turns its wrong ones into 429s, so
    nobody can lock a classroom out by failing from its address.
    """
    window = timedelta(seconds=window_seconds)
    keys = _throttle_keys(username, address)
    # The attempt counts as a failure before the password is checked, and is committed
    # before the count: of any number of attempts made at once, each sees those committed
    # before it, so no more than ``max_failures`` get to try a password.
    now = utcnow()
    attempt = [LoginFailure(key=key, at=now) for key in keys]
    db.session.add_all(attempt)
    db.session.flush()
    attempt_ids = [row.id for row in attempt]
    db.session.commit()
    locked_for = _over_limit(keys[0], max_failures, window=window)
    if locked_for is not None:
        # Refused attempts do not count, so a lock-out ends when the window has passed.
        db.session.execute(delete(LoginFailure).where(LoginFailure.id.in_(attempt_ids)))
        audit.record(
            "lockout",
            actor_name=normalise_username(username),
            target=f"user:{normalise_username(username)}",
            address=address,
            detail=purpose,
        )
        db.session.commit()
        raise _too_many(locked_for)
    user = user_by_username(username)
    if user is None or not user.is_active:
        check_password_hash(_DUMMY_HASH, password)
        ok = False
    else:
        ok = check_password_hash(user.password_hash, password)
    if not ok:
        db.session.execute(delete(LoginFailure).where(LoginFailure.at < now - 4 * window))
        audit.record(
            "sign_in_failed",
            actor_name=normalise_username(username),
            target=f"user:{normalise_username(username)}",
            address=address,
            detail=purpose if user is not None else f"{purpose}; no such active account",
        )
        db.session.commit()
        if len(keys) > 1:
            address_wait = _over_limit(
                keys[1], max_address_failures or 10 * max_failures, window=window
            )
            if address_wait is not None:
                raise _too_many(address_wait)
        return None
    # A success clears the username's failures, and this attempt from the address.
    db.session.execute(
        delete(LoginFailure).where((LoginFailure.key == keys[0]) | LoginFailure.id.in_(attempt_ids))
    )
    user.last_seen_at = utcnow()
    audit.record(
        "sign_in", actor=user, target=f"user:{user.username}", address=address, detail=purpose
    )
    db.session.commit()
    return user


def change_password(
    user_id: int,
    current: str,
    new: str,
    *,
    address: str | None = None,
    max_failures: int = 5,
    max_address_failures: int | None = None,
    window_seconds: int = 900,
) -> User:
    """Set a new password, given the current one.

    The current password is checked as a sign-in is, and counted with sign-ins: otherwise
    the form would let whoever holds a signed-in session guess the password unthrottled.
    """
    user = get_user(user_id)
    checked = authenticate(
        user.username,
        current,
        address=address,
        max_failures=max_failures,
        max_address_failures=max_address_failures,
        window_seconds=window_seconds,
        purpose="current password, to change it",
    )
    if checked is None:
        raise InvalidInput("The current password is wrong.", fields={"current_password": "wrong"})
    set_password(user, new, actor=user, address=address)
    return user


def set_password(
    user: User, new: str, *, actor: User | None = None, address: str | None = None
) -> None:
    """Set a password (without the old one: the account page checks it first, and
    ``quizapp users set-password`` runs on the server); ends every session and token."""
    check_password_rules(new, username=user.username)
    user.password_hash = generate_password_hash(new, method=PASSWORD_METHOD)
    # Sign out every other session and revoke API tokens: a changed password is often a reaction.
    user.session_version += 1
    revoke_user_sessions(user.id, tokens=True)
    audit.record(
        "password_changed",
        actor=actor,
        actor_name="" if actor else "command line",
        target=f"user:{user.username}",
        address=address,
    )
    db.session.commit()


def update_settings(
    user_id: int,
    *,
    display_name: str | None = None,
    desired_retention: float | None = None,
    daily_new_limit: int | None = None,
    timezone: str | None = None,
    daily_goal: int | None = None,
    day_start_hour: int | None = None,
) -> User:
    """Change a learner's name and study settings; None leaves a setting as it is.

    Every out-of-range value is reported at once, by field.
    """
    from zoneinfo import available_timezones

    errors: dict[str, str] = {}
    if desired_retention is not None and not MIN_RETENTION <= desired_retention <= MAX_RETENTION:
        errors["desired_retention"] = (
            f"Target recall must be between {MIN_RETENTION:.2f} and {MAX_RETENTION:.2f}."
        )
    if daily_new_limit is not None and not 0 <= daily_new_limit <= MAX_DAILY_NEW_LIMIT:
        errors["daily_new_limit"] = (
            f"New questions per day must be between 0 and {MAX_DAILY_NEW_LIMIT}."
        )
    if daily_goal is not None and not 0 <= daily_goal <= MAX_DAILY_GOAL:
        errors["daily_goal"] = f"The daily goal must be between 0 and {MAX_DAILY_GOAL} answers."
    if timezone is not None and timezone not in available_timezones():
        errors["timezone"] = f"Unknown time zone {timezone!r}."
    if day_start_hour is not None and not 0 <= day_start_hour <= 23:
        errors["day_start_hour"] = "The study day must start at an hour from 0 to 23."
    if errors:
        raise InvalidInput(" ".join(errors.values()), fields=errors)
    user = get_user(user_id)
    if display_name is not None:
        user.display_name = display_name.strip()[:80]
    if desired_retention is not None:
        user.desired_retention = round(float(desired_retention), 3)
    if daily_new_limit is not None:
        user.daily_new_limit = int(daily_new_limit)
    if timezone is not None:
        user.timezone = timezone
    if daily_goal is not None:
        user.daily_goal = int(daily_goal)
    if day_start_hour is not None:
        user.day_start_hour = int(day_start_hour)
    db.session.commit()
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


DEFAULT_API_TOKEN_DAYS = 90


def token_expiry(token: ApiToken, *, days: int = DEFAULT_API_TOKEN_DAYS):
    return token.expires_at or token.created_at + timedelta(days=days)


def issue_api_token(user_id: int, *, name: str = "", days: int = DEFAULT_API_TOKEN_DAYS) -> str:
    """A new bearer token, valid for ``days``; only its digest is stored, so it is shown once."""
    return issue_api_token_row(user_id, name=name, days=days)[0]


def issue_api_token_row(
    user_id: int, *, name: str = "", days: int = DEFAULT_API_TOKEN_DAYS
) -> tuple[str, ApiToken]:
    token = "qz_" + secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=user_id,
        token_hash=_digest(token),
        name=name[:80],
        expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(row)
    user = db.session.get(User, user_id)
    audit.record(
        "api_token_issued",
        actor=user,
        target=f"user:{user.username}" if user else "",
        detail=f"{name[:80]}; expires in {days} days",
    )
    db.session.commit()
    return token, row


def user_for_api_token(
    token: str, *, days: int = DEFAULT_API_TOKEN_DAYS
) -> tuple[User, ApiToken] | None:
    row = db.session.execute(
        select(User, ApiToken)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == _digest(token), ApiToken.revoked_at.is_(None))
    ).first()
    if row is None or not row[0].is_active or token_expiry(row[1], days=days) <= utcnow():
        return None
    return row[0], row[1]


def list_api_tokens(user_id: int, *, days: int = DEFAULT_API_TOKEN_DAYS) -> list[ApiToken]:
    """A user's tokens that still work (not revoked, not expired), newest first."""
    now = utcnow()
    rows = db.session.scalars(
        select(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.id.desc())
    )
    return [t for t in rows if token_expiry(t, days=days) > now]


def revoke_own_api_token(user_id: int, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens; someone else's is "not found"."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user_id:
        raise NotFound("No such API token.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.commit()
    return token


def revoke_api_token(token_id: int) -> None:
    token = db.session.get(ApiToken, token_id)
    if token is not None and token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.commit()
