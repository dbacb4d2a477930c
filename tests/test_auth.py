"""Accounts in the browser: registration, sign-in with throttling, passwords, settings."""

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import LoginFailure, User
from tests.conftest import PASSWORD


def test_register_signs_the_new_student_in(client, app):
    response = client.post(
        "/register",
        data={
            "username": "Ada",
            "display_name": "Ada L.",
            "password": "long enough pw",
            "confirm": "long enough pw",
        },
    )
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Ada L." in page and "Sign out" in page
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "ada"))
        assert user.role == "student"
        assert user.password_hash.startswith("scrypt:")


def test_register_reports_each_problem(client, make_user):
    make_user("taken")
    response = client.post(
        "/register",
        data={"username": "taken", "password": "long enough pw", "confirm": "long enough pw"},
    )
    assert response.status_code == 422
    assert "The username &#39;taken&#39; is taken." in response.get_data(as_text=True)
    response = client.post(
        "/register",
        data={"username": "new", "password": "long enough pw", "confirm": "different pw!"},
    )
    assert "The passwords do not match." in response.get_data(as_text=True)
    response = client.post(
        "/register",
        data={"username": "x y", "password": "long enough pw", "confirm": "long enough pw"},
    )
    assert "Usernames are 2 to 40 characters" in response.get_data(as_text=True)


def test_registration_can_be_closed(app, client):
    app.config["REGISTRATION_OPEN"] = False
    assert client.get("/register").status_code == 404
    assert "Register" not in client.get("/login").get_data(as_text=True)


def test_sign_in_and_out(client, make_user):
    make_user("bob")
    response = client.post("/login?next=/banks/x", data={"username": "BOB", "password": PASSWORD})
    assert response.status_code == 302 and response.location == "/banks/x"
    assert "Sign out" in client.get("/").get_data(as_text=True)
    response = client.post("/logout", data={})
    assert response.status_code == 302
    assert "Sign in" in client.get("/").get_data(as_text=True)


def test_open_redirects_are_refused(client, make_user):
    make_user("bob")
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post(
            f"/login?next={target}", data={"username": "bob", "password": PASSWORD}
        )
        assert "evil" not in response.location
        client.post("/logout", data={})


def test_a_wrong_password_gets_a_clear_error(client, make_user):
    make_user("bob")
    response = client.post("/login", data={"username": "bob", "password": "wrong password"})
    assert response.status_code == 401
    assert "Wrong username or password." in response.get_data(as_text=True)
    response = client.post("/login", data={"username": "nobody", "password": "wrong password"})
    assert "Wrong username or password." in response.get_data(as_text=True)


def test_repeated_failures_are_throttled_even_with_the_right_password(app, client, make_user):
    make_user("bob")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        client.post("/login", data={"username": "bob", "password": "guess guess"})
    response = client.post("/login", data={"username": "bob", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-ins. Try again in 15 minutes." in response.get_data(as_text=True)
    assert 840 < int(response.headers["Retry-After"]) <= 901
    with app.app_context():
        assert db.session.scalar(select(func.count(LoginFailure.id))) == 10  # user and address


def test_forms_without_a_csrf_token_are_refused(client, make_user):
    make_user("bob")
    response = client.post("/login", data={"username": "bob", "password": PASSWORD}, csrf=False)
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)
    forged = client.post(
        "/login", data={"username": "bob", "password": PASSWORD, "csrf_token": "forged"}
    )
    assert forged.status_code == 400


def test_logout_needs_a_post_with_a_token(client, make_user, login):
    make_user("bob")
    login("bob")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout", data={}, csrf=False).status_code == 400
    assert "Sign out" in client.get("/").get_data(as_text=True)


def test_account_page_needs_sign_in(client):
    response = client.get("/account")
    assert response.status_code == 302 and "/login?next=%2Faccount" in response.location


def test_change_password_ends_other_sessions_but_keeps_this_one(app, client, make_user, login):
    make_user("bob")
    login("bob")
    other = app.test_client()
    other_token = other.csrf_token()
    other.post("/login", data={"username": "bob", "password": PASSWORD, "csrf_token": other_token})
    assert "Sign out" in other.get("/").get_data(as_text=True)

    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a brand new one",
            "confirm": "a brand new one",
        },
    )
    assert response.status_code == 302
    assert "Sign out" in client.get("/").get_data(as_text=True)
    assert "Sign out" not in other.get("/").get_data(as_text=True)
    client.post("/logout", data={})
    login("bob", "a brand new one")


def test_change_password_checks_the_current_one(client, make_user, login):
    make_user("bob")
    login("bob")
    response = client.post(
        "/account/password",
        data={
            "current_password": "not it at all",
            "new_password": "a brand new one",
            "confirm": "a brand new one",
        },
    )
    assert response.status_code == 422
    assert "The current password is wrong." in response.get_data(as_text=True)


def test_study_settings_are_saved_and_validated(app, client, make_user, login):
    uid = make_user("bob")
    login("bob")
    page = client.get("/account").get_data(as_text=True)
    assert 'value="0.9"' in page and 'value="20"' in page
    response = client.post(
        "/account/settings",
        data={
            "display_name": "Bobby",
            "desired_retention": "0.85",
            "daily_new_limit": "5",
            "timezone": "Europe/Paris",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, uid)
        assert (user.display_name, user.desired_retention, user.daily_new_limit, user.timezone) == (
            "Bobby",
            0.85,
            5,
            "Europe/Paris",
        )
    response = client.post(
        "/account/settings",
        data={
            "display_name": "",
            "desired_retention": "1.5",
            "daily_new_limit": "5",
            "timezone": "UTC",
        },
    )
    assert response.status_code == 422
    assert "Number must be between 0.7 and 0.99." in response.get_data(as_text=True)


def test_deactivated_accounts_cannot_sign_in_and_lose_their_session(app, client, make_user, login):
    uid = make_user("bob")
    login("bob")
    with app.app_context():
        db.session.get(User, uid).is_active = False
        db.session.commit()
    assert "Sign out" not in client.get("/").get_data(as_text=True)
    response = client.post("/login", data={"username": "bob", "password": PASSWORD})
    assert response.status_code == 401


def test_session_cookie_flags(client, make_user):
    make_user("bob")
    response = client.post("/login", data={"username": "bob", "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_each_client_is_answered_for_its_own_user_even_inside_an_app_context(
    app, client, make_user, login, ctx
):
    make_user("bob")
    make_user("eve")
    login("bob")
    other = app.test_client()
    other.post("/login", data={"username": "eve", "password": PASSWORD})
    assert ">bob<" in client.get("/account").get_data(as_text=True)
    assert ">eve<" in other.get("/account").get_data(as_text=True)


def test_a_classroom_behind_one_address_is_not_locked_out_by_a_few_typos(app, client, make_user):
    for name in ("ann", "ben", "cat", "dan", "eve", "fay"):
        make_user(name)
        client.post("/login", data={"username": name, "password": "typo typo"})
    response = client.post("/login", data={"username": "fay", "password": PASSWORD})
    assert response.status_code == 302


def test_one_address_guessing_many_usernames_gets_429_for_wrong_passwords(app, client, make_user):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 8
    make_user("victim")
    for n in range(8):
        client.post("/login", data={"username": f"user{n}", "password": "guess guess"})
    response = client.post("/login", data={"username": "victim", "password": "guess guess"})
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= app.config["LOGIN_FAILURE_WINDOW_SECONDS"]
    assert "Too many failed sign-ins" in response.get_data(as_text=True)


def test_made_up_names_from_a_shared_address_never_lock_out_a_right_password(
    app, client, make_user
):
    """Fifty sign-ins with made-up names from a classroom's address locked every user of
    that address out, the right password included."""
    for name in ("ann", "ben"):
        make_user(name)
    for n in range(app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] + 5):
        client.post("/login", data={"username": f"made-up-{n}", "password": "guess guess"})
    assert client.post("/login", data={"username": "ann", "password": PASSWORD}).status_code == 302
    classmate = app.test_client()  # same address (the test client's 127.0.0.1)
    signed_in = classmate.post("/login", data={"username": "ben", "password": PASSWORD})
    assert signed_in.status_code == 302
    # The API's token exchange behaves the same.
    api = app.test_client().post("/api/v1/tokens", json={"username": "ben", "password": PASSWORD})
    assert api.status_code == 201
    wrong = app.test_client().post(
        "/api/v1/tokens", json={"username": "ben", "password": "nope nope"}
    )
    assert wrong.status_code == 429 and int(wrong.headers["Retry-After"]) >= 1
