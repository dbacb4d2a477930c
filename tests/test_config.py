"""The app factory and its configuration."""

import os
import stat

import pytest

from quizapp import create_app
from quizapp.config import ConfigError, normalise_database_url


@pytest.fixture
def env(monkeypatch, tmp_path):
    for name in list(os.environ):
        if name.startswith("QUIZAPP_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path / "instance"))
    return monkeypatch


def test_defaults_use_sqlite_in_the_instance_folder(env, tmp_path):
    app = create_app()
    instance = tmp_path / "instance"
    assert app.instance_path == str(instance)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance / 'quizapp.sqlite3'}"
    assert app.config["BANKS_DIR"].endswith("question_banks")
    assert not app.testing


def test_missing_secret_key_is_generated_once_and_kept_private(env, tmp_path):
    first = create_app().config["SECRET_KEY"]
    second = create_app().config["SECRET_KEY"]
    assert first == second
    assert len(first) >= 32
    key_file = tmp_path / "instance" / "secret_key"
    assert key_file.read_text().strip() == first
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_each_instance_gets_its_own_generated_key(env, tmp_path):
    first = create_app().config["SECRET_KEY"]
    env.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path / "other"))
    assert create_app().config["SECRET_KEY"] != first


def test_environment_variables_configure_the_app(env, tmp_path):
    env.setenv("QUIZAPP_SECRET_KEY", "k" * 40)
    env.setenv("QUIZAPP_DATABASE_URL", "postgresql://db.example/quiz")
    env.setenv("QUIZAPP_BANKS_DIR", str(tmp_path / "banks"))
    env.setenv("QUIZAPP_BANK_MAX_BYTES", "2048")
    app = create_app()
    assert app.config["SECRET_KEY"] == "k" * 40
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://db.example/quiz"
    assert app.config["BANKS_DIR"] == str(tmp_path / "banks")
    assert app.config["BANK_MAX_BYTES"] == 2048
    assert not (tmp_path / "instance" / "secret_key").exists()


def test_test_config_overrides_the_environment(env):
    env.setenv("QUIZAPP_SECRET_KEY", "k" * 40)
    app = create_app({"TESTING": True, "SECRET_KEY": "s" * 40})
    assert app.testing
    assert app.config["SECRET_KEY"] == "s" * 40


@pytest.mark.parametrize("weak", ["dev", "changeme", "short"])
def test_a_weak_secret_key_is_refused_outside_testing(env, weak):
    env.setenv("QUIZAPP_SECRET_KEY", weak)
    with pytest.raises(ConfigError, match="QUIZAPP_SECRET_KEY is too weak"):
        create_app()


def test_session_cookies_are_hardened(env):
    env.setenv("QUIZAPP_SESSION_COOKIE_SECURE", "true")
    app = create_app()
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_urls_use_the_psycopg_driver(given, expected):
    assert normalise_database_url(given) == expected


def test_nothing_touches_the_database_when_the_app_is_built(env, tmp_path):
    create_app()
    assert not (tmp_path / "instance" / "quizapp.sqlite3").exists()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(env):
    from sqlalchemy import text

    from quizapp.extensions import db

    app = create_app()
    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
