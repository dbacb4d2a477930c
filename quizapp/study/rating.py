"""Turning a graded answer into an FSRS rating, and how much a right answer proves.

The rule, for auto-graded questions (docs/study.md explains it to learners):

* wrong (any part wrong): **Again**;
* right: **Good**, also when it was accepted only thanks to typo tolerance (the
  learner recalled the answer; the typo is spelling, not memory).

Answer time never changes the rating. FSRS's authors advise Good and Again for
right and wrong, and Anki's manual says answer time does not influence
scheduling: a "fast" threshold measures reading speed as much as memory (in a
simulation the share of Easy ratings followed learners' reading speed almost
exactly, and reviews were then spaced too far apart).

Flashcards are graded by the learner with the four buttons, used as given.

A right answer to a question one can guess (multiple choice, true/false) is
weaker evidence of recall than a typed one. With ``g`` the chance of guessing
right and ``R`` the recall FSRS predicted, a right answer means recall with
probability ``R / (R + (1 - R) g)`` (Bayes: a right answer comes from recall,
or from a guess without it). Scheduling uses that probability
(``quizapp.study.scheduling.review``); retention figures count each answer by
``recall_credit``, the classic correction for guessing.
"""

from __future__ import annotations

from fsrs import Rating

from quizapp.questions import Grade


def rating_for(grade: Grade) -> Rating:
    """The FSRS rating for one graded answer (see the module docstring)."""
    if grade.self_rating is not None:
        return Rating(grade.self_rating)
    return Rating.Good if grade.correct else Rating.Again


def recall_probability(retrievability: float, guess_chance: float) -> float:
    """How likely a right answer came from recall rather than a lucky guess."""
    if guess_chance <= 0:
        return 1.0
    r = min(1.0, max(0.0, retrievability))
    if r <= 0:
        return 0.0
    return r / (r + (1.0 - r) * guess_chance)


def recall_credit(recalled: bool, guess_chance: float) -> float:
    """What one answer adds to a retention figure: the correction for guessing.

    Right counts 1, wrong counts ``-g / (1 - g)``, so that over many answers the
    mean is the share truly recalled: ``(right share - g) / (1 - g)``. Averages of
    credits are clamped to 0..1 where they are shown (``corrected_retention``).
    """
    if recalled:
        return 1.0
    g = min(max(guess_chance, 0.0), 0.99)
    return -g / (1.0 - g)


def corrected_retention(credit_sum: float, count: int) -> float | None:
    """The share of answers truly recalled, from the sum of their credits."""
    if count <= 0:
        return None
    return min(1.0, max(0.0, credit_sum / count))
