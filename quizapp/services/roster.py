"""Roster import: a class's student accounts from a CSV of username, display name and an
optional e-mail address, each with a one-time link to set its password.

Rows that can be imported are imported; every other row is reported with its line and
what is wrong, and changes nothing. A username that already exists is reported, not
joined to the class: a teacher cannot pull an existing account into a class by its name
(its owner joins with the class's code instead).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from sqlalchemy import select

from quizapp.errors import InvalidInput
from quizapp.extensions import db
from quizapp.models import ClassBank, ClassMember, Role, User, utcnow
from quizapp.services.classes import enrol_users, get_class
from quizapp.services.password_links import SET, issue_link
from quizapp.services.users import USERNAME, normalise_username

MAX_ROWS = 500
MAX_NAME = 80
# Deliberately loose: a mail server is the judge; this catches typing slips.
EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")
# Not a hash werkzeug can produce, so no password matches it.
UNUSABLE_PASSWORD = "!set-by-link"
HEADER_WORDS = {"username", "user", "login", "user name"}


@dataclass(frozen=True)
class RosterProblem:
    line: int
    message: str
    username: str = ""


@dataclass(frozen=True)
class CreatedAccount:
    user_id: int
    username: str
    name: str
    email: str | None
    token: str


@dataclass
class RosterResult:
    created: list[CreatedAccount] = field(default_factory=list)
    problems: list[RosterProblem] = field(default_factory=list)


@dataclass(frozen=True)
class RosterRow:
    line: int
    username: str
    name: str
    email: str | None


def read_roster(text: str) -> tuple[list[RosterRow], list[RosterProblem]]:
    """Parse the CSV (comma, semicolon or tab separated; an optional header row)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    # The separator the first line uses most: spreadsheets save ',' or ';', Anki a tab.
    delimiter = max(",;\t", key=first.count) if any(d in first for d in ",;\t") else ","
    rows: list[RosterRow] = []
    problems: list[RosterProblem] = []
    seen: dict[str, int] = {}
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    for cells in reader:
        line = reader.line_num
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if not rows and not problems and cells[0].lower() in HEADER_WORDS:
            continue
        if len(rows) + len(problems) >= MAX_ROWS:
            problems.append(RosterProblem(line, f"A roster is limited to {MAX_ROWS} students."))
            break
        username = normalise_username(cells[0])
        name = cells[1] if len(cells) > 1 else ""
        email = cells[2] if len(cells) > 2 and cells[2] else None
        if len(cells) > 3 and any(cells[3:]):
            problems.append(
                RosterProblem(line, "Expected 3 columns: username, display name, e-mail.", username)
            )
        elif not USERNAME.match(username):
            problems.append(
                RosterProblem(
                    line,
                    f"{cells[0]!r} is not a valid username: 2 to 40 characters, letters, "
                    "digits, '.', '-' and '_', starting with a letter or digit.",
                    username,
                )
            )
        elif len(name) > MAX_NAME:
            problems.append(
                RosterProblem(
                    line, f"Display names are limited to {MAX_NAME} characters.", username
                )
            )
        elif email is not None and (len(email) > 254 or not EMAIL.match(email)):
            problems.append(RosterProblem(line, f"{email!r} is not an e-mail address.", username))
        elif username in seen:
            problems.append(
                RosterProblem(line, f"{username!r} is already on line {seen[username]}.", username)
            )
        else:
            seen[username] = line
            rows.append(RosterRow(line, username, name, email))
    return rows, problems


def import_roster(class_id: int, teacher_id: int, text: str, *, link_days: int = 7) -> RosterResult:
    """Create an account in the class for every valid row, each with a set-password link."""
    classroom = get_class(class_id, teacher_id)
    if not text.strip():
        raise InvalidInput(
            "The roster is empty: one student a line, as username, display name, e-mail.",
            fields={"roster": "empty"},
        )
    rows, problems = read_roster(text)
    result = RosterResult(problems=problems)
    taken = (
        set(
            db.session.scalars(
                select(User.username).where(User.username.in_([r.username for r in rows]))
            )
        )
        if rows
        else set()
    )
    new_users = []
    for row in rows:
        if row.username in taken:
            result.problems.append(
                RosterProblem(
                    row.line,
                    f"The username {row.username!r} is taken. If it is the student's, they "
                    "can join with the class code; otherwise choose another name.",
                    row.username,
                )
            )
            continue
        user = User(
            username=row.username,
            display_name=row.name,
            email=row.email,
            role=Role.STUDENT,
            # Matches no password: the account is usable once its link has been opened.
            password_hash=UNUSABLE_PASSWORD,
        )
        db.session.add(user)
        new_users.append(user)
    db.session.flush()
    now = utcnow()
    for user in new_users:
        db.session.add(ClassMember(class_id=classroom.id, user_id=user.id, joined_at=now))
        issued = issue_link(user.id, purpose=SET, created_by=teacher_id, days=link_days)
        result.created.append(
            CreatedAccount(user.id, user.username, user.name, user.email, issued.token)
        )
    bank_ids = db.session.scalars(
        select(ClassBank.bank_id).where(ClassBank.class_id == classroom.id)
    ).all()
    enrol_users([user.id for user in new_users], bank_ids)
    db.session.commit()
    result.problems.sort(key=lambda p: p.line)
    return result
