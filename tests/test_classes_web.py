"""Classes in the browser: create, share, join, roster, remove; and requests from the wrong user."""

import re

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import ClassBank, ClassMember, Classroom, Enrollment


def page(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def people(make_user, client_for):
    for name, role in (
        ("teach", "teacher"),
        ("other", "teacher"),
        ("ann", "student"),
        ("bob", "student"),
    ):
        make_user(name, role)
    return {name: client_for(name) for name in ("teach", "other", "ann", "bob")}


def create_class(client, name="Geography 7B") -> int:
    response = client.post("/classes/new", data={"name": name})
    assert response.status_code == 302, page(response)[:500]
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])


def join_code(app, class_id: int) -> str:
    with app.app_context():
        return db.session.get(Classroom, class_id).join_code


def members(app, class_id: int) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(select(ClassMember.user_id).where(ClassMember.class_id == class_id))
        )


def test_a_teacher_creates_a_class_assigns_a_bank_and_students_join(app, people, import_bank):
    bank_id = import_bank()
    class_id = create_class(people["teach"])
    code = join_code(app, class_id)
    html = page(people["teach"].get(f"/classes/{class_id}"))
    assert f"{code[:4]}-{code[4:]}" in html
    assert f"/classes/join/{code}" in html
    people["teach"].post(f"/classes/{class_id}/banks", data={"bank_id": bank_id})

    response = people["ann"].post("/classes/join", data={"code": f"{code[:4].lower()} {code[4:]}"})
    assert response.status_code == 302
    assert "You joined Geography 7B" in page(people["ann"].get("/classes/"))
    with app.app_context():
        enrolled = db.session.execute(select(Enrollment.user_id, Enrollment.bank_id)).all()
        assert len(enrolled) == 1 and enrolled[0][1] == bank_id
    roster = page(people["teach"].get(f"/classes/{class_id}"))
    assert "Students (1)" in roster and "ann" in roster


def test_a_join_link_asks_before_joining(app, people):
    class_id = create_class(people["teach"])
    code = join_code(app, class_id)
    confirm = people["ann"].get(f"/classes/join/{code}")
    assert confirm.status_code == 200 and "Join Geography 7B?" in page(confirm)
    assert members(app, class_id) == [], "opening the link alone joins nothing"
    people["ann"].post("/classes/join", data={"code": code})
    assert len(members(app, class_id)) == 1


def test_a_join_link_needs_signing_in_first(app, client, people):
    code = join_code(app, create_class(people["teach"]))
    response = client.get(f"/classes/join/{code}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_wrong_code_is_explained(app, people):
    response = people["ann"].post("/classes/join", data={"code": "NOPE-NOPE"})
    assert response.status_code == 404
    assert "No open class has this code" in page(response)
    assert people["ann"].get("/classes/join/NOPENOPE").status_code == 404


def test_remove_a_student_and_leave_a_class(app, people):
    class_id = create_class(people["teach"])
    code = join_code(app, class_id)
    for name in ("ann", "bob"):
        people[name].post("/classes/join", data={"code": code})
    ann, bob = members(app, class_id)
    people["teach"].post(f"/classes/{class_id}/students/{ann}/remove", data={})
    assert members(app, class_id) == [bob]
    people["bob"].post(f"/classes/{class_id}/leave", data={})
    assert members(app, class_id) == []


def test_new_code_rename_and_archive(app, people):
    class_id = create_class(people["teach"])
    old = join_code(app, class_id)
    people["teach"].post(f"/classes/{class_id}/code", data={})
    assert join_code(app, class_id) != old
    assert people["ann"].post("/classes/join", data={"code": old}).status_code == 404
    people["teach"].post(f"/classes/{class_id}/rename", data={"name": "Geography 8B"})
    people["teach"].post(f"/classes/{class_id}/archive", data={})
    html = page(people["teach"].get("/teach/"))
    assert "Archived classes (1)" in html and "Geography 8B" in html
    code = join_code(app, class_id)
    assert people["ann"].post("/classes/join", data={"code": code}).status_code == 404


def test_another_teacher_gets_not_found_for_every_class_action(app, people, import_bank):
    bank_id = import_bank()
    class_id = create_class(people["teach"])
    people["teach"].post(f"/classes/{class_id}/banks", data={"bank_id": bank_id})
    people["ann"].post("/classes/join", data={"code": join_code(app, class_id)})
    [ann] = members(app, class_id)
    code = join_code(app, class_id)
    other = people["other"]
    attempts = [
        other.get(f"/classes/{class_id}"),
        other.post(f"/classes/{class_id}/rename", data={"name": "Mine"}),
        other.post(f"/classes/{class_id}/banks", data={"bank_id": bank_id}),
        other.post(f"/classes/{class_id}/banks/{bank_id}/remove", data={}),
        other.post(f"/classes/{class_id}/students/{ann}/remove", data={}),
        other.post(f"/classes/{class_id}/code", data={}),
        other.post(f"/classes/{class_id}/archive", data={}),
        other.get(f"/teach/classes/{class_id}/analytics"),
        other.get(f"/teach/classes/{class_id}/banks/{bank_id}/analytics"),
        other.get(f"/teach/classes/{class_id}/students.csv"),
        other.get(f"/teach/classes/{class_id}/banks/{bank_id}/questions.csv"),
        other.get(f"/teach/classes/{class_id}/progress.csv"),
    ]
    assert [r.status_code for r in attempts] == [404] * len(attempts)
    assert "ann" not in "".join(page(r) for r in attempts)
    with app.app_context():
        room = db.session.get(Classroom, class_id)
        assert (room.name, room.join_code, room.archived_at) == ("Geography 7B", code, None)
        assert db.session.scalar(select(ClassBank.bank_id)) == bank_id
    assert members(app, class_id) == [ann]


def test_students_cannot_open_teacher_class_pages(app, people, import_bank):
    bank_id = import_bank()
    class_id = create_class(people["teach"])
    people["ann"].post("/classes/join", data={"code": join_code(app, class_id)})
    student = people["ann"]
    attempts = [
        student.get(f"/classes/{class_id}"),
        student.post("/classes/new", data={"name": "Mine"}),
        student.post(f"/classes/{class_id}/banks", data={"bank_id": bank_id}),
        student.post(f"/classes/{class_id}/students/1/remove", data={}),
        student.get(f"/teach/classes/{class_id}/analytics"),
        student.get(f"/teach/classes/{class_id}/students.csv"),
    ]
    assert [r.status_code for r in attempts] == [403] * len(attempts)
    with app.app_context():
        assert db.session.scalar(select(ClassBank.id)) is None
        assert len(db.session.scalars(select(Classroom)).all()) == 1


def test_a_student_sees_only_their_own_classes(app, people):
    mine = create_class(people["teach"], "Ann's class")
    create_class(people["teach"], "Bob's class")
    people["ann"].post("/classes/join", data={"code": join_code(app, mine)})
    html = page(people["ann"].get("/classes/"))
    assert "Ann&#39;s class" in html and "Bob&#39;s class" not in html
    assert "bob" not in re.sub(r"<[^>]+>", " ", html).split()


def test_a_student_cannot_leave_a_class_they_are_not_in(app, people):
    class_id = create_class(people["teach"])
    people["ann"].post("/classes/join", data={"code": join_code(app, class_id)})
    assert people["bob"].post(f"/classes/{class_id}/leave", data={}).status_code == 404
    assert len(members(app, class_id)) == 1


def test_a_draft_cannot_be_assigned(app, people, import_bank):
    from quizapp.services.users import user_by_username

    with app.app_context():
        owner = user_by_username("teach").id
    draft = import_bank(owner_id=owner, status="draft")
    class_id = create_class(people["teach"])
    response = people["teach"].post(f"/classes/{class_id}/banks", data={"bank_id": draft})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(ClassBank.id)) is None
