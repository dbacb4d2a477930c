"""Migrations build the schema from an empty database and match the models exactly."""

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from quizapp import create_app
from quizapp.extensions import db
from quizapp.paths import MIGRATIONS_DIR
from tests.conftest import TEST_DATABASE_URL, on_postgres, reset_postgres_schema


@pytest.fixture
def empty_app(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path / "instance"))
    url = TEST_DATABASE_URL if on_postgres() else f"sqlite:///{tmp_path / 'm.sqlite3'}"
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        if on_postgres():
            _drop_everything()
        yield app
        if on_postgres():
            _drop_everything()
            db.create_all()  # leave the shared test database as the other tests expect it
        db.engine.dispose()


def _drop_everything():
    reset_postgres_schema()


def test_upgrade_from_empty_creates_every_table(empty_app):
    flask_migrate.upgrade(directory=str(MIGRATIONS_DIR))
    tables = set(inspect(db.engine).get_table_names())
    assert {t.name for t in db.metadata.sorted_tables} <= tables
    assert "alembic_version" in tables


def test_migrations_match_the_models(empty_app):
    flask_migrate.upgrade(directory=str(MIGRATIONS_DIR))
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def test_downgrade_to_base_and_up_again(empty_app):
    flask_migrate.upgrade(directory=str(MIGRATIONS_DIR))
    flask_migrate.downgrade(directory=str(MIGRATIONS_DIR), revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    flask_migrate.upgrade(directory=str(MIGRATIONS_DIR))
    assert "review_log" in inspect(db.engine).get_table_names()


def test_the_study_hot_path_has_its_indexes(empty_app):
    flask_migrate.upgrade(directory=str(MIGRATIONS_DIR))
    indexes = {i["name"]: i["column_names"] for i in inspect(db.engine).get_indexes("card")}
    assert indexes["ix_card_user_id_bank_id_due"] == ["user_id", "bank_id", "due"]
