"""Choosing the next question for one learner in one bank.

The order, in normal study:

1. **Learning steps due now**: questions in their (re)learning steps, reviewed
   less than a day ago, whose step has elapsed; soonest due first. Steps are
   minutes long, so they are honoured before anything else, as in Anki.
2. **Due reviews, most at risk first**: every other due question, lowest FSRS
   retrievability first (``Scheduler.get_card_retrievability``), then soonest due.
3. **New questions**, in the bank's order, while today's new-question count is
   under the learner's daily limit.
4. **Learning ahead**: when nothing else is left, a learning step due within
   ``LEARN_AHEAD`` (Anki's learn-ahead limit) is shown early rather than making
   the learner wait a few minutes; every step within the limit counts, soonest first.

What is due (``is_due``): a question in its learning steps when its step has
elapsed, to the minute; a review (state Review) all through the study day it
falls due on, from the learner's day start (``quizapp.study.days``), as in Anki.
Opening the app an hour earlier than yesterday still shows yesterday's one-day
intervals.

Otherwise nothing is chosen and ``next_due`` says when the next review is due;
the learner may then **practise ahead**: anything still due first, then questions
not yet due, soonest due first, then new questions beyond the daily limit. Questions
answered within ``PRACTICE_REST`` come last, so practice never alternates two questions
just answered while others wait.

The question answered last is never chosen again while any other is available.

The functions here take what the database returned (a bounded number of
candidates) and plain values; the service layer makes sure the candidates it
passes include the best of each kind (see ``quizapp.services.study``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from fsrs import Scheduler, State

from quizapp.study.scheduling import MemoryState, retrievability

LEARN_AHEAD = timedelta(minutes=20)
ONE_DAY = timedelta(days=1)
# In practice ahead, a question answered more recently than this waits behind the others.
PRACTICE_REST = timedelta(minutes=30)


class Reason(StrEnum):
    LEARNING = "learning"
    REVIEW = "review"
    NEW = "new"
    LEARN_AHEAD = "learn_ahead"
    PRACTICE = "practice"


@dataclass(frozen=True)
class Candidate:
    """A question the learner has already met, with their memory of it."""

    question_id: int
    memory: MemoryState


@dataclass(frozen=True)
class Queue:
    """Everything the policy needs to know about one learner's bank right now."""

    # Questions due now, in any order.
    due: Sequence[Candidate]
    # Questions not yet due, soonest first: at least the first two, and every
    # (re)learning step due within the learn-ahead limit.
    upcoming: Sequence[Candidate]
    # Questions never answered, in the bank's order (at least the first two).
    new: Sequence[int]
    new_today: int
    daily_new_limit: int
    last_question_id: int | None = None
    # Practice ahead: the upcoming questions that have rested (not answered within
    # PRACTICE_REST); the others are offered only after the new questions.
    rested: frozenset[int] = frozenset()
    # With an exam ahead and new questions behind the pace that meets them all in time
    # (``quizapp.study.exam.new_limit``): new questions come before due reviews, after
    # learning steps. A question never met counts 0 on the day; a review adds far less.
    new_first: bool = False


@dataclass(frozen=True)
class Choice:
    question_id: int | None
    reason: Reason | None
    # When nothing is chosen: when the next review falls due (None if nothing is scheduled).
    next_due: datetime | None = None
    # The retrievability FSRS gave a chosen review (1.0 for steps and new questions).
    retrievability: float | None = None

    @property
    def found(self) -> bool:
        return self.question_id is not None


def is_due(memory: MemoryState, now: datetime, tomorrow: datetime) -> bool:
    """Due now: a step once its time has come, a review any time on its study day.

    ``tomorrow`` is when the learner's next study day begins (``days.next_day_start``).
    """
    if memory.due <= now:
        return True
    return memory.state == State.Review and memory.due < tomorrow


def in_learning_steps(memory: MemoryState, now: datetime) -> bool:
    """A (re)learning question reviewed within the last day, still going through its steps."""
    return (
        memory.state in (State.Learning, State.Relearning)
        and memory.last_review is not None
        and now - memory.last_review < ONE_DAY
    )


def due_order(
    due: Iterable[Candidate], *, scheduler: Scheduler, now: datetime
) -> list[tuple[Candidate, float]]:
    """Due questions in the order they are shown, each with its retrievability."""
    ranked = []
    for candidate in due:
        memory = candidate.memory
        if in_learning_steps(memory, now):
            ranked.append(((0, 0.0, memory.due), candidate, 1.0))
        else:
            r = retrievability(scheduler, memory, now)
            ranked.append(((1, r, memory.due), candidate, r))
    ranked.sort(key=lambda item: (item[0], item[1].question_id))
    return [(candidate, r) for _key, candidate, r in ranked]


def new_left_today(queue: Queue) -> int:
    return max(0, queue.daily_new_limit - queue.new_today)


def choose_next(
    queue: Queue,
    *,
    scheduler: Scheduler,
    now: datetime,
    practice: bool = False,
    learn_ahead: timedelta = LEARN_AHEAD,
) -> Choice:
    """The next question to show (see the module docstring for the order)."""
    last = queue.last_question_id
    options: list[Choice] = [
        Choice(c.question_id, _due_reason(c, now), retrievability=r)
        for c, r in due_order(queue.due, scheduler=scheduler, now=now)
    ]
    news = [Choice(q, Reason.NEW, retrievability=1.0) for q in queue.new]
    if practice:
        rested = [c for c in queue.upcoming if c.question_id in queue.rested]
        tired = [c for c in queue.upcoming if c.question_id not in queue.rested]
        options += [Choice(c.question_id, Reason.PRACTICE) for c in rested]
        options += news
        options += [Choice(c.question_id, Reason.PRACTICE) for c in tired]
    else:
        if new_left_today(queue) > 0 and queue.new_first:
            steps = [o for o in options if o.reason == Reason.LEARNING]
            options = steps + news + options[len(steps) :]
        elif new_left_today(queue) > 0:
            options += news
        options += [
            Choice(c.question_id, Reason.LEARN_AHEAD, retrievability=1.0)
            for c in sorted(queue.upcoming, key=lambda c: (c.memory.due, c.question_id))
            if c.memory.state in (State.Learning, State.Relearning)
            and c.memory.due - now <= learn_ahead
        ]
    for option in options:
        if option.question_id != last:
            return option
    if options:
        # The only question available is the one just answered: better again than nothing.
        return options[0]
    soonest = min((c.memory.due for c in queue.upcoming), default=None)
    return Choice(None, None, next_due=soonest)


def _due_reason(candidate: Candidate, now: datetime) -> Reason:
    return Reason.LEARNING if in_learning_steps(candidate.memory, now) else Reason.REVIEW
