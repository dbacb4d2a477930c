"""Turning a graded answer into an FSRS rating.

The rule, for auto-graded questions (docs/study.md explains it to learners):

* wrong (any part wrong): **Again**;
* right, but only thanks to typo tolerance, or slow: **Hard**;
* right and fast on a question seen before: **Easy**;
* otherwise right: **Good**.

"Fast" and "slow" are measured against the time a prepared learner needs: the
question type's ``expected_seconds`` plus time to read the prompt. Fast is at
most half of it, slow more than twice it. A time we cannot trust (missing,
negative, or longer than ``MAX_PLAUSIBLE_SECONDS``, when the learner has clearly
walked away) counts as neither. A question answered for the first time is at
best Good: a quick right answer to a question never seen may be a guess, and
Easy would skip the learning steps altogether.

Flashcards are graded by the learner with the four buttons, used as given.
"""

from __future__ import annotations

from fsrs import Rating

from quizapp.questions import Grade

FAST_FRACTION = 0.5
SLOW_FACTOR = 2.0
READING_WORDS_PER_SECOND = 4.0
MAX_PLAUSIBLE_SECONDS = 5 * 60


def time_budget(expected_seconds: float, prompt: str) -> float:
    """Seconds a prepared learner needs: the type's own time plus reading the prompt."""
    return expected_seconds + len(prompt.split()) / READING_WORDS_PER_SECOND


def pace(elapsed_ms: int | None, budget_seconds: float) -> str:
    """ "fast", "slow", "normal", or "unknown" when the time cannot be trusted."""
    if elapsed_ms is None or elapsed_ms < 0 or elapsed_ms > MAX_PLAUSIBLE_SECONDS * 1000:
        return "unknown"
    seconds = elapsed_ms / 1000
    if seconds <= budget_seconds * FAST_FRACTION:
        return "fast"
    if seconds > budget_seconds * SLOW_FACTOR:
        return "slow"
    return "normal"


def rating_for(
    grade: Grade, *, elapsed_ms: int | None, budget_seconds: float, first_time: bool = False
) -> Rating:
    """The FSRS rating for one graded answer (see the module docstring)."""
    if grade.self_rating is not None:
        return Rating(grade.self_rating)
    if not grade.correct:
        return Rating.Again
    speed = pace(elapsed_ms, budget_seconds)
    if not grade.exact or speed == "slow":
        return Rating.Hard
    if speed == "fast" and not first_time:
        return Rating.Easy
    return Rating.Good
