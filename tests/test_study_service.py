"""The study service against a real database: enrolment, choosing, answering, idempotency."""

from __future__ import annotations

import itertools
import threading
from datetime import UTC

import pytest
from sqlalchemy import func, select

from quizapp.errors import Conflict, Forbidden, InvalidInput, NotFound
from quizapp.extensions import db
from quizapp.models import Card, Presentation, ReviewLog
from quizapp.questions import get_question_type
from quizapp.services import study
from quizapp.services.users import update_settings
from tests.conftest import bank_text

FIVE_MC = "\n".join(
    f"""
- id: q{i}
  type: multiple_choice
  prompt: Which is number {i}?
  choices: ["{i}", "x{i}", "y{i}"]
  answer: "{i}"
  explanation: It is {i}.
  source: {{ref: atlas, sentence: Number {i} is {i}.}}
"""
    for i in range(1, 6)
)


@pytest.fixture
def learner(make_user):
    return make_user("learner")


@pytest.fixture
def bank(import_bank):
    import_bank(bank_text("numbers", questions=FIVE_MC, title="Numbers"))
    return "numbers"


def present(ctx, user_id, slug="numbers", clock=None, **kw):
    return study.next_question(user_id, slug, now=clock() if clock else None, fuzz=False, **kw)


def right_answer(presented):
    return presented.question.data["answer"]


def wrong_answer(presented):
    return next(c for c in presented.shown["choices"] if c != presented.question.data["answer"])


def answer(presented, user_id, response, clock, elapsed_ms=8000):
    return study.submit_answer(
        user_id, presented.token, response, elapsed_ms=elapsed_ms, now=clock(), fuzz=False
    )


def test_enrol_is_required_idempotent_and_reversible(ctx, learner, bank, clock):
    with pytest.raises(Forbidden) as exc:
        present(ctx, learner)
    assert exc.value.code == "not_enrolled"
    study.enroll(learner, bank)
    study.enroll(learner, bank)
    assert [e.enrolled for e in study.list_banks_for_learner(learner)] == [True]
    assert isinstance(present(ctx, learner, clock=clock), study.Presented)
    study.unenroll(learner, bank)
    study.unenroll(learner, bank)
    with pytest.raises(Forbidden):
        present(ctx, learner)


def test_drafts_are_never_studied(ctx, make_user, import_bank):
    teacher = make_user("teacher", role="teacher")
    student = make_user("pupil")
    import_bank(bank_text("secret"), owner_id=teacher, status="draft")
    with pytest.raises(NotFound):
        study.enroll(student, "secret")
    with pytest.raises(Forbidden) as exc:
        study.enroll(teacher, "secret")
    assert exc.value.code == "bank_is_draft"
    assert study.list_banks_for_learner(student) == []
    with pytest.raises(NotFound):
        study.enroll(student, "no-such-bank")


def test_new_questions_come_in_bank_order_and_answers_are_logged(ctx, learner, bank, clock):
    study.enroll(learner, bank)
    first = present(ctx, learner, clock=clock)
    assert first.question.key == "q1" and first.reason == "new"
    assert "answer" not in first.public_question()
    feedback = answer(first, learner, right_answer(first), clock)
    assert feedback.correct is True and feedback.rating_name == "good"
    assert feedback.answer == "1" and feedback.explanation == "It is 1."
    assert feedback.source == {
        "sentence": "Number 1 is 1.",
        "title": "World Atlas",
        "author": None,
        "publisher": "Example Press",
        "published": "2020-01-02",
        "url": None,
    }
    log = db.session.scalars(select(ReviewLog)).one()
    assert (log.correct, log.rating, log.was_new, log.state_before) == (True, 3, True, None)
    assert log.state_after["state"] == 1 and log.elapsed_ms == 8000 and log.response == "1"
    second = present(ctx, learner, clock=clock)
    assert second.question.key == "q2"


def test_a_refresh_shows_the_same_presentation(ctx, learner, bank, clock):
    study.enroll(learner, bank)
    first = present(ctx, learner, clock=clock)
    clock.advance(seconds=30)
    again = present(ctx, learner, clock=clock)
    assert (again.token, again.shown) == (first.token, first.shown)
    assert db.session.scalar(select(func.count(Presentation.id))) == 1
    # Practice mode is a different request; it does not reuse a normal presentation.
    clock.advance(hours=2)
    later = present(ctx, learner, clock=clock)
    assert later.token != first.token


def test_double_submit_is_recorded_once(ctx, learner, bank, clock):
    study.enroll(learner, bank)
    shown = present(ctx, learner, clock=clock)
    first = answer(shown, learner, wrong_answer(shown), clock)
    clock.advance(seconds=5)
    # A retry with another response changes nothing: the first answer stands.
    second = answer(shown, learner, right_answer(shown), clock)
    assert second.replayed and not first.replayed
    assert (second.correct, second.rating, second.next_due) == (
        first.correct,
        first.rating,
        first.next_due,
    )
    assert db.session.scalar(select(func.count(ReviewLog.id))) == 1
    assert db.session.scalar(select(Card.reps)) == 1


def test_racing_submits_are_recorded_once(app, learner, bank, clock):
    with app.app_context():
        study.enroll(learner, bank)
        shown = present(None, learner, clock=clock)
        token, response = shown.token, right_answer(shown)
    results, errors = [], []
    barrier = threading.Barrier(4)

    def submit():
        with app.app_context():
            try:
                barrier.wait()
                results.append(
                    study.submit_answer(learner, token, response, elapsed_ms=9000, now=clock())
                )
            except Exception as exc:  # reported below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert len(results) == 4 and sum(not r.replayed for r in results) == 1
    assert len({(r.rating, r.next_due) for r in results}) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count(ReviewLog.id))) == 1
        assert db.session.scalar(select(func.count(Card.id))) == 1


def test_no_learner_can_see_or_answer_anothers_presentation(ctx, make_user, bank, clock):
    alice, mallory = make_user("alice"), make_user("mallory")
    study.enroll(alice, bank)
    study.enroll(mallory, bank)
    shown = present(ctx, alice, clock=clock)
    with pytest.raises(NotFound):
        study.submit_answer(mallory, shown.token, right_answer(shown), now=clock())
    with pytest.raises(NotFound):
        study.get_presentation(mallory, shown.token)
    with pytest.raises(NotFound):
        study.response_from_form(mallory, shown.token, {"response": "1"})
    answer(shown, alice, right_answer(shown), clock)
    with pytest.raises(NotFound):
        study.get_feedback(mallory, shown.token)
    with pytest.raises(NotFound):
        study.submit_answer(mallory, shown.token, right_answer(shown), now=clock())
    assert (
        db.session.scalar(select(func.count(ReviewLog.id)).where(ReviewLog.user_id == mallory)) == 0
    )
    # Mallory's own queue is untouched by Alice's answer.
    assert present(ctx, mallory, clock=clock).question.key == "q1"


def test_invalid_responses_record_nothing(ctx, learner, bank, clock):
    study.enroll(learner, bank)
    shown = present(ctx, learner, clock=clock)
    with pytest.raises(InvalidInput):
        answer(shown, learner, "not a choice", clock)
    with pytest.raises(InvalidInput):
        answer(shown, learner, right_answer(shown), clock, elapsed_ms=-1)
    assert db.session.scalar(select(func.count(ReviewLog.id))) == 0
    # The presentation is still open and can be answered properly.
    assert answer(shown, learner, right_answer(shown), clock).correct


def test_a_question_changed_after_it_was_shown_is_a_conflict(
    ctx, learner, bank, clock, import_bank
):
    study.enroll(learner, bank)
    shown = present(ctx, learner, clock=clock)
    import_bank(bank_text("numbers", questions=FIVE_MC.replace('answer: "1"', 'answer: "x1"')))
    clock.advance(seconds=1)
    with pytest.raises(Conflict) as exc:
        study.submit_answer(learner, shown.token, "1", now=clock(), fuzz=False)
    assert exc.value.code == "question_changed"


def test_never_the_same_question_twice_in_a_row(ctx, learner, bank, clock):
    study.enroll(learner, bank)
    seen = []
    for _ in range(12):
        shown = present(ctx, learner, clock=clock)
        seen.append(shown.question.key)
        answer(shown, learner, wrong_answer(shown), clock)
        clock.advance(minutes=2)
    assert all(a != b for a, b in itertools.pairwise(seen)), seen


def test_daily_new_limit_then_practice_ahead(ctx, learner, bank, clock):
    update_settings(learner, daily_new_limit=2)
    study.enroll(learner, bank)
    for _ in range(2):
        shown = present(ctx, learner, clock=clock)
        answer(shown, learner, right_answer(shown), clock, elapsed_ms=1000)
        clock.advance(seconds=5)
    # Both are in their 10-minute learning step, learnt ahead rather than waiting.
    ahead = present(ctx, learner, clock=clock)
    assert ahead.reason == "learn_ahead"
    answer(ahead, learner, right_answer(ahead), clock)
    other = present(ctx, learner, clock=clock)
    answer(other, learner, right_answer(other), clock)
    idle = present(ctx, learner, clock=clock)
    assert isinstance(idle, study.Idle) and idle.new_waiting > 0
    assert idle.next_due is not None and idle.next_due > clock()
    practice = present(ctx, learner, clock=clock, practice=True)
    # Past the daily limit, a new question rather than one of the two just answered.
    assert practice.practice and practice.reason == "new"
    assert practice.question.key not in {ahead.question.key, other.question.key}
    result = answer(practice, learner, right_answer(practice), clock)
    assert result.practice
    assert db.session.scalar(select(ReviewLog.practice).order_by(ReviewLog.id.desc()).limit(1))
    # The next study day brings new questions again.
    clock.advance(days=1)
    assert present(ctx, learner, clock=clock).question.key in {"q1", "q2", "q3", "q4"}


def test_wrong_answers_are_due_first_tomorrow(ctx, learner, import_bank, clock):
    many = "\n".join(
        f"""
- id: n{i:02}
  type: true_false
  prompt: Statement {i} is true.
  answer: true
"""
        for i in range(12)
    )
    import_bank(bank_text("facts", questions=many))
    update_settings(learner, daily_new_limit=12)
    study.enroll(learner, "facts")
    wrong = set()
    for i in range(12):
        shown = present(ctx, learner, "facts", clock=clock)
        response = i % 3 != 0
        if not response:
            wrong.add(shown.question.key)
        answer(shown, learner, response, clock, elapsed_ms=6000)
        clock.advance(seconds=20)
    clock.advance(days=1)
    first = []
    for _ in range(len(wrong)):
        shown = present(ctx, learner, "facts", clock=clock)
        first.append(shown.question.key)
        answer(shown, learner, True, clock)
    assert set(first) == wrong


def test_flashcard_buttons_show_the_interval_each_grade_gives(ctx, learner, import_bank, clock):
    import_bank(
        bank_text(
            "cards",
            questions="""
- id: back-to-back
  type: flashcard
  prompt: How does China describe its relations with Russia?
  answer: Standing back to back.
""",
        )
    )
    study.enroll(learner, "cards")
    shown = present(ctx, learner, "cards", clock=clock)
    assert [(b.name, b.label) for b in shown.buttons][:3] == [
        ("again", "1m"),
        ("hard", "6m"),
        ("good", "10m"),
    ]
    grades = shown.public_question()["grades"]
    assert [g["rating"] for g in grades] == ["again", "hard", "good", "easy"]
    feedback = answer(shown, learner, "easy", clock)
    assert feedback.rating_name == "easy" and feedback.correct is None
    assert feedback.next_due - clock() == shown.buttons[3].interval


def test_response_from_form_uses_the_order_shown(ctx, learner, import_bank, clock):
    import_bank(
        bank_text(
            "order",
            questions="""
- id: years
  type: ordering
  prompt: Earliest first.
  answer: ["1949", "1969", "1979"]
""",
        )
    )
    study.enroll(learner, "order")
    shown = present(ctx, learner, "order", clock=clock)
    items = shown.shown["items"]
    form = {
        f"position-{i}": str(["1949", "1969", "1979"].index(item) + 1)
        for i, item in enumerate(items)
    }
    response = study.response_from_form(learner, shown.token, form)
    assert get_question_type("ordering").grade(shown.question.data, response).correct
    assert answer(shown, learner, response, clock).correct


def test_settings_are_validated(ctx, learner):
    with pytest.raises(InvalidInput) as exc:
        update_settings(learner, desired_retention=0.5, daily_new_limit=-1)
    assert set(exc.value.fields) == {"desired_retention", "daily_new_limit"}
    assert exc.value.message == (
        "Target recall must be between 0.70 and 0.99. "
        "New questions per day must be between 0 and 500."
    )
    user = update_settings(learner, desired_retention=0.85, daily_new_limit=5)
    assert (user.desired_retention, user.daily_new_limit) == (0.85, 5)


NINE_MC = "\n".join(
    f"""
- id: n{i}
  type: multiple_choice
  prompt: Which is number {i}?
  choices: ["{i}", "x{i}"]
  answer: "{i}"
"""
    for i in range(1, 10)
)


def test_practice_ahead_goes_through_every_question_before_repeating(
    ctx, learner, import_bank, clock
):
    """Practice ahead once alternated two seen questions while seven new ones waited."""
    import_bank(bank_text("nine", questions=NINE_MC, title="Nine"))
    update_settings(learner, daily_new_limit=2)
    study.enroll(learner, "nine")
    while not isinstance(shown := present(ctx, learner, "nine", clock=clock), study.Idle):
        answer(shown, learner, right_answer(shown), clock, elapsed_ms=1000)
        clock.advance(seconds=20)
    seen = []
    for _ in range(9):
        shown = present(ctx, learner, "nine", clock=clock, practice=True)
        seen.append(shown.question.key)
        answer(shown, learner, right_answer(shown), clock, elapsed_ms=1000)
        clock.advance(seconds=20)
    # The seven new ones first, then the two seen before practice.
    assert len(set(seen[:7])) == 7 and set(seen) == {f"n{i}" for i in range(1, 10)}, seen


def test_a_fast_right_answer_in_practice_is_never_easy(ctx, learner, bank, clock):
    """A quick answer ahead of time once pushed a question out by weeks."""
    update_settings(learner, daily_new_limit=1)
    study.enroll(learner, bank)
    first = present(ctx, learner, clock=clock)
    answer(first, learner, right_answer(first), clock, elapsed_ms=1000)
    clock.advance(minutes=1)
    again = present(ctx, learner, clock=clock)
    answer(again, learner, right_answer(again), clock, elapsed_ms=1000)
    clock.advance(minutes=1)
    practice = present(ctx, learner, clock=clock, practice=True)
    result = answer(practice, learner, right_answer(practice), clock, elapsed_ms=500)
    assert result.rating_name in ("good", "hard")
    for log in db.session.scalars(select(ReviewLog).where(ReviewLog.practice.is_(True))):
        assert log.rating <= 3
        after = log.state_after
        assert after["due"] < (clock() + __import__("datetime").timedelta(days=7)).isoformat()


def test_counters_say_what_is_left_today(ctx, learner, import_bank, clock):
    """Counters once said "17 new left today" of a 9-question bank, "0 due" beside a review."""
    import_bank(bank_text("nine", questions=NINE_MC, title="Nine"))
    study.enroll(learner, "nine")
    bank_id = present(ctx, learner, "nine", clock=clock).bank.id
    counts = study.study_counts(learner, bank_id, now=clock())
    assert (counts.due, counts.new_left_today) == (0, 9)
    shown = present(ctx, learner, "nine", clock=clock)
    answer(shown, learner, wrong_answer(shown), clock)
    counts = study.study_counts(learner, bank_id, now=clock())
    # The missed question comes back within minutes: it is still to do today.
    assert (counts.due, counts.new_left_today) == (1, 8)
    while not isinstance(shown := present(ctx, learner, "nine", clock=clock), study.Idle):
        answer(shown, learner, right_answer(shown), clock, elapsed_ms=1000)
        clock.advance(minutes=11)
    counts = study.study_counts(learner, bank_id, now=clock())
    assert counts.new_left_today == 0


MIXED = "\n".join(
    [
        f"""
- id: mc{i}
  type: multiple_choice
  prompt: Pick {i}.
  choices: ["{i}", "not {i}"]
  answer: "{i}"
"""
        for i in range(6)
    ]
    + [
        f"""
- id: tf{i}
  type: true_false
  prompt: {i} is {i}.
  answer: true
"""
        for i in range(6)
    ]
)


def test_new_questions_are_interleaved_unless_the_bank_keeps_its_order(
    ctx, learner, import_bank, clock
):
    """New questions once came in file order: a first day could be all one type."""
    import_bank(bank_text("mixed", questions=MIXED, title="Mixed", new_order=None))
    import_bank(bank_text("filed", questions=MIXED, title="Filed", new_order="file"))
    update_settings(learner, daily_new_limit=50)
    orders = {}
    for slug in ("mixed", "filed"):
        study.enroll(learner, slug)
        keys = []
        for _ in range(6):
            shown = present(ctx, learner, slug, clock=clock)
            keys.append(shown.question.key)
            answer(shown, learner, right_answer(shown), clock)
            clock.advance(seconds=5)
        orders[slug] = keys
    assert orders["filed"] == [f"mc{i}" for i in range(6)]
    first_six = orders["mixed"]
    assert 2 <= sum(k.startswith("tf") for k in first_six) <= 4, first_six
    assert first_six != sorted(first_six)


def test_a_review_is_due_all_through_its_study_day(ctx, learner, import_bank):
    from datetime import datetime

    from tests.conftest import Clock

    one = "- {id: t1, type: short_answer, prompt: Say two, answer: two}"
    import_bank(bank_text("typed", questions=one))
    update_settings(learner, timezone="Europe/Berlin", day_start_hour=4)
    study.enroll(learner, "typed")
    clock = Clock(datetime(2026, 3, 2, 19, 0, tzinfo=UTC))  # 20:00 in Berlin
    # Through the steps to a review interval of a day or more.
    for _ in range(3):
        shown = present(ctx, learner, "typed", clock=clock)
        if isinstance(shown, study.Idle):
            clock.now = shown.next_due
            shown = present(ctx, learner, "typed", clock=clock)
        answer(shown, learner, "two", clock)
    card = db.session.scalars(select(Card)).one()
    assert card.state == 2
    # Due on 4 March at 20:00 Berlin time (19:00 UTC).
    card.due = datetime(2026, 3, 4, 19, 0, tzinfo=UTC)
    db.session.commit()
    # 03:30 in Berlin on the 4th still belongs to the study day of the 3rd: not due.
    clock.now = datetime(2026, 3, 4, 2, 30, tzinfo=UTC)
    assert study.study_counts(learner, card.bank_id, now=clock()).due == 0
    idle = present(ctx, learner, "typed", clock=clock)
    assert isinstance(idle, study.Idle)
    # Idle says when it can be studied: from 04:00 Berlin on its day, not its exact time.
    assert idle.next_due == datetime(2026, 3, 4, 3, 0, tzinfo=UTC)
    # From 04:00 on the 4th it is due, hours before its time, and shown.
    clock.now = datetime(2026, 3, 4, 3, 0, tzinfo=UTC)
    assert study.study_counts(learner, card.bank_id, now=clock()).due == 1
    shown = present(ctx, learner, "typed", clock=clock)
    assert isinstance(shown, study.Presented) and shown.reason == "review"
    # A learner whose day starts at 08:00 sees it from 08:00 only.
    update_settings(learner, day_start_hour=8)
    clock.now = datetime(2026, 3, 4, 6, 0, tzinfo=UTC)  # 07:00 in Berlin
    assert study.study_counts(learner, card.bank_id, now=clock()).due == 0


def test_learn_ahead_reaches_past_the_two_soonest(ctx, learner, import_bank, clock):
    typed = "\n".join(
        f"- {{id: s{i}, type: short_answer, prompt: Say {i}, answer: w{i}}}" for i in range(3)
    )
    import_bank(bank_text("steps", questions=typed))
    update_settings(learner, daily_new_limit=3)
    study.enroll(learner, "steps")
    for i in range(3):
        shown = present(ctx, learner, "steps", clock=clock)
        # s0 wrong (10-minute relearn... a 1-minute step), s1 and s2 right (10-minute step)
        answer(shown, learner, "nope" if i == 0 else f"w{i}", clock)
    # s0 comes back after its 1-minute step; answered right it goes to the 10-minute step.
    clock.advance(minutes=1)
    shown = present(ctx, learner, "steps", clock=clock)
    assert shown.question.key == "s0"
    answer(shown, learner, "w0", clock)
    # Now all three are steps due within 20 minutes; the last answered is s0. Learning ahead
    # shows another step rather than nothing.
    clock.advance(seconds=30)
    shown = present(ctx, learner, "steps", clock=clock)
    assert isinstance(shown, study.Presented) and shown.reason == "learn_ahead"
    assert shown.question.key in {"s1", "s2"}


def test_guessable_answers_are_logged_with_their_guess_chance(ctx, learner, bank, clock):
    study.enroll(learner, bank)
    shown = present(ctx, learner, clock=clock)
    answer(shown, learner, right_answer(shown), clock)
    log = db.session.scalars(select(ReviewLog)).one()
    assert log.guess_chance == pytest.approx(1 / 3) and log.rating == 3


def test_progress_retention_is_corrected_for_guessing(ctx, learner, bank, clock):
    from quizapp.models import Question
    from quizapp.services.progress import learner_progress

    study.enroll(learner, bank)
    question = db.session.scalars(select(Question).where(Question.key == "q1")).one()
    learnt = {
        "state": 2,
        "step": None,
        "stability": 5.0,
        "difficulty": 5.0,
        "due": clock().isoformat(),
        "last_review": clock().isoformat(),
    }
    for i in range(10):
        right = i < 6
        db.session.add(
            ReviewLog(
                user_id=learner,
                question_id=question.id,
                bank_id=question.bank_id,
                correct=right,
                score=float(right),
                rating=3 if right else 1,
                guess_chance=1 / 3,
                state_before=learnt,
                state_after=learnt,
                reviewed_at=clock(),
            )
        )
    db.session.commit()
    (entry,) = learner_progress(learner, now=clock()).banks
    # Six of ten right on three-choice questions: (0.6 - 1/3) / (1 - 1/3) = 0.4 truly known.
    assert entry.retention == pytest.approx(0.4) and entry.retention_reviews == 10
