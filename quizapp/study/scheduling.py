"""FSRS through the ``fsrs`` package: building schedulers, converting card state, previews.

quizapp never re-implements FSRS. It stores the few numbers an ``fsrs.Card``
holds and hands them back to ``fsrs.Scheduler`` for every review.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State

from quizapp.study.rating import recall_probability

DEFAULT_DESIRED_RETENTION = 0.9
# Anki's defaults, which FSRS's own defaults follow.
LEARNING_STEPS = (timedelta(minutes=1), timedelta(minutes=10))
RELEARNING_STEPS = (timedelta(minutes=10),)
MIN_RETENTION, MAX_RETENTION = 0.70, 0.99

RATING_NAMES = {
    Rating.Again: "again",
    Rating.Hard: "hard",
    Rating.Good: "good",
    Rating.Easy: "easy",
}
STATE_NAMES = {State.Learning: "learning", State.Review: "review", State.Relearning: "relearning"}


def make_scheduler(
    desired_retention: float = DEFAULT_DESIRED_RETENTION,
    *,
    fuzz: bool = True,
    parameters: Sequence[float] | None = None,
) -> Scheduler:
    """The scheduler for one learner: their desired retention, Anki-like steps, and the
    FSRS parameters fitted to them or their class (``quizapp scheduler fit``), else FSRS's
    defaults.

    Fuzz spreads reviews of cards learnt together over nearby days; tests turn it
    off so that intervals are exact.
    """
    extra = {"parameters": tuple(parameters)} if parameters else {}
    return Scheduler(
        **extra,
        desired_retention=desired_retention,
        learning_steps=LEARNING_STEPS,
        relearning_steps=RELEARNING_STEPS,
        enable_fuzzing=fuzz,
    )


@dataclass(frozen=True)
class MemoryState:
    """What quizapp stores of an ``fsrs.Card``: one learner's memory of one question."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None

    def to_fsrs(self, card_id: int = 0) -> FsrsCard:
        return FsrsCard(
            card_id=card_id,
            state=State(self.state),
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due,
            last_review=self.last_review,
        )

    @classmethod
    def from_fsrs(cls, card: FsrsCard) -> MemoryState:
        return cls(
            state=int(card.state),
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            due=card.due,
            last_review=card.last_review,
        )

    def to_json(self) -> dict[str, Any]:
        """The form kept in the review log's ``state_before`` / ``state_after``."""
        return {
            "state": self.state,
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": self.due.isoformat(),
            "last_review": self.last_review.isoformat() if self.last_review else None,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MemoryState:
        last = data.get("last_review")
        return cls(
            state=int(data["state"]),
            step=data.get("step"),
            stability=data.get("stability"),
            difficulty=data.get("difficulty"),
            due=datetime.fromisoformat(data["due"]),
            last_review=datetime.fromisoformat(last) if last else None,
        )


def new_card(now: datetime) -> FsrsCard:
    """The card of a question never answered: learning, first step, due now."""
    return FsrsCard(card_id=0, due=now)


def review(
    scheduler: Scheduler,
    before: MemoryState | None,
    rating: Rating,
    now: datetime,
    *,
    guess_chance: float = 0.0,
) -> MemoryState:
    """The memory state after one review, as FSRS computes it.

    ``guess_chance`` is the chance of answering right without knowing (a
    multiple-choice or true/false question). A review-state answer rated Good is
    then weaker evidence: FSRS computes the state after Good and after Again, and
    the stability and difficulty kept are their mean weighted by the probability
    that the right answer came from recall (``rating.recall_probability``); the
    interval follows from that stability with the scheduler's own formula.
    """
    card = before.to_fsrs() if before is not None else new_card(now)
    moment = as_utc(now)
    after, _log = scheduler.review_card(card, rating, review_datetime=moment)
    if (
        guess_chance <= 0
        or rating != Rating.Good
        or before is None
        or before.state != State.Review
        or before.stability is None
    ):
        return MemoryState.from_fsrs(after)
    recalled = recall_probability(retrievability(scheduler, before, moment), guess_chance)
    if recalled >= 1.0:
        return MemoryState.from_fsrs(after)
    lapse, _log = scheduler.review_card(before.to_fsrs(), Rating.Again, review_datetime=moment)
    stability = recalled * after.stability + (1 - recalled) * lapse.stability
    difficulty = recalled * after.difficulty + (1 - recalled) * lapse.difficulty
    interval = timedelta(days=scheduler._next_interval(stability=stability))
    if scheduler.enable_fuzzing:
        interval = scheduler._get_fuzzed_interval(interval=interval)
    return MemoryState(
        state=int(after.state),
        step=after.step,
        stability=stability,
        difficulty=difficulty,
        due=moment + interval,
        last_review=moment,
    )


def preview_intervals(
    scheduler: Scheduler, before: MemoryState | None, now: datetime
) -> dict[Rating, timedelta]:
    """How long until the question comes back after each of the four grades.

    Fuzz is left out so that the buttons show the interval FSRS aims for; the
    real review may land a day or two either side of a long interval.
    """
    exact = Scheduler(
        parameters=scheduler.parameters,
        desired_retention=scheduler.desired_retention,
        learning_steps=scheduler.learning_steps,
        relearning_steps=scheduler.relearning_steps,
        maximum_interval=scheduler.maximum_interval,
        enable_fuzzing=False,
    )
    return {rating: review(exact, before, rating, now).due - now for rating in Rating}


def retrievability(scheduler: Scheduler, state: MemoryState, now: datetime) -> float:
    """FSRS's probability that the learner recalls the question now."""
    return float(scheduler.get_card_retrievability(state.to_fsrs(), current_datetime=now))


def format_interval(interval: timedelta) -> str:
    """A short, Anki-like interval label: 1m, 10m, 3h, 2d, 5w, 4mo, 1.5y."""
    seconds = max(0.0, interval.total_seconds())
    minutes = seconds / 60
    if minutes < 1:
        return "<1m"
    if minutes < 60:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 14:
        return f"{round(days)}d"
    if days < 60:
        return f"{round(days / 7)}w"
    if days < 365:
        return f"{round(days / 30.4)}mo"
    years = days / 365.25
    return f"{years:.1f}y".replace(".0y", "y")


def as_utc(moment: datetime) -> datetime:
    """fsrs insists on ``tzinfo is timezone.utc``; accept any aware datetime."""
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are ambiguous; pass an aware datetime")
    return moment.astimezone(UTC)
