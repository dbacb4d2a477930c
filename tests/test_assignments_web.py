"""Assignments: a bank assigned with a due date and a target, seen by the class's students on
their Study page, and by the teacher as who is on track."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import ClassBank, utcnow
from tests.test_classes_web import create_class, join_code, page


@pytest.fixture
def people(make_user, client_for):
    for name, role in (("teach", "teacher"), ("other", "teacher"), ("ann", "student")):
        make_user(name, role)
    return {name: client_for(name) for name in ("teach", "other", "ann")}


def link(app, class_id):
    with app.app_context():
        row = db.session.scalar(select(ClassBank).where(ClassBank.class_id == class_id))
        return row.due, row.target


def test_assign_with_a_due_date_and_target_and_students_see_it(app, people, import_bank):
    bank_id = import_bank()
    class_id = create_class(people["teach"])
    due = (utcnow() + timedelta(days=14)).date()
    response = people["teach"].post(
        f"/classes/{class_id}/banks",
        data={"bank_id": bank_id, "due": due.isoformat(), "target": "started"},
    )
    assert response.status_code == 302
    assert link(app, class_id) == (due, "started")
    people["ann"].post("/classes/join", data={"code": join_code(app, class_id)})

    manage = page(people["teach"].get(f"/classes/{class_id}"))
    assert f"Every question started by <strong>{due:%-d %b %Y}</strong>" in manage
    assert "0 done, 1 on track, <span" in manage

    study = page(people["ann"].get("/study"))
    assert "Assigned to you" in study
    assert f"Every question started by <strong>{due:%-d %b %Y}</strong>" in study
    assert "0% done" in study and "on track" in study


def test_change_and_clear_the_due_date(app, people, import_bank):
    bank_id = import_bank()
    class_id = create_class(people["teach"])
    people["teach"].post(f"/classes/{class_id}/banks", data={"bank_id": bank_id})
    assert link(app, class_id) == (None, "learnt")
    url = f"/classes/{class_id}/banks/{bank_id}/assignment"
    prefix = f"a{bank_id}-"
    response = people["teach"].post(
        url, data={prefix + "due": "2031-03-12", prefix + "target": "learnt"}
    )
    assert response.status_code == 302
    assert link(app, class_id) == (date(2031, 3, 12), "learnt")
    assert "Capitals: every question learnt, due 12 Mar 2031." in page(
        people["teach"].get(f"/classes/{class_id}")
    )
    people["teach"].post(url, data={prefix + "due": "", prefix + "target": "learnt"})
    assert link(app, class_id) == (None, "learnt")
    # A malformed date changes nothing and says what is expected.
    people["teach"].post(url, data={prefix + "due": "12/03/2031", prefix + "target": "learnt"})
    assert link(app, class_id) == (None, "learnt")
    assert "YYYY-MM-DD" in page(people["teach"].get(f"/classes/{class_id}"))


def test_another_teacher_cannot_set_a_due_date(app, people, import_bank):
    bank_id = import_bank()
    class_id = create_class(people["teach"])
    people["teach"].post(f"/classes/{class_id}/banks", data={"bank_id": bank_id})
    prefix = f"a{bank_id}-"
    response = people["other"].post(
        f"/classes/{class_id}/banks/{bank_id}/assignment",
        data={prefix + "due": "2031-03-12", prefix + "target": "learnt"},
    )
    assert response.status_code == 404
    assert link(app, class_id) == (None, "learnt")
