"""The hot path (next question + record answer) is a handful of indexed queries, whatever
the bank's size: the same statements for a bank of 10 questions and one of 1,500, none
of them a full scan of a study table.

Queries are counted with SQLAlchemy's before_cursor_execute event; the statements are
printed on failure so that a regression shows which query came in.
"""

from __future__ import annotations

import contextlib
import re
from datetime import timedelta

import pytest
from sqlalchemy import event

from quizapp.extensions import db
from quizapp.services import study
from quizapp.services.users import update_settings
from tests.conftest import bank_text, on_postgres

# Upper bounds per call; the counts below are the ones measured.
MAX_NEXT_QUERIES = 8
MAX_ANSWER_QUERIES = 8
STUDY_TABLES = ("card", "question", "presentation", "review_log", "enrollment", "bank")


def many_questions(n: int) -> str:
    return "\n".join(
        f"""
- id: q{i:05}
  type: true_false
  prompt: Statement {i} holds.
  answer: true
"""
        for i in range(n)
    )


@contextlib.contextmanager
def recorded():
    statements: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def data_statements(statements):
    """What reaches the database, less transaction bookkeeping and SQLite pragmas."""
    return [
        (s, p)
        for s, p in statements
        if not re.match(r"\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA)", s, re.I)
    ]


def full_scans(statements) -> list[str]:
    """SQLite's plan for each SELECT: any 'SCAN <study table>' is a full table scan."""
    found = []
    with db.engine.connect() as conn:
        for statement, parameters in statements:
            if not statement.lstrip().upper().startswith("SELECT"):
                continue
            plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
            for row in plan:
                detail = row[-1]
                match = re.match(r"SCAN (\w+)", detail)
                if match and match.group(1) in STUDY_TABLES and "USING" not in detail:
                    found.append(f"{detail}  <-  {statement}")
    return found


def study_session(learner: int, slug: str, clock, *, answers: int, rounds: int = 1):
    """Answer ``answers`` questions, recording the statements of the last round's calls."""
    log = {"next": [], "answer": []}
    for i in range(answers):
        if i == answers - 1:
            with recorded() as statements:
                shown = study.next_question(learner, slug, now=clock(), fuzz=False)
            log["next"] = data_statements(statements)
            with recorded() as statements:
                study.submit_answer(learner, shown.token, True, elapsed_ms=5000, now=clock())
            log["answer"] = data_statements(statements)
        else:
            shown = study.next_question(learner, slug, now=clock(), fuzz=False)
            study.submit_answer(learner, shown.token, i % 4 != 0, elapsed_ms=5000, now=clock())
        clock.advance(seconds=30)
        db.session.expunge_all()  # each call as in its own request: nothing cached
    return log


@pytest.fixture
def two_banks(app, import_bank, make_user):
    import_bank(bank_text("small", questions=many_questions(10)))
    import_bank(bank_text("large", questions=many_questions(1500)))
    learner = make_user("counted")
    with app.app_context():
        update_settings(learner, daily_new_limit=500)
        study.enroll(learner, "small")
        study.enroll(learner, "large")
    return learner


def describe(statements) -> str:
    return "\n".join(f"  {s.strip()[:300]}" for s, _ in statements)


def test_hot_path_query_count_does_not_grow_with_the_bank(ctx, two_banks, clock):
    small = study_session(two_banks, "small", clock, answers=6)
    large = study_session(two_banks, "large", clock, answers=6)
    for kind, limit in (("next", MAX_NEXT_QUERIES), ("answer", MAX_ANSWER_QUERIES)):
        assert len(large[kind]) == len(small[kind]), (
            f"{kind}: {len(small[kind])} queries on 10 questions, {len(large[kind])} on 1,500\n"
            + describe(large[kind])
        )
        assert len(large[kind]) <= limit, describe(large[kind])


def test_due_reviews_path_is_as_short_with_a_large_backlog(ctx, two_banks, clock):
    # 300 questions answered, then a month away: everything is due at once.
    study_session(two_banks, "large", clock, answers=300)
    clock.advance(days=30)
    db.session.expunge_all()
    with recorded() as statements:
        shown = study.next_question(two_banks, "large", now=clock(), fuzz=False)
    reviews = data_statements(statements)
    with recorded() as statements:
        study.submit_answer(two_banks, shown.token, True, elapsed_ms=4000, now=clock())
    answer = data_statements(statements)
    assert shown.reason == "review"
    # A due card decides it: no new-question or upcoming queries at all.
    assert len(reviews) <= 5, describe(reviews)
    assert len(answer) <= MAX_ANSWER_QUERIES, describe(answer)


@pytest.mark.skipif(on_postgres(), reason="reads SQLite's EXPLAIN QUERY PLAN")
def test_hot_path_queries_use_indexes(ctx, two_banks, clock):
    session = study_session(two_banks, "large", clock, answers=4)
    clock.advance(days=5)
    db.session.expunge_all()
    with recorded() as statements:
        study.next_question(two_banks, "large", now=clock(), fuzz=False)
    statements = session["next"] + session["answer"] + data_statements(statements)
    assert full_scans(statements) == []


def test_the_counted_statements_are_shown(ctx, two_banks, clock, capsys):
    """Print the hot path's statements (run with -s to read them)."""
    log = study_session(two_banks, "large", clock, answers=3)
    print("next_question:\n" + describe(log["next"]))
    print("submit_answer:\n" + describe(log["answer"]))
    out = capsys.readouterr().out
    assert "FROM card" in out and "INSERT INTO review_log" in out
    assert timedelta(0) <= clock() - clock()  # the clock was moved, never slept on


def test_progress_is_four_queries_however_many_banks(ctx, import_bank, make_user, clock):
    from quizapp.services import progress

    learner = make_user("charted")

    def progress_statements(slugs):
        for slug in slugs:
            import_bank(bank_text(slug, questions=many_questions(20)))
            study.enroll(learner, slug)
            shown = study.next_question(learner, slug, now=clock(), fuzz=False)
            study.submit_answer(learner, shown.token, False, elapsed_ms=3000, now=clock())
        db.session.expunge_all()
        with recorded() as statements:
            result = progress.learner_progress(learner, now=clock())
        return data_statements(statements), result

    one, first = progress_statements(["b1"])
    five, later = progress_statements(["b2", "b3", "b4", "b5"])
    assert len(first.banks) == 1 and len(later.banks) == 5
    assert all(b.learning == 1 and b.reviews_today == 1 for b in later.banks)
    assert len(one) == len(five) <= 5, describe(five)
