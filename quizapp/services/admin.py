"""Administering accounts: list them, change a role, deactivate and reactivate.

The server never loses its last active administrator: demoting or deactivating the
only one is refused. The check and the change happen under a lock on the active
admins' rows (on PostgreSQL; SQLite runs one writer at a time), so two admins
demoting each other at the same moment cannot both succeed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from quizapp.errors import Conflict, Forbidden, InvalidInput, NotFound
from quizapp.extensions import db
from quizapp.models import Role, User
from quizapp.services import audit
from quizapp.services.sessions import revoke_user_sessions

PAGE_SIZE = 50


def _admin(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or not user.is_active or not user.is_admin:
        raise Forbidden("Only administrators can manage accounts.")
    return user


def _target(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("no such account")
    return user


@dataclass
class AccountPage:
    users: list[User]
    total: int
    page: int
    pages: int
    active_admins: int


def list_accounts(admin_id: int, *, search: str = "", role: str = "", page: int = 1) -> AccountPage:
    """Accounts by username, filtered by a search on name and by role, a page at a time."""
    _admin(admin_id)
    query = select(User)
    text = search.strip().lower()
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(
                User.username.like(pattern, escape="\\"),
                func.lower(User.display_name).like(pattern, escape="\\"),
            )
        )
    if role:
        if role not in tuple(Role):
            raise InvalidInput(f"Unknown role {role!r}.", fields={"role": "invalid"})
        query = query.where(User.role == role)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    users = list(
        db.session.scalars(
            query.order_by(User.username).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
        )
    )
    return AccountPage(users, total, page, pages, _count_active_admins())


def _count_active_admins() -> int:
    return db.session.scalar(
        select(func.count(User.id)).where(User.role == Role.ADMIN, User.is_active.is_(True))
    )


def _lock_active_admins() -> list[int]:
    """The active admins' ids, with their rows locked until the transaction ends."""
    return list(
        db.session.scalars(
            select(User.id)
            .where(User.role == Role.ADMIN, User.is_active.is_(True))
            .with_for_update()
        )
    )


def _keep_an_admin(target: User) -> None:
    admins = _lock_active_admins()
    if admins == [target.id]:
        db.session.rollback()
        raise Conflict(
            f"{target.username} is the only active administrator; make another account an "
            "administrator first.",
            code="last_admin",
        )


def set_role(admin_id: int, user_id: int, role: str) -> User:
    admin = _admin(admin_id)
    if role not in tuple(Role):
        raise InvalidInput(
            f"Unknown role {role!r}; choose student, teacher or admin.", fields={"role": "invalid"}
        )
    target = _target(user_id)
    if target.role == role:
        return target
    if target.role == Role.ADMIN and target.is_active:
        _keep_an_admin(target)
    audit.record(
        "role_changed",
        actor=admin,
        target=f"user:{target.username}",
        detail=f"{target.role} -> {role}",
    )
    target.role = role
    db.session.commit()
    return target


def set_active(admin_id: int, user_id: int, active: bool) -> User:
    """Deactivate (signs the account out everywhere and stops its API tokens) or reactivate."""
    admin = _admin(admin_id)
    target = _target(user_id)
    if target.is_active == active:
        return target
    if not active:
        if target.id == admin.id:
            raise Conflict("You cannot deactivate your own account.", code="self")
        if target.is_admin:
            _keep_an_admin(target)
        # Reactivating later must not bring old sessions, remember-me cookies or
        # API tokens back to life: end them now, as a password change does.
        target.session_version += 1
        revoke_user_sessions(target.id, tokens=True)
    target.is_active = active
    audit.record(
        "account_reactivated" if active else "account_deactivated",
        actor=admin,
        target=f"user:{target.username}",
    )
    db.session.commit()
    return target


def get_account(user_id: int) -> User:
    return _target(user_id)


def sign_out_everywhere(admin_id: int, user_id: int) -> int:
    """End every browser session (remember-me cookies included) and API token of an
    account, e.g. after a lost device; returns how many sessions were live."""
    admin = _admin(admin_id)
    target = _target(user_id)
    ended = revoke_user_sessions(target.id, tokens=True)
    audit.record(
        "signed_out_everywhere",
        actor=admin,
        target=f"user:{target.username}",
        detail=f"{ended} session{'' if ended == 1 else 's'} ended",
    )
    db.session.commit()
    return ended
