"""Accounts under attack: fixed sessions, revived credentials, parallel guessing, proxies."""

from __future__ import annotations

import os
import stat
import threading
import time

from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from quizapp import create_app
from quizapp.extensions import db
from quizapp.models import LoginFailure
from quizapp.services import admin as admin_service
from quizapp.services import users as user_service
from tests.conftest import PASSWORD


def session_of(client) -> dict:
    with client.session_transaction() as session:
        return dict(session)


def signed_csrf_token(app, raw: str) -> str:
    return URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw)


def test_signing_in_starts_a_new_session(app, client, make_user, ctx):
    """A CSRF token planted in the victim's cookie before sign-in must not survive it,
    or whoever planted it could forge the victim's signed-in requests."""
    make_user("alice")
    with client.session_transaction() as session:
        session["csrf_token"] = "known-to-the-attacker"
        session["leftover"] = "from before"
    response = client.post(
        "/login",
        data={
            "username": "alice",
            "password": PASSWORD,
            "csrf_token": signed_csrf_token(app, "known-to-the-attacker"),
        },
    )
    assert response.status_code == 302
    session = session_of(client)
    assert session["_user_id"] and "leftover" not in session
    assert session.get("csrf_token") != "known-to-the-attacker"
    forged = client.post(
        "/classes/join",
        data={"code": "ABCD-EFGH", "csrf_token": signed_csrf_token(app, "known-to-the-attacker")},
    )
    assert forged.status_code == 400
    assert "security token" in forged.get_data(as_text=True)


def test_registering_and_signing_out_start_new_sessions_too(client, make_user):
    with client.session_transaction() as session:
        session["leftover"] = "x"
    response = client.post(
        "/register",
        data={"username": "newbie", "password": PASSWORD, "confirm": PASSWORD},
    )
    assert response.status_code == 302
    assert "leftover" not in session_of(client)
    with client.session_transaction() as session:
        session["leftover"] = "y"
    client.post("/logout", data={})
    session = session_of(client)
    assert "_user_id" not in session and "leftover" not in session


def test_signing_out_also_forgets_the_remember_me_cookie(app, make_user):
    make_user("alice")
    browser = app.test_client()
    browser.post("/login", data={"username": "alice", "password": PASSWORD, "remember": "y"})
    assert browser.get_cookie("remember_token") is not None
    browser.post("/logout", data={})
    assert browser.get_cookie("remember_token") is None
    assert browser.get("/account").status_code == 302


def test_reactivating_an_account_revives_none_of_its_old_credentials(app, make_user, client_for):
    admin = make_user("root", role="admin")
    bob = make_user("bob")
    old_session = client_for("bob")
    remembered = app.test_client()
    remembered.post("/login", data={"username": "bob", "password": PASSWORD, "remember": "y"})
    remember_cookie = remembered.get_cookie("remember_token").value
    token = old_session.post(
        "/api/v1/tokens", json={"username": "bob", "password": PASSWORD}
    ).get_json()["token"]
    with app.app_context():
        admin_service.set_active(admin, bob, False)
        admin_service.set_active(admin, bob, True)

    assert old_session.get("/account").status_code == 302
    only_the_cookie = app.test_client()
    only_the_cookie.set_cookie("remember_token", remember_cookie)
    assert only_the_cookie.get("/account").status_code == 302
    api = old_session.get("/api/v1/settings", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 401
    # The account itself works again.
    assert (
        app.test_client().post("/login", data={"username": "bob", "password": PASSWORD}).status_code
        == 302
    )


def test_the_remember_me_cookie_is_secure_when_the_session_cookie_is(monkeypatch, tmp_path):
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("QUIZAPP_SESSION_COOKIE_SECURE", "true")
    app = create_app({"TESTING": True})
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    monkeypatch.setenv("QUIZAPP_REMEMBER_COOKIE_SECURE", "false")
    assert create_app({"TESTING": True}).config["REMEMBER_COOKIE_SECURE"] is False
    monkeypatch.delenv("QUIZAPP_SESSION_COOKIE_SECURE")
    monkeypatch.delenv("QUIZAPP_REMEMBER_COOKIE_SECURE")
    assert create_app({"TESTING": True}).config["REMEMBER_COOKIE_SECURE"] is False


def test_the_instance_folder_is_private(monkeypatch, tmp_path):
    instance = tmp_path / "new-instance"
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(instance))
    create_app({"TESTING": True})
    assert stat.S_IMODE(os.stat(instance).st_mode) & 0o077 == 0


def test_guesses_sent_all_at_once_get_no_more_tries_than_one_by_one(app, make_user, monkeypatch):
    """The throttle must hold when every guess arrives before the first is recorded."""
    make_user("bob")
    limit = app.config["LOGIN_MAX_FAILURES"]
    checked = []
    real_check = user_service.check_password_hash

    def slow_check(hashed, password):
        checked.append(password)
        time.sleep(0.3)  # scrypt takes a while; every other guess arrives meanwhile
        return real_check(hashed, password)

    monkeypatch.setattr(user_service, "check_password_hash", slow_check)
    outcomes = []

    def guess(n):
        with app.app_context():
            try:
                outcomes.append(user_service.authenticate("bob", f"guess {n}", max_failures=limit))
            except user_service.TooManyAttempts:
                outcomes.append("throttled")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(limit * 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(checked) <= limit
    assert outcomes.count("throttled") == len(threads) - len(checked)
    with app.app_context():
        # Refused guesses are not counted: the lock-out ends when the window has passed.
        assert db.session.scalar(select(func.count(LoginFailure.id))) == len(checked)


def test_a_success_clears_its_own_attempt_from_the_address_count(app, client, make_user, ctx):
    make_user("bob")
    for _ in range(app.config["LOGIN_MAX_FAILURES"] + 2):
        response = client.post("/login", data={"username": "bob", "password": PASSWORD})
        assert response.status_code == 302
        client.post("/logout", data={})
    assert db.session.scalar(select(func.count(LoginFailure.id))) == 0


def test_forwarded_for_is_ignored_without_trusted_proxies(app, make_user):
    """With QUIZAPP_TRUSTED_PROXIES at 0, X-Forwarded-For cannot reset the address count."""
    assert not app.config.get("TRUSTED_PROXIES")
    for n in range(app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]):
        app.test_client().post(
            "/login",
            data={"username": f"nobody{n}", "password": "guess guess"},
            headers={"X-Forwarded-For": f"10.0.0.{n}"},
        )
    response = app.test_client().post(
        "/login",
        data={"username": "somebody-else", "password": "guess guess"},
        headers={"X-Forwarded-For": "10.9.9.9"},
    )
    assert response.status_code == 429


def test_username_variants_share_one_count(app, client, make_user):
    make_user("bob")
    for name in ("bob", "BOB", " bob", "Bob ", "bOb"):
        client.post("/login", data={"username": name, "password": "guess guess"})
    other_address = app.test_client()
    response = other_address.post(
        "/login",
        data={"username": "bob", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    assert response.status_code == 429


def test_a_next_address_with_control_characters_goes_home(app, make_user, client_for):
    """'/%0d%0a...' used to reach the Location header, which refuses newlines: a 500.
    A tab or newline between two slashes hides '//evil.example' from the check."""
    make_user("bob")
    for target in ("/%0d%0aSet-Cookie:%20x=1", "/%0a/evil.example", "/%09/evil.example", "/%7f"):
        fresh = app.test_client()
        response = fresh.post(
            f"/login?next={target}", data={"username": "bob", "password": PASSWORD}
        )
        assert response.status_code == 302 and response.location == "/study", target
        signed_in = fresh.get(f"/login?next={target}")
        assert signed_in.status_code == 302 and signed_in.location == "/study", target
    assert (
        app.test_client()
        .post("/login?next=/classes/", data={"username": "bob", "password": PASSWORD})
        .location
        == "/classes/"
    )


def test_the_change_password_form_is_no_way_around_the_throttle(app, make_user, client_for):
    """Whoever holds a signed-in session (a shared computer, a stolen cookie) must not be
    able to guess the password through the form that asks for it."""
    make_user("bob")
    browser = client_for("bob")
    for n in range(app.config["LOGIN_MAX_FAILURES"]):
        wrong = browser.post(
            "/account/password",
            data={
                "current_password": f"guess {n}",
                "new_password": "new password 1",
                "confirm": "new password 1",
            },
        )
        assert "The current password is wrong." in wrong.get_data(as_text=True)
    right = browser.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "new password 1",
            "confirm": "new password 1",
        },
    )
    assert right.status_code == 422
    assert "Too many failed sign-ins" in right.get_data(as_text=True)
    with app.app_context():
        bob = user_service.user_by_username("bob")
        assert check_password_hash(bob.password_hash, PASSWORD)  # unchanged
    # The guesses count against signing in too, from anywhere.
    elsewhere = app.test_client().post(
        "/login",
        data={"username": "bob", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "192.0.2.9"},
    )
    assert elsewhere.status_code == 429


def test_a_password_change_ends_remember_me_cookies_too(app, make_user, client_for):
    """The remember-me cookie carries the server-side session's key, revoked by the change."""
    make_user("bob")
    laptop = app.test_client()
    laptop.post("/login", data={"username": "bob", "password": PASSWORD, "remember": "y"})
    cookie = laptop.get_cookie("remember_token").value
    phone = client_for("bob")
    phone.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "new password 1",
            "confirm": "new password 1",
        },
    )
    only_the_cookie = app.test_client()
    only_the_cookie.set_cookie("remember_token", cookie)
    assert only_the_cookie.get("/account").status_code == 302
    assert phone.get("/account").status_code == 200


def test_the_account_page_title_is_plain_text_and_lists_tokens_once(make_user, client_for):
    make_user("bob")
    bob = client_for("bob")
    bob.post("/api/v1/tokens", json={"username": "bob", "password": PASSWORD})
    page = bob.get("/account").get_data(as_text=True)
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and "Your account" in title
    assert page.count("<h2>API tokens</h2>") == 1
