"""Error responses: HTML for browsers, JSON for the API and for clients that ask for it."""

from __future__ import annotations

import contextlib

from flask import Flask, current_app, g, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as SATimeoutError
from werkzeug.exceptions import HTTPException, InternalServerError, NotFound

from quizapp.errors import QuizappError
from quizapp.extensions import db, login_manager

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}

# Seconds a client is told to wait while the database cannot be reached: a PostgreSQL
# restart takes a few seconds, and pool_pre_ping replaces the dead connections after it.
DATABASE_RETRY_AFTER = 5
DATABASE_UNAVAILABLE = (
    "quizapp cannot reach its database just now (it may be restarting). "
    "Please try again in a few seconds."
)


def wants_json() -> bool:
    if request.path.startswith("/api/") or request.path == "/healthz":
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def error_response(status: int, code: str, message: str, **extra):
    if wants_json():
        body = {"error": {"code": code, "message": message, **extra}}
        return jsonify(body), status
    return render_template("error.html", status=status, code=code, message=message, **extra), status


def database_unavailable(exc: Exception):
    """503 with Retry-After for a database that is down, restarting or locked."""
    current_app.logger.warning("database unavailable: %s", str(exc).splitlines()[0][:300])
    with contextlib.suppress(SQLAlchemyError):
        db.session.rollback()
    # The page must not load the signed-in user (that needs the database too).
    g._login_user = login_manager.anonymous_user()
    headers = {"Retry-After": str(DATABASE_RETRY_AFTER), "Cache-Control": "no-store"}
    if wants_json():
        body = {"error": {"code": "database_unavailable", "message": DATABASE_UNAVAILABLE}}
        return jsonify(body), 503, headers
    page = render_template(
        "unavailable.html", message=DATABASE_UNAVAILABLE, retry_after=DATABASE_RETRY_AFTER
    )
    return page, 503, headers


def is_database_outage(exc: BaseException) -> bool:
    """A failure to reach the database (connection refused or lost, server shutting down,
    pool exhausted, SQLite locked), as opposed to a bug in a query."""
    if isinstance(exc, OperationalError | InterfaceError | SATimeoutError):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


def init_app(app: Flask) -> None:
    @app.errorhandler(SQLAlchemyError)
    def handle_database_error(exc: SQLAlchemyError):
        if is_database_outage(exc):
            return database_unavailable(exc)
        raise exc  # a real bug: Flask logs it and answers 500 (handled below)

    @app.errorhandler(QuizappError)
    def handle_quizapp_error(exc: QuizappError):
        extra = {}
        if getattr(exc, "fields", None):
            extra["fields"] = exc.fields
        if getattr(exc, "issues", None):
            extra["issues"] = [issue.to_dict() for issue in exc.issues]
        response = make_response(error_response(exc.status, exc.code, exc.message, **extra))
        if getattr(exc, "retry_after", None):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.errorhandler(CSRFError)
    def handle_csrf(exc: CSRFError):
        return error_response(
            400,
            "csrf_failed",
            "The form was not accepted because its security token was missing or expired. "
            "Go back, reload the page and try again; nothing was saved.",
        )

    @app.errorhandler(HTTPException)
    def handle_http(exc: HTTPException):
        status = exc.code or 500
        message = exc.description or exc.name
        if status == 404 and message == NotFound.description:
            # Werkzeug's wording speaks of URLs and servers; say it as a reader would.
            message = "There is no page at this address. The link may be mistyped or out of date."
        if status >= 500:
            # Flask logged the original exception; nothing half-written may be committed later.
            db.session.rollback()
            message = InternalServerError.description
        if status == 413:
            limit = app.config.get("MAX_CONTENT_LENGTH") or 0
            message = f"The upload is too large; the limit is {limit // (1024 * 1024)} MiB."
            if not request.path.startswith("/api/"):
                # A form's text field has its own, smaller limit (MAX_FORM_MEMORY_SIZE).
                field_limit = app.config.get("MAX_FORM_MEMORY_SIZE") or 0
                message += (
                    f" A text typed or pasted into a form may be up to {field_limit // 1024:,} KiB."
                )
            message += " Nothing was saved."
        response = make_response(error_response(status, CODES.get(status, "error"), message))
        # Werkzeug's own headers for the status: Allow on 405, Retry-After on 429 and 503.
        for name, value in exc.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response
