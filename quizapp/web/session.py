"""Who is signed in: Flask-Login for the browser, bearer tokens for the API.

Flask-Login's cookies hold the key of a server-side session (``quizapp.services.sessions``),
never the user id: a session that was signed out, revoked or left idle is gone on the
server, whatever copy of the cookie comes back.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, current_app

from quizapp.extensions import login_manager
from quizapp.models import User
from quizapp.services import sessions as session_service


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"


def idle_limits() -> dict[str, timedelta]:
    config = current_app.config
    return {
        "idle": timedelta(minutes=float(config["SESSION_IDLE_MINUTES"])),
        "remember_idle": timedelta(days=float(config["REMEMBER_IDLE_DAYS"])),
    }


@login_manager.user_loader
def load_user(session_key: str) -> User | None:
    return session_service.session_user(session_key, **idle_limits())
