"""Sessions end on the server: a copied session or remember-me cookie stops working at
sign-out, password change, deactivation, "sign out everywhere" and after the idle timeout."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from quizapp.extensions import db
from quizapp.models import UserSession, utcnow
from tests.conftest import PASSWORD


def _copy_cookies(app, source):
    """A second client holding exactly the cookies of ``source`` (a stolen copy)."""
    thief = app.test_client()
    for name in ("session", "remember_token"):
        cookie = source.get_cookie(name)
        if cookie is not None:
            thief.set_cookie(name, cookie.value)
    return thief


def _remember_only(app, source):
    thief = app.test_client()
    thief.set_cookie("remember_token", source.get_cookie("remember_token").value)
    return thief


@pytest.fixture
def bob(app, make_user):
    make_user("bob")
    laptop = app.test_client()
    response = laptop.post(
        "/login", data={"username": "bob", "password": PASSWORD, "remember": "y"}
    )
    assert response.status_code == 302
    return laptop


def test_sign_out_ends_copied_session_and_remember_cookies(app, bob):
    session_copy = _copy_cookies(app, bob)
    remember_copy = _remember_only(app, bob)
    assert session_copy.get("/account").status_code == 200
    bob.post("/logout", data={})
    assert session_copy.get("/account").status_code == 302
    assert remember_copy.get("/account").status_code == 302
    assert bob.get("/account").status_code == 302


def test_the_cookie_holds_a_session_key_not_the_user_id(app, bob):
    with app.app_context():
        row = db.session.scalars(select(UserSession)).one()
        assert row.remember is True and row.revoked_at is None
    cookie = bob.get_cookie("remember_token").value.split("|")[0]
    assert len(cookie) > 30 and not cookie.isdigit()


def test_idle_sessions_end(app, make_user):
    make_user("amy")
    browser = app.test_client()
    browser.post("/login", data={"username": "amy", "password": PASSWORD})
    assert browser.get("/account").status_code == 200
    idle = app.config["SESSION_IDLE_MINUTES"]
    with app.app_context():
        db.session.execute(
            update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=idle - 5))
        )
        db.session.commit()
    assert browser.get("/account").status_code == 200  # used again: the clock restarts
    with app.app_context():
        seen = db.session.scalars(select(UserSession.last_seen_at)).one()
        assert utcnow() - seen < timedelta(minutes=1)
        db.session.execute(
            update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=idle + 1))
        )
        db.session.commit()
    assert browser.get("/account").status_code == 302


def test_remembered_sessions_idle_for_days_not_minutes(app, bob):
    with app.app_context():
        db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(days=2)))
        db.session.commit()
    assert _remember_only(app, bob).get("/account").status_code == 200
    days = app.config["REMEMBER_IDLE_DAYS"]
    with app.app_context():
        db.session.execute(
            update(UserSession).values(last_seen_at=utcnow() - timedelta(days=days + 1))
        )
        db.session.commit()
    assert _remember_only(app, bob).get("/account").status_code == 302


def test_idle_minutes_come_from_the_environment(monkeypatch, app_config):
    from quizapp import create_app

    monkeypatch.setenv("QUIZAPP_SESSION_IDLE_MINUTES", "15")
    assert create_app(app_config).config["SESSION_IDLE_MINUTES"] == 15


def test_password_change_ends_other_sessions_keeps_this_one(app, bob, client_for):
    phone = client_for("bob")
    copy = _copy_cookies(app, bob)
    response = phone.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a new passphrase 7",
            "confirm": "a new passphrase 7",
        },
    )
    assert response.status_code == 302
    assert phone.get("/account").status_code == 200
    assert bob.get("/account").status_code == 302
    assert copy.get("/account").status_code == 302


def test_deactivation_ends_sessions(app, bob, make_user, client_for):
    make_user("root", role="admin")
    admin = client_for("root")
    remember_copy = _remember_only(app, bob)
    with app.app_context():
        from quizapp.services import users as user_service

        bob_id = user_service.user_by_username("bob").id
    admin.post(f"/admin/users/{bob_id}/deactivate", data={})
    admin.post(f"/admin/users/{bob_id}/reactivate", data={})
    assert bob.get("/account").status_code == 302
    assert remember_copy.get("/account").status_code == 302


def test_admin_signs_an_account_out_everywhere(app, bob, make_user, client_for):
    make_user("root", role="admin")
    admin = client_for("root")
    tablet = client_for("bob")
    remember_copy = _remember_only(app, bob)
    with app.app_context():
        from quizapp.services import users as user_service

        bob_id = user_service.user_by_username("bob").id
        token = user_service.issue_api_token(bob_id)
    page = admin.get("/admin/users").get_data(as_text=True)
    assert f"/admin/users/{bob_id}/sign-out" in page
    response = admin.post(f"/admin/users/{bob_id}/sign-out", data={}, follow_redirects=True)
    assert "bob is signed out everywhere (2 sessions ended" in response.get_data(as_text=True)
    for browser in (bob, tablet, remember_copy):
        assert browser.get("/account").status_code == 302
    api = app.test_client().get("/api/v1/study/next", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 401
    assert admin.get("/account").status_code == 200


def test_only_admins_sign_others_out(app, bob, make_user, client_for):
    make_user("eve")
    eve = client_for("eve")
    with app.app_context():
        from quizapp.services import users as user_service

        bob_id = user_service.user_by_username("bob").id
    assert eve.post(f"/admin/users/{bob_id}/sign-out", data={}).status_code == 403
    assert bob.get("/account").status_code == 200


def test_sign_out_every_other_device_from_the_account_page(app, bob, client_for):
    phone = client_for("bob")
    page = phone.get("/account").get_data(as_text=True)
    assert "Signed-in devices" in page and "this device" in page
    response = phone.post("/account/sign-out-everywhere", data={}, follow_redirects=True)
    assert "Every other device has been signed out." in response.get_data(as_text=True)
    assert phone.get("/account").status_code == 200
    assert bob.get("/account").status_code == 302
    assert phone.post("/account/sign-out-everywhere", csrf=False).status_code == 400
