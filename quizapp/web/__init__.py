"""The web layer: blueprints, error handlers, the signed-in user and template helpers."""

from __future__ import annotations

from flask import Flask, g


def register_web(app: Flask) -> None:
    from quizapp.web import auth, errors, inputs, main, navigation, request_log, session

    request_log.init_app(app)
    inputs.init_app(app)
    session.init_app(app)
    navigation.init_app(app)
    errors.init_app(app)
    app.register_blueprint(main.bp)
    app.register_blueprint(auth.bp)

    from quizapp.api import register_api
    from quizapp.web import exam, my_data, study, tests_pages

    app.register_blueprint(study.bp)
    app.register_blueprint(exam.bp)
    app.register_blueprint(tests_pages.bp)
    app.register_blueprint(my_data.bp)
    register_api(app)

    from quizapp.web import admin, classes, generate, teacher

    app.register_blueprint(teacher.bp)
    app.register_blueprint(classes.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(generate.bp)

    @app.after_request
    def set_security_headers(response):
        # Scripts only from our own static files; inline style attributes are allowed for
        # progress bars and charts, which carry no script. Nothing may frame quizapp, but
        # for a session launched from an LMS, which its LMS may (g.frame_ancestors, set
        # by quizapp.lti); a page posting back to an LMS adds it to g.form_action.
        frame_ancestors = g.get("frame_ancestors") or "'none'"
        form_action = " ".join(["'self'", *filter(None, [g.get("form_action")])])
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action {form_action}; "
            f"frame-ancestors {frame_ancestors}",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if not g.get("frame_ancestors"):
            response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        # A page for a signed-in user (or any API answer) is theirs alone: no browser or
        # proxy cache may keep it (a shared computer's back button, a caching proxy).
        user = g.get("_login_user")
        if (user is not None and user.is_authenticated) or g.get("api_user") is not None:
            response.headers["Cache-Control"] = "no-store"
            response.vary.add("Cookie")
        return response
