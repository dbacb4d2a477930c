"""Exam dates: set by a learner for a bank (or by a teacher for a class), and the plan.

Until the exam, the learner's reviews of that bank are scheduled by
``quizapp.study.exam`` (see docs/study.md); the plan shown is its projection:
reviews per day and the expected recall on the day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from quizapp.errors import InvalidInput, NotFound
from quizapp.extensions import db
from quizapp.models import Card, ExamDate, Question, User, utcnow
from quizapp.services import study
from quizapp.services.study import effective_exam, exam_moment
from quizapp.study import exam as exam_rules
from quizapp.study.days import learner_zone, study_date
from quizapp.study.scheduling import make_scheduler

# Further ahead than this, an exam date is more likely a typing mistake than a plan.
MAX_DAYS_AHEAD = 730


@dataclass
class ExamPlan:
    exam_on: date
    expected_recall: float
    days: list[exam_rules.PlanDay]
    # "learner" when the learner set it, "class" when a teacher did.
    set_for: str = "learner"

    def to_json(self) -> dict:
        return {
            "date": self.exam_on.isoformat(),
            "expected_recall": round(self.expected_recall, 4),
            "plan": [{"date": d.day.isoformat(), "reviews": d.reviews} for d in self.days],
        }


def parse_exam_date(value: object) -> date:
    if not isinstance(value, str):
        raise InvalidInput("date must be a text YYYY-MM-DD.", fields={"date": "invalid"})
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(
            f"{value[:40]!r} is not a date; use YYYY-MM-DD.", fields={"date": "invalid"}
        ) from None


def _check_date(user: User, exam_on: date, now: datetime) -> None:
    today = study_date(now, learner_zone(user.timezone), user.day_start_hour)
    if exam_on <= today:
        raise InvalidInput("The exam date must be after today.", fields={"date": "past"})
    if exam_on > today + timedelta(days=MAX_DAYS_AHEAD):
        raise InvalidInput(
            f"The exam date must be within {MAX_DAYS_AHEAD} days.", fields={"date": "too_far"}
        )


def set_exam(user_id: int, slug: str, exam_on: date, *, now: datetime | None = None) -> ExamPlan:
    """Set (or move) the learner's exam on an enrolled bank; returns the plan."""
    now = now or utcnow()
    user = study._user(user_id)
    bank, _enrollment = study._enrolled_bank(user, slug)
    _check_date(user, exam_on, now)
    row = db.session.scalar(
        select(ExamDate).where(ExamDate.user_id == user.id, ExamDate.bank_id == bank.id)
    )
    if row is None:
        row = ExamDate(user_id=user.id, bank_id=bank.id, set_by_id=user.id, created_at=now)
        db.session.add(row)
    row.exam_on = exam_on
    db.session.commit()
    return exam_plan(user.id, slug, now=now)


def remove_exam(user_id: int, slug: str) -> None:
    user = study._user(user_id)
    bank, _enrollment = study._enrolled_bank(user, slug)
    db.session.execute(
        ExamDate.__table__.delete().where(ExamDate.user_id == user.id, ExamDate.bank_id == bank.id)
    )
    db.session.commit()


def set_class_exam(
    teacher_id: int, class_id: int, bank_id: int, exam_on: date, *, now: datetime | None = None
) -> ExamDate:
    """A teacher sets the exam of a class on one of its banks (their own class only)."""
    from quizapp.services.classes import class_banks, get_class

    now = now or utcnow()
    classroom = get_class(class_id, teacher_id)  # raises for someone else's class
    if bank_id not in {b.id for b in class_banks(classroom.id)}:
        raise NotFound("this bank is not assigned to the class")
    _check_date(study._user(teacher_id), exam_on, now)
    row = db.session.scalar(
        select(ExamDate).where(ExamDate.class_id == classroom.id, ExamDate.bank_id == bank_id)
    )
    if row is None:
        row = ExamDate(class_id=classroom.id, bank_id=bank_id, set_by_id=teacher_id)
        db.session.add(row)
    row.exam_on = exam_on
    db.session.commit()
    return row


def class_exam(class_id: int, bank_id: int) -> ExamDate | None:
    return db.session.scalar(
        select(ExamDate).where(ExamDate.class_id == class_id, ExamDate.bank_id == bank_id)
    )


def remove_class_exam(teacher_id: int, class_id: int, bank_id: int) -> None:
    from quizapp.services.classes import get_class

    classroom = get_class(class_id, teacher_id)
    db.session.execute(
        ExamDate.__table__.delete().where(
            ExamDate.class_id == classroom.id, ExamDate.bank_id == bank_id
        )
    )
    db.session.commit()


def exam_plan(user_id: int, slug: str, *, now: datetime | None = None) -> ExamPlan | None:
    """The plan towards the learner's exam on a bank, or None without an exam."""
    now = now or utcnow()
    user = study._user(user_id)
    bank, _enrollment = study._enrolled_bank(user, slug)
    row = effective_exam(user.id, bank.id)
    if row is None:
        return None
    zone, hour = learner_zone(user.timezone), user.day_start_hour
    today = study_date(now, zone, hour)
    cards = [
        study._memory(card)
        for card in db.session.scalars(
            select(Card)
            .join(Question, Question.id == Card.question_id)
            .where(Card.user_id == user.id, Card.bank_id == bank.id, Question.retired_at.is_(None))
        )
    ]
    total = (
        db.session.scalar(
            select(func.count(Question.id)).where(
                Question.bank_id == bank.id, Question.retired_at.is_(None)
            )
        )
        or 0
    )
    scheduler = make_scheduler(user.desired_retention, parameters=user.fsrs_parameters)
    result = exam_rules.plan(
        scheduler,
        cards,
        max(0, total - len(cards)),
        today=today,
        today_at=now,
        exam=row.exam_on,
        exam_at=exam_moment(user, row.exam_on),
        daily_new_limit=user.daily_new_limit,
    )
    return ExamPlan(
        row.exam_on,
        result.expected_recall,
        result.days,
        "learner" if row.user_id is not None else "class",
    )
