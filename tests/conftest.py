"""Shared fixtures: ``app``, ``client``, ``runner``, and helpers to make users and banks.

The whole suite runs on SQLite by default. Set QUIZAPP_TEST_DATABASE_URL to a
PostgreSQL URL (for example postgresql://postgres@127.0.0.1:5432/test) to run
the same tests there; tables are created once and emptied after every test.
"""

from __future__ import annotations

import os
import secrets
import textwrap
from pathlib import Path

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import text

from quizapp import create_app
from quizapp.bankfile import parse_bank
from quizapp.extensions import db
from quizapp.services import banks as bank_service
from quizapp.services import users as user_service

REPO = Path(__file__).resolve().parent.parent
TEST_DATABASE_URL = os.environ.get("QUIZAPP_TEST_DATABASE_URL", "")
PASSWORD = "correct horse battery"


def on_postgres() -> bool:
    return TEST_DATABASE_URL.startswith(("postgres://", "postgresql"))


class CSRFClient(FlaskClient):
    """A test client that fills in a valid CSRF token on form posts, as a browser page would.

    CSRF protection stays on in every test; pass ``csrf=False`` to post without a token.
    """

    def csrf_token(self) -> str:
        with self.session_transaction() as session:
            raw = session.setdefault("csrf_token", secrets.token_hex(20))
        return URLSafeTimedSerializer(self.application.secret_key, salt="wtf-csrf-token").dumps(raw)

    def open(self, *args, csrf: bool = True, **kwargs):
        method = kwargs.get("method", "GET").upper()
        data = kwargs.get("data")
        if (
            csrf
            and method in ("POST", "PUT", "PATCH", "DELETE")
            and isinstance(data, dict)
            and "csrf_token" not in data
        ):
            kwargs["data"] = {**data, "csrf_token": self.csrf_token()}
        # A test holding an app context (the ctx fixture) shares it with every request, and
        # Flask-Login caches the signed-in user on its g: forget it, so each request is
        # answered for the user of its own session cookie, as on a real server.
        _forget_cached_user()
        try:
            return super().open(*args, **kwargs)
        finally:
            _forget_cached_user()


def _forget_cached_user() -> None:
    if has_app_context():
        g.pop("_login_user", None)


@pytest.fixture
def app_config(tmp_path) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-" + "x" * 32,
        "BANKS_DIR": str(REPO / "question_banks"),
        # Exact FSRS intervals in tests (no random spread of review dates).
        "STUDY_FUZZ": False,
    }
    if on_postgres():
        config["SQLALCHEMY_DATABASE_URI"] = TEST_DATABASE_URL
    else:
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'test.sqlite3'}"
    return config


_postgres_schema_ready = False


def reset_postgres_schema() -> None:
    """Empty the test database completely, whatever an earlier run or branch left in it."""
    db.session.remove()
    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))


@pytest.fixture
def app(app_config, tmp_path, monkeypatch):
    global _postgres_schema_ready
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(app_config)
    app.test_client_class = CSRFClient
    with app.app_context():
        if on_postgres():
            if not _postgres_schema_ready:
                reset_postgres_schema()
                db.create_all()
                _postgres_schema_ready = True
        else:
            db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        if on_postgres():
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()
        db.engine.dispose()


@pytest.fixture
def empty_database(app):
    """Drop every table (and Alembic's record of them), as on a server's first start."""
    global _postgres_schema_ready
    with app.app_context():
        if on_postgres():
            reset_postgres_schema()
        else:
            db.drop_all()
            db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
            db.session.commit()
    _postgres_schema_ready = False
    yield
    with app.app_context():
        db.session.remove()
        db.create_all()


@pytest.fixture
def client(app) -> CSRFClient:
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def ctx(app):
    """An application context, for calling services directly."""
    with app.app_context():
        yield app


@pytest.fixture
def make_user(app):
    def make(username: str = "student", role: str = "student", password: str = PASSWORD):
        with app.app_context():
            user = user_service.create_user(username, password, role=role)
            return user.id

    return make


@pytest.fixture
def login(client):
    def do(username: str, password: str = PASSWORD):
        response = client.post("/login", data={"username": username, "password": password})
        assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
        return response

    return do


def bank_text(
    slug: str = "capitals",
    *,
    questions: str | None = None,
    title: str = "Capitals",
    extra_bank: str = "",
    new_order: str | None = "file",
) -> str:
    """A small valid bank file; ``questions`` replaces its question list (YAML, unindented).

    New questions come in the file's order (``new_order: file``) so that tests know which
    comes first; pass ``new_order=None`` for the default, interleaved order.
    """
    body = questions if questions is not None else DEFAULT_QUESTIONS
    atlas = "{id: atlas, title: World Atlas, publisher: Example Press, published: 2020-01-02}"
    # Either way the file has as many lines, so that tests can name lines in it.
    sources = (
        f"  new_order: {new_order}\n  sources: [{atlas}]\n"
        if new_order
        else f"  sources:\n    - {atlas}\n"
    )
    return (
        f"format: quizapp/1\nbank:\n  slug: {slug}\n  title: {title}\n{extra_bank}"
        + sources
        + "questions:\n"
        + textwrap.indent(textwrap.dedent(body).strip() + "\n", "  ")
    )


DEFAULT_QUESTIONS = """
- id: france
  type: multiple_choice
  prompt: What is the capital of France?
  choices: [Paris, Lyon, Marseille, Nice]
  answer: Paris
  explanation: Paris has been the capital since 987.
  tags: [europe]
  source: {ref: atlas, sentence: Paris is the capital of France.}
- id: japan
  type: short_answer
  prompt: What is the capital of Japan?
  answer: Tokyo
  accept: [Tokio]
  source: {ref: atlas, sentence: Tokyo is the capital of Japan.}
- id: rome-is-capital
  type: true_false
  prompt: Rome is the capital of Italy.
  answer: true
- id: population
  type: numeric
  prompt: How many million people live in Paris proper, roughly?
  answer: 2.1
  tolerance: 0.2
  unit: million
"""


@pytest.fixture
def import_bank(app):
    """Import a bank from YAML text; returns the bank's id."""

    def do(
        yaml_text: str | None = None,
        *,
        owner_id: int | None = None,
        filename: str = "bank.yaml",
        status: str | None = None,
    ) -> int:
        with app.app_context():
            parsed = parse_bank(yaml_text or bank_text(), filename)
            owner = user_service.get_user(owner_id) if owner_id else None
            bank_service.import_banks([parsed], user=owner, status=status)
            return bank_service.bank_by_slug(parsed.slug).id

    return do


class Clock:
    """A clock tests move by hand instead of sleeping; starts a minute from now."""

    def __init__(self, start=None):
        from datetime import UTC, datetime, timedelta

        self.now = start or (datetime.now(UTC) + timedelta(minutes=1)).replace(microsecond=0)

    def __call__(self):
        return self.now

    def advance(self, **delta):
        from datetime import timedelta

        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock(app) -> Clock:
    """Study time for the app under test: views and the API read ``app.config["CLOCK"]``."""
    clock = Clock()
    app.config["CLOCK"] = clock
    return clock


@pytest.fixture
def client_for(app):
    """A fresh test client signed in as ``username``: one per user, each with its own cookies."""

    def make(username: str, password: str = PASSWORD) -> CSRFClient:
        user_client = app.test_client()
        response = user_client.post("/login", data={"username": username, "password": password})
        assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
        return user_client

    return make
