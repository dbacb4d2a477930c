"""Creating and upgrading the schema, safely when several app servers start at once."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import flask_migrate
from flask import current_app
from sqlalchemy import text

from quizapp.extensions import db
from quizapp.paths import MIGRATIONS_DIR

# An arbitrary constant naming quizapp's lock among PostgreSQL advisory locks.
ADVISORY_LOCK_KEY = 0x7155_1A99


@contextlib.contextmanager
def schema_lock() -> Iterator[None]:
    """Hold a lock that only one process at a time can take, across machines on PostgreSQL."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY})
                conn.commit()
        return
    try:
        import fcntl
    except ImportError:  # Windows: one server process per SQLite file is the only sane setup.
        yield
        return
    path = os.path.join(current_app.instance_path, "schema.lock")
    with open(path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def upgrade_database() -> None:
    """Apply every migration not yet applied (creating the schema on an empty database)."""
    flask_migrate.upgrade(directory=str(MIGRATIONS_DIR))
