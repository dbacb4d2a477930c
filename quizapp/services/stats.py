"""A learner's statistics: streak, time studied, a year's calendar, retention by week,
a 30-day forecast and mastery by tag, all computed from the review log and the cards.

Days are study days in the learner's time zone (they start at 04:00, as in Anki).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import case, func, select

from quizapp.extensions import db
from quizapp.models import Bank, Card, Enrollment, Question, ReviewLog, User, utcnow
from quizapp.services import study
from quizapp.study.days import day_start, learner_zone, study_date
from quizapp.study.rating import corrected_retention, recall_credit
from quizapp.study.scheduling import make_scheduler, retrievability

CALENDAR_DAYS = 365
RETENTION_WEEKS = 12
FORECAST_DAYS = 30


@dataclass(frozen=True)
class DayCount:
    day: date
    reviews: int


@dataclass(frozen=True)
class WeekShare:
    week: date  # the Monday the week starts
    reviews: int
    share: float | None


@dataclass(frozen=True)
class TagMastery:
    tag: str
    questions: int
    mastery: float


@dataclass
class Stats:
    today: date
    streak_days: int
    studied_today: int
    studied_total: int
    reviews_today: int
    daily_goal: int
    calendar: list[DayCount]
    retention_by_week: list[WeekShare]
    forecast: list[DayCount]
    tags: list[TagMastery]

    @property
    def calendar_total(self) -> int:
        return sum(d.reviews for d in self.calendar)

    @property
    def active_days(self) -> int:
        return sum(1 for d in self.calendar if d.reviews)

    def to_json(self) -> dict[str, Any]:
        return {
            "streak_days": self.streak_days,
            "studied_seconds": {"today": self.studied_today, "total": self.studied_total},
            "calendar": [
                {"date": d.day.isoformat(), "reviews": d.reviews}
                for d in self.calendar
                if d.reviews
            ],
            "retention_by_week": [
                {"week": w.week.isoformat(), "share": w.share, "reviews": w.reviews}
                for w in self.retention_by_week
            ],
            "forecast": [{"date": d.day.isoformat(), "reviews": d.reviews} for d in self.forecast],
            "tags": [
                {"tag": t.tag, "mastery": round(t.mastery, 4), "questions": t.questions}
                for t in self.tags
            ],
            "goal": {"daily": self.daily_goal, "today": self.reviews_today},
        }


def streak(days_with_reviews: set[date], today: date) -> int:
    """Study days in a row with at least one answer, up to today (or yesterday: a streak
    is not broken before the day is over)."""
    day = today if today in days_with_reviews else today - timedelta(days=1)
    count = 0
    while day in days_with_reviews:
        count += 1
        day -= timedelta(days=1)
    return count


def learner_stats(user_id: int, *, slug: str | None = None, now: datetime | None = None) -> Stats:
    """Statistics over every bank the learner is enrolled in, or one (``slug``)."""
    now = now or utcnow()
    user = db.session.get(User, user_id)
    zone = learner_zone(user.timezone)
    hour = user.day_start_hour
    today = study_date(now, zone, hour)
    today_begins = day_start(today, zone, hour)
    bank_ids = _bank_ids(user, slug)

    log_filter = [ReviewLog.user_id == user.id]
    if slug is not None:
        log_filter.append(ReviewLog.bank_id.in_(bank_ids))
    is_today = ReviewLog.reviewed_at >= study._at("today", today_begins)
    total_ms, today_ms, today_n = db.session.execute(
        select(
            func.coalesce(func.sum(ReviewLog.elapsed_ms), 0),
            func.coalesce(func.sum(case((is_today, ReviewLog.elapsed_ms), else_=0)), 0),
            func.coalesce(func.sum(case((is_today, 1), else_=0)), 0),
        ).where(*log_filter)
    ).one()

    # One pass over a year of answers (three narrow columns, by the user's index).
    year_start = day_start(today - timedelta(days=CALENDAR_DAYS - 1), zone, hour)
    per_day: Counter[date] = Counter()
    # Per week: reviews, and the sum of recall credits (corrected for guessing).
    weeks: dict[date, list[float]] = defaultdict(lambda: [0, 0.0])
    first_week = today - timedelta(days=today.weekday()) - timedelta(weeks=RETENTION_WEEKS - 1)
    for reviewed_at, rating, was_new, guess_chance in db.session.execute(
        select(
            ReviewLog.reviewed_at, ReviewLog.rating, ReviewLog.was_new, ReviewLog.guess_chance
        ).where(*log_filter, ReviewLog.reviewed_at >= study._at("year", year_start))
    ):
        day = study_date(reviewed_at, zone, hour)
        per_day[day] += 1
        week = day - timedelta(days=day.weekday())
        if not was_new and week >= first_week:
            weeks[week][0] += 1
            weeks[week][1] += recall_credit(rating > 1, guess_chance or 0.0)
    calendar = [
        DayCount(d, per_day.get(d, 0))
        for d in (today - timedelta(days=n) for n in range(CALENDAR_DAYS - 1, -1, -1))
    ]
    retention = []
    for n in range(RETENTION_WEEKS):
        week = first_week + timedelta(weeks=n)
        reviews, credits = weeks.get(week, (0, 0.0))
        retention.append(WeekShare(week, int(reviews), corrected_retention(credits, int(reviews))))

    cards = list(
        db.session.execute(
            select(Card, Question)
            .join(Question, Question.id == Card.question_id)
            .where(
                Card.user_id == user.id,
                Card.bank_id.in_(bank_ids),
                Question.retired_at.is_(None),
            )
        )
    )
    forecast_counts: Counter[date] = Counter()
    horizon = today + timedelta(days=FORECAST_DAYS - 1)
    for card, _question in cards:
        day = max(study_date(card.due, zone, hour), today)
        if day <= horizon:
            forecast_counts[day] += 1
    forecast = [
        DayCount(today + timedelta(days=n), forecast_counts.get(today + timedelta(days=n), 0))
        for n in range(FORECAST_DAYS)
    ]

    return Stats(
        today=today,
        streak_days=streak(set(per_day), today),
        studied_today=int(today_ms) // 1000,
        studied_total=int(total_ms) // 1000,
        reviews_today=int(today_n),
        daily_goal=user.daily_goal,
        calendar=calendar,
        retention_by_week=retention,
        forecast=forecast,
        tags=_mastery(user, bank_ids, cards, now),
    )


def _bank_ids(user: User, slug: str | None) -> list[int]:
    if slug is not None:
        return [study.enrolled_bank(user.id, slug).id]
    return list(
        db.session.scalars(
            select(Bank.id)
            .join(Enrollment, Enrollment.bank_id == Bank.id)
            .where(Enrollment.user_id == user.id)
        )
    )


def _mastery(user: User, bank_ids: list[int], cards, now: datetime) -> list[TagMastery]:
    """Per tag, the mean predicted recall (FSRS retrievability now) of its questions;
    a question never answered counts as 0. Questions without tags go under their bank's
    tags, or their bank's title."""
    scheduler = make_scheduler(user.desired_retention, fuzz=False)
    recall = {
        card.question_id: retrievability(scheduler, study._memory(card), now)
        for card, _question in cards
    }
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    rows = db.session.execute(
        select(Question.id, Question.tags, Bank.tags, Bank.title)
        .join(Bank, Bank.id == Question.bank_id)
        .where(Question.bank_id.in_(bank_ids), Question.retired_at.is_(None))
    )
    for question_id, tags, bank_tags, bank_title in rows:
        for tag in tags or bank_tags or [bank_title]:
            totals[tag][0] += recall.get(question_id, 0.0)
            totals[tag][1] += 1
    return sorted(
        (TagMastery(tag, int(n), total / n) for tag, (total, n) in totals.items()),
        key=lambda t: (-t.mastery, t.tag),
    )
