"""One log line per request (method, path, status, time, user id); JSON on request."""

from __future__ import annotations

import json
import logging

import pytest

from quizapp import create_app
from quizapp.web.request_log import LOGGER_NAME, JsonFormatter, TextFormatter


class Lines(logging.Handler):
    def __init__(self, formatter):
        super().__init__()
        self.setFormatter(formatter)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def log_lines():
    logger = logging.getLogger(LOGGER_NAME)
    handlers = []

    def capture(formatter):
        handler = Lines(formatter)
        logger.addHandler(handler)
        handlers.append(handler)
        return handler.lines

    yield capture
    for handler in handlers:
        logger.removeHandler(handler)


def test_json_lines_name_method_path_status_time_and_user(app, client, make_user, login, log_lines):
    lines = log_lines(JsonFormatter())
    user_id = make_user("amy")
    login("amy")
    client.get("/account?secret=1")
    client.get("/no-such-page")
    entries = [json.loads(line) for line in lines]
    account = next(e for e in entries if e["path"] == "/account")
    assert account["method"] == "GET" and account["status"] == 200
    assert account["user_id"] == user_id and account["duration_ms"] >= 0
    assert "secret" not in json.dumps(entries)  # no query strings
    missing = next(e for e in entries if e["path"] == "/no-such-page")
    assert missing["status"] == 404
    sign_in = next(e for e in entries if e["path"] == "/login")
    assert sign_in["method"] == "POST" and sign_in["status"] == 302


def test_text_lines(app, client, log_lines):
    lines = log_lines(TextFormatter())
    client.get("/healthz")
    (line,) = [line for line in lines if "/healthz" in line]
    assert " GET /healthz 200 " in line and line.endswith("user=-")


def test_the_format_comes_from_the_environment(monkeypatch, app_config):
    monkeypatch.setenv("QUIZAPP_LOG_FORMAT", "json")
    create_app(app_config)
    handler = next(h for h in logging.getLogger(LOGGER_NAME).handlers if getattr(h, "quizapp", 0))
    assert isinstance(handler.formatter, JsonFormatter)
    monkeypatch.setenv("QUIZAPP_LOG_FORMAT", "xml")
    with pytest.raises(ValueError, match="text or json"):
        create_app(app_config)
    monkeypatch.setenv("QUIZAPP_LOG_FORMAT", "text")
    create_app(app_config)
    assert isinstance(handler.formatter, TextFormatter)
