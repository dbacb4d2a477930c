"""The admin page: accounts, roles, deactivation; never without an active admin; admins only."""

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import User
from tests.conftest import PASSWORD


def page(response) -> str:
    return response.get_data(as_text=True)


def user(app, username: str) -> User:
    with app.app_context():
        found = db.session.scalars(select(User).where(User.username == username)).one()
        db.session.expunge(found)
        return found


@pytest.fixture
def admin(make_user, client_for):
    make_user("root", "admin")
    return client_for("root")


def test_the_account_list_with_search_and_role_filter(app, admin, make_user):
    make_user("ann")
    make_user("teach", "teacher")
    html = page(admin.get("/admin/users"))
    assert "3 accounts" in html and "ann" in html and "teach" in html
    assert "1 active administrator" in html
    filtered = page(admin.get("/admin/users?role=teacher"))
    assert "teach" in filtered and ">ann<" not in filtered
    assert "1 account found" in page(admin.get("/admin/users?q=AN"))


def test_change_a_role(app, admin, make_user, client_for):
    make_user("ann")
    ann = user(app, "ann")
    response = admin.post(f"/admin/users/{ann.id}/role?q=an", data={"role": "teacher"})
    assert response.headers["Location"].endswith("/admin/users?q=an")
    assert user(app, "ann").role == "teacher"
    assert client_for("ann").get("/teach/").status_code == 200


def test_deactivation_signs_the_user_out_and_reactivation_lets_them_back(
    app, admin, make_user, client_for
):
    make_user("ann")
    ann_client = client_for("ann")
    ann = user(app, "ann")
    admin.post(f"/admin/users/{ann.id}/deactivate", data={})
    assert not user(app, "ann").is_active
    response = ann_client.get("/classes/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    refused = app.test_client().post("/login", data={"username": "ann", "password": PASSWORD})
    assert refused.status_code == 401
    admin.post(f"/admin/users/{ann.id}/reactivate", data={})
    assert client_for("ann").get("/classes/").status_code == 200


def test_the_last_active_admin_stays(app, admin):
    root = user(app, "root")
    response = admin.post(f"/admin/users/{root.id}/role", data={"role": "teacher"})
    assert "the only active administrator" in page(admin.get(response.headers["Location"]))
    assert user(app, "root").role == "admin"
    admin.post(f"/admin/users/{root.id}/deactivate", data={})
    assert user(app, "root").is_active


def test_two_admins_cannot_remove_each_other_into_none(app, admin, make_user, client_for):
    make_user("second", "admin")
    second = client_for("second")
    root, other = user(app, "root"), user(app, "second")
    admin.post(f"/admin/users/{other.id}/role", data={"role": "student"})
    second.post(f"/admin/users/{root.id}/role", data={"role": "student"})
    assert (user(app, "root").role, user(app, "second").role) == ("admin", "student")


@pytest.mark.parametrize("role", ["student", "teacher"])
def test_only_admins_reach_the_admin_pages(app, client, make_user, client_for, role):
    make_user("root", "admin")
    make_user("someone", role)
    target = user(app, "root")
    intruder = client_for("someone")
    attempts = [
        intruder.get("/admin/users"),
        intruder.post(f"/admin/users/{target.id}/role", data={"role": "student"}),
        intruder.post(f"/admin/users/{target.id}/deactivate", data={}),
    ]
    assert [r.status_code for r in attempts] == [403, 403, 403]
    assert client.get("/admin/users").status_code == 302
    assert user(app, "root").role == "admin" and user(app, "root").is_active


def test_unknown_accounts_and_roles(app, admin):
    assert admin.post("/admin/users/9999/role", data={"role": "teacher"}).status_code == 404
    root = user(app, "root")
    assert admin.post(f"/admin/users/{root.id}/role", data={"role": "wizard"}).status_code == 400
