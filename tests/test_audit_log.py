"""The audit log: security events kept in the database, shown to administrators, exported."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import AuditEvent
from quizapp.services import users as user_service
from tests.conftest import PASSWORD, bank_text


def events(app) -> list[tuple[str, str, str]]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        return [(e.event, e.actor_name, e.target) for e in rows]


def test_sign_ins_failures_and_lockouts_are_recorded(app, make_user):
    make_user("bob")
    browser = app.test_client()
    browser.post("/login", data={"username": "bob", "password": PASSWORD})
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        app.test_client().post("/login", data={"username": "Bob", "password": "wrong guess"})
    app.test_client().post("/login", data={"username": "bob", "password": PASSWORD})
    app.test_client().post("/login", data={"username": "ghost", "password": "wrong guess"})
    recorded = events(app)
    assert recorded[0] == ("sign_in", "bob", "user:bob")
    assert recorded.count(("sign_in_failed", "bob", "user:bob")) == 5
    assert ("lockout", "bob", "user:bob") in recorded
    assert ("sign_in_failed", "ghost", "user:ghost") in recorded
    with app.app_context():
        first = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).first()
        assert first.address == "127.0.0.1" and first.detail == "sign-in form"


def test_role_password_and_account_changes_are_recorded(app, make_user, client_for):
    make_user("root", role="admin")
    bob_id = make_user("bob")
    admin = client_for("root")
    admin.post(f"/admin/users/{bob_id}/role", data={"role": "teacher"})
    admin.post(f"/admin/users/{bob_id}/deactivate", data={})
    admin.post(f"/admin/users/{bob_id}/reactivate", data={})
    admin.post(f"/admin/users/{bob_id}/sign-out", data={})
    bob = client_for("bob")
    bob.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "brand new pass 9",
            "confirm": "brand new pass 9",
        },
    )
    with app.app_context():
        user_service.set_password(user_service.user_by_username("bob"), "from the server 1")
        db.session.commit()
    recorded = [e for e in events(app) if e[0] not in ("sign_in",)]
    assert ("role_changed", "root", "user:bob") in recorded
    assert ("account_deactivated", "root", "user:bob") in recorded
    assert ("account_reactivated", "root", "user:bob") in recorded
    assert ("signed_out_everywhere", "root", "user:bob") in recorded
    assert ("password_changed", "bob", "user:bob") in recorded
    assert ("password_changed", "command line", "user:bob") in recorded
    with app.app_context():
        role = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "role_changed"))
        assert role.one().detail == "student -> teacher"


def test_publishing_and_retiring_are_recorded(app, make_user, client_for, import_bank):
    teacher_id = make_user("tess", role="teacher")
    import_bank(bank_text(), owner_id=teacher_id, status="draft")
    tess = client_for("tess")
    from quizapp.services import bank_admin

    with app.app_context():
        bank_admin.set_bank_status("capitals", teacher_id, "published")
        bank_admin.retire_question("capitals", "france", teacher_id)
        bank_admin.restore_question("capitals", "france", teacher_id)
        bank_admin.set_bank_status("capitals", teacher_id, "draft")
    recorded = events(app)
    assert ("bank_published", "tess", "bank:capitals") in recorded
    assert ("question_retired", "tess", "question:capitals/france") in recorded
    assert ("question_restored", "tess", "question:capitals/france") in recorded
    assert ("bank_unpublished", "tess", "bank:capitals") in recorded
    assert tess.get("/admin/audit").status_code == 403


def test_admins_read_filter_and_export_the_log(app, make_user, client_for):
    make_user("root", role="admin")
    make_user("bob")
    app.test_client().post("/login", data={"username": "bob", "password": "=HYPERLINK(x)"})
    admin = client_for("root")
    page = admin.get("/admin/audit").get_data(as_text=True)
    assert "Audit log" in page and "Sign-in failed" in page and "user:bob" in page
    filtered = admin.get("/admin/audit?event=sign_in").get_data(as_text=True)
    assert "Sign-in failed</th>" not in filtered and "Signed in</th>" in filtered
    assert "user:bob" not in admin.get("/admin/audit?q=nobody-like-this").get_data(as_text=True)
    export = admin.get("/admin/audit.csv")
    assert export.mimetype == "text/csv"
    assert "attachment" in export.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(export.get_data(as_text=True))))
    assert rows[0] == ["at", "event", "actor", "target", "address", "detail"]
    assert ["sign_in_failed", "bob", "user:bob"] in [row[1:4] for row in rows]
    assert make_user and app.test_client().get("/admin/audit").status_code == 302


def test_students_cannot_read_the_log(app, make_user, client_for):
    make_user("amy")
    amy = client_for("amy")
    assert amy.get("/admin/audit").status_code == 403
    assert amy.get("/admin/audit.csv").status_code == 403


def test_erasing_an_account_is_recorded_by_name(app, make_user):
    from quizapp.services import account_data

    user_id = make_user("leaver")
    with app.app_context():
        account_data.erase_account(user_id, PASSWORD, address="192.0.2.4")
        erased = db.session.scalars(
            select(AuditEvent).where(AuditEvent.event == "account_deleted")
        ).one()
        assert (erased.actor_id, erased.actor_name, erased.target) == (
            None,
            "leaver",
            "user:leaver",
        )
