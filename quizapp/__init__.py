"""quizapp: self-hosted quizzes and flashcards with spaced repetition."""

from __future__ import annotations

import os

from flask import Flask
from sqlalchemy import event

from quizapp.config import check_secret_key, instance_path_from_env, load_config
from quizapp.extensions import csrf, db, login_manager, migrate
from quizapp.paths import MIGRATIONS_DIR, STATIC_DIR, TEMPLATES_DIR

__version__ = "0.1.0"


def create_app(test_config: dict | None = None) -> Flask:
    """Build a configured app: defaults, then QUIZAPP_* variables, then ``test_config``."""
    app = Flask(
        __name__,
        instance_path=instance_path_from_env(),
        instance_relative_config=True,
        template_folder=str(TEMPLATES_DIR),
        static_folder=str(STATIC_DIR),
    )
    # The instance folder holds the secret key and the SQLite database: the owner's alone.
    os.makedirs(app.instance_path, mode=0o700, exist_ok=True)
    load_config(app, test_config)
    check_secret_key(app)

    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        # Behind a reverse proxy: take the client address and scheme from its headers.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _configure_sqlite)

    from quizapp import cli
    from quizapp.web import register_web

    register_web(app)
    cli.register_commands(app)

    from quizapp import lti

    lti.init_app(app)
    return app


def _configure_sqlite(dbapi_connection, connection_record) -> None:
    """WAL lets readers work while one request writes; the busy timeout queues writers."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout = 10000")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()
