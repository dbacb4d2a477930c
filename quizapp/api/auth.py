"""Bearer-token authentication for the API."""

from __future__ import annotations

from functools import wraps

from flask import current_app, g, request

from quizapp.errors import QuizappError
from quizapp.services import users as user_service


class Unauthorized(QuizappError):
    status = 401
    code = "unauthorized"


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def token_required(view):
    """Run the view with ``g.api_user`` and ``g.api_token`` set, or answer 401."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        token = bearer_token()
        if token is None:
            raise Unauthorized("Send an API token: Authorization: Bearer <token>.")
        found = user_service.user_for_api_token(token, days=current_app.config["API_TOKEN_DAYS"])
        if found is None:
            raise Unauthorized("The API token is not valid (expired, revoked, or never issued).")
        g.api_user, g.api_token = found
        return view(*args, **kwargs)

    return wrapper
