"""A learner's own data: everything kept about them, to take away or to erase.

The export is every row that is theirs (account, settings, enrolments, memory state,
the whole review log, flags, tests, classes joined, API token names), as JSON, or the
review log alone as CSV. Erasing removes the account and all of it: other learners'
data stay as they are, and teachers' analytics, which are computed from the review
log when asked, simply no longer count the erased learner.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from quizapp.errors import Conflict, InvalidInput
from quizapp.extensions import db
from quizapp.models import (
    ApiToken,
    Bank,
    Card,
    ClassMember,
    Classroom,
    Enrollment,
    PracticeTest,
    Question,
    QuestionFlag,
    ReviewLog,
    Role,
    User,
    utcnow,
)
from quizapp.services import audit
from quizapp.services import users as user_service
from quizapp.study.scheduling import STATE_NAMES

EXPORT_FORMAT = "quizapp-account/1"
CSV_COLUMNS = (
    "review_id",
    "reviewed_at",
    "bank",
    "question_key",
    "question_id",
    "response",
    "correct",
    "score",
    "rating",
    "elapsed_ms",
    "was_new",
    "practice",
    "overridden_at",
    "graded_correct",
    "graded_rating",
)
RATINGS = {1: "again", 2: "hard", 3: "good", 4: "easy"}


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _reviews(user_id: int):
    return db.session.execute(
        select(ReviewLog, Bank.slug, Question.key)
        .join(Bank, Bank.id == ReviewLog.bank_id)
        .join(Question, Question.id == ReviewLog.question_id)
        .where(ReviewLog.user_id == user_id)
        .order_by(ReviewLog.reviewed_at, ReviewLog.id)
    )


def _review_json(log: ReviewLog, slug: str, key: str) -> dict[str, Any]:
    return {
        "review_id": log.id,
        "reviewed_at": log.reviewed_at.isoformat(),
        "bank": slug,
        "question_key": key,
        "question_id": log.question_id,
        "response": log.response,
        "correct": log.correct,
        "score": log.score,
        "rating": RATINGS.get(log.rating, log.rating),
        "elapsed_ms": log.elapsed_ms,
        "was_new": log.was_new,
        "practice": log.practice,
        "overridden_at": _iso(log.overridden_at),
        "graded_correct": log.graded_correct,
        "graded_rating": RATINGS.get(log.graded_rating) if log.graded_rating else None,
    }


def export_account(user_id: int, *, now: datetime | None = None) -> dict[str, Any]:
    """Everything quizapp keeps about the learner, as one JSON document."""
    user = user_service.get_user(user_id)
    enrolments = db.session.execute(
        select(Enrollment, Bank.slug, Bank.title)
        .join(Bank, Bank.id == Enrollment.bank_id)
        .where(Enrollment.user_id == user.id)
        .order_by(Enrollment.enrolled_at)
    )
    cards = db.session.execute(
        select(Card, Bank.slug, Question.key)
        .join(Bank, Bank.id == Card.bank_id)
        .join(Question, Question.id == Card.question_id)
        .where(Card.user_id == user.id)
        .order_by(Bank.slug, Question.position)
    )
    flags = db.session.execute(
        select(QuestionFlag, Bank.slug, Question.key)
        .join(Question, Question.id == QuestionFlag.question_id)
        .join(Bank, Bank.id == Question.bank_id)
        .where(QuestionFlag.user_id == user.id)
        .order_by(QuestionFlag.created_at)
    )
    tests = db.session.execute(
        select(PracticeTest, Bank.slug)
        .join(Bank, Bank.id == PracticeTest.bank_id)
        .where(PracticeTest.user_id == user.id)
        .order_by(PracticeTest.created_at)
    )
    classes = db.session.execute(
        select(ClassMember, Classroom.name)
        .join(Classroom, Classroom.id == ClassMember.class_id)
        .where(ClassMember.user_id == user.id)
        .order_by(ClassMember.joined_at)
    )
    tokens = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at)
    )
    return {
        "format": EXPORT_FORMAT,
        "exported_at": (now or utcnow()).isoformat(),
        "account": {
            "username": user.username,
            "display_name": user.display_name,
            "role": user.role,
            "created_at": _iso(user.created_at),
            "last_seen_at": _iso(user.last_seen_at),
            "settings": {
                "desired_retention": user.desired_retention,
                "daily_new_limit": user.daily_new_limit,
                "daily_goal": user.daily_goal,
                "timezone": user.timezone,
            },
        },
        "enrollments": [
            {"bank": slug, "title": title, "enrolled_at": _iso(e.enrolled_at)}
            for e, slug, title in enrolments
        ],
        "cards": [
            {
                "bank": slug,
                "question_key": key,
                "question_id": c.question_id,
                "state": STATE_NAMES.get(c.state, str(c.state)),
                "step": c.step,
                "stability": c.stability,
                "difficulty": c.difficulty,
                "due": _iso(c.due),
                "last_review": _iso(c.last_review),
                "reps": c.reps,
                "lapses": c.lapses,
            }
            for c, slug, key in cards
        ],
        "reviews": [_review_json(log, slug, key) for log, slug, key in _reviews(user.id)],
        "flags": [
            {
                "bank": slug,
                "question_key": key,
                "reason": f.reason,
                "created_at": _iso(f.created_at),
            }
            for f, slug, key in flags
        ],
        "tests": [
            {
                "test_id": t.token,
                "bank": slug,
                "order": t.order,
                "time_limit_s": t.time_limit_s,
                "created_at": _iso(t.created_at),
                "finished_at": _iso(t.finished_at),
            }
            for t, slug in tests
        ],
        "classes": [{"name": name, "joined_at": _iso(m.joined_at)} for m, name in classes],
        "api_tokens": [
            {
                "name": t.name,
                "created_at": _iso(t.created_at),
                "last_used_at": _iso(t.last_used_at),
                "revoked_at": _iso(t.revoked_at),
            }
            for t in tokens
        ],
    }


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        # A spreadsheet would run it as a formula: keep it text.
        return "'" + value
    return value


def review_log_csv(user_id: int) -> str:
    """The learner's review log as CSV, one answer a row, oldest first."""
    user = user_service.get_user(user_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for log, slug, key in _reviews(user.id):
        row = _review_json(log, slug, key)
        writer.writerow([_csv_cell(row[c]) for c in CSV_COLUMNS])
    return out.getvalue()


def erase_account(
    user_id: int, password: Any, *, address: str | None = None, **limits: Any
) -> None:
    """Erase the account and everything personal, given its password.

    The password is checked as a sign-in is (and throttled with sign-ins). The last
    active administrator cannot erase themselves: nobody could manage the site after.
    """
    if not isinstance(password, str) or not password:
        raise InvalidInput(
            "Give your password to erase your account.", fields={"password": "required"}
        )
    user = user_service.get_user(user_id)
    checked = user_service.authenticate(user.username, password, address=address, **limits)
    if checked is None:
        raise InvalidInput("The password is wrong.", fields={"password": "wrong"})
    if user.role == Role.ADMIN:
        admins = db.session.scalar(
            select(func.count(User.id)).where(User.role == Role.ADMIN, User.is_active.is_(True))
        )
        if admins <= 1:
            raise Conflict(
                "You are the only administrator: make someone else one first.",
                code="last_admin",
            )
    # Kept in the audit log by name (the row's actor id is cleared with the account).
    audit.record("account_deleted", actor=user, target=f"user:{user.username}", address=address)
    db.session.flush()
    # The database removes every row that refers to the account (ON DELETE CASCADE);
    # banks it owned stay, without an owner.
    db.session.execute(User.__table__.delete().where(User.id == user.id))
    db.session.commit()
