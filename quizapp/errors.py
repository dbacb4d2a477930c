"""The project's own error types, raised by services and turned into responses in one place."""

from __future__ import annotations


class QuizappError(Exception):
    """Base class: a problem the user can act on. ``code`` is stable for API clients."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status


class NotFound(QuizappError):
    status = 404
    code = "not_found"


class Forbidden(QuizappError):
    status = 403
    code = "forbidden"


class Conflict(QuizappError):
    status = 409
    code = "conflict"


class InvalidInput(QuizappError):
    status = 422
    code = "invalid"

    def __init__(self, message: str, *, fields: dict[str, str] | None = None, **kw):
        super().__init__(message, **kw)
        self.fields = fields or {}


class TooManyAttempts(QuizappError):
    """429; ``retry_after`` (seconds) becomes the response's ``Retry-After`` header."""

    status = 429
    code = "too_many_attempts"

    def __init__(self, message: str, *, retry_after: int = 60, **kw):
        super().__init__(message, **kw)
        self.retry_after = max(1, int(retry_after))
