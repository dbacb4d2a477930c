"""Absolute links (a class's join link) from the configured ``QUIZAPP_BASE_URL``.

Never from the request's Host header: anyone can send any Host, and a link built from it
(copied by a teacher, or cached by a proxy) could point students at another site.
Without a base URL the link stays a path on this site.
"""

from __future__ import annotations

from flask import current_app, url_for


def absolute_url(endpoint: str, **values) -> str:
    path = url_for(endpoint, **values)
    base = str(current_app.config.get("BASE_URL") or "").rstrip("/")
    return base + path if base else path


def mailed_url(endpoint: str, **values) -> str:
    """A link that must be absolute (a one-time password link sent by mail): from
    ``QUIZAPP_BASE_URL`` when it is set, as it should be in production; without it, from
    the request (the only address quizapp knows then)."""
    base = str(current_app.config.get("BASE_URL") or "").rstrip("/")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
