"""LTI 1.3 (with LTI Advantage): quizapp as a tool inside a school's LMS.

``init_app`` registers the blueprint, the session cookie policy for framed launches and
the ``quizapp lti`` commands. The pure parts (``claims``) import no Flask.
"""

from __future__ import annotations

from flask import Flask, g, request, session
from flask.sessions import SecureCookieSessionInterface


class FrameSessionInterface(SecureCookieSessionInterface):
    """Session cookies that reach quizapp inside an LMS's frame, only for launched sessions.

    A session started by an LTI launch is sent ``SameSite=None; Secure; Partitioned`` over
    HTTPS, which browsers require of a cookie in a third-party frame; every other session
    keeps the app's configured policy (``Lax``).
    """

    def _framed(self) -> bool:
        from quizapp.lti.views import FRAME_SESSION_KEY

        return bool(request and request.is_secure and session.get(FRAME_SESSION_KEY))

    def get_cookie_samesite(self, app):
        return "None" if self._framed() else super().get_cookie_samesite(app)

    def get_cookie_secure(self, app):
        return True if self._framed() else super().get_cookie_secure(app)

    def get_cookie_partitioned(self, app):
        return True if self._framed() else super().get_cookie_partitioned(app)


def init_app(app: Flask) -> None:
    from quizapp.lti import cli, models, views  # noqa: F401  (models register their tables)

    app.session_interface = FrameSessionInterface()
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.lti_cli)

    @app.context_processor
    def lti_frame():
        return {"lti_framed": bool(g.get("lti_frame"))}
