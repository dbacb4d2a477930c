"""Hostile input gets a clear 4xx and changes nothing, on every route.

NUL characters and ids too large for an id column reach the database as query
parameters; PostgreSQL refuses both with an error, so without the checks in
quizapp/web/inputs.py and quizapp/api/views.py they ended in a 500 there (SQLite
accepted them). The sweep at the end sends the same input to every route.
"""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Classroom, LoginFailure, ReviewLog, User
from tests.conftest import PASSWORD, bank_text

TOO_LARGE_ID = "9" * 25


@pytest.fixture
def people(app, make_user, import_bank, client_for):
    make_user("root", role="admin")
    teacher = make_user("teach", role="teacher")
    make_user("stud")
    import_bank(bank_text(), owner_id=teacher)
    student = client_for("stud")
    token = student.post(
        "/api/v1/tokens", json={"username": "stud", "password": PASSWORD}
    ).get_json()["token"]
    return {
        "anonymous": app.test_client(),
        "student": student,
        "teacher": client_for("teach"),
        "admin": client_for("root"),
        "token": token,
    }


def test_a_nul_in_the_sign_in_form_is_a_clear_400(client, make_user, ctx):
    make_user("alice")
    response = client.post("/login", data={"username": "alice\x00", "password": "x"})
    assert response.status_code == 400
    assert "NUL character" in response.get_data(as_text=True)
    # Refused before anything was looked up or counted.
    assert db.session.scalar(select(func.count(LoginFailure.id))) == 0


def test_a_nul_in_a_url_or_query_is_a_clear_400(people):
    student = people["student"]
    for path in ("/banks/capitals%00", "/study/%00", "/admin/users?q=%00", "/?x=%00"):
        response = student.get(path)
        assert response.status_code == 400, path
        assert "NUL character" in response.get_data(as_text=True)
    response = student.get(
        "/api/v1/study/next?bank=capitals%00",
        headers={"Authorization": f"Bearer {people['token']}"},
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"


def test_a_nul_in_a_form_field_saves_nothing(people, ctx):
    response = people["teacher"].post("/classes/new", data={"name": "7B\x00"})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(Classroom.id))) == 0


def test_ids_too_large_for_the_database_are_not_found(people):
    for path in (
        f"/classes/{TOO_LARGE_ID}",
        f"/teach/classes/{TOO_LARGE_ID}/analytics",
        f"/teach/classes/1/banks/{TOO_LARGE_ID}/analytics",
    ):
        assert people["teacher"].get(path).status_code == 404, path
    response = people["admin"].post(f"/admin/users/{TOO_LARGE_ID}/deactivate", data={})
    assert response.status_code == 404
    # Ids that fit still reach their views.
    assert people["admin"].post("/admin/users/2147483647/deactivate", data={}).status_code == 404


# -- JSON bodies of the API --------------------------------------------------------------------


def api_post(people, path, raw: bytes):
    return people["student"].post(
        path,
        data=raw,
        content_type="application/json",
        headers={"Authorization": f"Bearer {people['token']}"},
    )


@pytest.mark.parametrize(
    "raw, status",
    [
        (b"[" * 20000 + b"]" * 20000, 400),  # Python's parser gives up: a RecursionError
        (b'{"response": ' + b"[" * 40 + b"]" * 40 + b', "presentation_id": "x"}', 422),
        (b'{"presentation_id": "abcdefgh", "response": NaN}', 400),
        (b'{"presentation_id": "abcdefgh", "response": -Infinity}', 400),
        (b'{"presentation_id": "abcdefgh", "response": 1e400}', 422),
        (b'{"presentation_id": "abcdefgh", "response": "a\\u0000b"}', 422),
        (b'{"presentation_id": "abcdefgh", "response": ["\\ud800"]}', 422),
        (b'{"presentation_id": "abcdefgh", "response": {"\\u0000": 1}}', 422),
        (b'{"presentation_id": "abc', 400),
        (b"\xff\xfe{}", 400),
    ],
)
def test_api_bodies_the_database_cannot_keep_are_refused(people, raw, status):
    response = api_post(people, "/api/v1/study/answers", raw)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    error = response.get_json()["error"]
    assert error["code"] in ("bad_request", "invalid") and error["message"]


def test_api_strings_with_nul_or_lone_surrogates_store_nothing(people, ctx):
    for name in ("\\u0000", "\\udc80"):
        body = f'{{"username": "stud{name}", "password": "x", "name": "n{name}"}}'.encode()
        response = people["anonymous"].post(
            "/api/v1/tokens", data=body, content_type="application/json"
        )
        assert response.status_code == 422
    assert db.session.scalar(select(func.count(LoginFailure.id))) == 0


def test_a_chunked_api_body_is_held_to_the_same_limit(people):
    body = b'{"presentation_id": "' + b"a" * (70 * 1024) + b'", "response": "x"}'
    response = people["student"].post(
        "/api/v1/study/answers",
        input_stream=io.BytesIO(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {people['token']}"},
        # What a server sets for a chunked body: its length is known only once it is read.
        environ_overrides={"CONTENT_LENGTH": "", "wsgi.input_terminated": True},
    )
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


# -- every route -------------------------------------------------------------------------------

SKIPPED = {"static", "auth.logout", "auth.change_password", "api.revoke_current_token"}
HOSTILE_SEGMENTS = ("%00", "a%00b", "é" * 300, "..%2F..%2Fetc")
QUERY_NAMES = ("bank", "days", "page", "q", "role", "practice", "next", "slug")
HOSTILE_QUERIES = [
    "?" + "&".join(f"{name}={value}" for name in QUERY_NAMES)
    # "²" passes str.isdigit() but not int(); int() refuses more than 4,300 digits.
    for value in ("%00", "%C2%B2", "9" * 5000, "-1", "%0d%0a")
]
HOSTILE_FORM = {
    "name": "x\x00",
    "code": "AB\x00",
    "username": "a\x00",
    "password": "p\x00",
    "display_name": "\x00",
    "response": "\x00",
    "presentation_id": "\x00" * 10,
    "prompt": "\x00",
    "answer": "\x00",
    "role": "\x00",
    "bank_id": "\x00",
}


def _paths(rule, segment: str) -> str:
    path = rule.rule
    for name in rule.arguments:
        converter = type(rule._converters[name]).__name__
        value = TOO_LARGE_ID if converter == "IntegerConverter" or "Id" in converter else segment
        path = path.replace(f"<int:{name}>", value).replace(f"<{name}>", value)
    return path


def test_no_route_answers_hostile_input_with_a_server_error(app, people):
    """No app context is held around the requests: one shared by them all would keep the
    first request's signed-in user (Flask-Login caches it on ``g``) for every client."""
    # Answer a crash with a 500 page, as in production, instead of raising it here: a raised
    # exception leaves its request's app context (and signed-in user) behind for the next.
    app.config["PROPAGATE_EXCEPTIONS"] = False
    failures = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIPPED:
            continue
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        segments = HOSTILE_SEGMENTS if rule.arguments else ("",)
        for segment, method, who in (
            (s, m, w) for s in segments for m in methods for w in ("student", "teacher", "admin")
        ):
            path = _paths(rule, segment)
            kwargs = {"headers": {"Authorization": f"Bearer {people['token']}"}}
            if method != "GET":
                kwargs["data"] = HOSTILE_FORM
            for query in ("", *HOSTILE_QUERIES):
                try:
                    status = people[who].open(path + query, method=method, **kwargs).status_code
                except Exception as exc:  # every failure is listed below
                    status = f"{type(exc).__name__}: {str(exc)[:100]}"
                if not isinstance(status, int) or status >= 500:
                    failures.append(f"{who} {method} {path}{query}: {status}")
    assert failures == []
    # Everyone was still who they were at the end, so every route was reached as each.
    assert people["admin"].get("/admin/users").status_code == 200
    assert people["teacher"].get("/teach/").status_code == 200
    assert people["student"].get("/study").status_code == 200
    # Nothing hostile was stored on the way.
    with app.app_context():
        assert db.session.scalar(select(func.count(ReviewLog.id))) == 0
        assert db.session.scalar(select(func.count(Classroom.id))) == 0
        assert db.session.scalar(select(func.count(User.id))) == 3


def test_quizapp_serve_bounds_the_request_bodies_waitress_reads(
    runner, app, monkeypatch, empty_database
):
    """Waitress buffers a body to disk before the app sees it: 1 GiB by default."""
    import waitress

    calls = {}
    monkeypatch.setattr(waitress, "serve", lambda wsgi, **kw: calls.update(kw))
    result = runner.invoke(args=["serve", "--no-banks"])
    assert result.exit_code == 0, result.output
    assert calls["host"] == "127.0.0.1"
    assert calls["max_request_body_size"] == 2 * app.config["MAX_CONTENT_LENGTH"]
