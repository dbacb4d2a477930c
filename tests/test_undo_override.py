"""Undo the latest answer, and count a typed answer as right: API, page and the log."""

from __future__ import annotations

import pytest
from fsrs import Rating
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Card, ReviewLog
from quizapp.study.scheduling import make_scheduler, review
from tests.conftest import PASSWORD
from tests.test_api import api  # noqa: F401  (the contract-checking client)
from tests.test_study_web import question_page, token_of


@pytest.fixture
def learner_token(api, make_user, import_bank):  # noqa: F811
    import_bank()
    make_user("apiuser")
    response = api("POST", "/api/v1/tokens", body={"username": "apiuser", "password": PASSWORD})
    token = response.get_json()["token"]
    api("PUT", "/api/v1/banks/capitals/enrollment", token=token)
    return token


def _next(api, token):  # noqa: F811
    return api("GET", "/api/v1/study/next?bank=capitals", token=token).get_json()


def _answer(api, token, shown, response):  # noqa: F811
    body = {"presentation_id": shown["presentation_id"], "response": response, "elapsed_ms": 6000}
    return api("POST", "/api/v1/study/answers", token=token, body=body)


def test_override_counts_a_typed_answer_as_right_and_replays_the_card(
    api,  # noqa: F811
    learner_token,
    make_user,
    clock,
    ctx,
):
    first = _next(api, learner_token)
    assert first["question"]["key"] == "france"
    france = _answer(api, learner_token, first, "Paris").get_json()
    assert france["review_id"] and not france["can_override"]
    # Multiple choice is not typed: nothing to override.
    refused = api(
        "POST",
        f"/api/v1/reviews/{france['review_id']}/override",
        token=learner_token,
        body={"correct": True},
    )
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "not_overridable"

    clock.advance(seconds=30)
    japan = _next(api, learner_token)
    assert japan["question"]["key"] == "japan"
    wrong = _answer(api, learner_token, japan, "Tokyo-to").get_json()
    assert wrong["correct"] is False and wrong["rating"] == "again" and wrong["can_override"]
    path = f"/api/v1/reviews/{wrong['review_id']}/override"
    assert api("POST", path, token=learner_token, body={"correct": False}).status_code == 422
    assert api("POST", path, token=learner_token, body={}).status_code == 422
    clock.advance(seconds=10)
    fixed = api("POST", path, token=learner_token, body={"correct": True})
    assert fixed.status_code == 200
    body = fixed.get_json()
    assert body["correct"] is True and body["overridden"] and body["rating"] == "good"
    assert not body["can_override"]

    log = db.session.get(ReviewLog, wrong["review_id"])
    db.session.refresh(log)
    assert (log.response, log.graded_correct, log.graded_rating) == ("Tokyo-to", False, 1)
    assert (log.correct, log.rating) == (True, int(Rating.Good))
    card = db.session.scalar(select(Card).where(Card.question_id == log.question_id))
    db.session.refresh(card)
    expected = review(make_scheduler(0.9, fuzz=False), None, Rating.Good, log.reviewed_at)
    assert card.due == expected.due and card.stability == pytest.approx(expected.stability)
    assert log.state_after["due"] == expected.due.isoformat()
    # Overriding again changes nothing; the feedback replays the corrected answer.
    again = api("POST", path, token=learner_token, body={"correct": True}).get_json()
    assert again == body
    # Nobody else can override it.
    make_user("other")
    other = api("POST", "/api/v1/tokens", body={"username": "other", "password": PASSWORD})
    other_token = other.get_json()["token"]
    assert api("POST", path, token=other_token, body={"correct": True}).status_code == 404


def test_undo_takes_back_the_latest_answer_and_reopens_its_question(
    api,  # noqa: F811
    learner_token,
    make_user,
    clock,
    ctx,
):
    first = _next(api, learner_token)
    result = _answer(api, learner_token, first, "Lyon").get_json()
    clock.advance(seconds=20)
    second = _next(api, learner_token)
    latest = _answer(api, learner_token, second, "Tokyo").get_json()
    # Only the latest answer can be taken back.
    older = api("POST", f"/api/v1/reviews/{result['review_id']}/undo", token=learner_token)
    assert older.status_code == 409 and older.get_json()["error"]["code"] == "not_latest"
    make_user("other")
    other = api("POST", "/api/v1/tokens", body={"username": "other", "password": PASSWORD})
    other_token = other.get_json()["token"]
    path = f"/api/v1/reviews/{latest['review_id']}/undo"
    assert api("POST", path, token=other_token).status_code == 404

    undone = api("POST", path, token=learner_token)
    assert undone.status_code == 200
    assert undone.get_json()["presentation_id"] == second["presentation_id"]
    assert db.session.scalar(select(func.count(ReviewLog.id))) == 1
    assert db.session.scalar(select(func.count(Card.id))) == 1  # japan was new: no card
    again = _next(api, learner_token)
    assert again["presentation_id"] == second["presentation_id"]
    # The same presentation can be answered again; undo that, then the first answer.
    assert _answer(api, learner_token, again, "Tokio").get_json()["correct"] is True
    newest = db.session.scalar(select(func.max(ReviewLog.id)))
    assert api("POST", f"/api/v1/reviews/{newest}/undo", token=learner_token).status_code == 200
    assert (
        api("POST", f"/api/v1/reviews/{result['review_id']}/undo", token=learner_token).status_code
        == 200
    )
    assert db.session.scalar(select(func.count(ReviewLog.id))) == 0
    assert db.session.scalar(select(func.count(Card.id))) == 0


def test_undo_restores_a_reviewed_cards_state(api, learner_token, clock, ctx):  # noqa: F811
    first = _next(api, learner_token)
    _answer(api, learner_token, first, "Paris")
    card = db.session.scalar(select(Card).where(Card.question_id == first["question"]["id"]))
    before = (card.state, card.step, card.due, card.reps)
    clock.advance(minutes=11)
    # Skip ahead to France again: answer the rest until it comes back.
    for _ in range(6):
        shown = _next(api, learner_token)
        if shown["question"]["id"] == first["question"]["id"]:
            break
        key = shown["question"]["key"]
        responses = {"japan": "Tokyo", "rome-is-capital": True, "population": 2.1}
        _answer(api, learner_token, shown, responses[key])
    result = _answer(api, learner_token, shown, "Lyon").get_json()
    api("POST", f"/api/v1/reviews/{result['review_id']}/undo", token=learner_token)
    db.session.expire_all()
    card = db.session.scalar(select(Card).where(Card.question_id == first["question"]["id"]))
    assert (card.state, card.step, card.due, card.reps) == before


def test_the_pages_undo_and_override(client, make_user, login, import_bank, clock, ctx):
    import_bank()
    make_user("student")
    login("student")
    client.post("/study/capitals/enroll", data={})
    token = token_of(question_page(client))
    client.post("/study/capitals/answer", data={"presentation_id": token, "response": "Lyon"})
    result = client.get(f"/study/capitals/result/{token}").get_data(as_text=True)
    assert "Undo" in result and "I was right" not in result  # multiple choice
    response = client.post(f"/study/capitals/result/{token}/undo", data={})
    assert response.status_code == 303 and response.location.endswith("/study/capitals")
    page = question_page(client)
    assert token_of(page) == token and "answer taken back" in page.lower()
    assert db.session.scalar(select(func.count(ReviewLog.id))) == 0
    client.post("/study/capitals/answer", data={"presentation_id": token, "response": "Paris"})
    clock.advance(seconds=30)
    japan = token_of(question_page(client))
    client.post("/study/capitals/answer", data={"presentation_id": japan, "response": "Edo"})
    result = client.get(f"/study/capitals/result/{japan}").get_data(as_text=True)
    assert "I was right" in result
    response = client.post(f"/study/capitals/result/{japan}/override", data={})
    assert response.status_code == 303
    result = client.get(response.location).get_data(as_text=True)
    assert "Counted as right" in result and "I was right" not in result
    log = db.session.scalar(select(ReviewLog).order_by(ReviewLog.id.desc()).limit(1))
    db.session.refresh(log)
    assert log.correct is True and log.graded_correct is False
    assert (
        client.post(f"/study/capitals/result/{japan}/override", data={}, csrf=False).status_code
        == 400
    )
