"""The exam page through the browser's plain forms, and exams changing the schedule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp.errors import NotFound
from quizapp.extensions import db
from quizapp.models import ExamDate


@pytest.fixture
def student(make_user, login, import_bank, clock):
    import_bank()
    make_user("student")
    login("student")
    return "student"


def test_set_see_and_remove_an_exam_date(client, student, clock, ctx):
    client.post("/study/capitals/enroll", data={})
    page = client.get("/study/capitals/exam").get_data(as_text=True)
    assert "Set a date" in page and "The plan" not in page
    day = (clock() + timedelta(days=12)).date()
    response = client.post("/study/capitals/exam", data={"exam_on": day.isoformat()})
    assert response.status_code == 303
    page = client.get(response.location).get_data(as_text=True)
    assert "The plan" in page and "Expected recall on the day" in page
    assert page.count("<tr><td><time") == 12 and day.isoformat() in page
    assert db.session.scalars(select(ExamDate)).one().exam_on == day
    response = client.post("/study/capitals/exam/remove", data={})
    assert response.status_code == 303
    assert db.session.scalars(select(ExamDate)).all() == []


def test_a_past_or_missing_date_is_refused_clearly(client, student, clock, ctx):
    client.post("/study/capitals/enroll", data={})
    yesterday = (clock() - timedelta(days=1)).date().isoformat()
    response = client.post("/study/capitals/exam", data={"exam_on": yesterday})
    assert response.status_code == 422
    assert "The exam date must be after today." in response.get_data(as_text=True)
    response = client.post("/study/capitals/exam", data={"exam_on": ""})
    assert response.status_code == 422 and "Give the date of the exam." in response.get_data(
        as_text=True
    )
    assert db.session.scalars(select(ExamDate)).all() == []


def test_the_exam_page_needs_enrolment_and_csrf(client, student, clock, ctx):
    assert client.get("/study/capitals/exam").status_code == 403
    client.post("/study/capitals/enroll", data={})
    day = (clock() + timedelta(days=5)).date().isoformat()
    response = client.post("/study/capitals/exam", data={"exam_on": day}, csrf=False)
    assert response.status_code == 400
    assert db.session.scalars(select(ExamDate)).all() == []


def test_a_class_exam_applies_to_its_students(ctx, make_user, import_bank, clock):
    from quizapp.services import classes, exams, study

    bank_id = import_bank()
    teacher, pupil = make_user("teach", role="teacher"), make_user("pupil")
    classroom = classes.create_class(teacher, "Period 1")
    classes.assign_bank(classroom.id, teacher, bank_id)
    classes.join_class(pupil, classroom.join_code)
    study.enroll(pupil, "capitals")
    day = (clock() + timedelta(days=20)).date()
    exams.set_class_exam(teacher, classroom.id, bank_id, day, now=clock())
    plan = exams.exam_plan(pupil, "capitals", now=clock())
    assert plan is not None and plan.exam_on == day and plan.set_for == "class"
    other = make_user("other", role="teacher")
    with pytest.raises(NotFound):  # someone else's class
        exams.set_class_exam(other, classroom.id, bank_id, day, now=clock())


def test_with_an_exam_ahead_reviews_come_back_before_it(ctx, make_user, import_bank):
    from datetime import UTC, datetime

    from quizapp.models import Card
    from quizapp.services import exams, study
    from tests.conftest import Clock, bank_text

    one = "- {id: t1, type: short_answer, prompt: Say two, answer: two}"
    import_bank(bank_text("typed", questions=one))
    learner = make_user("learner")
    study.enroll(learner, "typed")
    clock = Clock(datetime(2026, 3, 2, 17, 0, tzinfo=UTC))

    def answer_next():
        shown = study.next_question(learner, "typed", now=clock(), fuzz=False)
        if isinstance(shown, study.Idle):
            clock.now = max(clock.now, shown.next_due)
            shown = study.next_question(learner, "typed", now=clock(), fuzz=False)
        study.submit_answer(learner, shown.token, "two", now=clock(), fuzz=False)
        return db.session.scalars(select(Card)).one()

    card = answer_next()
    while card.state != 2:
        card = answer_next()
    clock.now = card.due
    exams.set_exam(learner, "typed", (clock() + timedelta(days=6)).date(), now=clock())
    exam_at = datetime.combine(
        (clock() + timedelta(days=6)).date(), datetime.min.time(), UTC
    ) + timedelta(hours=4)
    card = answer_next()
    assert clock() < card.due < exam_at  # brought forward: recall on the day was short of 0.95


def test_a_teacher_sets_a_class_exam_from_the_class_page(
    client, ctx, make_user, login, import_bank, clock
):
    from quizapp.services import classes, exams, study

    bank_id = import_bank()
    teacher, pupil = make_user("teach", role="teacher"), make_user("pupil")
    classroom = classes.create_class(teacher, "Period 1")
    classes.assign_bank(classroom.id, teacher, bank_id)
    classes.join_class(pupil, classroom.join_code)
    login("teach")
    page = client.get(f"/classes/{classroom.id}").get_data(as_text=True)
    url = f"/classes/{classroom.id}/banks/{bank_id}/exam"
    assert url in page
    day = (clock() + timedelta(days=9)).date()
    response = client.post(url, data={"exam_on": day.isoformat()})
    assert response.status_code == 303
    assert day.isoformat() in client.get(url).get_data(as_text=True)
    study.enroll(pupil, "capitals")
    assert exams.exam_plan(pupil, "capitals", now=clock()).set_for == "class"
    assert client.post(f"{url}/remove", data={}).status_code == 303
    assert exams.exam_plan(pupil, "capitals", now=clock()) is None
    # Another teacher's class is not found.
    make_user("other", role="teacher")
    client.post("/logout", data={})
    login("other")
    assert client.get(url).status_code == 404
