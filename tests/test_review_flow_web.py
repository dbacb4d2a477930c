"""Reviewing a draft: the editor returns to the review at the question edited, a deleted
question can be brought back, and "accept all" is a confirmed step apart from Publish."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Bank, Question
from tests.conftest import DEFAULT_QUESTIONS, bank_text

PENDING = re.sub(r"(\n- id: [a-z-]+\n)", r"\1  review: pending\n", "\n" + DEFAULT_QUESTIONS)


def page(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def teacher(make_user, client_for, import_bank):
    owner = make_user("teach", "teacher")
    import_bank(bank_text(questions=PENDING), owner_id=owner, status="draft")
    return client_for("teach")


def keys(app) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Question.key)
                .join(Bank)
                .where(Bank.slug == "capitals")
                .order_by(Question.position)
            )
        )


def test_the_editor_opened_from_the_review_returns_to_it_at_the_question(teacher):
    review = page(teacher.get("/teach/banks/capitals/review"))
    assert "/teach/banks/capitals/questions/japan?back=review" in review
    form = page(teacher.get("/teach/banks/capitals/questions/japan?back=review"))
    assert 'href="/teach/banks/capitals/review#q-japan">Back to the review' in form
    response = teacher.post(
        "/teach/banks/capitals/questions/japan?back=review",
        data={
            "key": "japan",
            "type": "short_answer",
            "prompt": "What is the capital city of Japan?",
            "answer": "Tokyo",
            "accept": "Tokio",
        },
    )
    assert response.status_code == 302, page(response)[:2000]
    assert response.headers["Location"].endswith("/teach/banks/capitals/review#q-japan")


def test_delete_then_undo_puts_the_question_back_in_its_place(app, teacher):
    before = keys(app)
    response = teacher.post("/teach/banks/capitals/review/japan/discard", data={})
    assert response.headers["Location"].endswith("/review#undo")
    assert "japan" not in keys(app)
    review = page(teacher.get("/teach/banks/capitals/review"))
    assert "Question <code>japan</code> deleted." in review and ">Undo</button>" in review
    back = teacher.post("/teach/banks/capitals/review/undo", data={})
    assert back.headers["Location"].endswith("/review#q-japan")
    assert keys(app) == before
    with app.app_context():
        japan = db.session.scalar(select(Question).where(Question.key == "japan"))
        assert japan.data["accept"] == ["Tokio"] and japan.review_status == "pending"
    # Undo works once.
    teacher.post("/teach/banks/capitals/review/undo", data={})
    assert "There is nothing to undo." in page(teacher.get("/teach/banks/capitals/review"))


def test_accept_all_is_a_confirmed_step_apart_from_publish(teacher):
    review = page(teacher.get("/teach/banks/capitals/review"))
    actions = review.split('<div class="actions">', 1)[1].split("</div>", 1)[0]
    assert "Publish" in actions and "Accept all" not in actions
    assert "Accept all 4 remaining without reviewing them" in review
    assert "Yes, accept all 4" in review


def test_the_editor_shows_the_questions_own_type_and_picks_the_answer_from_the_choices(
    app, teacher
):
    html = page(teacher.get("/teach/banks/capitals/questions/france"))
    # The answer is one of the choices, picked, not typed again; the right one is checked.
    assert 'type="radio" name="answer" value="Paris" checked' in html
    assert 'type="radio" name="answer" value="Lyon">' in html
    assert "The right choice, picked from the choices" in html
    assert "Flashcard: the back" not in html, "help for this type only"
    # Fields of other types are hidden by the type's own field list (extra_fields).
    assert '<div data-types="short_answer cloze" hidden>' in html
    assert '<div data-types="numeric" hidden>' in html
    assert '<div data-types="multiple_choice ordering">' in html
    response = teacher.post(
        "/teach/banks/capitals/questions/france",
        data={
            "key": "france",
            "type": "multiple_choice",
            "prompt": "What is the capital of France?",
            "choices": "Paris\nLyon\nMarseille\nNice",
            "answer": "Lyon",
            "shuffle": "y",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        france = db.session.scalar(select(Question).where(Question.key == "france"))
        assert france.data["answer"] == "Lyon"
    true_false = page(teacher.get("/teach/banks/capitals/questions/rome-is-capital"))
    assert 'value="true" checked> True' in true_false
