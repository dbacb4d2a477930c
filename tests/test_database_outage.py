"""While the database is down, every route answers 503 with Retry-After (a page in the
browser, JSON in the API), and quizapp recovers on its own when it is back."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event

from quizapp.extensions import db
from tests.conftest import PASSWORD, on_postgres
from tests.test_api import check_contract

pytestmark = pytest.mark.skipif(on_postgres(), reason="the outage is simulated on SQLite")


class Outage:
    """New connections fail, as while PostgreSQL restarts; old ones are dropped."""

    def __init__(self, app):
        self.app = app
        self.down = False
        with app.app_context():
            event.listen(db.engine, "do_connect", self._connect)

    def _connect(self, dialect, conn_rec, cargs, cparams):
        if self.down:
            raise sqlite3.OperationalError("connection refused (the database is restarting)")
        return None

    def start(self):
        self.down = True
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()

    def end(self):
        self.down = False


@pytest.fixture
def outage(app, make_user, import_bank):
    make_user("amy")
    import_bank()
    return Outage(app)


def test_pages_answer_503_with_retry_after_and_recover(app, outage, client_for):
    amy = client_for("amy")
    visitor = app.test_client()
    outage.start()
    pages = ((visitor, "/"), (visitor, "/banks/capitals"), (amy, "/account"), (amy, "/study"))
    for client, path in pages:
        response = client.get(path)
        assert response.status_code == 503, path
        assert response.headers["Retry-After"] == "5"
        page = response.get_data(as_text=True)
        assert '<h1 id="error-heading">Back in a moment</h1>' in page
        assert "cannot reach its database" in page
    posted = visitor.post("/login", data={"username": "amy", "password": PASSWORD})
    assert posted.status_code == 503
    outage.end()
    assert visitor.get("/").status_code == 200
    assert amy.get("/account").status_code == 200  # still signed in


def test_the_api_answers_503_json_and_recovers(app, outage):
    with app.app_context():
        from quizapp.services import users as user_service

        token = user_service.issue_api_token(user_service.user_by_username("amy").id)
    outage.start()
    client = app.test_client()
    response = client.get("/api/v1/banks", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 503
    outage.end()
    check_contract(client, "GET", "/api/v1/banks", response)  # documented (needs the doc)
    outage.start()
    assert response.headers["Retry-After"] == "5"
    assert response.get_json()["error"]["code"] == "database_unavailable"
    outage.end()
    again = app.test_client().get("/api/v1/banks", headers={"Authorization": f"Bearer {token}"})
    assert again.status_code == 200


def test_healthz_reports_the_outage(app, outage):
    outage.start()
    assert app.test_client().get("/healthz").status_code == 503
    outage.end()
    assert app.test_client().get("/healthz").status_code == 200


def test_a_query_bug_is_still_a_500_not_a_503(app, monkeypatch):
    from sqlalchemy.exc import ProgrammingError

    from quizapp.web import errors

    assert not errors.is_database_outage(ProgrammingError("SELECT x", {}, Exception("no x")))
