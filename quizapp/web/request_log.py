"""One log line per request: method, path, status, time taken and user id.

Plain text by default; one JSON object per line with ``QUIZAPP_LOG_FORMAT=json``, for log
collectors. The query string is left out (it can hold a join code or a ``next`` address),
and so is everything else a request carries.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from datetime import UTC, datetime

from flask import Flask, g, request
from sqlalchemy.exc import SQLAlchemyError

LOGGER_NAME = "quizapp.requests"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = getattr(record, "request", None) or {"message": record.getMessage()}
        return json.dumps(
            {"time": datetime.fromtimestamp(record.created, UTC).isoformat(), **entry},
            ensure_ascii=False,
        )


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = getattr(record, "request", None)
        if entry is None:
            return record.getMessage()
        when = datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%S")
        user = entry["user_id"] if entry["user_id"] is not None else "-"
        return (
            f"{when} {entry['method']} {entry['path']} {entry['status']} "
            f"{entry['duration_ms']}ms user={user}"
        )


def request_logger(log_format: str) -> logging.Logger:
    """The request logger, writing to standard error in ``log_format`` (text or json)."""
    logger = logging.getLogger(LOGGER_NAME)
    formatter = JsonFormatter() if log_format == "json" else TextFormatter()
    handler = next((h for h in logger.handlers if getattr(h, "quizapp", False)), None)
    if handler is None:
        handler = logging.StreamHandler(sys.stderr)
        handler.quizapp = True  # ours, so a second app in one process does not add another
        logger.addHandler(handler)
    handler.setFormatter(formatter)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return logger


def _user_id() -> int | None:
    """The signed-in user, without loading one (no query just for the log)."""
    api_user = g.get("api_user")
    if api_user is not None:
        return api_user.id
    user = g.get("_login_user")
    if user is not None and getattr(user, "is_authenticated", False):
        return user.id
    return None


def init_app(app: Flask) -> None:
    if not app.config.get("LOG_REQUESTS", True):
        return
    log_format = str(app.config.get("LOG_FORMAT", "text")).lower()
    if log_format not in ("text", "json"):
        raise ValueError("QUIZAPP_LOG_FORMAT must be text or json")
    logger = request_logger(log_format)

    @app.before_request
    def start_timer():
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        started = g.get("request_started")
        duration = (time.perf_counter() - started) * 1000 if started else 0.0
        try:
            user_id = _user_id()
        except SQLAlchemyError:  # an expired user while the database is down
            user_id = None
        logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "request": {
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round(duration, 1),
                    "user_id": user_id,
                    "address": request.remote_addr,
                }
            },
        )
        return response
