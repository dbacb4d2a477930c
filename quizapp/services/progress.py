"""A learner's progress: per-bank counts, reviews per day and a forecast of what falls due.

Four aggregate queries whatever the number of banks or questions (no query per bank):
enrolled banks with question counts, card counts by bank and state, the review log
of the charted period, and the due dates of the forecast period.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from fsrs import State
from sqlalchemy import bindparam, case, func, select

from quizapp.extensions import db
from quizapp.models import Bank, Card, Enrollment, Question, ReviewLog, User, UTCDateTime, utcnow
from quizapp.services.study import due_clause
from quizapp.study.days import DAY_STARTS_AT_HOUR, day_start, learner_zone, study_date
from quizapp.study.rating import corrected_retention, recall_credit

REVIEW_DAYS = 30
FORECAST_DAYS = 14


@dataclass
class BankProgress:
    bank: Bank
    question_count: int
    new: int = 0
    learning: int = 0
    review: int = 0
    due: int = 0
    reviews_today: int = 0
    # Share of reviews of learnt questions (not new ones, not learning steps) answered
    # right (anything but Again) over the charted period, corrected for guessing on
    # multiple-choice and true/false questions; None without such reviews.
    retention: float | None = None
    retention_reviews: int = 0

    def to_json(self) -> dict:
        return {
            "slug": self.bank.slug,
            "title": self.bank.title,
            "question_count": self.question_count,
            "new": self.new,
            "learning": self.learning,
            "review": self.review,
            "due": self.due,
            "reviews_today": self.reviews_today,
            "retention": None if self.retention is None else round(self.retention, 4),
        }


@dataclass
class DayCount:
    day: date
    count: int
    # For reviews: how many were answered right (rated above Again).
    passed: int = 0


@dataclass
class Progress:
    banks: list[BankProgress]
    reviews_per_day: list[DayCount] = field(default_factory=list)
    forecast: list[DayCount] = field(default_factory=list)
    today: date | None = None

    @property
    def reviews_today(self) -> int:
        return sum(b.reviews_today for b in self.banks)

    @property
    def due(self) -> int:
        return sum(b.due for b in self.banks)


def learner_progress(
    user_id: int,
    *,
    now: datetime | None = None,
    review_days: int = REVIEW_DAYS,
    forecast_days: int = FORECAST_DAYS,
) -> Progress:
    now = now or utcnow()
    user = db.session.get(User, user_id)
    zone = learner_zone(user.timezone if user else None)
    hour = user.day_start_hour if user else DAY_STARTS_AT_HOUR
    today = study_date(now, zone, hour)
    since = day_start(today - timedelta(days=review_days - 1), zone, hour)
    today_begins = day_start(today, zone, hour)
    horizon = day_start(today + timedelta(days=forecast_days), zone, hour)

    counts = (
        select(Question.bank_id, func.count(Question.id).label("n"))
        .where(Question.retired_at.is_(None))
        .group_by(Question.bank_id)
        .subquery()
    )
    banks = {
        bank.id: BankProgress(bank, n)
        for bank, n in db.session.execute(
            select(Bank, func.coalesce(counts.c.n, 0))
            .join(Enrollment, Enrollment.bank_id == Bank.id)
            .outerjoin(counts, counts.c.bank_id == Bank.id)
            .where(Enrollment.user_id == user_id)
            .order_by(Bank.title, Bank.slug)
        )
    }
    ids = list(banks)

    due_now = due_clause(now, day_start(today + timedelta(days=1), zone, hour))
    card_rows = db.session.execute(
        select(
            Card.bank_id,
            Card.state,
            func.count(Card.id),
            func.sum(case((due_now, 1), else_=0)),
        )
        .join(Question, Question.id == Card.question_id)
        .where(Card.user_id == user_id, Card.bank_id.in_(ids), Question.retired_at.is_(None))
        .group_by(Card.bank_id, Card.state)
    ).all()
    for bank_id, state, n, due in card_rows:
        entry = banks[bank_id]
        if state == State.Review:
            entry.review += n
        else:
            entry.learning += n
        entry.due += int(due or 0)
    for entry in banks.values():
        entry.new = max(0, entry.question_count - entry.learning - entry.review)

    state_before = ReviewLog.state_before["state"].as_integer()
    log_rows = db.session.execute(
        select(
            ReviewLog.bank_id,
            ReviewLog.reviewed_at,
            ReviewLog.rating,
            state_before,
            ReviewLog.guess_chance,
        ).where(ReviewLog.user_id == user_id, ReviewLog.reviewed_at >= _param("since", since))
    ).all()
    per_day: Counter[date] = Counter()
    passed_per_day: Counter[date] = Counter()
    # Per bank: the sum of recall credits (right 1, wrong -g/(1-g)) and the count.
    retention: dict[int, list[float]] = defaultdict(lambda: [0.0, 0])
    for bank_id, reviewed_at, rating, before, guess_chance in log_rows:
        day = study_date(reviewed_at, zone, hour)
        per_day[day] += 1
        passed_per_day[day] += rating > 1
        entry = banks.get(bank_id)
        if entry is None:
            continue
        if reviewed_at >= today_begins:
            entry.reviews_today += 1
        if before == State.Review:
            retention[bank_id][0] += recall_credit(rating > 1, guess_chance or 0.0)
            retention[bank_id][1] += 1
    for bank_id, (credits, total) in retention.items():
        if bank_id in banks and total:
            banks[bank_id].retention = corrected_retention(credits, int(total))
            banks[bank_id].retention_reviews = int(total)

    due_rows = db.session.scalars(
        select(Card.due)
        .join(Question, Question.id == Card.question_id)
        .where(
            Card.user_id == user_id,
            Card.bank_id.in_(ids),
            Question.retired_at.is_(None),
            Card.due < _param("horizon", horizon),
        )
    ).all()
    forecast: Counter[date] = Counter()
    for due in due_rows:
        forecast[max(today, study_date(due, zone, hour))] += 1

    return Progress(
        banks=list(banks.values()),
        reviews_per_day=[
            DayCount(day, per_day[day], passed_per_day[day])
            for day in (today - timedelta(days=i) for i in range(review_days - 1, -1, -1))
        ],
        forecast=[
            DayCount(day, forecast[day])
            for day in (today + timedelta(days=i) for i in range(forecast_days))
        ],
        today=today,
    )


def _param(name: str, moment: datetime):
    return bindparam(name, moment, type_=UTCDateTime)
