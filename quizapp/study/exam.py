"""Scheduling towards an exam date: every question recalled as well as possible on the day.

Without an exam FSRS spaces each question so that recall at its next review is the
learner's desired retention, however far away that review is. Before an exam
what matters is recall on one day. Three rules, applied to the questions of the
bank the exam is on (docs/study.md explains them):

1. **The target rises as the day nears**: the retention a review aims for goes
   from the learner's own up to ``EXAM_GOAL`` over the last ``RAMP_DAYS`` days
   (``target_retention``), so intervals shorten towards the exam.
2. **Nothing is left to fade past the day**: after a review, if the next one
   falls after the exam and the predicted recall on the exam day is under
   ``EXAM_GOAL``, the review is brought forward to ``exam - i``, where ``i`` is
   how long the question's new stability keeps recall at ``EXAM_GOAL``
   (``exam_due``). The review there raises stability again, so recall on the day
   stays at or above the goal; weak questions come back close to the exam and
   strong ones earlier, which spreads the work.
3. **Every question is met in time**: the daily new-question limit rises so that
   the questions not yet seen are all introduced a few days before the exam
   (``new_limit``).

``plan`` projects the schedule day by day (each due review answered right), for
the plan shown to the learner: reviews per day and expected recall on the day.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from fsrs import Rating, Scheduler, State

from quizapp.study.scheduling import MemoryState, retrievability, review

EXAM_GOAL = 0.95
RAMP_DAYS = 14
# New questions are all introduced this many days before the exam, when possible.
NEW_DONE_BEFORE_DAYS = 3
ONE_DAY = timedelta(days=1)


def target_retention(desired: float, days_left: float) -> float:
    """The retention reviews aim for with ``days_left`` days to the exam."""
    if days_left <= 0:
        return desired
    rise = max(0.0, min(1.0, 1.0 - days_left / RAMP_DAYS))
    return max(desired, desired + (EXAM_GOAL - desired) * rise)


def interval_at(scheduler: Scheduler, stability: float, retention: float) -> float:
    """Days until recall falls to ``retention`` with this stability (FSRS's own curve)."""
    decay = -scheduler.parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    return stability / factor * (retention ** (1 / decay) - 1)


def recall_at(scheduler: Scheduler, memory: MemoryState, moment: datetime) -> float:
    return retrievability(scheduler, memory, moment)


def exam_due(
    scheduler: Scheduler, after: MemoryState, now: datetime, exam_at: datetime
) -> MemoryState:
    """The memory state with its due brought forward when it would fade before the exam."""
    if exam_at <= now or after.due <= exam_at or after.stability is None:
        return after
    if after.state != State.Review:
        return after
    if recall_at(scheduler, after, exam_at) >= EXAM_GOAL:
        return after
    keeps = timedelta(days=max(1.0, interval_at(scheduler, after.stability, EXAM_GOAL)))
    due = max(now + ONE_DAY, exam_at - keeps)
    if due >= after.due:
        return after
    return MemoryState(
        after.state, after.step, after.stability, after.difficulty, due, after.last_review
    )


def review_for_exam(
    scheduler: Scheduler,
    before: MemoryState | None,
    rating: Rating,
    now: datetime,
    exam_at: datetime,
    *,
    guess_chance: float = 0.0,
) -> MemoryState:
    """One review of a question with an exam ahead: rules 1 and 2 of the module docstring."""
    days_left = (exam_at - now).total_seconds() / 86400
    aimed = Scheduler(
        parameters=scheduler.parameters,
        desired_retention=target_retention(scheduler.desired_retention, days_left),
        learning_steps=scheduler.learning_steps,
        relearning_steps=scheduler.relearning_steps,
        maximum_interval=scheduler.maximum_interval,
        enable_fuzzing=scheduler.enable_fuzzing,
    )
    after = review(aimed, before, rating, now, guess_chance=guess_chance)
    return exam_due(aimed, after, now, exam_at)


def new_limit(daily_limit: int, unseen: int, days_left: float) -> int:
    """New questions a day so that every unseen one is met a few days before the exam."""
    if days_left <= 0 or unseen <= 0:
        return daily_limit
    days = max(1.0, days_left - NEW_DONE_BEFORE_DAYS)
    return max(daily_limit, math.ceil(unseen / days))


@dataclass(frozen=True)
class PlanDay:
    day: date
    reviews: int


@dataclass(frozen=True)
class Plan:
    exam: date
    expected_recall: float
    days: list[PlanDay]


def plan(
    scheduler: Scheduler,
    memories: Sequence[MemoryState],
    unseen: int,
    *,
    today: date,
    today_at: datetime,
    exam: date,
    exam_at: datetime,
    daily_new_limit: int,
) -> Plan:
    """Project reviews per day until the exam and the expected recall on the day.

    Each study day at ``today_at``'s time of day, every question due by then is
    reviewed once and answered right, then new questions are met at the pace of
    ``new_limit``; a new question goes through its steps on the day it is met.
    Expected recall is the mean over every question of the bank (met or not) of
    FSRS's predicted recall at ``exam_at``; a question never met counts 0.
    """
    exact = Scheduler(
        parameters=scheduler.parameters,
        desired_retention=scheduler.desired_retention,
        learning_steps=scheduler.learning_steps,
        relearning_steps=scheduler.relearning_steps,
        maximum_interval=scheduler.maximum_interval,
        enable_fuzzing=False,
    )
    cards = list(memories)
    left = unseen
    days: list[PlanDay] = []
    day, moment = today, today_at
    while day < exam:
        reviews = 0
        for i, memory in enumerate(cards):
            if memory.due <= moment + ONE_DAY / 2:
                reviews += 1
                cards[i] = _graduate(exact, memory, moment, exam_at)
        days_left = (exam_at - moment).total_seconds() / 86400
        met = min(left, new_limit(daily_new_limit, left, days_left))
        for _ in range(met):
            cards.append(_graduate(exact, None, moment, exam_at))
        left -= met
        reviews += met * len(exact.learning_steps) if met else 0
        days.append(PlanDay(day, reviews))
        day += ONE_DAY
        moment += ONE_DAY
    total = len(cards) + left
    recall = sum(recall_at(exact, m, exam_at) for m in cards if m.stability)
    return Plan(exam, recall / total if total else 0.0, days)


def _graduate(
    scheduler: Scheduler, before: MemoryState | None, now: datetime, exam_at: datetime
) -> MemoryState:
    """A review answered right, then its learning steps, as one study day would."""
    memory = review_for_exam(scheduler, before, Rating.Good, now, exam_at)
    steps = 0
    while memory.state != State.Review and steps < 4:
        memory = review_for_exam(scheduler, memory, Rating.Good, memory.due, exam_at)
        steps += 1
    return memory
