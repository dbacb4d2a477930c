"""Classes: a teacher's group of students, joined with a code, with banks assigned to it.

Assigning a bank enrols every student of the class in it, and a student who joins
is enrolled in every bank the class has. Leaving a class, or being removed from it,
keeps the student's enrolments and progress: they are the student's own.

Lookups are by owner: a class of another teacher is "not found", so ids cannot be
probed. Admins may manage every class.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from quizapp.errors import Conflict, Forbidden, InvalidInput, NotFound
from quizapp.extensions import db
from quizapp.models import (
    AssignmentTarget,
    Bank,
    BankStatus,
    ClassBank,
    ClassMember,
    Classroom,
    Enrollment,
    User,
    utcnow,
)
from quizapp.services import throttle
from quizapp.services.users import get_user

# No 0/O, 1/I/L: codes are read aloud and copied from a projector.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8
MAX_NAME = 120


def normalise_code(code: str) -> str:
    """Codes are typed in any case, with spaces or dashes: ``abcd-efgh`` is ``ABCDEFGH``."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _new_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def _free_code() -> str:
    for _ in range(20):
        code = _new_code()
        if db.session.scalar(select(Classroom.id).where(Classroom.join_code == code)) is None:
            return code
    raise Conflict("Could not find a free join code; try again.")  # pragma: no cover


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("Give the class a name.", fields={"name": "missing"})
    if len(name) > MAX_NAME:
        raise InvalidInput(
            f"Class names are limited to {MAX_NAME} characters.", fields={"name": "too long"}
        )
    return name


def _teacher(user_id: int) -> User:
    user = get_user(user_id)
    if not user.is_active or not user.is_teacher:
        raise Forbidden("Only teachers can manage classes.")
    return user


# -- inserting rows that may already be there --------------------------------


def _insert_missing(model, rows: list[dict]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING: idempotent, and safe when two requests race."""
    if not rows:
        return
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.session.execute(insert(model).values(rows).on_conflict_do_nothing())


def enrol_users(user_ids: Iterable[int], bank_ids: Iterable[int]) -> None:
    """Enrol every user in every bank, keeping enrolments that exist (no commit)."""
    now = utcnow()
    rows = [
        {"user_id": u, "bank_id": b, "enrolled_at": now}
        for u in sorted(set(user_ids))
        for b in sorted(set(bank_ids))
    ]
    for start in range(0, len(rows), 500):
        _insert_missing(Enrollment, rows[start : start + 500])


# -- teachers ----------------------------------------------------------------


def create_class(teacher_id: int, name: str) -> Classroom:
    teacher = _teacher(teacher_id)
    classroom = Classroom(name=_clean_name(name), teacher_id=teacher.id, join_code=_free_code())
    db.session.add(classroom)
    try:
        db.session.commit()
    except IntegrityError:  # pragma: no cover - a code taken between the check and the insert
        db.session.rollback()
        classroom = Classroom(name=_clean_name(name), teacher_id=teacher.id, join_code=_new_code())
        db.session.add(classroom)
        db.session.commit()
    return classroom


def get_class(class_id: int, user_id: int) -> Classroom:
    """A class its teacher (or an admin) manages; anyone else gets "not found"."""
    user = _teacher(user_id)
    classroom = db.session.get(Classroom, class_id)
    if classroom is None or (classroom.teacher_id != user.id and not user.is_admin):
        raise NotFound("no such class")
    return classroom


@dataclass
class ClassSummary:
    classroom: Classroom
    students: int
    banks: int


def teacher_classes(teacher_id: int, *, include_archived: bool = False) -> list[ClassSummary]:
    """The classes this teacher teaches (not every class, even for an admin)."""
    teacher = _teacher(teacher_id)
    students = (
        select(ClassMember.class_id, func.count(ClassMember.id).label("n"))
        .group_by(ClassMember.class_id)
        .subquery()
    )
    banks = (
        select(ClassBank.class_id, func.count(ClassBank.id).label("n"))
        .group_by(ClassBank.class_id)
        .subquery()
    )
    query = (
        select(Classroom, func.coalesce(students.c.n, 0), func.coalesce(banks.c.n, 0))
        .outerjoin(students, students.c.class_id == Classroom.id)
        .outerjoin(banks, banks.c.class_id == Classroom.id)
        .where(Classroom.teacher_id == teacher.id)
    )
    if not include_archived:
        query = query.where(Classroom.archived_at.is_(None))
    rows = db.session.execute(query.order_by(Classroom.name, Classroom.id)).all()
    return [ClassSummary(c, s, b) for c, s, b in rows]


def rename_class(class_id: int, user_id: int, name: str) -> Classroom:
    classroom = get_class(class_id, user_id)
    classroom.name = _clean_name(name)
    db.session.commit()
    return classroom


def new_join_code(class_id: int, user_id: int) -> Classroom:
    """Replace the join code (the old one stops working; members stay)."""
    classroom = get_class(class_id, user_id)
    classroom.join_code = _free_code()
    db.session.commit()
    return classroom


def set_archived(class_id: int, user_id: int, archived: bool) -> Classroom:
    """Archived classes cannot be joined and leave the teacher's list; nothing is deleted."""
    classroom = get_class(class_id, user_id)
    classroom.archived_at = utcnow() if archived else None
    db.session.commit()
    return classroom


def class_banks(class_id: int) -> list[Bank]:
    return list(
        db.session.scalars(
            select(Bank)
            .join(ClassBank, ClassBank.bank_id == Bank.id)
            .where(ClassBank.class_id == class_id)
            .order_by(Bank.title)
        )
    )


@dataclass
class Assignment:
    """A bank assigned to a class, with its due date (if any) and what counts as done."""

    bank: Bank
    assigned_at: datetime
    due: date | None
    target: str


def class_assignments(class_id: int) -> list[Assignment]:
    """The class's banks with their due dates and targets, by bank title (one query)."""
    rows = db.session.execute(
        select(Bank, ClassBank)
        .join(ClassBank, ClassBank.bank_id == Bank.id)
        .where(ClassBank.class_id == class_id)
        .order_by(Bank.title)
    ).all()
    return [Assignment(bank, link.assigned_at, link.due, link.target) for bank, link in rows]


def assignable_banks(class_id: int, user_id: int) -> list[Bank]:
    """Published banks not yet assigned to the class: any teacher's, and the bundled ones."""
    classroom = get_class(class_id, user_id)
    assigned = select(ClassBank.bank_id).where(ClassBank.class_id == classroom.id)
    return list(
        db.session.scalars(
            select(Bank)
            .where(Bank.status == BankStatus.PUBLISHED, Bank.id.not_in(assigned))
            .order_by(Bank.title)
        )
    )


TARGETS = {
    AssignmentTarget.STARTED: "every question started",
    AssignmentTarget.LEARNT: "every question learnt",
}


def clean_target(target: str | None) -> str:
    """An assignment's target: ``started`` or ``learnt`` (the default, also for None)."""
    if target is None or target == "":
        return AssignmentTarget.LEARNT
    if target not in TARGETS:
        raise InvalidInput(
            f"The target must be one of {', '.join(TARGETS)}, not {target!r}.",
            fields={"target": "unknown"},
        )
    return target


def assign_bank(
    class_id: int,
    user_id: int,
    bank_id: int,
    *,
    due: date | None = None,
    target: str | None = None,
) -> int:
    """Assign a published bank and enrol every student of the class in it.

    Returns the number of students now enrolled through the class. Assigning a bank
    that is already assigned keeps it, and sets its due date and target.
    """
    classroom = get_class(class_id, user_id)
    target = clean_target(target)
    bank = db.session.get(Bank, bank_id)
    if bank is None:
        raise NotFound("no such bank")
    if not bank.is_published:
        raise InvalidInput(
            f"Publish {bank.title!r} before assigning it: students cannot see drafts.",
            fields={"bank_id": "draft"},
        )
    _insert_missing(ClassBank, [{"class_id": classroom.id, "bank_id": bank.id}])
    db.session.execute(
        update(ClassBank)
        .where(ClassBank.class_id == classroom.id, ClassBank.bank_id == bank.id)
        .values(due=due, target=target)
    )
    members = list(
        db.session.scalars(select(ClassMember.user_id).where(ClassMember.class_id == classroom.id))
    )
    enrol_users(members, [bank.id])
    db.session.commit()
    return len(members)


def set_assignment(
    class_id: int, user_id: int, bank_id: int, *, due: date | None, target: str | None
) -> Assignment:
    """Change an assigned bank's due date (None: no due date) and target."""
    classroom = get_class(class_id, user_id)
    link = db.session.scalar(
        select(ClassBank).where(ClassBank.class_id == classroom.id, ClassBank.bank_id == bank_id)
    )
    if link is None:
        raise NotFound("this bank is not assigned to the class")
    link.due, link.target = due, clean_target(target)
    db.session.commit()
    bank = db.session.get(Bank, bank_id)
    return Assignment(bank, link.assigned_at, link.due, link.target)


def unassign_bank(class_id: int, user_id: int, bank_id: int) -> None:
    """Take a bank off the class; students stay enrolled and keep their progress."""
    classroom = get_class(class_id, user_id)
    link = db.session.scalar(
        select(ClassBank).where(ClassBank.class_id == classroom.id, ClassBank.bank_id == bank_id)
    )
    if link is None:
        raise NotFound("this bank is not assigned to the class")
    db.session.delete(link)
    db.session.commit()


@dataclass
class RosterEntry:
    user_id: int
    username: str
    name: str
    joined_at: datetime
    is_active: bool


def roster(class_id: int, user_id: int) -> list[RosterEntry]:
    classroom = get_class(class_id, user_id)
    rows = db.session.execute(
        select(User, ClassMember.joined_at)
        .join(ClassMember, ClassMember.user_id == User.id)
        .where(ClassMember.class_id == classroom.id)
        .order_by(User.display_name, User.username)
    ).all()
    return [RosterEntry(u.id, u.username, u.name, joined, u.is_active) for u, joined in rows]


def remove_student(class_id: int, user_id: int, student_id: int) -> None:
    """Remove a student from the class; their enrolments and progress stay theirs."""
    classroom = get_class(class_id, user_id)
    member = db.session.scalar(
        select(ClassMember).where(
            ClassMember.class_id == classroom.id, ClassMember.user_id == student_id
        )
    )
    if member is None:
        raise NotFound("this student is not in the class")
    db.session.delete(member)
    db.session.commit()


# -- students ----------------------------------------------------------------


def class_for_code(code: str) -> Classroom:
    """The open class with this join code; an unknown or archived code is "not found"."""
    normalised = normalise_code(code)
    classroom = (
        db.session.scalar(select(Classroom).where(Classroom.join_code == normalised))
        if normalised
        else None
    )
    if classroom is None or classroom.archived_at is not None:
        raise NotFound("No open class has this code. Check it with your teacher.")
    return classroom


JOIN_MAX_FAILURES = 10
JOIN_FAILURE_WINDOW_SECONDS = 15 * 60


def find_class_for_code(
    user_id: int,
    code: str,
    *,
    max_failures: int = JOIN_MAX_FAILURES,
    window_seconds: int = JOIN_FAILURE_WINDOW_SECONDS,
) -> Classroom:
    """``class_for_code`` for a learner, throttled: wrong codes are counted per learner,
    and after ``max_failures`` within the window every try is refused (429) until the
    window has passed, so codes cannot be guessed at speed."""
    key = f"join:user:{user_id}"
    throttle.check(
        key,
        limit=max_failures,
        window_seconds=window_seconds,
        message="Too many wrong join codes.",
    )
    try:
        return class_for_code(code)
    except NotFound:
        throttle.count(key, window_seconds=window_seconds)
        raise


def join_class(user_id: int, code: str, **limits: int) -> Classroom:
    """Join the class with this code and be enrolled in its banks; joining twice is harmless."""
    user = get_user(user_id)
    classroom = find_class_for_code(user.id, code, **limits)
    if classroom.teacher_id == user.id:
        raise Conflict("You teach this class; students join it with its code.")
    _insert_missing(
        ClassMember, [{"class_id": classroom.id, "user_id": user.id, "joined_at": utcnow()}]
    )
    bank_ids = db.session.scalars(
        select(ClassBank.bank_id).where(ClassBank.class_id == classroom.id)
    ).all()
    enrol_users([user.id], bank_ids)
    db.session.commit()
    return classroom


def leave_class(user_id: int, class_id: int) -> None:
    member = db.session.scalar(
        select(ClassMember).where(ClassMember.class_id == class_id, ClassMember.user_id == user_id)
    )
    if member is None:
        raise NotFound("You are not in this class.")
    db.session.delete(member)
    db.session.commit()


@dataclass
class StudentClass:
    classroom: Classroom
    teacher_name: str
    banks: list[Bank]


def student_classes(user_id: int) -> list[StudentClass]:
    """The classes a user has joined, with their teacher and assigned banks."""
    rows = db.session.execute(
        select(Classroom, User)
        .join(ClassMember, ClassMember.class_id == Classroom.id)
        .join(User, User.id == Classroom.teacher_id)
        .where(ClassMember.user_id == user_id)
        .order_by(Classroom.name)
    ).all()
    if not rows:
        return []
    links = db.session.execute(
        select(ClassBank.class_id, Bank)
        .join(Bank, Bank.id == ClassBank.bank_id)
        .where(ClassBank.class_id.in_([c.id for c, _ in rows]))
        .order_by(Bank.title)
    ).all()
    banks: dict[int, list[Bank]] = {}
    for class_id, bank in links:
        if bank.is_published:
            banks.setdefault(class_id, []).append(bank)
    return [StudentClass(c, t.name, banks.get(c.id, [])) for c, t in rows]


def is_student_of(teacher_id: int, student_id: int) -> bool:
    """Whether the student is in one of the teacher's classes (what a teacher may see)."""
    return (
        db.session.scalar(
            select(ClassMember.id)
            .join(Classroom, Classroom.id == ClassMember.class_id)
            .where(Classroom.teacher_id == teacher_id, ClassMember.user_id == student_id)
            .limit(1)
        )
        is not None
    )
