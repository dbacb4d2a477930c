"""Flagging a broken question: from the feedback page and the API, only questions you saw."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import QuestionFlag
from quizapp.services import flags as flag_service
from tests.conftest import PASSWORD
from tests.test_api import api  # noqa: F401  (the contract-checking client)
from tests.test_study_web import question_page, token_of


@pytest.fixture
def student(make_user, login, import_bank):
    import_bank()
    make_user("student")
    login("student")


@pytest.fixture
def api_token(api, make_user, import_bank):  # noqa: F811
    import_bank()
    make_user("apiuser")
    response = api("POST", "/api/v1/tokens", body={"username": "apiuser", "password": PASSWORD})
    return response.get_json()["token"]


def _answer_first(client) -> str:
    client.post("/study/capitals/enroll", data={})
    token = token_of(question_page(client))
    client.post("/study/capitals/answer", data={"presentation_id": token, "response": "Paris"})
    return token


def test_the_feedback_page_flags_its_question(client, student, ctx):
    token = _answer_first(client)
    result = client.get(f"/study/capitals/result/{token}").get_data(as_text=True)
    assert "Report a problem with this question" in result
    response = client.post(
        f"/study/capitals/result/{token}/flag", data={"reason": "  The answer   is wrong "}
    )
    assert response.status_code == 303
    page = client.get(response.location).get_data(as_text=True)
    assert "teacher will see your report" in page
    flag = db.session.scalar(select(QuestionFlag))
    assert flag.reason == "The answer is wrong"
    assert flag.question.key == "france"
    assert [f.id for f in flag_service.flags_for_question(flag.question_id)] == [flag.id]


def test_an_empty_reason_is_refused_with_the_form_open(client, student, ctx):
    token = _answer_first(client)
    response = client.post(f"/study/capitals/result/{token}/flag", data={"reason": "  "})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Say what is wrong." in page and '<details class="flag" open>' in page
    assert db.session.scalar(select(QuestionFlag)) is None


def test_flagging_needs_csrf_and_your_own_result(client, student, make_user, login, ctx):
    token = _answer_first(client)
    response = client.post(
        f"/study/capitals/result/{token}/flag", data={"reason": "typo"}, csrf=False
    )
    assert response.status_code == 400
    client.post("/logout", data={})
    make_user("other")
    login("other")
    response = client.post(f"/study/capitals/result/{token}/flag", data={"reason": "typo"})
    assert response.status_code == 404
    assert db.session.scalar(select(QuestionFlag)) is None


def test_the_api_flags_only_questions_you_were_shown(api, api_token, make_user, ctx):  # noqa: F811
    auth = {"token": api_token}
    api("PUT", "/api/v1/banks/capitals/enrollment", **auth)
    shown = api("GET", "/api/v1/study/next?bank=capitals", **auth).get_json()
    qid = shown["question"]["id"]
    path = f"/api/v1/questions/{qid}/flags"
    first = api("POST", path, body={"reason": "Lyon is also right"}, **auth)
    assert first.status_code == 201 and first.get_json()["question_id"] == qid
    again = api("POST", path, body={"reason": "Lyon is also right"}, **auth)
    assert again.status_code == 200 and again.get_json()["id"] == first.get_json()["id"]
    assert api("POST", path, body={"reason": ""}, **auth).status_code == 422
    assert api("POST", path, body={"reason": "x" * 1001}, **auth).status_code == 422
    assert api("POST", path, body={}, **auth).status_code == 422
    # A question never shown to this learner, and one that does not exist, are not found.
    make_user("other")
    other = api("POST", "/api/v1/tokens", body={"username": "other", "password": PASSWORD})
    other_token = other.get_json()["token"]
    assert api("POST", path, body={"reason": "x"}, token=other_token).status_code == 404
    assert (
        api("POST", "/api/v1/questions/999999/flags", body={"reason": "x"}, **auth).status_code
        == 404
    )
    assert len(db.session.scalars(select(QuestionFlag)).all()) == 1
