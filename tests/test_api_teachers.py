"""The teacher's API: classes, join, assignments, roster and analytics, each response
checked against the OpenAPI document, and each object against the wrong caller."""

from __future__ import annotations

import json

import pytest

from tests.conftest import PASSWORD
from tests.test_api import check_contract


@pytest.fixture
def api(client):
    def call(method, path, *, token=None, body=None, raw=None, content_type="application/json"):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        response = client.open(
            path, method=method, data=data, headers=headers, content_type=content_type
        )
        check_contract(client, method, path, response)
        return response

    return call


@pytest.fixture
def tokens(api, make_user, import_bank):
    import_bank()
    for name, role in (("teach", "teacher"), ("other", "teacher"), ("ann", "student")):
        make_user(name, role)
    return {
        name: api(
            "POST", "/api/v1/tokens", body={"username": name, "password": PASSWORD}
        ).get_json()["token"]
        for name in ("teach", "other", "ann")
    }


def test_a_class_from_creation_to_analytics(api, tokens):
    created = api("POST", "/api/v1/classes", token=tokens["teach"], body={"name": "History 9"})
    assert created.status_code == 201
    class_id, code = created.get_json()["id"], created.get_json()["join_code"]

    assigned = api(
        "PUT",
        f"/api/v1/classes/{class_id}/banks/capitals",
        token=tokens["teach"],
        body={"due": "2031-03-12", "target": "learnt"},
    )
    assert assigned.status_code == 200
    assert assigned.get_json()["due"] == "2031-03-12"
    cleared = api(
        "PUT",
        f"/api/v1/classes/{class_id}/banks/capitals",
        token=tokens["teach"],
        body={"due": None},
    )
    assert cleared.get_json()["due"] is None and cleared.get_json()["target"] == "learnt"

    joined = api("POST", "/api/v1/classes/join", token=tokens["ann"], body={"code": code.lower()})
    assert joined.status_code == 200 and joined.get_json()["id"] == class_id

    roster = api(
        "POST",
        f"/api/v1/classes/{class_id}/roster",
        token=tokens["teach"],
        raw="username,name,email\nbea,Bea Lund,\nteach,Taken,\nbad name,X,\n",
        content_type="text/csv",
    )
    assert roster.status_code == 201
    body = roster.get_json()
    assert [c["username"] for c in body["created"]] == ["bea"]
    assert "/account/set-password/" in body["created"][0]["set_password_url"]
    assert [p["line"] for p in body["problems"]] == [3, 4]

    stats = api("GET", f"/api/v1/classes/{class_id}/analytics", token=tokens["teach"])
    assert stats.status_code == 200
    students = {s["username"]: s for s in stats.get_json()["students"]}
    assert set(students) == {"ann", "bea"}
    assert students["ann"]["completion"] == {"capitals": 0.0}
    assert students["ann"]["predicted_recall"] is None and students["ann"]["behind"] is False
    assert {q["key"] for q in stats.get_json()["questions"]} == {
        "france",
        "japan",
        "rome-is-capital",
        "population",
    }


def test_authorization_on_every_object(api, tokens):
    class_id = api(
        "POST", "/api/v1/classes", token=tokens["teach"], body={"name": "Mine"}
    ).get_json()["id"]
    assert (
        api("POST", "/api/v1/classes", token=tokens["ann"], body={"name": "X"}).status_code == 403
    )
    for token, status in ((tokens["other"], 404), (tokens["ann"], 403)):
        assert (
            api("GET", f"/api/v1/classes/{class_id}/analytics", token=token).status_code == status
        )
        assert (
            api(
                "PUT", f"/api/v1/classes/{class_id}/banks/capitals", token=token, body={}
            ).status_code
            == status
        )
        assert (
            api(
                "POST",
                f"/api/v1/classes/{class_id}/roster",
                token=token,
                raw="zed,Zed\n",
                content_type="text/csv",
            ).status_code
            == status
        )
    assert api("GET", f"/api/v1/classes/{class_id}/analytics").status_code == 401


def test_bad_assignment_bodies_are_422(api, tokens):
    class_id = api(
        "POST", "/api/v1/classes", token=tokens["teach"], body={"name": "Mine"}
    ).get_json()["id"]
    url = f"/api/v1/classes/{class_id}/banks/capitals"
    for body in ({"due": "12/03/2031"}, {"target": "everything"}, {"due": 5}, {"colour": "red"}):
        response = api("PUT", url, token=tokens["teach"], body=body)
        assert response.status_code == 422, body
    assert (
        api(
            "PUT", f"/api/v1/classes/{class_id}/banks/nope", token=tokens["teach"], body={}
        ).status_code
        == 404
    )
    assert (
        api(
            "POST", "/api/v1/classes/join", token=tokens["ann"], body={"code": "ZZZZ-ZZZZ"}
        ).status_code
        == 404
    )
