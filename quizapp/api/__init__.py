"""The JSON API under /api/v1: bearer tokens, no cookies, no CSRF (no ambient credentials)."""

from __future__ import annotations

from flask import Flask


def register_api(app: Flask) -> None:
    from quizapp.api import teachers  # noqa: F401  (the teacher's routes, on the same blueprint)
    from quizapp.api.views import bp
    from quizapp.extensions import csrf

    # Requests authenticate with an Authorization header a page on another site cannot
    # send, so the cross-site request forgery a CSRF token guards against cannot happen.
    csrf.exempt(bp)
    app.register_blueprint(bp)
