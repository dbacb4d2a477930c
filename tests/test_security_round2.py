"""Smaller hardening items: private pages are not cached, join links come from the
configured base URL (never the Host header), 405 says what is allowed."""

from __future__ import annotations

import pytest

from quizapp import create_app
from quizapp.config import ConfigError
from tests.conftest import PASSWORD


def test_private_pages_are_not_stored_by_caches(app, make_user, client_for):
    make_user("amy")
    amy = client_for("amy")
    for path in ("/account", "/study", "/progress"):
        response = amy.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
    public = app.test_client().get("/")
    assert "no-store" not in public.headers.get("Cache-Control", "")


def test_api_answers_are_not_stored(app, make_user):
    make_user("amy")
    client = app.test_client()
    token = client.post("/api/v1/tokens", json={"username": "amy", "password": PASSWORD})
    assert token.headers["Cache-Control"] == "no-store"


def _class_page(app, make_user, client_for, host_header):
    make_user("tess", role="teacher")
    teacher = client_for("tess")
    created = teacher.post("/classes/new", data={"name": "Year 9"})
    assert created.status_code == 302, created.get_data(as_text=True)[:300]
    # The same signed-in browser, reaching the server under another Host header.
    other_host = app.test_client()
    other_host.set_cookie("session", teacher.get_cookie("session").value, domain=host_header)
    page = other_host.get(created.location, base_url=f"http://{host_header}")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_join_links_use_the_configured_base_url_not_the_host_header(app, make_user, client_for):
    app.config["BASE_URL"] = "https://quiz.example.org/"
    page = _class_page(app, make_user, client_for, "evil.example")
    assert 'value="https://quiz.example.org/classes/join/' in page
    assert "evil.example" not in page


def test_without_a_base_url_join_links_are_paths(app, make_user, client_for):
    page = _class_page(app, make_user, client_for, "evil.example")
    assert 'value="/classes/join/' in page
    assert "evil.example" not in page


def test_a_base_url_must_be_http(app_config):
    with pytest.raises(ConfigError, match="QUIZAPP_BASE_URL"):
        create_app({**app_config, "BASE_URL": "quiz.example.org"})


def test_405_says_which_methods_are_allowed(app):
    response = app.test_client().delete("/login")
    assert response.status_code == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    api = app.test_client().get("/api/v1/tokens")
    assert api.status_code == 405 and "POST" in api.headers["Allow"]


@pytest.mark.parametrize("common", ["password1", "iloveyou", "Qwertyuiop", " sunshine1 "])
def test_common_and_breached_passwords_are_refused(app, client, common):
    response = client.post(
        "/register", data={"username": "newbie", "password": common, "confirm": common}
    )
    assert response.status_code == 422
    assert "one of the most common ones" in response.get_data(as_text=True)


def test_the_bundled_list_is_read_from_the_package():
    from quizapp.services.users import COMMON_PASSWORDS, common_passwords

    assert COMMON_PASSWORDS.is_file() and len(common_passwords()) > 8000
    assert all(len(word) >= 8 for word in common_passwords())


def test_a_common_password_is_refused_when_changing_it(app, make_user, client_for):
    make_user("amy")
    amy = client_for("amy")
    response = amy.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "password1", "confirm": "password1"},
    )
    assert response.status_code == 422
    assert "one of the most common ones" in response.get_data(as_text=True)


def test_join_codes_are_throttled_per_learner(app, make_user, client_for):
    app.config["JOIN_MAX_FAILURES"] = 3
    make_user("tess", role="teacher")
    make_user("amy")
    teacher = client_for("tess")
    created = teacher.post("/classes/new", data={"name": "Year 9"})
    amy = client_for("amy")
    for n in range(3):
        wrong = amy.post("/classes/join", data={"code": f"ZZZZ-ZZZ{n}"})
        assert wrong.status_code == 404
    refused = amy.post("/classes/join", data={"code": "ZZZZ-ZZZ9"})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "Too many wrong join codes" in refused.get_data(as_text=True)
    link = amy.get("/classes/join/ZZZZZZZZ")
    assert link.status_code == 429 and int(link.headers["Retry-After"]) > 0
    # Another learner is not affected.
    make_user("ben")
    with app.app_context():
        from sqlalchemy import select

        from quizapp.extensions import db
        from quizapp.models import Classroom

        code = db.session.scalars(select(Classroom.join_code)).one()
    assert created.status_code == 302
    assert client_for("ben").post("/classes/join", data={"code": code}).status_code == 302


def test_registration_is_throttled_per_address(app, client):
    app.config["REGISTRATION_MAX_PER_ADDRESS"] = 2
    for n in range(2):
        made = app.test_client().post(
            "/register",
            data={"username": f"pupil{n}", "password": PASSWORD, "confirm": PASSWORD},
        )
        assert made.status_code == 302, made.get_data(as_text=True)[:400]
    refused = app.test_client().post(
        "/register", data={"username": "pupil9", "password": PASSWORD, "confirm": PASSWORD}
    )
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 3000
    assert "Too many accounts were registered" in refused.get_data(as_text=True)
    elsewhere = app.test_client().post(
        "/register",
        data={"username": "pupil9", "password": PASSWORD, "confirm": PASSWORD},
        environ_base={"REMOTE_ADDR": "192.0.2.50"},
    )
    assert elsewhere.status_code == 302


def test_api_tokens_expire(app, make_user):
    from datetime import timedelta

    from sqlalchemy import update

    from quizapp.extensions import db
    from quizapp.models import ApiToken, utcnow

    make_user("amy")
    client = app.test_client()
    issued = client.post("/api/v1/tokens", json={"username": "amy", "password": PASSWORD})
    body = issued.get_json()
    assert body["expires_at"] > utcnow().isoformat()
    auth = {"Authorization": f"Bearer {body['token']}"}
    assert client.get("/api/v1/banks", headers=auth).status_code == 200
    with app.app_context():
        db.session.execute(update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    expired = client.get("/api/v1/banks", headers=auth)
    assert expired.status_code == 401 and "expired" in expired.get_json()["error"]["message"]
    # A token from before expiry existed counts its days from its creation.
    with app.app_context():
        db.session.execute(
            update(ApiToken).values(expires_at=None, created_at=utcnow() - timedelta(days=91))
        )
        db.session.commit()
    assert client.get("/api/v1/banks", headers=auth).status_code == 401


def test_api_tokens_are_listed_and_revoked_on_the_account_page(app, make_user, client_for):
    make_user("amy")
    make_user("eve")
    client = app.test_client()
    token = client.post(
        "/api/v1/tokens", json={"username": "amy", "password": PASSWORD, "name": "phone app"}
    ).get_json()["token"]
    amy = client_for("amy")
    page = amy.get("/account").get_data(as_text=True)
    assert "API tokens" in page and "phone app" in page
    with app.app_context():
        from sqlalchemy import select

        from quizapp.extensions import db
        from quizapp.models import ApiToken

        token_id = db.session.scalars(select(ApiToken.id)).one()
    eve = client_for("eve")
    assert eve.post(f"/account/tokens/{token_id}/revoke", data={}).status_code == 404
    assert amy.post(f"/account/tokens/{token_id}/revoke", csrf=False).status_code == 400
    revoked = amy.post(f"/account/tokens/{token_id}/revoke", data={}, follow_redirects=True)
    assert "The API token phone app is revoked." in revoked.get_data(as_text=True)
    assert "phone app" not in amy.get("/account").get_data(as_text=True).split("API tokens")[1]
    api = client.get("/api/v1/banks", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 401
