"""How forms report problems: a summary linking to each field, messages tied to their
fields for screen readers, and the focus on the first field to fix."""

import re

from tests.conftest import PASSWORD


def page(response) -> str:
    return response.get_data(as_text=True)


def test_a_refused_form_lists_its_fields_and_focuses_the_first_to_fix(client):
    html = page(
        client.post(
            "/register",
            data={"username": "kim", "password": "short", "confirm": "other"},
        )
    )
    summary = re.search(r'<div class="errors" role="alert">(.*?)</div>', html, re.S).group(1)
    assert re.findall(r'href="#(\w+)"', summary) == ["password", "confirm"]
    password = re.search(r"<input[^>]*\bid=\"password\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in password
    assert 'aria-describedby="password-help password-error"' in password
    assert 'id="password-error"' in html and "Use 8 to" in html
    # Only fields with an error have autofocus, so the browser focuses the first of them.
    focused = re.findall(r"<input[^>]*\bautofocus[^>]*>", html)
    assert [re.search(r'\sid="(\w+)"', tag).group(1) for tag in focused] == ["password", "confirm"]


def test_a_wrong_password_keeps_the_focus_on_the_username(client, make_user):
    make_user("kim")
    html = page(client.post("/login", data={"username": "kim", "password": "not it at all"}))
    assert "Wrong username or password." in html and "Check this field" not in html
    focused = re.findall(r"<input[^>]*\bautofocus[^>]*>", html)
    assert len(focused) == 1 and 'id="username"' in focused[0]


def test_teachers_start_on_teach_and_students_on_study(client, make_user):
    make_user("teach", "teacher")
    make_user("kim")
    for name, home in (("teach", "/teach/"), ("kim", "/study")):
        response = client.post("/login", data={"username": name, "password": PASSWORD})
        assert response.status_code == 302 and response.location == home, name
        client.post("/logout", data={})
