"""How long a teacher's analytics take for a class of 200 students and a bank of 500 questions.

    python bench/analytics.py [--students 200] [--questions 500] [--database URL]

Builds the data set in a temporary SQLite database (or the empty database given by
--database): one teacher, one class, one bank, each student having answered a part of
the bank over the last 90 days (about 100,000 cards and 300,000 answers), then times
the analytics services and the pages that show them, each run a few times, and
prints the best and the median time of each.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import fsrs
from sqlalchemy import insert, select

from quizapp import create_app
from quizapp.bankfile import parse_bank
from quizapp.extensions import db
from quizapp.models import (
    Card,
    ClassBank,
    ClassMember,
    Classroom,
    Enrollment,
    Question,
    ReviewLog,
    User,
    reporting,
)
from quizapp.services import analytics
from quizapp.services import banks as bank_service

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
# Not a usable password hash: benchmark accounts never sign in with a password.
NO_PASSWORD = "!bench"


def bank_yaml(questions: int) -> str:
    lines = ["format: quizapp/1", "bank:", "  slug: bench", "  title: Benchmark bank", "questions:"]
    for n in range(questions):
        if n % 2:
            lines += [
                f"  - id: q{n}",
                "    type: multiple_choice",
                f"    prompt: Question {n}?",
                f"    choices: [right {n}, wrong a, wrong b, wrong c]",
                f"    answer: right {n}",
            ]
        else:
            lines += [
                f"  - id: q{n}",
                "    type: short_answer",
                f"    prompt: Question {n}?",
                f"    answer: answer {n}",
            ]
    return "\n".join(lines) + "\n"


def build_dataset(students: int, questions: int, seed: int = 1) -> dict[str, int]:
    """Fill an empty database; returns the ids the timings need."""
    rng = random.Random(seed)
    teacher = User(username="teacher", password_hash=NO_PASSWORD, role="teacher")
    db.session.add(teacher)
    db.session.commit()
    bank_service.import_banks([parse_bank(bank_yaml(questions), "bench.yaml")], user=teacher)
    bank = bank_service.bank_by_slug("bench")
    classroom = Classroom(name="Benchmark class", teacher_id=teacher.id, join_code="BENCH234")
    db.session.add(classroom)
    db.session.commit()
    db.session.execute(
        insert(User),
        [
            {"username": f"s{n:03d}", "password_hash": NO_PASSWORD, "display_name": f"Student {n}"}
            for n in range(students)
        ],
    )
    user_ids = list(db.session.scalars(select(User.id).where(User.username.like("s%"))))
    db.session.execute(
        insert(ClassMember), [{"class_id": classroom.id, "user_id": u} for u in user_ids]
    )
    db.session.execute(insert(ClassBank), [{"class_id": classroom.id, "bank_id": bank.id}])
    db.session.execute(insert(Enrollment), [{"user_id": u, "bank_id": bank.id} for u in user_ids])
    question_rows = db.session.execute(
        select(Question.id, Question.type, Question.data).where(Question.bank_id == bank.id)
    ).all()
    difficulty = {qid: rng.gauss(0, 1) for qid, _, _ in question_rows}

    # Every student studies part of the bank with the real FSRS scheduler: a question is
    # first met on a day of the last 90, then reviewed when due (a day or two late at
    # times); the chance of a right answer is FSRS's predicted recall, shifted by the
    # student's ability and the question's difficulty.
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    cards, reviews = [], []
    for user_id in user_ids:
        ability = rng.gauss(0, 1)
        share = rng.uniform(0.4, 1.0)
        for qid, _qtype, data in question_rows:
            if rng.random() > share:
                continue
            card = fsrs.Card(card_id=len(cards) + 1)
            when = NOW - timedelta(days=rng.uniform(0, 90))
            reps = 0
            while when < NOW:
                if reps == 0:
                    logit = ability - difficulty[qid]
                else:
                    recall = min(max(scheduler.get_card_retrievability(card, when), 0.01), 0.99)
                    logit = math.log(recall / (1 - recall)) + (ability - difficulty[qid]) / 2
                right = rng.random() < 1 / (1 + math.exp(-logit))
                response = data["answer"] if right else rng.choice(["wrong a", "wrong b", "x"])
                before = card.state.value
                card, _ = scheduler.review_card(
                    card, fsrs.Rating.Good if right else fsrs.Rating.Again, when
                )
                reviews.append(
                    {
                        "user_id": user_id,
                        "question_id": qid,
                        "bank_id": bank.id,
                        "response": response,
                        "correct": right,
                        "rating": 3 if right else 1,
                        "elapsed_ms": rng.randint(2_000, 40_000),
                        "was_new": reps == 0,
                        "state_before": {"state": before} if reps else None,
                        "state_after": {"state": card.state.value, "stability": card.stability},
                        "reviewed_at": when,
                    }
                )
                reps += 1
                late = (
                    timedelta(days=rng.choice((0, 0, 0, 1, 2)))
                    if card.state.value == 2
                    else timedelta()
                )
                when = card.due + late + timedelta(minutes=rng.uniform(0, 30))
            cards.append(
                {
                    "user_id": user_id,
                    "question_id": qid,
                    "bank_id": bank.id,
                    "state": card.state.value,
                    "step": card.step,
                    "stability": card.stability,
                    "difficulty": card.difficulty,
                    "due": card.due,
                    "last_review": card.last_review,
                    "reps": reps,
                }
            )
    for rows, model in ((cards, Card), (reviews, ReviewLog)):
        for start in range(0, len(rows), 20_000):
            db.session.execute(insert(model), rows[start : start + 20_000])
    db.session.commit()
    return {
        "teacher": teacher.id,
        "class": classroom.id,
        "bank": bank.id,
        "cards": len(cards),
        "reviews": len(reviews),
    }


def timed(label: str, action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    best, median = min(times), statistics.median(times)
    print(f"  {label:<52} best {best * 1000:7.1f} ms   median {median * 1000:7.1f} ms")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--questions", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database", help="an empty database URL (default: temporary SQLite)")
    parser.add_argument(
        "--without-covering-indexes",
        action="store_true",
        help="drop the review_log indexes of models/reporting.py first, to see what they save",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["QUIZAPP_INSTANCE_PATH"] = tmp
        url = args.database or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        app = create_app(
            {"TESTING": True, "SECRET_KEY": "bench-" + "x" * 40, "SQLALCHEMY_DATABASE_URI": url}
        )
        with app.app_context():
            db.create_all()
            start = time.perf_counter()
            ids = build_dataset(args.students, args.questions)
            print(
                f"data set: {args.students} students, {args.questions} questions, "
                f"{ids['cards']:,} cards, {ids['reviews']:,} answers "
                f"({db.engine.dialect.name}, built in {time.perf_counter() - start:.1f} s)"
            )
            if args.without_covering_indexes:
                for index in (reporting.by_student, reporting.by_question):
                    index.drop(db.engine)
                print("without the covering indexes on review_log")
            if db.engine.dialect.name == "postgresql":
                # What autovacuum does on a live server: table statistics, and the visibility
                # map that lets PostgreSQL answer from the covering indexes alone.
                db.session.remove()
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.exec_driver_sql("VACUUM ANALYZE")
            run_timings(app, ids, args.runs)
            if not args.database:
                db.session.remove()
                db.engine.dispose()


def run_timings(app, ids: dict[str, int], runs: int) -> None:
    class_id, teacher, bank_id = ids["class"], ids["teacher"], ids["bank"]
    print("services (one query set each):")
    scope = analytics.class_scope(class_id, teacher)
    bank_scope = analytics.class_scope(class_id, teacher, bank_id)
    timed("per student: student_table", lambda: analytics.student_table(scope, now=NOW), runs)
    timed("per question: question_table", lambda: analytics.question_table(bank_scope), runs)
    timed(
        "progress chart, 90 days: progress_series",
        lambda: analytics.progress_series(scope, days=90, now=NOW),
        runs,
    )
    pages = getattr(sys.modules[__name__], "time_pages", None)
    if pages:
        pages(app, ids, runs)


def time_pages(app, ids: dict[str, int], runs: int) -> None:
    """Whole requests through the app, signed in as the class's teacher."""
    if "teacher.class_analytics" not in app.view_functions:
        return
    client = app.test_client()
    with client.session_transaction() as session:
        user = db.session.get(User, ids["teacher"])
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    print("pages (whole request: queries, template, SVG chart):")
    urls = {
        "class page: students, 30-day chart": f"/teach/classes/{ids['class']}/analytics",
        "class page: students, 365-day chart": (
            f"/teach/classes/{ids['class']}/analytics?days=365"
        ),
        "bank page: every question, flags": (
            f"/teach/classes/{ids['class']}/banks/{ids['bank']}/analytics"
        ),
        "students.csv": f"/teach/classes/{ids['class']}/students.csv",
        "questions.csv": f"/teach/classes/{ids['class']}/banks/{ids['bank']}/questions.csv",
    }
    for label, url in urls.items():

        def fetch(url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        timed(label, fetch, runs)


if __name__ == "__main__":
    main()
