"""What grade passback adds to the study hot path, against the answer it follows.

After every answer the study page calls ``queue_progress``: for a learner who came from
an LMS it counts what they have learnt and queues a score; for anyone else it is one
indexed lookup that finds no link. This script times, in the same run and database:

- the reference: one ``next_question`` + ``submit_answer`` pair;
- ``queue_progress`` for a learner with no LMS link;
- ``queue_progress`` for an LMS learner whose score changed (a row queued);

and counts each one's SQL statements.

    python bench/lti_grades.py [--size 1000] [--calls 100]
    QUIZAPP_BENCH_DATABASE_URL=postgresql://... python bench/lti_grades.py

The last line is the ratio of the LMS learner's extra time to the answer's.
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

from sqlalchemy import event, select, update

from quizapp import create_app
from quizapp.bankfile import parse_bank
from quizapp.extensions import db
from quizapp.lti import grades, platforms
from quizapp.lti.models import LtiAccount, LtiContext, LtiResourceLink, LtiScore
from quizapp.models import Bank
from quizapp.services import banks as bank_service
from quizapp.services import study
from quizapp.services import users as user_service


def bank_yaml(n: int) -> str:
    questions = "".join(
        f"  - id: q{i:05}\n    type: true_false\n    prompt: Statement {i} holds.\n"
        "    answer: true\n"
        for i in range(n)
    )
    return f"format: quizapp/1\nbank:\n  slug: bench\n  title: Bench\nquestions:\n{questions}"


def timed(fn, calls: int, counter: list, setup=None) -> tuple[float, float]:
    times, counts = [], []
    for _ in range(calls):
        if setup:
            setup()
        db.session.expire_all()
        counter.clear()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        counts.append(len(counter))
    return statistics.median(times) * 1000, statistics.median(counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="questions in the bank")
    parser.add_argument("--calls", type=int, default=100)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="quizapp-bench-")
    os.environ.setdefault("QUIZAPP_INSTANCE_PATH", folder)
    url = os.environ.get("QUIZAPP_BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
    app = create_app({"TESTING": True, "SECRET_KEY": "b" * 40, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.drop_all()
        db.create_all()
        bank_service.import_banks([parse_bank(bank_yaml(args.size), "bench.yaml")])
        bank = db.session.scalar(select(Bank))
        lms_learner = user_service.create_user("lms-learner", "bench password 1").id
        plain = user_service.create_user("plain-learner", "bench password 1")
        plain.daily_new_limit = 500  # every answered call meets a new question
        db.session.commit()
        plain_learner = plain.id
        platform = platforms.add_platform(
            issuer="https://lms.example",
            client_id="c",
            auth_url="https://lms.example/a",
            token_url="https://lms.example/t",
            jwks_url="https://lms.example/k",
            deployment_ids=["d"],
        )
        context = LtiContext(platform_id=platform.id, deployment_id="d", context_id="c1")
        db.session.add(context)
        db.session.flush()
        link = LtiResourceLink(context_id=context.id, resource_link_id="r1", bank_id=bank.id)
        db.session.add_all(
            [link, LtiAccount(platform_id=platform.id, subject="s", user_id=lms_learner)]
        )
        db.session.commit()
        for user_id in (lms_learner, plain_learner):
            study.enroll(user_id, "bench")

        statements: list = []
        event.listen(
            db.engine,
            "before_cursor_execute",
            lambda *a: statements.append(a[2]) if not a[2].startswith("PRAGMA") else None,
        )
        now = datetime.now(UTC) + timedelta(minutes=1)

        def answer():
            shown = study.next_question(plain_learner, "bench", now=now, fuzz=False)
            study.submit_answer(plain_learner, shown.token, True, elapsed_ms=4000, now=now)

        flip = [0.0]
        grades.queue_progress(lms_learner, bank.id)

        def change_last_score():
            # Make the last queued score differ, so that each call queues a row.
            flip[0] += 1
            db.session.execute(update(LtiScore).values(score_given=-flip[0]))
            db.session.commit()

        ref_ms, ref_n = timed(answer, args.calls, statements)
        plain_ms, plain_n = timed(
            lambda: grades.queue_progress(plain_learner, bank.id), args.calls, statements
        )
        lms_ms, lms_n = timed(
            lambda: grades.queue_progress(lms_learner, bank.id),
            args.calls,
            statements,
            setup=change_last_score,
        )
        print(f"bank of {args.size} questions, {args.calls} calls, {db.engine.dialect.name}")
        print(f"answer (next + submit), reference: {ref_ms:.2f} ms, {ref_n:.0f} statements")
        print(f"queue_progress, learner without LMS: {plain_ms:.2f} ms, {plain_n:.0f} statements")
        print(f"queue_progress, LMS learner, score queued: {lms_ms:.2f} ms, {lms_n:.0f} statements")
        print(
            f"extra per answer / answer: without LMS {plain_ms / ref_ms:.2f}, "
            f"LMS learner {lms_ms / ref_ms:.2f}"
        )


if __name__ == "__main__":
    main()
