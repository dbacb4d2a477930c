"""The pure policy that picks the next question: no app, no database, a hand-moved clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Rating, State

from quizapp.study.policy import Candidate, Queue, Reason, choose_next, due_order
from quizapp.study.scheduling import (
    MemoryState,
    format_interval,
    make_scheduler,
    preview_intervals,
    retrievability,
    review,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SCHEDULER = make_scheduler(0.9, fuzz=False)


def reviewed(stability: float, days_ago: float, *, state=State.Review, due_in_days=-1.0):
    return MemoryState(
        state=int(state),
        step=None if state == State.Review else 0,
        stability=stability,
        difficulty=5.0,
        due=NOW + timedelta(days=due_in_days),
        last_review=NOW - timedelta(days=days_ago),
    )


def queue(due=(), upcoming=(), new=(), new_today=0, limit=20, last=None, rested=None) -> Queue:
    """Upcoming questions have rested (not answered minutes ago) unless ``rested`` says."""
    return Queue(
        rested=frozenset(q for q, _ in upcoming) if rested is None else frozenset(rested),
        due=[Candidate(q, m) for q, m in due],
        upcoming=[Candidate(q, m) for q, m in upcoming],
        new=list(new),
        new_today=new_today,
        daily_new_limit=limit,
        last_question_id=last,
    )


def pick(q: Queue, **kw):
    return choose_next(q, scheduler=SCHEDULER, now=NOW, **kw)


def test_due_reviews_come_before_new_questions():
    q = queue(due=[(7, reviewed(10, 12))], new=[1, 2, 3])
    choice = pick(q)
    assert (choice.question_id, choice.reason) == (7, Reason.REVIEW)


def test_lowest_retrievability_first_not_earliest_due():
    # 100 is overdue longer by the calendar, but its memory is far stronger.
    strong = reviewed(stability=100, days_ago=110, due_in_days=-10)
    weak = reviewed(stability=1, days_ago=3, due_in_days=-2)
    q = queue(due=[(100, strong), (1, weak)])
    assert retrievability(SCHEDULER, weak, NOW) < retrievability(SCHEDULER, strong, NOW)
    assert pick(q).question_id == 1
    assert [c.question_id for c, _ in due_order(q.due, scheduler=SCHEDULER, now=NOW)] == [1, 100]


def test_retrievability_reported_is_fsrs_own():
    memory = reviewed(stability=4, days_ago=9)
    choice = pick(queue(due=[(5, memory)]))
    expected = SCHEDULER.get_card_retrievability(memory.to_fsrs(), current_datetime=NOW)
    assert choice.retrievability == expected < 0.9


def test_learning_steps_due_now_come_first_in_due_order():
    step = MemoryState(
        state=int(State.Learning),
        step=1,
        stability=2.3,
        difficulty=5,
        due=NOW - timedelta(minutes=1),
        last_review=NOW - timedelta(minutes=11),
    )
    q = queue(due=[(9, reviewed(1, 30)), (3, step)], new=[1])
    choice = pick(q)
    assert (choice.question_id, choice.reason) == (3, Reason.LEARNING)


def test_learning_step_not_yet_due_waits_while_there_is_other_work():
    step = MemoryState(
        state=int(State.Learning),
        step=0,
        stability=0.2,
        difficulty=7,
        due=NOW + timedelta(seconds=50),
        last_review=NOW - timedelta(seconds=10),
    )
    q = queue(upcoming=[(3, step)], new=[1, 2])
    assert pick(q).question_id == 1


def test_learning_step_is_learnt_ahead_when_nothing_else_is_left():
    step = MemoryState(
        state=int(State.Learning),
        step=1,
        stability=2.3,
        difficulty=5,
        due=NOW + timedelta(minutes=8),
        last_review=NOW - timedelta(minutes=2),
    )
    later = reviewed(5, 1, due_in_days=3)
    q = queue(upcoming=[(3, step), (4, later)], new=[1], new_today=20, limit=20)
    choice = pick(q)
    assert (choice.question_id, choice.reason) == (3, Reason.LEARN_AHEAD)
    # Beyond the learn-ahead window it is not shown early.
    far = MemoryState(**{**step.__dict__, "due": NOW + timedelta(minutes=30)})
    assert not pick(queue(upcoming=[(3, far)], new_today=20, limit=20)).found


def test_daily_new_limit():
    q = queue(new=[1, 2, 3], new_today=19, limit=20)
    assert pick(q).question_id == 1
    full = queue(
        new=[1, 2, 3], new_today=20, limit=20, upcoming=[(8, reviewed(5, 1, due_in_days=2))]
    )
    choice = pick(full)
    assert not choice.found
    assert choice.next_due == NOW + timedelta(days=2)
    assert not pick(queue(new=[1], limit=0)).found


def test_never_the_same_question_twice_in_a_row_when_another_is_available():
    a = reviewed(1, 5)
    b = reviewed(50, 60)
    q = queue(due=[(1, a), (2, b)], last=1)
    assert pick(q).question_id == 2
    # Also across kinds: the last question is skipped in favour of a new one.
    assert pick(queue(due=[(1, a)], new=[5], last=1)).question_id == 5
    # ...but shown again when it is the only thing left.
    assert pick(queue(due=[(1, a)], last=1)).question_id == 1


def test_nothing_due_says_when_and_practice_ahead_offers_the_soonest():
    soon = reviewed(5, 1, due_in_days=1)
    later = reviewed(5, 1, due_in_days=4)
    q = queue(upcoming=[(1, soon), (2, later)], new=[9], new_today=20, limit=20)
    idle = pick(q)
    assert (idle.question_id, idle.next_due) == (None, NOW + timedelta(days=1))
    ahead = pick(q, practice=True)
    assert (ahead.question_id, ahead.reason) == (1, Reason.PRACTICE)
    assert pick(queue(new=[9], new_today=20, limit=20), practice=True).question_id == 9


def test_practice_ahead_offers_new_questions_before_ones_just_answered():
    just = reviewed(0.5, 0.001, state=State.Learning, due_in_days=0.007)
    also = reviewed(0.5, 0.002, state=State.Learning, due_in_days=0.005)
    rested = reviewed(5, 2, due_in_days=3)
    q = queue(
        upcoming=[(1, also), (2, just), (3, rested)],
        new=[9],
        new_today=2,
        limit=2,
        last=2,
        rested=[3],
    )
    assert pick(q, practice=True).question_id == 3  # not yet due, and rested
    q = queue(upcoming=[(1, also), (2, just)], new=[9], new_today=2, limit=2, last=2, rested=[])
    assert (pick(q, practice=True).question_id, pick(q, practice=True).reason) == (9, Reason.NEW)
    # With nothing else left, a question answered minutes ago is better than nothing.
    q = queue(upcoming=[(1, also), (2, just)], new_today=2, limit=2, last=2, rested=[])
    assert pick(q, practice=True).question_id == 1


def test_empty_bank_has_nothing_and_no_next_due():
    choice = pick(queue())
    assert choice == choice.__class__(None, None, next_due=None)


def test_scheduler_uses_desired_retention():
    steady = reviewed(10, 10)
    low = review(make_scheduler(0.8, fuzz=False), steady, Rating.Good, NOW)
    high = review(make_scheduler(0.95, fuzz=False), steady, Rating.Good, NOW)
    assert high.due < low.due


def test_preview_intervals_for_a_new_flashcard_follow_the_learning_steps():
    intervals = preview_intervals(SCHEDULER, None, NOW)
    assert intervals[Rating.Again] == timedelta(minutes=1)
    assert intervals[Rating.Good] == timedelta(minutes=10)
    assert intervals[Rating.Easy] >= timedelta(days=1)
    assert [format_interval(intervals[r]) for r in (Rating.Again, Rating.Good)] == ["1m", "10m"]


def test_format_interval():
    cases = {
        timedelta(seconds=20): "<1m",
        timedelta(minutes=6): "6m",
        timedelta(hours=5): "5h",
        timedelta(days=3): "3d",
        timedelta(days=21): "3w",
        timedelta(days=120): "4mo",
        timedelta(days=365 * 2): "2y",
        timedelta(days=550): "1.5y",
    }
    assert {k: format_interval(k) for k in cases} == cases


def test_memory_state_round_trips_through_json():
    memory = reviewed(3.5, 2)
    assert MemoryState.from_json(memory.to_json()) == memory


# -- due by study day, learning ahead over every step -----------------------------------------


def test_reviews_are_due_all_through_their_study_day():
    from zoneinfo import ZoneInfo

    from quizapp.study.days import next_day_start
    from quizapp.study.policy import is_due

    zone = ZoneInfo("Europe/Berlin")
    # Studied yesterday at 20:00 Berlin time; a one-day interval is due today at 20:00.
    now = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)  # 19:00 in Berlin, an hour earlier
    tomorrow = next_day_start(now, zone, 4)
    assert tomorrow == datetime(2026, 3, 3, 3, 0, tzinfo=UTC)  # 04:00 in Berlin
    review_at_20 = reviewed(stability=1, days_ago=1, due_in_days=(19 - 9) / 24)
    assert review_at_20.due > now and is_due(review_at_20, now, tomorrow)
    # Due on the next study day: not yet.
    tomorrows = reviewed(stability=2, days_ago=1, due_in_days=1)
    assert not is_due(tomorrows, now, tomorrow)
    # A step is due to the minute, whatever the day.
    step = MemoryState(int(State.Learning), 1, 2.3, 5.0, now + timedelta(minutes=5), now)
    assert not is_due(step, now, tomorrow)
    assert is_due(step, now + timedelta(minutes=5), tomorrow)


def test_the_day_start_hour_moves_the_study_day():
    from zoneinfo import ZoneInfo

    from quizapp.study.days import next_day_start, study_date

    zone = ZoneInfo("UTC")
    late = datetime(2026, 3, 2, 5, 30, tzinfo=UTC)
    assert study_date(late, zone, 4).day == 2 and study_date(late, zone, 6).day == 1
    assert next_day_start(late, zone, 6) == datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
    assert next_day_start(late, zone, 0) == datetime(2026, 3, 3, 0, 0, tzinfo=UTC)


def test_learn_ahead_sees_every_step_within_the_limit():
    def step_due_in(minutes):
        return MemoryState(int(State.Learning), 0, 1.0, 5.0, NOW + timedelta(minutes=minutes), NOW)

    # The two soonest are the question just answered and a review; the step behind them
    # (in any order the caller gives) is still learnt ahead.
    upcoming = [(9, step_due_in(15)), (3, step_due_in(1)), (5, reviewed(3, 1, due_in_days=0.005))]
    choice = pick(queue(upcoming=upcoming, last=3, limit=0))
    assert (choice.question_id, choice.reason) == (9, Reason.LEARN_AHEAD)
    # Past the limit, nothing is learnt ahead.
    choice = pick(queue(upcoming=[(9, step_due_in(25))], limit=0))
    assert not choice.found and choice.next_due == NOW + timedelta(minutes=25)


# -- multiple-choice and true/false rights are weaker evidence ---------------------------------


def test_a_right_guessable_answer_grows_stability_less_than_a_typed_one():
    before = reviewed(stability=10, days_ago=10, due_in_days=0)
    typed = review(SCHEDULER, before, Rating.Good, NOW)
    four_choice = review(SCHEDULER, before, Rating.Good, NOW, guess_chance=0.25)
    true_false = review(SCHEDULER, before, Rating.Good, NOW, guess_chance=0.5)
    lapse = review(SCHEDULER, before, Rating.Again, NOW)
    assert lapse.stability < true_false.stability < four_choice.stability < typed.stability
    assert true_false.due - NOW < four_choice.due - NOW <= typed.due - NOW
    assert four_choice.state == typed.state == int(State.Review)
    # The weight is the probability that the right answer came from recall.
    r = retrievability(SCHEDULER, before, NOW)
    p = r / (r + (1 - r) * 0.25)
    expected = p * typed.stability + (1 - p) * lapse.stability
    assert four_choice.stability == pytest.approx(expected)


def test_guessing_changes_nothing_in_the_learning_steps_or_on_a_miss():
    assert review(SCHEDULER, None, Rating.Good, NOW, guess_chance=0.5) == review(
        SCHEDULER, None, Rating.Good, NOW
    )
    before = reviewed(stability=10, days_ago=10, due_in_days=0)
    assert review(SCHEDULER, before, Rating.Again, NOW, guess_chance=0.5) == review(
        SCHEDULER, before, Rating.Again, NOW
    )


# -- exam dates ----------------------------------------------------------------------------


def test_the_target_rises_towards_the_exam():
    from quizapp.study.exam import EXAM_GOAL, RAMP_DAYS, target_retention

    assert target_retention(0.9, RAMP_DAYS + 5) == 0.9
    assert 0.9 < target_retention(0.9, RAMP_DAYS / 2) < EXAM_GOAL
    assert target_retention(0.9, 0.5) == pytest.approx(0.9 + (EXAM_GOAL - 0.9) * (1 - 0.5 / 14))
    assert target_retention(0.97, 3) == pytest.approx(0.97)  # never lowered


def test_a_review_that_would_fade_by_the_exam_is_brought_forward():
    from quizapp.study.exam import EXAM_GOAL, review_for_exam

    before = reviewed(stability=20, days_ago=20, due_in_days=0)
    exam_at = NOW + timedelta(days=30)
    plain = review(SCHEDULER, before, Rating.Good, NOW)
    assert plain.due > exam_at  # without the exam: next seen after it
    planned = review_for_exam(SCHEDULER, before, Rating.Good, NOW, exam_at)
    assert NOW + timedelta(days=1) <= planned.due < exam_at
    assert retrievability(SCHEDULER, planned, exam_at) < EXAM_GOAL  # hence the review
    # A question that keeps well past the exam is not brought before it (its interval
    # only shortens with the raised target).
    strong = reviewed(stability=400, days_ago=100, due_in_days=0)
    soon = NOW + timedelta(days=3)
    kept = review_for_exam(SCHEDULER, strong, Rating.Good, NOW, soon)
    assert soon < kept.due <= review(SCHEDULER, strong, Rating.Good, NOW).due


def test_new_questions_are_paced_to_be_met_before_the_exam():
    from quizapp.study.exam import new_limit

    assert new_limit(20, 100, 60) == 20
    assert new_limit(20, 300, 13) == 30  # 300 over the 10 days before the last 3
    assert new_limit(5, 10, 0) == 5


def test_with_new_first_new_questions_come_before_due_reviews_after_steps():
    step = MemoryState(int(State.Learning), 1, 2.3, 5, NOW - timedelta(minutes=1), NOW)
    q = Queue(
        due=[Candidate(7, reviewed(10, 12)), Candidate(8, step)],
        upcoming=[],
        new=[1, 2],
        new_today=0,
        daily_new_limit=20,
        new_first=True,
    )
    assert [pick(q).question_id] == [8]
    q2 = Queue(
        due=[Candidate(7, reviewed(10, 12))],
        upcoming=[],
        new=[1, 2],
        new_today=0,
        daily_new_limit=20,
        new_first=True,
    )
    assert (pick(q2).question_id, pick(q2).reason) == (1, Reason.NEW)


def test_the_plan_counts_reviews_and_expects_recall_on_the_day():
    from datetime import date

    from quizapp.study.exam import plan

    cards = [reviewed(stability=3, days_ago=3, due_in_days=0.2) for _ in range(5)]
    result = plan(
        SCHEDULER,
        cards,
        4,
        today=date(2026, 3, 2),
        today_at=NOW,
        exam=date(2026, 3, 12),
        exam_at=NOW + timedelta(days=10),
        daily_new_limit=2,
    )
    assert [d.day.day for d in result.days] == list(range(2, 12))
    assert result.days[0].reviews >= 5  # the five due today, and new ones with their steps
    assert 0.8 < result.expected_recall <= 1.0
