"""Simulated learners: quizapp's scheduler against SM-2, FSRS in due order, Leitner, fixed.

    python bench/scheduler_sim.py [--learners N] [--days D] [--seeds S] [--quick]

Seeded and pure Python: quizapp's own ``quizapp.study`` code and the ``fsrs``
package it uses; quizapp as shipped also refits each learner's parameters every 30
days as ``quizapp scheduler fit --all`` would, with quizapp's optimizer dependency
(``fsrs-rs-python``; ``--no-fit`` leaves it out). Each learner's true memory follows an ACT-R-style model, not
FSRS's: every presentation leaves a trace decaying as a power of its age, with a
decay that grows with the activation at the time (Pavlik & Anderson 2005, the
spacing effect); recall is a logistic of the summed activation. Learners differ
in decay, threshold and reading speed; questions differ in difficulty; 30% are
four-choice and 10% true/false questions, answered right by a guess when not
recalled. Every learner studies 10 minutes a day at a time of day that varies by
a few hours; every policy sees the same learners, questions and days.

Figures per policy (mean over learners, spread as the range of per-seed means):
reviews, study minutes, mean true recall over the period (all questions, weekly),
true recall at the end, questions known at the end (true recall >= 0.9),
knowledge per review hour (mean known-question-days per study hour: the mean over
the period of the expected number of questions recalled, divided by study hours)
and, for the FSRS policies, retention delivered (true recall at review of learnt
questions) against the target. The exam scenario runs quizapp's policy twice on
the same learners with the same daily time, with and without an exam date.

The last line is the contract:
``quizapp_vs_sm2 knowledge_per_hour=R known_at_end=K retention_delivered=P target=T exam_gain=G``
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from statistics import mean

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fsrs import Rating, State

from quizapp.questions import Grade
from quizapp.study import exam as exam_rules
from quizapp.study import fitting, policy
from quizapp.study.days import next_day_start, study_date, today_start
from quizapp.study.rating import rating_for
from quizapp.study.scheduling import MemoryState, make_scheduler, review

START = datetime(2026, 1, 5, 4, 0, tzinfo=UTC)
DAY = timedelta(days=1)
ZONE = UTC
TARGET = 0.9
KNOWN = 0.9
DAILY_SECONDS = 600
NEW_PER_DAY = 20
QUESTIONS = 300
# quizapp as shipped refits each learner (``quizapp scheduler fit --all``) every
# REFIT_DAYS days once REFIT_AFTER new reviews have come in; --no-fit leaves FSRS's defaults.
FIT = True
REFIT_DAYS = 30
REFIT_AFTER = 200

# -- the true memory model (not FSRS) --------------------------------------------------------

C_DECAY = 0.25  # decay grows with activation at study: massed practice decays faster
EPS_DAYS = 1 / 1440


@dataclass
class Learner:
    seed: int
    decay: float  # intercept of the decay rate
    threshold: float  # recall threshold (lower: a better memory)
    noise: float
    seconds_per_word: float
    item_difficulty: list[float]
    item_type: list[str]  # "typed", "mc4", "tf"
    item_words: list[int]


def make_learner(seed: int, n_questions: int) -> Learner:
    rng = random.Random(seed)
    types = []
    for i in range(n_questions):
        u = random.Random(seed * 7919 + i).random()
        types.append("mc4" if u < 0.3 else "tf" if u < 0.4 else "typed")
    return Learner(
        seed=seed,
        decay=max(0.08, rng.gauss(0.14, 0.025)),
        threshold=rng.gauss(-0.5, 0.25),
        noise=0.3,
        seconds_per_word=max(0.15, rng.gauss(0.3, 0.08)),
        item_difficulty=[rng.gauss(0.0, 0.35) for _ in range(n_questions)],
        item_type=types,
        item_words=[rng.randint(6, 20) for _ in range(n_questions)],
    )


@dataclass
class Trace:
    times: list[float] = field(default_factory=list)  # days since START
    decays: list[float] = field(default_factory=list)


def activation(trace: Trace, t: float) -> float:
    total = 0.0
    for tj, dj in zip(trace.times, trace.decays, strict=True):
        total += (t - tj + EPS_DAYS) ** (-dj)
    return math.log(total) if total > 0 else -math.inf


def true_recall(learner: Learner, item: int, trace: Trace, t: float) -> float:
    if not trace.times:
        return 0.0
    m = activation(trace, t)
    z = (learner.threshold + learner.item_difficulty[item] - m) / learner.noise
    return 1.0 / (1.0 + math.exp(min(50.0, z)))


def study_trace(learner: Learner, trace: Trace, t: float) -> None:
    """A presentation with feedback (the answer is shown after every try)."""
    m = activation(trace, t) if trace.times else -math.inf
    d = learner.decay + (C_DECAY * math.exp(m) if m > -math.inf else 0.0)
    trace.times.append(t)
    trace.decays.append(min(d, 0.9))


GUESS = {"typed": 0.0, "mc4": 0.25, "tf": 0.5}


def answer_seconds(learner: Learner, item: int, rng: random.Random) -> float:
    kind = learner.item_type[item]
    words = learner.item_words[item] + (12 if kind == "mc4" else 0)
    base = {"typed": 7.0, "mc4": 4.0, "tf": 3.0}[kind]
    feedback = 3.0
    return base + words * learner.seconds_per_word + feedback + rng.uniform(0, 2)


# -- policies ---------------------------------------------------------------------------------


class Policy:
    """A scheduler: which question next, and what an answer does to its state."""

    name = ""
    uses_fsrs = False

    def __init__(self, learner: Learner, n: int, exam_at: datetime | None = None):
        self.learner = learner
        self.n = n
        self.state: dict[int, object] = {}
        self.new_cursor = 0
        self.exam_at = exam_at

    def next_item(self, now: datetime, new_today: int, last: int | None) -> tuple[int, bool]:
        raise NotImplementedError

    def record(self, item: int, right: bool, now: datetime) -> None:
        raise NotImplementedError

    def nightly(self, now: datetime) -> None:
        """What runs between study days (quizapp's nightly refit)."""

    def take_new(self) -> int:
        item = self.new_cursor
        self.new_cursor += 1
        return item

    def new_limit(self, now: datetime) -> int:
        return NEW_PER_DAY

    def has_new(self) -> bool:
        return self.new_cursor < self.n


class QuizappPolicy(Policy):
    """quizapp as shipped: quizapp.study.policy, rating and scheduling, due by study day."""

    name = "quizapp"
    uses_fsrs = True

    def __init__(self, learner, n, exam_at=None):
        super().__init__(learner, n, exam_at)
        self.scheduler = make_scheduler(TARGET, fuzz=True)
        self.state: dict[int, MemoryState] = {}
        # The review log, as ``quizapp scheduler fit`` reads it: per question, oldest first.
        self.log: dict[int, list[fitting.Review]] = {}
        self.fitted_at_reviews = 0
        self.fits = 0

    def nightly(self, now: datetime) -> None:
        """``quizapp scheduler fit --all``, run every REFIT_DAYS days: refit with enough
        new reviews, and schedule with the fitted parameters from then on."""
        if not FIT or (now - START).days % REFIT_DAYS != REFIT_DAYS - 1:
            return
        reviews = sum(len(h) for h in self.log.values())
        if reviews < fitting.MIN_REVIEWS or reviews - self.fitted_at_reviews < REFIT_AFTER:
            return
        try:
            result = fitting.fit(self.log.values())
        except fitting.NotEnoughReviews:
            return
        self.fitted_at_reviews = reviews
        self.fits += 1
        self.scheduler = make_scheduler(TARGET, fuzz=True, parameters=result.parameters)

    def new_limit(self, now):
        if self.exam_at is None:
            return NEW_PER_DAY
        days_left = (self.exam_at - now).total_seconds() / 86400
        return exam_rules.new_limit(NEW_PER_DAY, self.n - self.new_cursor, days_left)

    def _queue(self, now, new_today, last):
        tomorrow = next_day_start(now, ZONE)
        due, upcoming = [], []
        for q, m in self.state.items():
            (due if policy.is_due(m, now, tomorrow) else upcoming).append(policy.Candidate(q, m))
        # As the service does: the best few due, ranked by elapsed days over stability.
        stepping = [c for c in due if policy.in_learning_steps(c.memory, now)]
        others = [c for c in due if not policy.in_learning_steps(c.memory, now)]
        others.sort(
            key=lambda c: (
                -((now - c.memory.last_review).days / max(c.memory.stability or 0.01, 0.01))
            )
        )
        stepping.sort(key=lambda c: c.memory.due)
        upcoming.sort(key=lambda c: c.memory.due)
        new = [self.new_cursor] if self.has_new() else []
        if self.new_cursor + 1 < self.n:
            new.append(self.new_cursor + 1)
        limit = self.new_limit(now)
        return policy.Queue(
            due=(stepping + others)[: policy_due_candidates()],
            upcoming=upcoming[:10],
            new=new,
            new_today=new_today,
            daily_new_limit=limit,
            last_question_id=last,
            new_first=self.exam_at is not None and now < self.exam_at and limit > NEW_PER_DAY,
        )

    def next_item(self, now, new_today, last, practice=False):
        queue = self._queue(now, new_today, last)
        if practice:
            # Practise ahead: everything not yet due is a candidate, soonest first.
            tomorrow = next_day_start(now, ZONE)
            queue = policy.Queue(
                due=queue.due,
                upcoming=sorted(
                    (
                        policy.Candidate(q, m)
                        for q, m in self.state.items()
                        if not policy.is_due(m, now, tomorrow)
                    ),
                    key=lambda c: c.memory.due,
                ),
                new=queue.new,
                new_today=new_today,
                daily_new_limit=queue.daily_new_limit,
                last_question_id=last,
            )
        choice = policy.choose_next(queue, scheduler=self.scheduler, now=now, practice=practice)
        if not choice.found:
            return -1, False
        if choice.reason == policy.Reason.NEW:
            self.new_cursor = max(self.new_cursor, choice.question_id + 1)
            return choice.question_id, True
        return choice.question_id, False

    def record(self, item, right, now):
        grade = Grade(correct=right, score=float(right))
        rating = rating_for(grade)
        guess = GUESS[self.learner.item_type[item]]
        before = self.state.get(item)
        self.log.setdefault(item, []).append(
            fitting.Review(now, int(rating), study_date(now, ZONE))
        )
        if self.exam_at is not None and now < self.exam_at:
            after = exam_rules.review_for_exam(
                self.scheduler, before, rating, now, self.exam_at, guess_chance=guess
            )
        else:
            after = review(self.scheduler, before, rating, now, guess_chance=guess)
        self.state[item] = after


def policy_due_candidates() -> int:
    return 8


class FsrsDueOrder(Policy):
    """FSRS with default parameters, reviews in due order, by the exact due time."""

    name = "fsrs_due_order"
    uses_fsrs = True

    def __init__(self, learner, n, exam_at=None):
        super().__init__(learner, n, exam_at)
        self.scheduler = make_scheduler(TARGET, fuzz=True)
        self.state: dict[int, MemoryState] = {}

    def next_item(self, now, new_today, last):
        due = sorted((m.due, q) for q, m in self.state.items() if m.due <= now and q != last)
        if due:
            return due[0][1], False
        if new_today < NEW_PER_DAY and self.has_new():
            return self.take_new(), True
        ahead = sorted(
            (m.due, q)
            for q, m in self.state.items()
            if m.state != State.Review and m.due - now <= policy.LEARN_AHEAD and q != last
        )
        return (ahead[0][1], False) if ahead else (-1, False)

    def record(self, item, right, now):
        rating = Rating.Good if right else Rating.Again
        self.state[item] = review(self.scheduler, self.state.get(item), rating, now)


@dataclass
class Sm2Card:
    due: datetime
    learning_step: int | None = 0  # index into steps, None once graduated
    relearning: bool = False
    interval: float = 0.0
    ease: float = 2.5


class Sm2(Policy):
    """Anki's legacy SM-2 scheduler with its defaults, rated Good or Again."""

    name = "sm2"
    STEPS = (timedelta(minutes=1), timedelta(minutes=10))
    RELEARN = (timedelta(minutes=10),)

    def next_item(self, now, new_today, last):
        tomorrow = next_day_start(now, ZONE)
        learning, reviews = [], []
        for q, c in self.state.items():
            if q == last:
                continue
            if c.learning_step is not None:
                if c.due <= now:
                    learning.append((c.due, q))
            elif c.due < tomorrow:
                reviews.append((c.due, q))
        if learning:
            return min(learning)[1], False
        if reviews:
            return min(reviews)[1], False
        if new_today < NEW_PER_DAY and self.has_new():
            return self.take_new(), True
        ahead = [
            (c.due, q)
            for q, c in self.state.items()
            if c.learning_step is not None and c.due - now <= policy.LEARN_AHEAD and q != last
        ]
        return (min(ahead)[1], False) if ahead else (-1, False)

    def record(self, item, right, now):
        c = self.state.get(item)
        if c is None:
            c = self.state[item] = Sm2Card(due=now)
        if c.learning_step is not None:
            steps = self.RELEARN if c.relearning else self.STEPS
            if not right:
                c.learning_step = 0
                c.due = now + steps[0]
            elif c.learning_step + 1 < len(steps):
                c.learning_step += 1
                c.due = now + steps[c.learning_step]
            else:
                c.learning_step = None
                if c.relearning:
                    c.interval = max(1.0, c.interval)
                else:
                    c.interval = 1.0
                c.relearning = False
                c.due = now + timedelta(days=c.interval)
            return
        if not right:
            c.ease = max(1.3, c.ease - 0.2)
            c.interval = max(1.0, c.interval * 0.0)
            c.relearning = True
            c.learning_step = 0
            c.due = now + self.RELEARN[0]
            return
        overdue = max(0.0, (now - c.due).total_seconds() / 86400)
        c.interval = max(c.interval + 1, (c.interval + overdue / 2) * c.ease)
        c.interval = min(c.interval, 36500)
        # Anki's fuzz: a few percent either side.
        c.due = now + timedelta(days=round(c.interval * random.uniform(0.95, 1.05)))


class Leitner(Policy):
    """Five boxes: 1, 2, 4, 8 and 16 days; right moves up, wrong back to the first."""

    name = "leitner"
    INTERVALS = (1, 2, 4, 8, 16)

    def next_item(self, now, new_today, last):
        tomorrow = next_day_start(now, ZONE)
        due = sorted((d, q) for q, (box, d) in self.state.items() if d < tomorrow and q != last)
        if due:
            return due[0][1], False
        if new_today < NEW_PER_DAY and self.has_new():
            return self.take_new(), True
        return -1, False

    def record(self, item, right, now):
        box, _due = self.state.get(item, (-1, now))
        box = min(box + 1, len(self.INTERVALS) - 1) if right else 0
        self.state[item] = (box, now + timedelta(days=self.INTERVALS[box]))


class Fixed(Policy):
    """Every question every 7 days, whatever the answer."""

    name = "fixed_7d"

    def next_item(self, now, new_today, last):
        tomorrow = next_day_start(now, ZONE)
        due = sorted((d, q) for q, d in self.state.items() if d < tomorrow and q != last)
        if due:
            return due[0][1], False
        if new_today < NEW_PER_DAY and self.has_new():
            return self.take_new(), True
        return -1, False

    def record(self, item, right, now):
        self.state[item] = now + timedelta(days=7)


POLICIES: dict[str, Callable[..., Policy]] = {
    "quizapp": QuizappPolicy,
    "sm2": Sm2,
    "fsrs_due_order": FsrsDueOrder,
    "leitner": Leitner,
    "fixed_7d": Fixed,
}

# -- the simulation ------------------------------------------------------------------------


@dataclass
class Result:
    policy: str
    seed: int
    reviews: int = 0
    seconds: float = 0.0
    recall_samples: list[float] = field(default_factory=list)
    recall_end: float = 0.0
    known_end: int = 0
    at_review: list[float] = field(default_factory=list)
    exam_recall: float | None = None

    @property
    def minutes(self) -> float:
        return self.seconds / 60

    @property
    def mean_recall(self) -> float:
        return mean(self.recall_samples) if self.recall_samples else 0.0

    @property
    def knowledge_per_hour(self) -> float:
        hours = self.seconds / 3600
        return self.mean_recall * QUESTIONS / hours if hours else 0.0

    @property
    def retention_delivered(self) -> float | None:
        return mean(self.at_review) if self.at_review else None


def simulate(
    policy_name: str,
    seed: int,
    days: int,
    n: int,
    *,
    exam_day: int | None = None,
    use_exam: bool = False,
) -> Result:
    learner = make_learner(seed, n)
    exam_at = START + timedelta(days=exam_day) if exam_day is not None else None
    pol = POLICIES[policy_name](learner, n, exam_at if use_exam else None)
    rng = random.Random(seed * 31 + 7)  # the same answers' luck for every policy
    random.seed(seed)  # SM-2's fuzz
    traces = [Trace() for _ in range(n)]
    result = Result(policy_name, seed)
    last: int | None = None
    horizon = exam_day if exam_day is not None else days
    for day in range(horizon):
        # Study at 18:00 +- 3 hours: some days earlier than the one before.
        hour = 14 + 4 * rng.random() + rng.choice((0, 0, 0, 3))
        now = START + timedelta(days=day, hours=hour - 4)
        day_began = today_start(now, ZONE)
        spent = 0.0
        new_today = 0
        while spent < DAILY_SECONDS:
            item, is_new = pol.next_item(now, new_today, last)
            if item < 0 and exam_day is not None:
                # The exam scenario compares equal study time: with nothing due, the
                # learner practises ahead (quizapp's practise-ahead) for the rest of it.
                item, is_new = pol.next_item(now, new_today, last, practice=True)
            if item < 0:
                break
            t = (now - START).total_seconds() / 86400
            p = true_recall(learner, item, traces[item], t)
            recalled = rng.random() < p
            right = recalled or rng.random() < GUESS[learner.item_type[item]]
            if pol.uses_fsrs and not is_new:
                memory = pol.state.get(item)
                if memory is not None and memory.state == State.Review:
                    result.at_review.append(p)
            pol.record(item, right, now)
            study_trace(learner, traces[item], t)
            seconds = answer_seconds(learner, item, rng)
            spent += seconds
            result.seconds += seconds
            result.reviews += 1
            new_today += is_new
            last = item
            now += timedelta(seconds=seconds)
        del day_began
        pol.nightly(now)
        if day % 7 == 6:
            t_end = day + 1.0
            result.recall_samples.append(
                mean(true_recall(learner, i, traces[i], t_end) for i in range(n))
            )
    t_end = float(horizon)
    final = [true_recall(learner, i, traces[i], t_end) for i in range(n)]
    result.recall_end = mean(final)
    result.known_end = sum(p >= KNOWN for p in final)
    if exam_day is not None:
        result.exam_recall = result.recall_end
    return result


def _run(args: tuple) -> Result:
    name, seed, days, n, exam_day, use_exam = args
    return simulate(name, seed, days, n, exam_day=exam_day, use_exam=use_exam)


def spread(values: list[float]) -> str:
    return f"{min(values):.3g}-{max(values):.3g}"


def main(argv: list[str] | None = None) -> int:
    global QUESTIONS, FIT
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=8, help="learners per seed group")
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--seeds", type=int, default=3, help="groups of learners (spread)")
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--exam-day", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--no-fit", action="store_true", help="quizapp without the nightly refit (defaults)"
    )
    parser.add_argument("--quick", action="store_true", help="6 learners, 60 days, 2 seeds")
    args = parser.parse_args(argv)
    if args.quick:
        args.learners, args.days, args.seeds, args.exam_day = 3, 60, 2, 30
    QUESTIONS = args.questions
    FIT = not args.no_fit
    started = time.perf_counter()
    seeds = [[1000 * g + i for i in range(args.learners)] for g in range(args.seeds)]
    jobs = [
        (name, s, args.days, args.questions, None, False)
        for name in POLICIES
        for group in seeds
        for s in group
    ]
    exam_jobs = [
        ("quizapp", s, args.days, args.questions, args.exam_day, use)
        for use in (False, True)
        for group in seeds
        for s in group
    ]
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        results = list(pool.map(_run, jobs + exam_jobs, chunksize=2))
    main_results, exam_results = results[: len(jobs)], results[len(jobs) :]
    by_policy: dict[str, list[Result]] = {}
    for r in main_results:
        by_policy.setdefault(r.policy, []).append(r)
    group_of = {s: g for g, group in enumerate(seeds) for s in group}

    def per_group(rs: list[Result], fn) -> list[float]:
        groups: dict[int, list[float]] = {}
        for r in rs:
            groups.setdefault(group_of[r.seed], []).append(fn(r))
        return [mean(v) for v in groups.values()]

    total = args.learners * args.seeds
    print(
        f"{total} learners ({args.seeds} groups), {args.questions} questions, {args.days} days, "
        f"{DAILY_SECONDS // 60} min a day; spread = range of the group means"
    )
    header = (
        f"{'policy':<15} {'reviews':>8} {'minutes':>8} {'recall':>7} {'end':>6} "
        f"{'known':>6} {'know/h':>7} {'at review':>9}  know/h spread"
    )
    print(header)
    summary: dict[str, dict[str, float]] = {}
    for name, rs in by_policy.items():
        delivered = [r.retention_delivered for r in rs if r.retention_delivered is not None]
        row = {
            "reviews": mean(r.reviews for r in rs),
            "minutes": mean(r.minutes for r in rs),
            "recall": mean(r.mean_recall for r in rs),
            "end": mean(r.recall_end for r in rs),
            "known": mean(r.known_end for r in rs),
            "kph": mean(r.knowledge_per_hour for r in rs),
            "delivered": mean(delivered) if delivered else float("nan"),
        }
        summary[name] = row
        at_review = f"{row['delivered']:.3f}" if delivered else "-"
        print(
            f"{name:<15} {row['reviews']:>8.0f} {row['minutes']:>8.0f} {row['recall']:>7.3f} "
            f"{row['end']:>6.3f} {row['known']:>6.1f} {row['kph']:>7.2f} {at_review:>9}  "
            f"{spread(per_group(rs, lambda r: r.knowledge_per_hour))}"
        )
    without = [r for r in exam_results if r.exam_recall is not None][: len(exam_results) // 2]
    with_plan = exam_results[len(exam_results) // 2 :]
    before = mean(r.exam_recall for r in without)
    after = mean(r.exam_recall for r in with_plan)
    print(
        f"exam on day {args.exam_day}: true recall on the day without a date {before:.3f}, "
        f"with {after:.3f} (study minutes {mean(r.minutes for r in without):.0f} vs "
        f"{mean(r.minutes for r in with_plan):.0f}); gain spread "
        + spread(
            [
                a - b
                for a, b in zip(
                    per_group(with_plan, lambda r: r.exam_recall),
                    per_group(without, lambda r: r.exam_recall),
                    strict=True,
                )
            ]
        )
    )
    q, s = summary["quizapp"], summary["sm2"]
    print(f"elapsed {time.perf_counter() - started:.0f} s")
    print(
        f"quizapp_vs_sm2 knowledge_per_hour={q['kph'] / s['kph']:.3f} "
        f"known_at_end={q['known'] / s['known'] if s['known'] else float('nan'):.3f} "
        f"retention_delivered={q['delivered']:.3f} target={TARGET:.2f} "
        f"exam_gain={after - before:.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
