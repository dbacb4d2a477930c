"""Accounts for a class: roster import, one-time set-password and reset links, and mail
only when QUIZAPP_SMTP_URL is set."""

from __future__ import annotations

import io
import re
from typing import ClassVar

import pytest
from sqlalchemy import select

from quizapp import mail
from quizapp.errors import InvalidInput, NotFound
from quizapp.extensions import db
from quizapp.models import ClassMember, Enrollment, PasswordLink, User
from quizapp.services import classes, password_links, roster
from quizapp.services.users import authenticate
from tests.conftest import PASSWORD
from tests.test_classes_web import create_class, page

ROSTER = """username,name,email
ann.lee, Ann Lee, ann@example.org
Bob,Bob Stone,
bad name!,Someone,
cid,Cid,not-an-address
ann.lee,Ann Again,
teach,Taken Name,
"""


def test_read_roster_reports_every_bad_row_with_its_line():
    rows, problems = roster.read_roster(ROSTER)
    assert [(r.line, r.username, r.name, r.email) for r in rows] == [
        (2, "ann.lee", "Ann Lee", "ann@example.org"),
        (3, "bob", "Bob Stone", None),
        (7, "teach", "Taken Name", None),
    ]
    assert [(p.line, p.message.split(" ")[0]) for p in problems] == [
        (4, "'bad"),
        (5, "'not-an-address'"),
        (6, "'ann.lee'"),
    ]
    assert "already on line 2" in problems[2].message
    rows, _ = roster.read_roster("dan;Dan Brown;dan@example.org\neve;Eve\n")
    assert [(r.username, r.email) for r in rows] == [("dan", "dan@example.org"), ("eve", None)]


def test_import_creates_students_in_the_class_enrolled_with_set_password_links(
    ctx, make_user, import_bank
):
    teacher = make_user("teach", "teacher")
    bank_id = import_bank(owner_id=teacher)
    room = classes.create_class(teacher, "History")
    classes.assign_bank(room.id, teacher, bank_id)
    result = roster.import_roster(room.id, teacher, ROSTER)
    assert [a.username for a in result.created] == ["ann.lee", "bob"]
    assert [p.line for p in result.problems] == [4, 5, 6, 7]
    assert "taken" in result.problems[-1].message
    ann = db.session.scalar(select(User).where(User.username == "ann.lee"))
    assert (ann.display_name, ann.email, ann.role) == ("Ann Lee", "ann@example.org", "student")
    members = set(db.session.scalars(select(ClassMember.user_id)))
    assert ann.id in members
    assert db.session.scalar(
        select(Enrollment.id).where(Enrollment.user_id == ann.id, Enrollment.bank_id == bank_id)
    )
    # No password works until the link is used; then only the chosen one, and only once.
    assert authenticate("ann.lee", "") is None
    token = result.created[0].token
    assert password_links.link_account(token)[1] == "set"
    password_links.redeem_link(token, "a good long password")
    assert authenticate("ann.lee", "a good long password").id == ann.id
    with pytest.raises(NotFound):
        password_links.redeem_link(token, "another long password")


def test_reset_links_only_by_an_admin_or_the_students_teacher(ctx, make_user):
    teacher = make_user("teach", "teacher")
    other = make_user("other", "teacher")
    admin = make_user("boss", "admin")
    student = make_user("ann")
    stranger = make_user("zed")
    room = classes.create_class(teacher, "History")
    db.session.add(ClassMember(class_id=room.id, user_id=student))
    db.session.commit()
    first = password_links.issue_reset_link(teacher, student)
    second = password_links.issue_reset_link(admin, student)
    for actor, target in ((other, student), (teacher, stranger), (student, student)):
        with pytest.raises(NotFound):
            password_links.issue_reset_link(actor, target)
    # A newer link replaces the older one; a link is refused once used.
    with pytest.raises(NotFound):
        password_links.link_account(first.token)
    with pytest.raises(InvalidInput):
        password_links.redeem_link(second.token, "short")
    password_links.redeem_link(second.token, "a new long password")  # still usable after a bad try
    assert authenticate("ann", "a new long password") is not None
    assert authenticate("ann", PASSWORD) is None
    assert db.session.scalar(select(PasswordLink.token_hash).limit(1)) not in (
        first.token,
        second.token,
    ), "only digests are stored"


class FakeSMTP:
    sent: ClassVar[list] = []

    def __init__(self, host, port, timeout=None):
        self.host, self.port = host, port

    def ehlo(self):
        pass

    def has_extn(self, name):
        return False

    def login(self, user, password):
        self.user = user

    def send_message(self, message):
        FakeSMTP.sent.append(message)

    def quit(self):
        pass


def test_the_browser_import_shows_links_and_mails_them_only_with_smtp(
    app, make_user, client_for, monkeypatch
):
    make_user("teach", "teacher")
    teacher = client_for("teach")
    class_id = create_class(teacher)
    FakeSMTP.sent = []
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)

    response = teacher.post(
        f"/classes/{class_id}/roster", data={"roster": "dan,Dan Brown,dan@example.org\n"}
    )
    html = page(response)
    assert response.status_code == 200 and "1 account created" in html
    assert FakeSMTP.sent == [], "no SMTP URL: nothing is mailed"
    url = re.search(r'value="(http://localhost/account/set-password/[^"]+)"', html).group(1)

    app.config["SMTP_URL"] = "smtp://mailer:secret@mail.example.org:587"
    data = {
        "file": (
            io.BytesIO(b"username,name,email\neve,Eve Moss,eve@example.org\nfay,Fay,\n"),
            "class.csv",
        )
    }
    html = page(
        teacher.post(f"/classes/{class_id}/roster", data=data, content_type="multipart/form-data")
    )
    assert "2 accounts created" in html and "1 link was also sent by e-mail" in html
    [message] = FakeSMTP.sent
    assert message["To"] == "eve@example.org" and "/account/set-password/" in message.get_content()

    # The student opens the link, chooses a password and is signed in.
    student = app.test_client()
    path = url.removeprefix("http://localhost")
    form = page(student.get(path))
    assert "Welcome, Dan Brown" in form
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    done = student.post(
        path,
        data={"csrf_token": csrf, "password": "dans own password", "confirm": "dans own password"},
    )
    assert done.status_code == 302
    assert student.get(path).status_code == 404, "the link works once"


def test_the_wrong_teacher_cannot_import_or_issue_links(app, make_user, client_for):
    make_user("teach", "teacher")
    make_user("other", "teacher")
    ann = make_user("ann")
    teacher, other = client_for("teach"), client_for("other")
    class_id = create_class(teacher)
    with app.app_context():
        db.session.add(ClassMember(class_id=class_id, user_id=ann))
        db.session.commit()
    assert other.post(f"/classes/{class_id}/roster", data={"roster": "x1,X\n"}).status_code == 404
    assert other.post(f"/classes/{class_id}/students/{ann}/reset-link", data={}).status_code == 404
    html = page(teacher.post(f"/classes/{class_id}/students/{ann}/reset-link", data={}))
    assert "Password reset link" in html and "/account/set-password/" in html


def test_an_admin_issues_a_reset_link_for_any_account(app, make_user, client_for):
    make_user("boss", "admin")
    ann = make_user("ann")
    admin = client_for("boss")
    assert "Password link" in page(admin.get("/admin/users"))
    html = page(admin.post(f"/admin/users/{ann}/reset-link", data={}))
    assert "Password reset link" in html and "/account/set-password/" in html
    make_user("teach", "teacher")
    assert client_for("teach").post(f"/admin/users/{ann}/reset-link", data={}).status_code == 403
