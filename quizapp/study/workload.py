"""What a desired retention costs: reviews per day, simulated from the learner's own cards.

For each retention the simulation runs FSRS (the ``fsrs`` package, with the
learner's parameters) over the learner's cards for ``HORIZON_DAYS`` days: every
day, each question due is reviewed and recalled with the probability FSRS
predicts (seeded, so the figures are stable); a lapse goes through its
relearning step the same day. Questions not yet met are met at the learner's
daily new limit, through their learning steps. The figures: reviews per day on
average, and the questions expected to be remembered at the end.

The **recommended** retention is the one with the fewest reviews per question
remembered at the end (the most memory per review, as Anki's "optimal retention"
aims for), among those from 0.80 to 0.95: above 0.95 the workload rises steeply
for little more memory, and the settings page warns about it.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from fsrs import Rating, Scheduler, State

from quizapp.study.scheduling import LEARNING_STEPS, RELEARNING_STEPS, MemoryState

RETENTIONS = (0.80, 0.85, 0.90, 0.93, 0.95, 0.97)
RECOMMEND_FROM = (0.80, 0.85, 0.90, 0.93, 0.95)
WARN_ABOVE = 0.95
HORIZON_DAYS = 60
# Above this many cards, a seeded sample is simulated and the counts scaled up.
MAX_CARDS = 150
MAX_NEW = 100


@dataclass(frozen=True)
class RetentionCost:
    retention: float
    reviews_per_day: float
    remembered: float  # questions expected to be remembered at the end of the horizon

    @property
    def reviews_per_remembered(self) -> float:
        return self.reviews_per_day * HORIZON_DAYS / self.remembered if self.remembered else 0.0


@dataclass(frozen=True)
class Workload:
    costs: list[RetentionCost]
    recommended: float | None
    cards: int
    unseen: int

    def cost_of(self, retention: float) -> RetentionCost | None:
        return next((c for c in self.costs if abs(c.retention - retention) < 1e-9), None)


def simulate(
    parameters: Sequence[float] | None,
    memories: Sequence[MemoryState],
    unseen: int,
    *,
    daily_new_limit: int,
    retention: float,
    now: datetime,
    days: int = HORIZON_DAYS,
    seed: int = 0,
) -> RetentionCost:
    """Reviews per day and questions remembered at the end, for one desired retention."""
    rng = random.Random(seed)
    extra = {"parameters": tuple(parameters)} if parameters else {}
    scheduler = Scheduler(
        **extra,
        desired_retention=retention,
        learning_steps=LEARNING_STEPS,
        relearning_steps=RELEARNING_STEPS,
        enable_fuzzing=False,
    )
    cards = list(memories)
    scale = 1.0
    if len(cards) > MAX_CARDS:
        scale = len(cards) / MAX_CARDS
        cards = random.Random(seed + 1).sample(cards, MAX_CARDS)
    fsrs_cards = [m.to_fsrs(i) for i, m in enumerate(cards)]
    new_scale = 1.0
    to_meet = unseen
    if to_meet > MAX_NEW:
        new_scale, to_meet = unseen / MAX_NEW, MAX_NEW
    per_day_new = daily_new_limit / new_scale if daily_new_limit else 0.0
    reviews = 0.0
    credit = 0.0
    moment = now
    for _day in range(days):
        for i, card in enumerate(fsrs_cards):
            if card.due <= moment:
                fsrs_cards[i], n = _study(scheduler, card, moment, rng)
                reviews += n * scale
        credit += per_day_new
        while to_meet > 0 and credit >= 1:
            credit -= 1
            to_meet -= 1
            card, n = _study(scheduler, None, moment, rng)
            fsrs_cards.append(card)
            reviews += n * new_scale
        moment += timedelta(days=1)
    remembered = 0.0
    for i, card in enumerate(fsrs_cards):
        weight = scale if i < len(cards) else new_scale
        if card.stability:
            remembered += weight * scheduler.get_card_retrievability(card, current_datetime=moment)
    return RetentionCost(retention, reviews / days, remembered)


def _study(scheduler: Scheduler, card, moment: datetime, rng: random.Random):
    """One study of a question on one day: the review, then any steps the same day."""
    from fsrs import Card

    if card is None:
        card = Card(card_id=0, due=moment)
        recall = 0.0  # never seen: learnt from the answer shown
    elif card.state == State.Review:
        recall = scheduler.get_card_retrievability(card, current_datetime=moment)
    else:
        recall = 0.9
    rating = Rating.Good if rng.random() < recall else Rating.Again
    card, _ = scheduler.review_card(card, rating, review_datetime=moment)
    count = 1
    while card.state != State.Review and count < 6:
        card, _ = scheduler.review_card(card, Rating.Good, review_datetime=card.due)
        count += 1
    return card, count


def workload(
    parameters: Sequence[float] | None,
    memories: Sequence[MemoryState],
    unseen: int,
    *,
    daily_new_limit: int,
    now: datetime,
) -> Workload:
    costs = [
        simulate(
            parameters,
            memories,
            unseen,
            daily_new_limit=daily_new_limit,
            retention=r,
            now=now,
        )
        for r in RETENTIONS
    ]
    candidates = [c for c in costs if c.retention in RECOMMEND_FROM and c.remembered > 0]
    recommended = (
        min(candidates, key=lambda c: (round(c.reviews_per_remembered, 2), -c.retention)).retention
        if candidates
        else None
    )
    return Workload(costs, recommended, len(memories), unseen)
