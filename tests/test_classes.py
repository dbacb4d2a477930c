"""Classes as services: join codes, assigned banks enrolling students, the roster, ownership."""

import pytest
from sqlalchemy import select

from quizapp.errors import Conflict, Forbidden, InvalidInput, NotFound
from quizapp.extensions import db
from quizapp.models import ClassMember, Enrollment
from quizapp.services import classes
from tests.conftest import bank_text


def enrolments() -> set[tuple[int, int]]:
    return {
        tuple(row) for row in db.session.execute(select(Enrollment.user_id, Enrollment.bank_id))
    }


@pytest.fixture
def people(make_user):
    return {
        "teacher": make_user("teach", "teacher"),
        "other": make_user("other", "teacher"),
        "ann": make_user("ann"),
        "bob": make_user("bob"),
    }


def test_a_class_gets_a_readable_unique_join_code(ctx, people):
    first = classes.create_class(people["teacher"], "  History   7B ")
    second = classes.create_class(people["teacher"], "History 7C")
    assert first.name == "History 7B"
    assert len(first.join_code) == 8 and first.join_code != second.join_code
    assert set(first.join_code) <= set(classes.JOIN_CODE_ALPHABET)
    assert not set("01OIL") & set(classes.JOIN_CODE_ALPHABET)


def test_names_are_required_and_students_cannot_create_classes(ctx, people):
    with pytest.raises(InvalidInput):
        classes.create_class(people["teacher"], "   ")
    with pytest.raises(Forbidden):
        classes.create_class(people["ann"], "My class")


def test_joining_enrols_in_assigned_banks_and_assigning_enrols_members(ctx, people, import_bank):
    capitals = import_bank(owner_id=people["teacher"])
    rivers = import_bank(bank_text("rivers", title="Rivers"))
    room = classes.create_class(people["teacher"], "Geography")
    classes.assign_bank(room.id, people["teacher"], capitals)
    joined = classes.join_class(
        people["ann"], room.join_code.lower()[:4] + "-" + room.join_code[4:]
    )
    assert joined.id == room.id
    assert enrolments() == {(people["ann"], capitals)}

    assert classes.assign_bank(room.id, people["teacher"], rivers) == 1
    classes.join_class(people["bob"], room.join_code)
    classes.join_class(people["bob"], room.join_code)  # twice is harmless
    assert enrolments() == {
        (people["ann"], capitals),
        (people["ann"], rivers),
        (people["bob"], capitals),
        (people["bob"], rivers),
    }
    assert [e.username for e in classes.roster(room.id, people["teacher"])] == ["ann", "bob"]


def test_existing_enrolments_are_kept(ctx, people, import_bank):
    capitals = import_bank()
    db.session.add(Enrollment(user_id=people["ann"], bank_id=capitals))
    db.session.commit()
    room = classes.create_class(people["teacher"], "Geography")
    classes.join_class(people["ann"], room.join_code)
    classes.assign_bank(room.id, people["teacher"], capitals)
    assert enrolments() == {(people["ann"], capitals)}


def test_drafts_cannot_be_assigned(ctx, people, import_bank):
    draft = import_bank(owner_id=people["teacher"], status="draft")
    room = classes.create_class(people["teacher"], "Geography")
    with pytest.raises(InvalidInput, match="Publish"):
        classes.assign_bank(room.id, people["teacher"], draft)
    assert classes.assignable_banks(room.id, people["teacher"]) == []


def test_removing_or_leaving_keeps_the_students_progress(ctx, people, import_bank):
    capitals = import_bank()
    room = classes.create_class(people["teacher"], "Geography")
    classes.assign_bank(room.id, people["teacher"], capitals)
    classes.join_class(people["ann"], room.join_code)
    classes.join_class(people["bob"], room.join_code)
    classes.remove_student(room.id, people["teacher"], people["ann"])
    classes.leave_class(people["bob"], room.id)
    assert classes.roster(room.id, people["teacher"]) == []
    assert enrolments() == {(people["ann"], capitals), (people["bob"], capitals)}
    with pytest.raises(NotFound):
        classes.leave_class(people["bob"], room.id)


def test_another_teachers_class_is_not_found(ctx, people, import_bank):
    capitals = import_bank()
    room = classes.create_class(people["teacher"], "Geography")
    classes.join_class(people["ann"], room.join_code)
    attempts = [
        lambda: classes.get_class(room.id, people["other"]),
        lambda: classes.roster(room.id, people["other"]),
        lambda: classes.assign_bank(room.id, people["other"], capitals),
        lambda: classes.unassign_bank(room.id, people["other"], capitals),
        lambda: classes.remove_student(room.id, people["other"], people["ann"]),
        lambda: classes.rename_class(room.id, people["other"], "Mine"),
        lambda: classes.new_join_code(room.id, people["other"]),
        lambda: classes.set_archived(room.id, people["other"], True),
    ]
    for attempt in attempts:
        with pytest.raises(NotFound):
            attempt()
    with pytest.raises(Forbidden):
        classes.roster(room.id, people["ann"])
    assert db.session.scalar(select(ClassMember.user_id)) == people["ann"]


def test_an_admin_may_manage_any_class(ctx, people, make_user):
    admin = make_user("root", "admin")
    room = classes.create_class(people["teacher"], "Geography")
    assert classes.rename_class(room.id, admin, "Geo").name == "Geo"
    assert classes.teacher_classes(admin) == [], "an admin's own list holds their own classes"


def test_new_codes_and_archiving_close_the_door(ctx, people):
    room = classes.create_class(people["teacher"], "Geography")
    old = room.join_code
    classes.new_join_code(room.id, people["teacher"])
    with pytest.raises(NotFound):
        classes.join_class(people["ann"], old)
    classes.set_archived(room.id, people["teacher"], True)
    with pytest.raises(NotFound):
        classes.join_class(people["ann"], room.join_code)
    assert classes.teacher_classes(people["teacher"]) == []
    assert len(classes.teacher_classes(people["teacher"], include_archived=True)) == 1


def test_a_teacher_cannot_join_their_own_class(ctx, people):
    room = classes.create_class(people["teacher"], "Geography")
    with pytest.raises(Conflict):
        classes.join_class(people["teacher"], room.join_code)


def test_summaries_and_student_view(ctx, people, import_bank):
    capitals = import_bank()
    room = classes.create_class(people["teacher"], "Geography")
    classes.assign_bank(room.id, people["teacher"], capitals)
    classes.join_class(people["ann"], room.join_code)
    [summary] = classes.teacher_classes(people["teacher"])
    assert (summary.students, summary.banks) == (1, 1)
    [mine] = classes.student_classes(people["ann"])
    assert (mine.classroom.name, mine.teacher_name, [b.slug for b in mine.banks]) == (
        "Geography",
        "teach",
        ["capitals"],
    )
    assert classes.student_classes(people["bob"]) == []
    assert classes.is_student_of(people["teacher"], people["ann"])
    assert not classes.is_student_of(people["other"], people["ann"])
