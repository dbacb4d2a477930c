"""Load and fault test: simulated learners answer through the JSON API against gunicorn
on PostgreSQL while one worker is killed with SIGKILL and PostgreSQL is restarted.

    python bench/load_faults.py [--learners N] [--seconds S]

By default it creates a private, throwaway PostgreSQL cluster (``initdb`` in a temporary
folder, run as the ``postgres`` user when started as root, on a free port on 127.0.0.1),
so the server it restarts is its own and never a shared one; the cluster is stopped and
deleted at the end. To run against another server instead, set
``QUIZAPP_BENCH_DATABASE_URL`` (an empty database quizapp may fill) and
``QUIZAPP_BENCH_RESTART_COMMAND`` (a shell command that restarts that server, e.g.
``pg_ctlcluster 16 bench restart``); the command is required with the URL.

The app runs under the shipped gunicorn configuration (``quizapp.gunicorn_conf``, two
threaded workers) with FSRS fuzz off, so that card states can be replayed exactly.
A learner loops: ``GET /study/next``, then ``POST /study/answers``; an answer whose
response was lost (connection reset by the killed worker, or a 503 during the restart)
is sent again with the same presentation id until it is acknowledged. At the end it
checks, in the database:

* every answer acknowledged with 200 is in the review log exactly once
  (``logged_once``), none twice (``duplicates``), none missing (``lost``);
* every card equals a replay of its review log through FSRS;
* no response was a 5xx other than a 503 with ``Retry-After`` (``errors_5xx``);
* ``recovery_s``: seconds from the start of the PostgreSQL restart to the first
  acknowledged answer after the last failure (503 or lost connection) it caused.

The last line is always
``acknowledged=A logged_once=A duplicates=0 lost=0 errors_5xx=0 recovery_s=R``.
"""

from __future__ import annotations

import argparse
import glob
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

QUESTIONS = 400
BANK_SLUG = "load-arithmetic"
PASSWORD = "load test password 1"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- PostgreSQL ------------------------------------------------------------------------------


class PrivateCluster:
    """A throwaway PostgreSQL cluster in a temporary folder, on its own port."""

    def __init__(self) -> None:
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        initdb = shutil.which("initdb") or (bins[-1] if bins else None)
        if initdb is None:
            sys.exit("initdb not found: install PostgreSQL, or set QUIZAPP_BENCH_DATABASE_URL")
        self.bin = Path(initdb).resolve().parent
        self.root = Path(tempfile.mkdtemp(prefix="quizapp-bench-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/quizapp_bench"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = list(args)
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd="/")
        if check and done.returncode != 0:
            sys.exit(f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done

    def start(self) -> None:
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "--no-sync",
            "-E",
            "UTF8",
        )
        self._pg_ctl("start")
        self._run(
            str(self.bin / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "quizapp_bench",
        )

    def _pg_ctl(self, action: str, *extra: str) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} "
            "-c max_connections=200 -c fsync=off"
        )
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            *extra,
            action,
        )

    def restart(self) -> None:
        # "fast": every connection is cut, as when an operator restarts the server.
        self._pg_ctl("restart", "-m", "fast")

    def remove(self) -> None:
        if self.data.exists():
            self._run(
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.data),
                "-m",
                "immediate",
                "-w",
                "stop",
                check=False,
            )
        shutil.rmtree(self.root, ignore_errors=True)


class ExternalServer:
    def __init__(self, url: str) -> None:
        self.url = url
        self.command = os.environ.get("QUIZAPP_BENCH_RESTART_COMMAND", "").strip()
        if not self.command:
            sys.exit(
                "QUIZAPP_BENCH_DATABASE_URL is set: set QUIZAPP_BENCH_RESTART_COMMAND too, "
                "the shell command that restarts that PostgreSQL server"
            )

    def start(self) -> None:
        pass

    def restart(self) -> None:
        subprocess.run(self.command, shell=True, check=True)

    def remove(self) -> None:
        pass


# -- set-up ----------------------------------------------------------------------------------


def bank_yaml() -> str:
    lines = [
        "format: quizapp/1",
        "bank:",
        f"  slug: {BANK_SLUG}",
        "  title: Arithmetic under load",
        "  sources:",
        "    - {id: table, title: Times table, publisher: Bench, published: 2020-01-01}",
        "questions:",
    ]
    for i in range(QUESTIONS):
        lines += [
            f"  - id: q{i}",
            "    type: numeric",
            f"    prompt: What is {i} + {i + 3}?",
            f"    answer: {2 * i + 3}",
        ]
    return "\n".join(lines) + "\n"


def prepare(database_url: str, learners: int) -> list[str]:
    """Schema, one bank, ``learners`` students enrolled in it; their API tokens."""
    from sqlalchemy import insert, text
    from werkzeug.security import generate_password_hash

    from quizapp import create_app
    from quizapp.bankfile import parse_bank
    from quizapp.extensions import db
    from quizapp.models import User
    from quizapp.services import banks as bank_service
    from quizapp.services import study
    from quizapp.services import users as user_service
    from quizapp.services.database import upgrade_database

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "LOG_REQUESTS": False})
    with app.app_context():
        upgrade_database()
        for table in ("review_log", "presentation", "card", "enrollment"):
            db.session.execute(text(f"DELETE FROM {table}"))
        db.session.execute(text("DELETE FROM app_user WHERE username LIKE 'learner%'"))
        db.session.commit()
        bank_service.import_banks([parse_bank(bank_yaml(), "load.yaml")])
        hashed = generate_password_hash(PASSWORD, method="scrypt")
        db.session.execute(
            insert(User),
            [
                {
                    "username": f"learner{n:04d}",
                    "password_hash": hashed,
                    "role": "student",
                    "daily_new_limit": 500,
                }
                for n in range(learners)
            ],
        )
        db.session.commit()
        tokens = []
        for n in range(learners):
            user = user_service.user_by_username(f"learner{n:04d}")
            study.enroll(user.id, BANK_SLUG)
            tokens.append(user_service.issue_api_token(user.id, name="load"))
    with app.app_context():
        db.engine.dispose()
    return tokens


# -- gunicorn --------------------------------------------------------------------------------


class Gunicorn:
    def __init__(self, database_url: str, port: int, workdir: Path) -> None:
        self.port = port
        self.log_path = workdir / "gunicorn.log"
        env = {
            **os.environ,
            "QUIZAPP_DATABASE_URL": database_url,
            "QUIZAPP_INSTANCE_PATH": str(workdir / "instance"),
            "QUIZAPP_SECRET_KEY": "load-and-fault-bench-" + "k" * 32,
            "QUIZAPP_STUDY_FUZZ": "false",
            "QUIZAPP_BIND": f"127.0.0.1:{port}",
            "QUIZAPP_WORKERS": "2",
            "QUIZAPP_THREADS": "8",
            "QUIZAPP_LOG_FORMAT": "json",
            "PYTHONPATH": str(REPO),
        }
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.log_file = open(self.log_path, "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [str(gunicorn), "-c", "python:quizapp.gunicorn_conf"],
            env=env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            cwd=str(workdir),
        )

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        sys.exit(f"gunicorn did not start; see {self.log_path}")

    def workers(self) -> list[int]:
        found = []
        for stat in glob.glob("/proc/[0-9]*/stat"):
            try:
                fields = Path(stat).read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                found.append(int(Path(stat).parent.name))
        return found

    def kill_a_worker(self) -> int:
        victim = random.choice(self.workers())
        os.kill(victim, signal.SIGKILL)
        return victim

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log_file.close()


# -- learners --------------------------------------------------------------------------------


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: Counter[int] = Counter()
        self.errors_5xx = 0
        self.missing_retry_after = 0
        self.connection_errors = 0
        self.acknowledged: dict[str, int] = {}  # presentation id -> learner index
        self.ack_times: list[float] = []
        self.failure_times: list[float] = []  # 503s and lost connections

    def response(self, status: int, retry_after: str | None) -> None:
        with self.lock:
            self.statuses[status] += 1
            if status >= 500 and not (status == 503 and retry_after):
                self.errors_5xx += 1
            if status == 503 and not retry_after:
                self.missing_retry_after += 1
            if status >= 500:
                self.failure_times.append(time.monotonic())


class Learner(threading.Thread):
    def __init__(
        self, index: int, token: str, port: int, stats: Stats, ends: float, grace_ends: float
    ) -> None:
        super().__init__(daemon=True)
        self.index, self.token, self.port = index, token, port
        self.stats, self.ends, self.grace_ends = stats, ends, grace_ends
        self.conn: http.client.HTTPConnection | None = None
        self.rng = random.Random(index)

    def call(self, method: str, path: str, body: dict | None = None):
        """(status, headers, json) or None when the connection failed."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Authorization": f"Bearer {self.token}"}
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        try:
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            with self.stats.lock:
                self.stats.connection_errors += 1
                self.stats.failure_times.append(time.monotonic())
            return None
        retry_after = response.getheader("Retry-After")
        self.stats.response(response.status, retry_after)
        try:
            parsed = json.loads(payload) if payload else None
        except ValueError:
            parsed = None
        return response.status, retry_after, parsed

    def pause(self, retry_after: str | None) -> None:
        try:
            wait = min(float(retry_after or 0.5), 5.0)
        except ValueError:
            wait = 0.5
        time.sleep(wait * (0.5 + self.rng.random()))

    def run(self) -> None:
        while time.monotonic() < self.ends:
            got = self.call("GET", f"/api/v1/study/next?bank={BANK_SLUG}")
            if got is None or got[0] != 200:
                self.pause(got[1] if got else None)
                continue
            body = got[2] or {}
            presentation = body.get("presentation_id")
            if not presentation:
                time.sleep(1)  # nothing due yet
                continue
            prompt = body["question"]["prompt"]
            a, b = (int(x) for x in prompt.removeprefix("What is ").rstrip("?").split(" + "))
            answer = a + b if self.rng.random() < 0.8 else a + b + 1
            self.answer(presentation, answer)

    def answer(self, presentation: str, answer: int) -> None:
        """Send until acknowledged (a lost response is sent again with the same id)."""
        body = {
            "presentation_id": presentation,
            "response": str(answer),
            "elapsed_ms": self.rng.randint(2000, 12000),
        }
        while time.monotonic() < self.grace_ends:
            got = self.call("POST", "/api/v1/study/answers", body)
            if got is None or got[0] == 503:
                self.pause(got[1] if got else None)
                continue
            if got[0] == 200:
                with self.stats.lock:
                    self.stats.acknowledged[presentation] = self.index
                    self.stats.ack_times.append(time.monotonic())
            return


# -- checks ----------------------------------------------------------------------------------


def check(database_url: str, stats: Stats) -> dict[str, int]:
    from sqlalchemy import func, select

    from quizapp import create_app
    from quizapp.extensions import db
    from quizapp.models import Card, ReviewLog, User
    from quizapp.study.scheduling import MemoryState, make_scheduler, review

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "LOG_REQUESTS": False})
    with app.app_context():
        counts = dict(
            db.session.execute(
                select(ReviewLog.presentation_token, func.count(ReviewLog.id)).group_by(
                    ReviewLog.presentation_token
                )
            ).all()
        )
        logged_once = sum(1 for p in stats.acknowledged if counts.get(p) == 1)
        lost = sum(1 for p in stats.acknowledged if counts.get(p, 0) == 0)
        duplicates = sum(1 for n in counts.values() if n > 1)

        from fsrs import Rating

        retention = dict(db.session.execute(select(User.id, User.desired_retention)).all())
        logs: dict[tuple[int, int], list[ReviewLog]] = {}
        for entry in db.session.scalars(select(ReviewLog).order_by(ReviewLog.id)):
            logs.setdefault((entry.user_id, entry.question_id), []).append(entry)
        mismatched = 0
        cards = {(c.user_id, c.question_id): c for c in db.session.scalars(select(Card))}
        for key, entries in logs.items():
            scheduler = make_scheduler(retention[key[0]], fuzz=False)
            state = None
            for entry in entries:
                state = review(scheduler, state, Rating(entry.rating), entry.reviewed_at)
            card = cards.get(key)
            stored = (
                MemoryState(
                    card.state,
                    card.step,
                    card.stability,
                    card.difficulty,
                    card.due,
                    card.last_review,
                )
                if card
                else None
            )
            if stored is None or not _same(stored, state) or card.reps != len(entries):
                mismatched += 1
        mismatched += sum(1 for key in cards if key not in logs)
    with app.app_context():
        db.engine.dispose()
    return {
        "logged_once": logged_once,
        "lost": lost,
        "duplicates": duplicates,
        "cards": len(cards),
        "cards_mismatched": mismatched,
    }


def _close(x: float | None, y: float | None) -> bool:
    if x is None or y is None:
        return x is None and y is None
    return abs(x - y) < 1e-6


def _same(a, b) -> bool:
    return (
        a.state == b.state
        and a.step == b.step
        and _close(a.stability, b.stability)
        and _close(a.difficulty, b.difficulty)
        and abs((a.due - b.due).total_seconds()) < 0.001
    )


# -- main ------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    if args.learners < 1 or args.seconds < 5:
        parser.error("at least 1 learner and 5 seconds")

    url = os.environ.get("QUIZAPP_BENCH_DATABASE_URL", "").strip()
    server = ExternalServer(url) if url else PrivateCluster()
    workdir = Path(tempfile.mkdtemp(prefix="quizapp-bench-"))
    gunicorn = None
    try:
        log("starting PostgreSQL" + ("" if url else " (a private cluster)"))
        server.start()
        log(f"preparing {args.learners} learners")
        tokens = prepare(server.url, args.learners)
        port = free_port()
        gunicorn = Gunicorn(server.url, port, workdir)
        gunicorn.wait_ready()
        log(f"gunicorn ready on {port}; {args.learners} learners for {args.seconds:g} s")

        stats = Stats()
        started = time.monotonic()
        ends = started + args.seconds
        grace_ends = ends + 60
        learners = [
            Learner(n, token, port, stats, ends, grace_ends) for n, token in enumerate(tokens)
        ]
        for learner in learners:
            learner.start()

        time.sleep(args.seconds * 0.3)
        victim = gunicorn.kill_a_worker()
        log(f"killed worker {victim} with SIGKILL")
        time.sleep(max(0.0, started + args.seconds * 0.55 - time.monotonic()))
        restart_began = time.monotonic()
        log("restarting PostgreSQL")
        server.restart()
        log(f"PostgreSQL back after {time.monotonic() - restart_began:.1f} s")

        for learner in learners:
            learner.join(max(1.0, grace_ends - time.monotonic() + 5))
        # Recovered: the first acknowledged answer after the last failure of the outage.
        outage = [t for t in stats.failure_times if restart_began <= t <= restart_began + 60]
        last_failure = max(outage, default=restart_began)
        after = [t for t in stats.ack_times if t > last_failure]
        recovery = (min(after) - restart_began) if after else float("inf")
        result = check(server.url, stats)
        log(
            f"responses by status: {dict(sorted(stats.statuses.items()))}; connection errors "
            f"{stats.connection_errors}; cards {result['cards']} "
            f"(not equal to a replay of their log: {result['cards_mismatched']})"
        )
        if stats.missing_retry_after:
            log(f"{stats.missing_retry_after} responses were 503 without Retry-After")
        acknowledged = len(stats.acknowledged)
        errors = stats.errors_5xx
        print(
            f"acknowledged={acknowledged} logged_once={result['logged_once']} "
            f"duplicates={result['duplicates']} lost={result['lost']} errors_5xx={errors} "
            f"recovery_s={recovery:.1f}",
            flush=True,
        )
        ok = (
            result["logged_once"] == acknowledged
            and result["duplicates"] == 0
            and result["lost"] == 0
            and errors == 0
            and result["cards_mismatched"] == 0
            and acknowledged > 0
        )
        return 0 if ok else 1
    finally:
        if gunicorn is not None:
            gunicorn.stop()
        server.remove()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
