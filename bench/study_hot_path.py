"""The study hot path (next question + record answer) against banks of growing size.

For each bank size, a learner meets most of the bank, then comes back a month later
with everything due; the script then times next_question + submit_answer and counts
their queries, in the "new questions" phase and in the "due reviews" phase.

    python bench/study_hot_path.py                      # SQLite in a temporary folder
    python bench/study_hot_path.py --sizes 100 1000 5000 --calls 200
    QUIZAPP_BENCH_DATABASE_URL=postgresql://... python bench/study_hot_path.py

It prints one line per size and phase: the queries per call and the median and 95th
percentile time per next + answer pair. With --explain it also prints SQLite's plan for
each statement of the due-review phase.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, insert, select, text

from quizapp import create_app
from quizapp.bankfile import parse_bank
from quizapp.extensions import db
from quizapp.models import Card, Question
from quizapp.services import banks as bank_service
from quizapp.services import study
from quizapp.services import users as user_service


def bank_yaml(slug: str, n: int) -> str:
    questions = "".join(
        f"  - id: q{i:05}\n    type: true_false\n    prompt: Statement {i} holds.\n"
        f"    answer: true\n"
        for i in range(n)
    )
    return f"format: quizapp/1\nbank:\n  slug: {slug}\n  title: Bench {n}\nquestions:\n{questions}"


class Counter:
    def __init__(self):
        self.statements: list[tuple[str, object]] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "PRAGMA", "ROLLBACK")):
            self.statements.append((statement, parameters))


def seed_cards(user_id: int, bank_id: int, seen: int, start: datetime) -> None:
    """Give the learner a reviewed card on the first ``seen`` questions, spread over states."""
    ids = db.session.scalars(
        select(Question.id).where(Question.bank_id == bank_id).order_by(Question.position)
    ).all()[:seen]
    rows = []
    for i, qid in enumerate(ids):
        stability = 0.5 + (i % 40)
        last = start - timedelta(days=1 + i % 20)
        rows.append(
            {
                "user_id": user_id,
                "question_id": qid,
                "bank_id": bank_id,
                "state": 2 if i % 5 else 1,
                "step": None if i % 5 else 1,
                "stability": stability,
                "difficulty": 5.0,
                "due": last + timedelta(days=stability),
                "last_review": last,
                "reps": 3,
                "lapses": 0,
                "created_at": last,
            }
        )
    for chunk in range(0, len(rows), 500):
        db.session.execute(insert(Card), rows[chunk : chunk + 500])
    db.session.commit()


def run_phase(user_id, slug, now, calls, engine):
    times, counts, last_statements = [], [], []
    for _ in range(calls):
        counter = Counter()
        event.listen(engine, "before_cursor_execute", counter)
        started = time.perf_counter()
        shown = study.next_question(user_id, slug, now=now, fuzz=False)
        if isinstance(shown, study.Idle):
            event.remove(engine, "before_cursor_execute", counter)
            break
        study.submit_answer(user_id, shown.token, True, elapsed_ms=4000, now=now)
        times.append(time.perf_counter() - started)
        event.remove(engine, "before_cursor_execute", counter)
        counts.append(len(counter.statements))
        last_statements = counter.statements
        db.session.expunge_all()
        now += timedelta(seconds=20)
    return times, counts, last_statements, now


def report(label, times, counts):
    if not times:
        print(f"{label:<34} (nothing to study)")
        return
    ms = sorted(t * 1000 for t in times)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    print(
        f"{label:<34} queries/pair {min(counts)}-{max(counts):<3} "
        f"median {statistics.median(ms):6.2f} ms   p95 {p95:6.2f} ms   ({len(ms)} pairs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="quizapp-bench-")
    os.environ["QUIZAPP_INSTANCE_PATH"] = folder
    url = os.environ.get("QUIZAPP_BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
    app = create_app({"TESTING": True, "SECRET_KEY": "b" * 40, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        engine = db.engine
        db.drop_all()
        db.create_all()
        print(f"database: {engine.dialect.name}; {args.calls} next+answer pairs per phase")
        for size in args.sizes:
            slug = f"bench-{size}"
            bank_service.import_banks([parse_bank(bank_yaml(slug, size), f"{slug}.yaml")])
            bank = bank_service.bank_by_slug(slug)
            user = user_service.create_user(f"learner{size}", "bench password 1")
            user_service.update_settings(user.id, daily_new_limit=500)
            study.enroll(user.id, slug)
            start = datetime.now(UTC) + timedelta(minutes=1)
            # Phase 1: a learner who has met 80% of the bank, studying the new rest today.
            seed_cards(user.id, bank.id, int(size * 0.8), start - timedelta(days=60))
            # The seeded cards arrive in one burst; a real learner's arrive one answer at a
            # time and autovacuum keeps PostgreSQL's statistics current meanwhile.
            bank_service.refresh_planner_statistics("card")
            times, counts, _, now = run_phase(user.id, slug, start, args.calls, engine)
            report(f"{size:>6} questions, new questions", times, counts)
            # Phase 2: a month later, a backlog of due reviews (most of the bank).
            later = now + timedelta(days=30)
            times, counts, statements, _ = run_phase(user.id, slug, later, args.calls, engine)
            report(f"{size:>6} questions, due reviews", times, counts)
            if args.explain and engine.dialect.name == "sqlite":
                with engine.connect() as conn:
                    for statement, params in statements:
                        if statement.lstrip().upper().startswith("SELECT"):
                            plan = (
                                conn.execute(
                                    text("EXPLAIN QUERY PLAN " + statement), dict(enumerate(params))
                                )
                                if isinstance(params, dict)
                                else conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)
                            )
                            print("   ", " | ".join(row[-1] for row in plan))
        db.session.remove()
        if engine.dialect.name != "sqlite":
            db.drop_all()


if __name__ == "__main__":
    main()
