"""Study integrity: responses of every wrong shape, answers racing, drafts that cannot be probed."""

from __future__ import annotations

import json
import random
import threading

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Card, ReviewLog
from quizapp.questions import QUESTION_TYPES, InvalidResponse
from quizapp.questions.types import MAX_TYPED_ANSWER
from quizapp.services import study
from quizapp.services.banks import bank_by_slug
from tests.conftest import PASSWORD, bank_text

EVERY_TYPE = """
- id: mc
  type: multiple_choice
  prompt: Pick one.
  choices: [a, b, c]
  answer: a
- id: tf
  type: true_false
  prompt: True?
  answer: true
- id: sa
  type: short_answer
  prompt: Say hello.
  answer: hello
- id: num
  type: numeric
  prompt: How many?
  answer: 2.5
  tolerance: 0.5
- id: cz
  type: cloze
  prompt: The ___ and the ___.
  answer: [cat, dog]
- id: ord
  type: ordering
  prompt: Count up.
  answer: ["1", "2", "3"]
- id: fc
  type: flashcard
  prompt: Front
  answer: Back
"""

# Everything JSON can carry, and what Python's parser lets through besides.
HOSTILE_RESPONSES = [
    None,
    True,
    False,
    0,
    -1,
    7,
    10**30,
    10**400,
    1.5,
    float("nan"),
    float("inf"),
    -float("inf"),
    "",
    " ",
    "x" * (MAX_TYPED_ANSWER + 1),
    [],
    [None],
    [[1]],
    [1, 2, 3],
    [1, "2", "3"],
    ["1", "2", "3", "3"],
    {},
    {"a": 1},
    [{"a": 1}, "dog"],
]


def test_every_type_grades_or_refuses_every_response_shape():
    """grade() either grades or raises InvalidResponse: never another exception, never NaN."""
    questions = {
        "multiple_choice": {"choices": ["a", "b", "c"], "answer": "a"},
        "true_false": {"answer": True},
        "short_answer": {"answer": "hello"},
        "numeric": {"answer": 2.5, "tolerance": 0.5},
        "cloze": {"answer": ["cat", "dog"]},
        "ordering": {"answer": ["1", "2", "3"]},
        "flashcard": {"answer": "Back"},
    }
    assert set(questions) == set(QUESTION_TYPES)
    for name, data in questions.items():
        qtype = QUESTION_TYPES[name]
        for response in HOSTILE_RESPONSES:
            try:
                grade = qtype.grade(data, response)
            except InvalidResponse:
                continue
            except Exception as exc:  # pragma: no cover - the failure message says which
                pytest.fail(f"{name} graded {response!r:.40} with {type(exc).__name__}: {exc}")
            assert 0.0 <= grade.score <= 1.0, (name, response)
            # What is graded is stored: it must survive JSON (PostgreSQL refuses NaN).
            json.dumps(response, allow_nan=False)


def test_ordering_items_must_be_the_items_as_text():
    ordering = QUESTION_TYPES["ordering"]
    with pytest.raises(InvalidResponse):
        ordering.grade({"answer": ["1", "2", "3"]}, [1, 2, 3])
    assert ordering.grade({"answer": ["1", "2", "3"]}, ["1", "2", "3"]).correct


def test_numbers_that_are_not_finite_are_refused():
    numeric = QUESTION_TYPES["numeric"]
    for response in (float("nan"), float("inf"), 10**400, "1e400", "nan"):
        with pytest.raises(InvalidResponse):
            numeric.grade({"answer": 2.5}, response)
    assert numeric.grade({"answer": 10**20}, 10**20).correct


def test_typed_answers_longer_than_any_answer_are_refused():
    with pytest.raises(InvalidResponse, match="limited"):
        QUESTION_TYPES["short_answer"].grade({"answer": "hello"}, "h" * (MAX_TYPED_ANSWER + 1))
    with pytest.raises(InvalidResponse, match="limited"):
        QUESTION_TYPES["cloze"].grade({"answer": ["cat", "dog"]}, ["cat", "d" * 10_000])


@pytest.fixture
def api_learner(app, make_user, import_bank):
    make_user("learner")
    import_bank(bank_text("every", questions=EVERY_TYPE))
    client = app.test_client()
    token = client.post(
        "/api/v1/tokens", json={"username": "learner", "password": PASSWORD}
    ).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.put("/api/v1/banks/every/enrollment", headers=headers).status_code == 200
    return client, headers


def right_response(question: dict):
    return {
        "multiple_choice": "a",
        "true_false": True,
        "short_answer": "hello",
        "numeric": 2.5,
        "cloze": ["cat", "dog"],
        "ordering": ["1", "2", "3"],
        "flashcard": "good",
    }[question["type"]]


def test_the_api_refuses_every_wrong_shape_for_every_type_and_records_nothing(
    api_learner, clock, ctx
):
    """Each question type, over HTTP: every response is graded (a plausible wrong answer)
    or refused with 400 or 422, and nothing refused is recorded."""
    client, headers = api_learner
    seen = set()
    for _ in range(len(QUESTION_TYPES)):
        question = client.get("/api/v1/study/next?bank=every", headers=headers).get_json()
        token, question = question["presentation_id"], question["question"]
        for response in HOSTILE_RESPONSES:
            body = json.dumps({"presentation_id": token, "response": response})
            answered = client.post(
                "/api/v1/study/answers",
                data=body,
                content_type="application/json",
                headers=headers,
            )
            if answered.status_code == 200:
                continue  # a plausible answer for this type (a wrong one, say)
            assert answered.status_code in (400, 422), (question["type"], response)
            assert answered.get_json()["error"]["message"]
        logged = db.session.scalar(select(func.count(ReviewLog.id)))
        answered = client.post(
            "/api/v1/study/answers",
            json={"presentation_id": token, "response": right_response(question)},
            headers=headers,
        )
        assert answered.status_code == 200
        # Whatever was accepted before stands: the right answer replays the first one.
        assert db.session.scalar(select(func.count(ReviewLog.id))) in (logged, logged + 1)
        seen.add(question["type"])
    assert seen == set(QUESTION_TYPES)
    for response in db.session.scalars(select(ReviewLog.response)):
        json.dumps(response, allow_nan=False)


ONE_QUESTION = """
- id: only
  type: true_false
  prompt: The sky is blue.
  answer: true
"""


def _race(app, learner, tokens, clock) -> tuple[list, list]:
    results, errors = [], []
    barrier = threading.Barrier(len(tokens))

    def submit(token):
        with app.app_context():
            try:
                barrier.wait()
                results.append(
                    study.submit_answer(
                        learner, token, "true", elapsed_ms=4000, now=clock(), fuzz=False
                    )
                )
            except Exception as exc:  # reported by the caller
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit, args=(t,)) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results, errors


def test_two_open_presentations_of_a_new_question_answered_at_once(
    app, make_user, import_bank, clock
):
    """A study tab and a practice tab show the same new question; both answers arrive together.
    Both are recorded, on one card (PostgreSQL used to refuse the second card with a 500)."""
    import_bank(bank_text("one", questions=ONE_QUESTION))
    learners = [make_user(f"learner{n}") for n in range(4)]
    for learner in learners:
        with app.app_context():
            study.enroll(learner, "one")
            tokens = [
                study.next_question(learner, "one", now=clock(), fuzz=False).token,
                study.next_question(learner, "one", now=clock(), practice=True, fuzz=False).token,
            ]
        assert tokens[0] != tokens[1]
        results, errors = _race(app, learner, tokens, clock)
        assert errors == []
        assert len(results) == 2 and not any(r.replayed for r in results)
    with app.app_context():
        assert db.session.scalar(select(func.count(Card.id))) == len(learners)
        assert set(db.session.scalars(select(Card.reps))) == {2}
        assert db.session.scalar(select(func.count(ReviewLog.id))) == 2 * len(learners)


def test_leaving_a_draft_you_cannot_see_is_not_found_like_a_missing_bank(
    app, make_user, import_bank
):
    owner = make_user("owner", role="teacher")
    make_user("pupil")
    import_bank(bank_text("secret-draft"), owner_id=owner, status="draft")
    client = app.test_client()
    token = client.post(
        "/api/v1/tokens", json={"username": "pupil", "password": PASSWORD}
    ).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    draft = client.delete("/api/v1/banks/secret-draft/enrollment", headers=headers)
    missing = client.delete("/api/v1/banks/no-such-bank/enrollment", headers=headers)
    assert draft.status_code == missing.status_code == 404
    assert draft.get_json()["error"]["code"] == missing.get_json()["error"]["code"]


def test_a_learner_enrolled_before_the_bank_became_a_draft_may_still_leave(
    app, make_user, import_bank, ctx
):
    owner = make_user("owner", role="teacher")
    pupil = make_user("pupil")
    import_bank(bank_text("was-public"), owner_id=owner)
    study.enroll(pupil, "was-public")
    import_bank(bank_text("was-public"), owner_id=owner, status="draft")
    study.unenroll(pupil, "was-public")
    assert not study.is_enrolled(pupil, bank_by_slug("was-public").id)


def test_the_study_loop_survives_random_responses(api_learner, clock, ctx):
    """A short random walk over valid and invalid responses: never a 500."""
    client, headers = api_learner
    rng = random.Random(20240601)
    for _ in range(40):
        shown = client.get("/api/v1/study/next?bank=every&practice=true", headers=headers)
        assert shown.status_code == 200
        body = shown.get_json()
        if body["presentation_id"] is None:
            clock.advance(days=1)
            continue
        response = rng.choice([*HOSTILE_RESPONSES[:12], right_response(body["question"])])
        answered = client.post(
            "/api/v1/study/answers",
            data=json.dumps(
                {
                    "presentation_id": body["presentation_id"],
                    "response": response,
                    "elapsed_ms": rng.choice([None, 0, 10**12, 5000]),
                }
            ),
            content_type="application/json",
            headers=headers,
        )
        assert answered.status_code in (200, 400, 422), answered.get_data(as_text=True)[:300]
        clock.advance(minutes=rng.choice([0, 1, 15, 600]))
