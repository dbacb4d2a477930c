"""A learner's own data: export it (JSON, CSV), erase it; others' data and analytics stay."""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import (
    Card,
    Enrollment,
    Presentation,
    QuestionFlag,
    ReviewLog,
    User,
)
from quizapp.services import analytics, classes, study
from quizapp.services import flags as flag_service
from tests.conftest import PASSWORD
from tests.test_api import api  # noqa: F401  (the contract-checking client)


def _answer_all(user_id, clock):
    responses = {"france": "Paris", "japan": "=Tokyo", "rome-is-capital": True, "population": 2.1}
    study.enroll(user_id, "capitals")
    for _ in range(4):
        shown = study.next_question(user_id, "capitals", now=clock(), fuzz=False)
        study.submit_answer(
            user_id, shown.token, responses[shown.question.key], elapsed_ms=5000, now=clock()
        )
        clock.advance(seconds=30)
    flag_service.flag_question(user_id, shown.question.id, "Unclear wording")


def _token(api, username):  # noqa: F811
    response = api("POST", "/api/v1/tokens", body={"username": username, "password": PASSWORD})
    return response.get_json()["token"]


def test_the_export_holds_everything_and_the_csv_the_log(
    api,  # noqa: F811
    client,
    make_user,
    import_bank,
    clock,
    ctx,
):
    import_bank()
    learner = make_user("learner")
    _answer_all(learner, clock)
    token = _token(api, "learner")
    body = api("GET", "/api/v1/account/export", token=token).get_json()
    assert body["account"]["username"] == "learner"
    assert len(body["reviews"]) == db.session.scalar(select(func.count(ReviewLog.id))) == 4
    assert {c["question_key"] for c in body["cards"]} == {
        "france",
        "japan",
        "rome-is-capital",
        "population",
    }
    assert body["flags"][0]["reason"] == "Unclear wording"
    assert body["enrollments"][0]["bank"] == "capitals"
    assert all("token_hash" not in t for t in body["api_tokens"])
    response = client.get(
        "/api/v1/account/export?format=csv", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["question_key"] for r in rows] == [r["question_key"] for r in body["reviews"]]
    # A response a spreadsheet would run as a formula stays text.
    assert "'=Tokyo" in {r["response"] for r in rows}
    bad = api("GET", "/api/v1/account/export?format=xml", token=token)
    assert bad.status_code == 422


def test_the_account_page_downloads(client, make_user, login, import_bank, clock, ctx):
    import_bank()
    learner = make_user("learner")
    _answer_all(learner, clock)
    login("learner")
    page = client.get("/account").get_data(as_text=True)
    assert "Download all (JSON)" in page and "Erase your account" in page
    response = client.get("/account/export.json")
    assert "attachment" in response.headers["Content-Disposition"]
    assert len(json.loads(response.get_data(as_text=True))["reviews"]) == 4
    response = client.get("/account/export.csv")
    assert response.get_data(as_text=True).count("\n") == 5


def test_erasing_removes_everything_personal_and_nothing_else(
    api,  # noqa: F811
    make_user,
    import_bank,
    clock,
    ctx,
):
    bank_id = import_bank()
    teacher = make_user("teacher", role="teacher")
    classroom = classes.create_class(teacher, "Geography")
    learner = make_user("learner")
    other = make_user("other")
    for student in (learner, other):
        classes.join_class(student, classroom.join_code)
    classes.assign_bank(classroom.id, teacher, bank_id)
    _answer_all(learner, clock)
    _answer_all(other, clock)
    before = analytics.question_table(analytics.class_scope(classroom.id, teacher, bank_id))
    assert sum(row.attempts for row in before.rows) == 8
    token = _token(api, "learner")
    assert api("DELETE", "/api/v1/account", token=token, body={}).status_code == 422
    wrong = api("DELETE", "/api/v1/account", token=token, body={"password": "nope nope nope"})
    assert wrong.status_code == 422 and wrong.get_json()["error"]["fields"] == {"password": "wrong"}
    assert (
        api("DELETE", "/api/v1/account", token=token, body={"password": PASSWORD}).status_code
        == 204
    )
    db.session.expire_all()
    assert db.session.get(User, learner) is None
    for model in (ReviewLog, Card, Enrollment, Presentation, QuestionFlag):
        rows = db.session.scalars(select(model)).all()
        assert rows and all(r.user_id == other for r in rows), model
    # The token is gone with the account.
    assert api("GET", "/api/v1/settings", token=token).status_code == 401
    # The teacher's analytics now count the other learner only, consistently.
    after = analytics.question_table(analytics.class_scope(classroom.id, teacher, bank_id))
    assert sum(row.attempts for row in after.rows) == 4
    assert [
        r.user_id
        for r in analytics.student_table(analytics.class_scope(classroom.id, teacher, bank_id))
    ] == [other]


def test_the_erase_page_asks_for_password_and_confirmation(
    client, make_user, login, import_bank, clock, ctx
):
    import_bank()
    learner = make_user("learner")
    _answer_all(learner, clock)
    login("learner")
    assert "Erase my account" in client.get("/account/erase").get_data(as_text=True)
    unticked = client.post("/account/erase", data={"password": PASSWORD})
    assert unticked.status_code == 422 and "Tick the box" in unticked.get_data(as_text=True)
    wrong = client.post("/account/erase", data={"password": "wrong wrong", "confirm": "y"})
    assert wrong.status_code == 422 and "The password is wrong." in wrong.get_data(as_text=True)
    no_csrf = client.post("/account/erase", data={"password": PASSWORD, "confirm": "y"}, csrf=False)
    assert no_csrf.status_code == 400
    assert db.session.get(User, learner) is not None
    done = client.post("/account/erase", data={"password": PASSWORD, "confirm": "y"})
    assert done.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, learner) is None
    assert db.session.scalar(select(func.count(ReviewLog.id))) == 0
    assert client.get("/study").status_code == 302  # signed out


def test_the_only_admin_cannot_erase_themselves(api, make_user):  # noqa: F811
    make_user("root", role="admin")
    token = _token(api, "root")
    refused = api("DELETE", "/api/v1/account", token=token, body={"password": PASSWORD})
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "last_admin"
