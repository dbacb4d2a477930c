"""The audit log: record security events, list them for administrators, export them.

``record`` adds the event to the current transaction, so it is kept exactly when the
change it describes is committed; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from quizapp.errors import Forbidden
from quizapp.extensions import db
from quizapp.formats.spreadsheet import write_csv
from quizapp.models import AuditEvent, User

PAGE_SIZE = 100

EVENTS = {
    "sign_in": "Signed in",
    "sign_in_failed": "Sign-in failed",
    "lockout": "Sign-in refused: locked out",
    "api_token_issued": "API token issued",
    "password_changed": "Password changed",
    "role_changed": "Role changed",
    "account_deactivated": "Account deactivated",
    "account_reactivated": "Account reactivated",
    "signed_out_everywhere": "Signed out everywhere",
    "account_deleted": "Account erased",
    "bank_published": "Bank published",
    "bank_unpublished": "Bank back to draft",
    "question_retired": "Question retired",
    "question_restored": "Question restored",
}


def record(
    event: str,
    *,
    actor: User | None = None,
    actor_name: str = "",
    target: str = "",
    address: str | None = None,
    detail: str = "",
) -> None:
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}")
    db.session.add(
        AuditEvent(
            event=event,
            actor_id=actor.id if actor is not None else None,
            actor_name=(actor.username if actor is not None else actor_name)[:40],
            target=target[:200],
            address=(address or "")[:64],
            detail=detail[:500],
        )
    )


@dataclass
class AuditPage:
    events: list[AuditEvent]
    total: int
    page: int
    pages: int


def _require_admin(admin_id: int) -> None:
    user = db.session.get(User, admin_id)
    if user is None or not user.is_active or not user.is_admin:
        raise Forbidden("Only administrators can read the audit log.")


def _query(event: str, search: str):
    query = select(AuditEvent)
    if event in EVENTS:
        query = query.where(AuditEvent.event == event)
    text = search.strip().lower()
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            func.lower(AuditEvent.actor_name).like(pattern, escape="\\")
            | func.lower(AuditEvent.target).like(pattern, escape="\\")
        )
    return query


def list_events(admin_id: int, *, event: str = "", search: str = "", page: int = 1) -> AuditPage:
    """Newest first, filtered by event and by a search in names and targets."""
    _require_admin(admin_id)
    query = _query(event, search)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    events = list(
        db.session.scalars(
            query.order_by(AuditEvent.id.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
        )
    )
    return AuditPage(events, total, page, pages)


def export_csv(admin_id: int, *, event: str = "", search: str = "") -> str:
    """Every matching event, oldest first, as CSV (safe to open in a spreadsheet)."""
    _require_admin(admin_id)
    rows = db.session.scalars(_query(event, search).order_by(AuditEvent.id))
    return write_csv(
        ["at", "event", "actor", "target", "address", "detail"],
        ([_iso(e.at), e.event, e.actor_name, e.target, e.address, e.detail] for e in rows),
    )


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
