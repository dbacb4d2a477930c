"""Fitting FSRS parameters: a synthetic log with known parameters, then the CLI end to end."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Card, Rating, Scheduler

from quizapp.study import fitting
from quizapp.study.fitting import NotEnoughReviews, Review, fit

START = datetime(2026, 1, 5, 18, 0, tzinfo=UTC)
# A learner who forgets much faster than FSRS's defaults assume.
TRUE_PARAMETERS = list(fitting.DEFAULT_PARAMETERS)
TRUE_PARAMETERS[0:4] = [w / 3 for w in TRUE_PARAMETERS[0:4]]
TRUE_PARAMETERS[8] = TRUE_PARAMETERS[8] * 0.5


def synthetic_histories(parameters, *, cards=150, days=120, seed=1):
    """Reviews at FSRS's default schedule, answered by a memory with ``parameters``."""
    rng = random.Random(seed)
    truth = Scheduler(parameters=parameters, enable_fuzzing=False, learning_steps=())
    schedule = Scheduler(enable_fuzzing=False, learning_steps=())
    histories = []
    for i in range(cards):
        start = START + timedelta(days=i * days / (2 * cards))
        true_card, card, now = Card(), Card(), start
        history = []
        while now < START + timedelta(days=days):
            if history:
                recall = truth.get_card_retrievability(true_card, current_datetime=now)
                rating = Rating.Good if rng.random() < recall else Rating.Again
            else:
                rating = Rating.Good
            history.append(Review(now, int(rating), now.date()))
            true_card, _ = truth.review_card(true_card, rating, review_datetime=now)
            card, _ = schedule.review_card(card, rating, review_datetime=now)
            now = card.due + timedelta(hours=rng.uniform(0, 20))
        histories.append(history)
    return histories


def test_fitted_parameters_predict_held_out_recall_better_than_the_defaults():
    result = fit(synthetic_histories(TRUE_PARAMETERS))
    assert result.held_out > 50 and len(result.parameters) == 21
    assert result.log_loss < result.default_log_loss
    assert result.rmse < result.default_rmse
    assert result.better_than_default
    # The fitted stability growth is nearer the truth than the default.
    assert abs(result.parameters[8] - TRUE_PARAMETERS[8]) < abs(
        fitting.DEFAULT_PARAMETERS[8] - TRUE_PARAMETERS[8]
    )


def test_too_few_reviews_are_refused():
    histories = synthetic_histories(TRUE_PARAMETERS, cards=5, days=20)
    with pytest.raises(NotEnoughReviews):
        fit(histories)


# -- the service and the command -----------------------------------------------------------


def _log(user_id, bank_id, question_ids, histories):
    from quizapp.extensions import db
    from quizapp.models import ReviewLog

    for question_id, history in zip(question_ids, histories, strict=False):
        for i, review in enumerate(history):
            db.session.add(
                ReviewLog(
                    user_id=user_id,
                    question_id=question_id,
                    bank_id=bank_id,
                    correct=review.rating > 1,
                    score=float(review.rating > 1),
                    rating=review.rating,
                    was_new=i == 0,
                    state_after={},
                    reviewed_at=review.reviewed_at,
                )
            )
    db.session.commit()


@pytest.fixture
def logged(ctx, make_user, import_bank):
    """alice: 150 questions' worth of reviews; bob: a handful; both in one class."""
    from sqlalchemy import select

    from quizapp.extensions import db
    from quizapp.models import Question
    from quizapp.services import classes
    from tests.conftest import bank_text

    questions = "\n".join(
        f"- {{id: f{i}, type: short_answer, prompt: Say {i}, answer: w{i}}}" for i in range(150)
    )
    bank_id = import_bank(bank_text("facts", questions=questions))
    ids = list(db.session.scalars(select(Question.id).where(Question.bank_id == bank_id)))
    teacher = make_user("teach", role="teacher")
    alice, bob = make_user("alice"), make_user("bob")
    classroom = classes.create_class(teacher, "Period 2")
    for user_id in (alice, bob):
        classes.join_class(user_id, classroom.join_code)
    _log(alice, bank_id, ids, synthetic_histories(TRUE_PARAMETERS))
    _log(bob, bank_id, ids[:3], synthetic_histories(TRUE_PARAMETERS, cards=3, days=10, seed=2))
    return {"alice": alice, "bob": bob, "class": classroom.id}


def test_fit_a_learner_prints_held_out_figures_and_uses_them(runner, logged):
    from quizapp.extensions import db
    from quizapp.models import SchedulerParameters, User

    result = runner.invoke(args=["scheduler", "fit", "--user", "alice", "--bank", "facts"])
    assert result.exit_code == 0, result.output
    assert "user alice: fitted on" in result.output
    assert "held-out log loss" in result.output and "RMSE" in result.output
    assert "uses its own fitted parameters" in result.output
    stored = db.session.query(SchedulerParameters).filter_by(user_id=logged["alice"]).one()
    assert stored.log_loss < stored.default_log_loss
    alice = db.session.get(User, logged["alice"])
    assert alice.fsrs_parameters == stored.parameters != list(fitting.DEFAULT_PARAMETERS)


def test_too_few_reviews_fall_back_to_the_class_then_the_defaults(runner, logged):
    from quizapp.extensions import db
    from quizapp.models import User

    result = runner.invoke(args=["scheduler", "fit", "--user", "bob"])
    assert result.exit_code == 0, result.output
    assert "user bob: not fitted: too few reviews" in result.output
    assert "uses the default parameters (none of the learner's classes" in result.output
    result = runner.invoke(args=["scheduler", "fit", "--class", str(logged["class"])])
    assert result.exit_code == 0, result.output
    assert f"class {logged['class']} (Period 2): fitted on" in result.output
    assert f"uses the parameters of class {logged['class']} (Period 2)" in result.output
    bob = db.session.get(User, logged["bob"])
    db.session.refresh(bob)
    assert bob.fsrs_parameters and len(bob.fsrs_parameters) == 21


def test_fit_all_refits_only_with_enough_new_reviews(runner, logged):
    first = runner.invoke(args=["scheduler", "fit", "--all"])
    assert first.exit_code == 0, first.output
    assert "user alice: fitted on" in first.output and "(Period 2): fitted on" in first.output
    again = runner.invoke(args=["scheduler", "fit", "--all"])
    assert "user alice: not fitted: 0 new reviews since the last fit" in again.output
    assert "uses its own fitted parameters" in again.output


def test_fit_needs_a_subject_and_known_names(runner, logged):
    assert "Give --user NAME" in runner.invoke(args=["scheduler", "fit"]).output
    assert "no user 'nobody'" in runner.invoke(args=["scheduler", "fit", "--user", "nobody"]).output
    assert (
        "no bank 'nope'"
        in runner.invoke(args=["scheduler", "fit", "--user", "alice", "--bank", "nope"]).output
    )
