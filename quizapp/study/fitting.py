"""Fitting FSRS parameters to a review log, with the Rust optimizer Anki itself uses.

``fsrs-rs-python`` (a small wheel, no torch) computes the parameters; this module
turns review histories into its training items, splits them by time, and reports
how well the fitted and the default parameters predict recall on the held-out,
latest reviews (log loss and RMSE over bins, as FSRS's benchmark does).

A history is one learner's reviews of one question, oldest first, each as
``(reviewed_at, rating, study_day)``; intervals are counted in whole study days,
as FSRS counts them. Every review after the first is one training item: the
history up to it, predicting its outcome (reviews on the same study day as the one
before, learning steps, are history only).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import fsrs_rs_python as fsrs_rs

DEFAULT_PARAMETERS: tuple[float, ...] = tuple(fsrs_rs.DEFAULT_PARAMETERS)
# Anki asks for 400 reviews before optimizing; fewer fit noise.
MIN_REVIEWS = 400
# The latest share of training items held out to compare fitted and default parameters.
HELD_OUT = 0.2


@dataclass(frozen=True)
class Review:
    reviewed_at: datetime
    rating: int
    day: date


@dataclass(frozen=True)
class Fit:
    parameters: tuple[float, ...]
    reviews: int
    items: int
    held_out: int
    log_loss: float | None
    rmse: float | None
    default_log_loss: float | None
    default_rmse: float | None

    @property
    def better_than_default(self) -> bool:
        return (
            self.log_loss is not None
            and self.default_log_loss is not None
            and self.log_loss < self.default_log_loss
        )


class NotEnoughReviews(ValueError):
    pass


def training_items(histories: Iterable[Sequence[Review]]) -> list[tuple[datetime, object]]:
    """(time of the predicted review, FSRSItem) for every review after a question's first."""
    items: list[tuple[datetime, object]] = []
    for history in histories:
        reviews = []
        previous: date | None = None
        for review in history:
            delta = 0 if previous is None else (review.day - previous).days
            reviews.append(fsrs_rs.FSRSReview(int(review.rating), max(0, delta)))
            previous = review.day
            # A review on the same study day as the one before predicts nothing FSRS
            # models (it is a learning step), so it is history, never a target.
            if len(reviews) >= 2 and delta > 0:
                item = fsrs_rs.FSRSItem(list(reviews))
                if item.long_term_review_cnt() > 0:
                    items.append((review.reviewed_at, item))
    items.sort(key=lambda pair: pair[0])
    return items


def evaluate(parameters: Sequence[float], items: Sequence[object]) -> tuple[float, float]:
    """Log loss and RMSE (bins) of predicted against actual recall."""
    result = fsrs_rs.FSRS(list(parameters)).evaluate(list(items))
    return float(result.log_loss), float(result.rmse_bins)


def fit(histories: Iterable[Sequence[Review]], *, min_reviews: int = MIN_REVIEWS) -> Fit:
    """Fit parameters to the histories; raise ``NotEnoughReviews`` below ``min_reviews``.

    The held-out figures come from parameters fitted on the earlier 80% of the items
    only; the parameters returned are then fitted on all of them.
    """
    histories = [list(h) for h in histories]
    reviews = sum(len(h) for h in histories)
    if reviews < min_reviews:
        raise NotEnoughReviews(f"{reviews} reviews, {min_reviews} needed")
    dated = training_items(histories)
    items = [item for _at, item in dated]
    if len(items) < 10:
        raise NotEnoughReviews(f"only {len(items)} reviews after a first one on a later day")
    cut = max(1, int(len(items) * (1 - HELD_OUT)))
    train, test = items[:cut], items[cut:]
    optimizer = fsrs_rs.FSRS(list(DEFAULT_PARAMETERS))
    log_loss = rmse = default_log_loss = default_rmse = None
    if test:
        trained = optimizer.compute_parameters(train)
        log_loss, rmse = evaluate(trained, test)
        default_log_loss, default_rmse = evaluate(DEFAULT_PARAMETERS, test)
    parameters = tuple(float(w) for w in optimizer.compute_parameters(items))
    return Fit(
        parameters=parameters,
        reviews=reviews,
        items=len(items),
        held_out=len(test),
        log_loss=log_loss,
        rmse=rmse,
        default_log_loss=default_log_loss,
        default_rmse=default_rmse,
    )
