"""Preview as a student and "try it": questions rendered by the study page's own templates,
answered and graded in a sandbox that writes nothing to the database."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Card, Presentation, ReviewLog
from tests.conftest import bank_text

ORDERING = """
- id: france
  type: multiple_choice
  prompt: What is the capital of France?
  choices: [Paris, Lyon, Marseille, Nice]
  answer: Paris
  explanation: Paris has been the capital since 987.
- id: rivers
  type: ordering
  prompt: Put these rivers in order of length, longest first.
  choices: [Nile, Amazon, Thames]
  answer: [Nile, Amazon, Thames]
- id: sentence
  type: cloze
  prompt: The Seine flows through ___.
  answer: [Paris]
- id: card
  type: flashcard
  prompt: Capital of Spain
  answer: Madrid
"""


def page(response) -> str:
    return response.get_data(as_text=True)


def nothing_written(app) -> bool:
    with app.app_context():
        return all(
            db.session.scalar(select(func.count()).select_from(model)) == 0
            for model in (Card, ReviewLog, Presentation)
        )


@pytest.fixture
def uploaded(app, make_user, client_for):
    make_user("teach", "teacher")
    teacher = client_for("teach")
    body = bank_text("rivers", questions=ORDERING, title="Rivers").encode()
    from io import BytesIO

    response = teacher.post(
        "/teach/banks/upload",
        data={"files": [(BytesIO(body), "rivers.yaml")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, page(response)[:800]
    return teacher, response.headers["Location"]


def test_the_preview_shows_every_question_as_students_see_it(uploaded):
    teacher, preview = uploaded
    html = page(teacher.get(preview))
    assert "As students see it" in html and "Try it as a student" in html
    # The distractors, the ordering items and the blank, as the study page draws them.
    for text in ("Marseille", "Thames", 'class="blank"', "Show answer"):
        assert text in html
    assert 'class="answer type-ordering" disabled' in html


def test_try_an_upload_in_a_sandbox_that_records_nothing(app, uploaded):
    teacher, preview = uploaded
    url = preview + "/try"
    first = page(teacher.get(url + "?seed=7"))
    assert "Nothing is recorded" in first and "Question 1 of 4" in first
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', first).group(1)
    answered = teacher.post(
        url,
        data={"csrf_token": csrf, "position": "0", "seed": "7", "right": "0", "response": "Paris"},
    )
    html = page(answered)
    assert answered.status_code == 200 and "Correct" in html and "since 987" in html
    assert "right=1" in html
    # Ordering: the positions map through the same shuffle that was shown.
    shown = page(teacher.get(url + "?n=1&seed=7&right=1"))
    items = re.findall(r'<label for="position-(\d)">([^<]+)</label>', shown)
    order = {"Nile": 1, "Amazon": 2, "Thames": 3}
    data = {f"position-{i}": str(order[name]) for i, name in items}
    html = page(
        teacher.post(
            url, data={"csrf_token": csrf, "position": "1", "seed": "7", "right": "1", **data}
        )
    )
    assert "Correct" in html
    # No choice made: asked again with the study page's message, not graded.
    blank = teacher.post(url, data={"csrf_token": csrf, "position": "0", "seed": "7", "right": "2"})
    assert blank.status_code == 422 and "Choose one of the choices." in page(blank)
    done = page(teacher.get(url + "?n=4&seed=7&right=2"))
    assert "You tried all 4 questions" in done and "2 of 4 right" in done
    assert nothing_written(app)


def test_another_teacher_cannot_try_an_upload(app, uploaded, make_user, client_for):
    _, preview = uploaded
    make_user("other", "teacher")
    assert client_for("other").get(preview + "/try").status_code == 404


def test_try_a_draft_bank(app, make_user, client_for, import_bank):
    teacher_id = make_user("teach", "teacher")
    import_bank(bank_text("rivers", questions=ORDERING, title="Rivers"), owner_id=teacher_id)
    teacher = client_for("teach")
    html = page(teacher.get("/teach/banks/rivers/try?seed=1"))
    assert "Question 1 of 4" in html
    assert nothing_written(app)
