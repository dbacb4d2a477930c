"""The JSON API: tokens, enrolment, studying, progress, errors, and the OpenAPI contract.

Every response in this file goes through ``call``, which checks it against the OpenAPI
document served at /api/v1/openapi.json: status declared for the route, body valid
against the declared schema.
"""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import ReviewLog
from tests.conftest import PASSWORD, bank_text

_DOC: dict | None = None


def openapi(client) -> dict:
    global _DOC
    if _DOC is None:
        _DOC = client.get("/api/v1/openapi.json").get_json()
    return _DOC


def _route_template(doc: dict, path: str) -> str:
    bare = path.split("?", 1)[0].removeprefix("/api/v1")
    for template in doc["paths"]:
        parts, actual = template.strip("/").split("/"), bare.strip("/").split("/")
        if len(parts) == len(actual) and all(
            p == a or (p.startswith("{") and p.endswith("}"))
            for p, a in zip(parts, actual, strict=True)
        ):
            return template
    raise AssertionError(f"{bare} is not in the OpenAPI document")


def check_contract(client, method: str, path: str, response) -> None:
    doc = openapi(client)
    operation = doc["paths"][_route_template(doc, path)][method.lower()]
    status = str(response.status_code)
    assert status in operation["responses"], f"{method} {path} answered {status}, undocumented"
    content = operation["responses"][status].get("content")
    if content is None:
        assert not response.get_data(), f"{method} {path} {status} should have no body"
        return
    schema = {**content["application/json"]["schema"], "components": doc["components"]}
    errors = sorted(
        Draft202012Validator(
            schema, format_checker=Draft202012Validator.FORMAT_CHECKER
        ).iter_errors(response.get_json()),
        key=str,
    )
    assert not errors, f"{method} {path} {status}: {errors[0].message} in {response.get_json()}"


@pytest.fixture
def api(client):
    """Call the API as a client would: JSON in, JSON out, checked against the contract."""

    def call(method: str, path: str, *, token: str | None = None, body=None, raw=None, **kw):
        headers = kw.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        response = client.open(
            path, method=method, data=data, headers=headers, content_type="application/json", **kw
        )
        assert response.mimetype == "application/json" or response.status_code == 204
        check_contract(client, method, path, response)
        return response

    return call


@pytest.fixture
def token(api, make_user, import_bank):
    import_bank()
    make_user("apiuser")
    response = api("POST", "/api/v1/tokens", body={"username": "apiuser", "password": PASSWORD})
    assert response.status_code == 201
    return response.get_json()["token"]


def test_the_document_is_valid_openapi_3(client):
    doc = openapi(client)
    validate_openapi(doc)
    assert doc["openapi"].startswith("3.")
    for path in (
        "/tokens",
        "/tokens/current",
        "/banks",
        "/banks/{slug}/enrollment",
        "/study/next",
        "/study/answers",
        "/progress",
    ):
        assert path in doc["paths"]


def test_tokens_issue_and_revoke(api, token):
    assert api("GET", "/api/v1/banks", token=token).status_code == 200
    assert api("DELETE", "/api/v1/tokens/current", token=token).status_code == 204
    revoked = api("GET", "/api/v1/banks", token=token)
    assert revoked.status_code == 401
    assert revoked.headers["WWW-Authenticate"].startswith("Bearer")


def test_wrong_credentials_and_missing_tokens_are_401(api, make_user):
    make_user("someone")
    wrong = api("POST", "/api/v1/tokens", body={"username": "someone", "password": "nope-nope"})
    assert wrong.status_code == 401 and wrong.get_json()["error"]["code"] == "invalid_credentials"
    assert api("GET", "/api/v1/banks").status_code == 401
    assert api("GET", "/api/v1/banks", token="qz_made_up").status_code == 401
    basic = api("GET", "/api/v1/banks", headers={"Authorization": "Basic eDp5"})
    assert basic.status_code == 401


def test_token_creation_is_throttled(api, app, make_user):
    make_user("target")
    app.config["LOGIN_MAX_FAILURES"] = 2
    for _ in range(2):
        api("POST", "/api/v1/tokens", body={"username": "target", "password": "wrong-wrong"})
    locked = api("POST", "/api/v1/tokens", body={"username": "target", "password": PASSWORD})
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0


def test_malformed_bodies(api, token):
    assert api("POST", "/api/v1/tokens", raw="{not json").status_code == 400
    assert api("POST", "/api/v1/tokens", body=["a", "list"]).status_code == 400
    missing = api("POST", "/api/v1/tokens", body={"username": "x"})
    assert missing.status_code == 422 and "password" in missing.get_json()["error"]["fields"]
    big = api(
        "POST",
        "/api/v1/study/answers",
        token=token,
        body={"presentation_id": "x" * 20, "response": "y" * 70_000},
    )
    assert big.status_code == 413 and big.get_json()["error"]["code"] == "too_large"


def test_banks_and_enrolment(api, token, import_bank, make_user):
    listed = api("GET", "/api/v1/banks", token=token).get_json()["banks"]
    assert listed == [
        {
            "slug": "capitals",
            "title": "Capitals",
            "description": None,
            "language": "en",
            "question_count": 4,
            "enrolled": False,
        }
    ]
    assert api("PUT", "/api/v1/banks/capitals/enrollment", token=token).status_code == 200
    assert api("PUT", "/api/v1/banks/capitals/enrollment", token=token).status_code == 200
    assert api("GET", "/api/v1/banks", token=token).get_json()["banks"][0]["enrolled"] is True
    assert api("DELETE", "/api/v1/banks/capitals/enrollment", token=token).status_code == 204
    assert api("GET", "/api/v1/banks", token=token).get_json()["banks"][0]["enrolled"] is False
    assert api("PUT", "/api/v1/banks/nope/enrollment", token=token).status_code == 404


def test_drafts_are_403_to_their_owner_and_404_to_others(api, make_user, import_bank):
    owner = make_user("owner", role="teacher")
    make_user("pupil")
    import_bank(bank_text("draft-bank"), owner_id=owner, status="draft")
    owner_token = api(
        "POST", "/api/v1/tokens", body={"username": "owner", "password": PASSWORD}
    ).get_json()["token"]
    pupil_token = api(
        "POST", "/api/v1/tokens", body={"username": "pupil", "password": PASSWORD}
    ).get_json()["token"]
    assert api("PUT", "/api/v1/banks/draft-bank/enrollment", token=owner_token).status_code == 403
    assert api("PUT", "/api/v1/banks/draft-bank/enrollment", token=pupil_token).status_code == 404


def test_study_next_and_answer(api, token, clock, ctx):
    not_enrolled = api("GET", "/api/v1/study/next?bank=capitals", token=token)
    assert not_enrolled.status_code == 403
    assert not_enrolled.get_json()["error"]["code"] == "not_enrolled"
    assert api("GET", "/api/v1/study/next", token=token).status_code == 422
    api("PUT", "/api/v1/banks/capitals/enrollment", token=token)

    shown = api("GET", "/api/v1/study/next?bank=capitals", token=token).get_json()
    question = shown["question"]
    assert question["type"] == "multiple_choice" and question["prompt"].startswith("What is")
    assert sorted(question["choices"]) == ["Lyon", "Marseille", "Nice", "Paris"]
    assert "answer" not in question and "explanation" not in question
    body = {"presentation_id": shown["presentation_id"], "response": "Paris", "elapsed_ms": 4000}
    first = api("POST", "/api/v1/study/answers", token=token, body=body)
    assert first.status_code == 200
    result = first.get_json()
    assert result["correct"] is True and result["rating"] == "good"
    assert result["answer"] == "Paris"
    assert result["explanation"] == "Paris has been the capital since 987."
    assert result["source"]["sentence"] == "Paris is the capital of France."
    assert result["source"]["title"] == "World Atlas"
    assert result["source"]["publisher"] == "Example Press"
    assert result["source"]["published"] == "2020-01-02"
    # The same presentation twice: the same result, one review.
    again = api("POST", "/api/v1/study/answers", token=token, body={**body, "response": "Lyon"})
    assert again.get_json() == result
    assert db.session.scalar(select(func.count(ReviewLog.id))) == 1


def test_invalid_answers_are_422_and_unknown_presentations_404(api, token, clock):
    api("PUT", "/api/v1/banks/capitals/enrollment", token=token)
    shown = api("GET", "/api/v1/study/next?bank=capitals", token=token).get_json()
    pid = shown["presentation_id"]
    bad = api(
        "POST",
        "/api/v1/study/answers",
        token=token,
        body={"presentation_id": pid, "response": "Berlin"},
    )
    assert bad.status_code == 422 and bad.get_json()["error"]["code"] == "invalid_response"
    negative = api(
        "POST",
        "/api/v1/study/answers",
        token=token,
        body={"presentation_id": pid, "response": "Paris", "elapsed_ms": -3},
    )
    assert negative.status_code == 422
    unknown = api(
        "POST",
        "/api/v1/study/answers",
        token=token,
        body={"presentation_id": "doesnotexist123", "response": "Paris"},
    )
    assert unknown.status_code == 404


def test_a_changed_question_is_409(api, token, clock, import_bank):
    api("PUT", "/api/v1/banks/capitals/enrollment", token=token)
    pid = api("GET", "/api/v1/study/next?bank=capitals", token=token).get_json()["presentation_id"]
    import_bank(bank_text().replace("answer: Paris", "answer: Lyon"))
    conflict = api(
        "POST",
        "/api/v1/study/answers",
        token=token,
        body={"presentation_id": pid, "response": "Lyon"},
    )
    assert (
        conflict.status_code == 409 and conflict.get_json()["error"]["code"] == "question_changed"
    )


def test_one_learner_can_never_read_or_answer_as_another(api, token, make_user, clock, ctx):
    make_user("eve")
    eve = api("POST", "/api/v1/tokens", body={"username": "eve", "password": PASSWORD}).get_json()[
        "token"
    ]
    api("PUT", "/api/v1/banks/capitals/enrollment", token=token)
    api("PUT", "/api/v1/banks/capitals/enrollment", token=eve)
    mine = api("GET", "/api/v1/study/next?bank=capitals", token=token).get_json()["presentation_id"]
    steal = api(
        "POST",
        "/api/v1/study/answers",
        token=eve,
        body={"presentation_id": mine, "response": "Paris"},
    )
    assert steal.status_code == 404
    assert db.session.scalar(select(func.count(ReviewLog.id))) == 0
    # Eve's own next question is her own presentation, never mine.
    theirs = api("GET", "/api/v1/study/next?bank=capitals", token=eve).get_json()
    assert theirs["presentation_id"] != mine
    api(
        "POST",
        "/api/v1/study/answers",
        token=token,
        body={"presentation_id": mine, "response": "Paris"},
    )
    # Eve's progress knows nothing of my answer; replaying my token still is not hers.
    eve_progress = api("GET", "/api/v1/progress", token=eve).get_json()
    assert eve_progress["banks"][0]["reviews_today"] == 0
    replay = api(
        "POST",
        "/api/v1/study/answers",
        token=eve,
        body={"presentation_id": mine, "response": "Paris"},
    )
    assert replay.status_code == 404


def test_nothing_due_gives_null_question_and_next_due(api, token, clock):
    api("PATCH", "/api/v1/settings", token=token, body={"daily_new_limit": 1})
    api("PUT", "/api/v1/banks/capitals/enrollment", token=token)
    shown = api("GET", "/api/v1/study/next?bank=capitals", token=token).get_json()
    api(
        "POST",
        "/api/v1/study/answers",
        token=token,
        body={"presentation_id": shown["presentation_id"], "response": "Paris"},
    )
    clock.advance(minutes=30)
    learn = api("GET", "/api/v1/study/next?bank=capitals", token=token).get_json()
    assert learn["reason"] == "learning"
    api(
        "POST",
        "/api/v1/study/answers",
        token=token,
        body={"presentation_id": learn["presentation_id"], "response": "Paris"},
    )
    idle = api("GET", "/api/v1/study/next?bank=capitals", token=token).get_json()
    assert idle["question"] is None and idle["presentation_id"] is None
    assert idle["next_due"] > clock().isoformat()
    ahead = api("GET", "/api/v1/study/next?bank=capitals&practice=true", token=token).get_json()
    assert ahead["question"] is not None and ahead["practice"] is True


def test_flashcards_over_the_api(api, token, import_bank, clock):
    import_bank(
        bank_text(
            "cards",
            questions="""
- id: one
  type: flashcard
  prompt: Front
  answer: Back
""",
        )
    )
    api("PUT", "/api/v1/banks/cards/enrollment", token=token)
    shown = api("GET", "/api/v1/study/next?bank=cards", token=token).get_json()
    grades = shown["question"]["grades"]
    assert [g["rating"] for g in grades] == ["again", "hard", "good", "easy"]
    assert grades[0]["interval"] == "1m" and grades[0]["interval_seconds"] == 60
    result = api(
        "POST",
        "/api/v1/study/answers",
        token=token,
        body={"presentation_id": shown["presentation_id"], "response": "hard"},
    ).get_json()
    assert result["rating"] == "hard" and result["correct"] is None and result["answer"] == "Back"


def test_progress_and_settings(api, token, clock):
    api("PUT", "/api/v1/banks/capitals/enrollment", token=token)
    shown = api("GET", "/api/v1/study/next?bank=capitals", token=token).get_json()
    api(
        "POST",
        "/api/v1/study/answers",
        token=token,
        body={"presentation_id": shown["presentation_id"], "response": "Nice"},
    )
    progress = api("GET", "/api/v1/progress", token=token).get_json()
    bank = progress["banks"][0]
    assert (bank["slug"], bank["new"], bank["learning"], bank["review"]) == ("capitals", 3, 1, 0)
    assert bank["reviews_today"] == 1 and bank["retention"] is None
    assert (
        len(progress["reviews_per_day"]) == 30 and progress["reviews_per_day"][-1]["reviews"] == 1
    )
    assert len(progress["forecast"]) == 14 and progress["forecast"][0]["due"] == 1
    settings = api("GET", "/api/v1/settings", token=token).get_json()
    assert settings["desired_retention"] == 0.9
    changed = api(
        "PATCH",
        "/api/v1/settings",
        token=token,
        body={"desired_retention": 0.85, "daily_new_limit": 5},
    )
    assert changed.get_json()["daily_new_limit"] == 5
    assert (
        api("PATCH", "/api/v1/settings", token=token, body={"desired_retention": 2}).status_code
        == 422
    )
    assert api("PATCH", "/api/v1/settings", token=token, body={"colour": "red"}).status_code == 422


def test_api_ignores_csrf_but_not_cookies(client, api, make_user, login, import_bank):
    """A signed-in browser session is not an API credential: no token, no access."""
    import_bank()
    make_user("browser")
    login("browser")
    assert api("GET", "/api/v1/banks").status_code == 401


def test_the_contract_check_catches_a_body_that_breaks_the_document(client, app):
    """The checker every test above relies on really rejects what the document forbids."""
    with app.test_request_context():
        from flask import jsonify

        leaky = jsonify(
            presentation_id="abc",
            question={"id": 1, "type": "flashcard", "prompt": "p", "answer": "leak"},
        )
        missing = jsonify(banks=[{"slug": "x"}])
        undocumented = jsonify(error={"code": "teapot", "message": "no"})
        undocumented.status_code = 418
    with pytest.raises(AssertionError):
        check_contract(client, "GET", "/api/v1/study/next", leaky)
    with pytest.raises(AssertionError):
        check_contract(client, "GET", "/api/v1/banks", missing)
    with pytest.raises(AssertionError):
        check_contract(client, "GET", "/api/v1/banks", undocumented)


def test_exam_date_put_plan_get_and_delete(api, token, clock):
    from datetime import timedelta

    api("PUT", "/api/v1/banks/capitals/enrollment", token=token)
    day = (clock() + timedelta(days=10)).date().isoformat()
    response = api("PUT", "/api/v1/banks/capitals/exam", token=token, body={"date": day})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert set(body) == {"date", "expected_recall", "plan"} and body["date"] == day
    assert 0 <= body["expected_recall"] <= 1
    assert len(body["plan"]) >= 9 and set(body["plan"][0]) == {"date", "reviews"}
    # Every question of the bank is met in the plan, so recall on the day is expected.
    assert sum(d["reviews"] for d in body["plan"]) > 0 and body["expected_recall"] > 0.5
    assert api("GET", "/api/v1/banks/capitals/exam", token=token).get_json() == body
    assert api("DELETE", "/api/v1/banks/capitals/exam", token=token).status_code == 204
    assert api("GET", "/api/v1/banks/capitals/exam", token=token).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"date": "2020-01-01"}, "date"),
        ({"date": "soon"}, "date"),
        ({}, "date"),
        ({"date": 20260101}, "date"),
        ({"date": "2030-01-01", "extra": 1}, "extra"),
    ],
)
def test_exam_date_is_validated(api, token, body, field):
    api("PUT", "/api/v1/banks/capitals/enrollment", token=token)
    response = api("PUT", "/api/v1/banks/capitals/exam", token=token, body=body)
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]


def test_exam_needs_enrolment(api, token, clock):
    response = api("PUT", "/api/v1/banks/capitals/exam", token=token, body={"date": "2099-01-01"})
    assert response.status_code == 403
