"""Test mode: questions without feedback, scored at the end, answers in the review log."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Card, ReviewLog
from tests.conftest import PASSWORD, bank_text
from tests.test_api import api  # noqa: F401  (the contract-checking client)

RIGHT = {"france": "Paris", "japan": "Tokyo", "rome-is-capital": True, "population": 2.1}
WITH_CARD = """
- id: france
  type: multiple_choice
  prompt: What is the capital of France?
  choices: [Paris, Lyon]
  answer: Paris
  source: {ref: atlas, sentence: Paris is the capital of France.}
- id: japan
  type: short_answer
  prompt: What is the capital of Japan?
  answer: Tokyo
- id: card
  type: flashcard
  prompt: Capital of Peru
  answer: Lima
"""


@pytest.fixture
def learner_token(api, make_user, import_bank):  # noqa: F811
    import_bank()
    make_user("apiuser")
    response = api("POST", "/api/v1/tokens", body={"username": "apiuser", "password": PASSWORD})
    token = response.get_json()["token"]
    api("PUT", "/api/v1/banks/capitals/enrollment", token=token)
    return token


def test_a_test_over_the_api(api, learner_token, clock, ctx):  # noqa: F811
    auth = {"token": learner_token}
    created = api("POST", "/api/v1/banks/capitals/tests", body={"count": 3}, **auth)
    assert created.status_code == 201
    test = created.get_json()
    assert len(test["questions"]) == 3 and test["time_limit_s"] is None
    assert all("answer" not in q["question"] for q in test["questions"])
    base = f"/api/v1/tests/{test['test_id']}"
    first, second, third = test["questions"]
    got = api(
        "POST",
        f"{base}/answers",
        body={
            "presentation_id": first["presentation_id"],
            "response": RIGHT[first["question"]["key"]],
        },
        **auth,
    ).get_json()
    assert got == {
        "test_id": test["test_id"],
        "presentation_id": first["presentation_id"],
        "recorded": True,
        "answered": 1,
        "total": 3,
    }
    wrong = "Nowhere" if second["question"]["type"] == "short_answer" else None
    if second["question"]["type"] == "multiple_choice":
        wrong = "Lyon"
    elif second["question"]["type"] == "true_false":
        wrong = False
    elif second["question"]["type"] == "numeric":
        wrong = 99
    api(
        "POST",
        f"{base}/answers",
        body={"presentation_id": second["presentation_id"], "response": wrong},
        **auth,
    )
    # Test answers are retrievals: in the review log, with a card each.
    assert db.session.scalar(select(func.count(ReviewLog.id))) == 2
    assert db.session.scalar(select(func.count(Card.id))) == 2
    # A question of another test or none is not found; an invalid response is 422.
    bad = api(
        "POST", f"{base}/answers", body={"presentation_id": "x" * 20, "response": "a"}, **auth
    )
    assert bad.status_code == 404
    report = api("POST", f"{base}/finish", **auth).get_json()
    assert (report["score"], report["total"]) == (1, 3)
    missed = {m["question_id"] for m in report["missed"]}
    assert missed == {second["question"]["id"], third["question"]["id"]}
    # Finished: no more answers; finishing again gives the same report.
    late = api(
        "POST",
        f"{base}/answers",
        body={"presentation_id": third["presentation_id"], "response": "x"},
        **auth,
    )
    assert late.status_code == 409 and late.get_json()["error"]["code"] == "test_over"
    assert api("POST", f"{base}/finish", **auth).get_json() == report


def test_bad_test_requests(api, learner_token, make_user):  # noqa: F811
    auth = {"token": learner_token}
    for body in (
        {"count": 0},
        {"count": "3"},
        {"count": 3, "order": "hardest"},
        {"count": 3, "time_limit_s": 5},
        {"count": 3, "colour": "red"},
        {},
    ):
        assert api("POST", "/api/v1/banks/capitals/tests", body=body, **auth).status_code == 422
    assert api("POST", "/api/v1/banks/nope/tests", body={"count": 1}, **auth).status_code == 404
    test = api("POST", "/api/v1/banks/capitals/tests", body={"count": 1}, **auth).get_json()
    make_user("other")
    other = api("POST", "/api/v1/tokens", body={"username": "other", "password": PASSWORD})
    other_token = other.get_json()["token"]
    assert api("GET", f"/api/v1/tests/{test['test_id']}", token=other_token).status_code == 404
    assert (
        api(
            "POST", "/api/v1/banks/capitals/tests", body={"count": 1}, token=other_token
        ).status_code
        == 403
    )


def test_a_timed_test_ends_itself(api, learner_token, clock):  # noqa: F811
    auth = {"token": learner_token}
    body = {"count": 2, "time_limit_s": 60}
    test = api("POST", "/api/v1/banks/capitals/tests", body=body, **auth).get_json()
    assert test["ends_at"]
    clock.advance(seconds=61)
    q = test["questions"][0]
    late = api(
        "POST",
        f"/api/v1/tests/{test['test_id']}/answers",
        body={"presentation_id": q["presentation_id"], "response": RIGHT[q["question"]["key"]]},
        **auth,
    )
    assert late.status_code == 409
    state = api("GET", f"/api/v1/tests/{test['test_id']}", **auth).get_json()
    assert state["finished"] is True
    report = api("POST", f"/api/v1/tests/{test['test_id']}/finish", **auth).get_json()
    assert report["score"] == 0 and len(report["missed"]) == 2
    assert report["finished_at"] == test["ends_at"]


def test_weakest_first_puts_missed_questions_first(api, learner_token, clock):  # noqa: F811
    auth = {"token": learner_token}
    for _ in range(4):
        shown = api("GET", "/api/v1/study/next?bank=capitals", **auth).get_json()
        key = shown["question"]["key"]
        response = "Lyon" if key == "france" else RIGHT[key]
        api(
            "POST",
            "/api/v1/study/answers",
            body={"presentation_id": shown["presentation_id"], "response": response},
            **auth,
        )
        clock.advance(minutes=2)
    clock.advance(days=3)
    body = {"count": 2, "order": "weakest"}
    test = api("POST", "/api/v1/banks/capitals/tests", body=body, **auth).get_json()
    assert test["questions"][0]["question"]["key"] == "france"


def test_flashcards_are_left_out_of_tests(api, make_user, import_bank):  # noqa: F811
    import_bank(bank_text("cards", questions=WITH_CARD, title="Cards"))
    make_user("apiuser")
    token = api("POST", "/api/v1/tokens", body={"username": "apiuser", "password": PASSWORD})
    auth = {"token": token.get_json()["token"]}
    api("PUT", "/api/v1/banks/cards/enrollment", **auth)
    test = api("POST", "/api/v1/banks/cards/tests", body={"count": 10}, **auth).get_json()
    assert sorted(q["question"]["key"] for q in test["questions"]) == ["france", "japan"]


def test_the_test_pages(client, make_user, login, import_bank, clock, ctx):
    import_bank()
    make_user("student")
    login("student")
    client.post("/study/capitals/enroll", data={})
    page = client.get("/study/capitals/test").get_data(as_text=True)
    assert "Take a test" in page and 'name="count"' in page
    bad = client.post("/study/capitals/test", data={"count": "0", "order": "random"})
    assert bad.status_code == 422
    response = client.post("/study/capitals/test", data={"count": "2", "order": "random"})
    assert response.status_code == 303
    take = response.location
    for _ in range(2):
        page = client.get(take).get_data(as_text=True)
        assert "No feedback until the end" in page
        token = re.search(r'name="presentation_id" type="hidden" value="([^"]+)"', page).group(1)
        key = db.session.scalar(select(ReviewLog.id).limit(0))  # nothing graded is shown
        assert key is None
        if 'value="Paris"' in page:
            data = {"response": "Lyon"}
        elif 'name="response" value="True"' in page:
            data = {"response": "True"}
        elif "million" in page:
            data = {"response": "2.1"}
        else:
            data = {"response": "Tokyo"}
        answered = client.post(take + "/answer", data={"presentation_id": token, **data})
        assert answered.status_code == 303
        assert "Correct" not in client.get(answered.location).get_data(as_text=True)
    page = client.get(take).get_data(as_text=True)
    assert "All 2 answered" in page
    done = client.post(take + "/finish", data={})
    report = client.get(done.location).get_data(as_text=True)
    assert "out of 2" in report and "Take another test" in report
    assert db.session.scalar(select(func.count(ReviewLog.id))) == 2
