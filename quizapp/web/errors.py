"""Error responses: HTML for browsers, JSON for the API and for clients that ask for it."""

from __future__ import annotations

from flask import Flask, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, NotFound

from quizapp.errors import QuizappError
from quizapp.extensions import db

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
}


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


def init_app(app: Flask) -> None:
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
