"""Administering accounts as services: roles, deactivation, never without an active admin."""

import pytest

from quizapp.errors import Conflict, Forbidden, InvalidInput
from quizapp.extensions import db
from quizapp.models import User
from quizapp.services import admin as admin_service
from quizapp.services.users import authenticate, get_user
from tests.conftest import PASSWORD


def test_accounts_are_listed_searched_and_paged(ctx, make_user):
    root = make_user("root", "admin")
    # Sixty accounts without the cost of hashing sixty passwords.
    db.session.add_all(User(username=f"s{n:02d}", password_hash="!") for n in range(60))
    db.session.commit()
    make_user("teach", "teacher")
    first = admin_service.list_accounts(root)
    assert (first.total, first.pages, len(first.users)) == (62, 2, 50)
    assert len(admin_service.list_accounts(root, page=2).users) == 12
    assert [u.username for u in admin_service.list_accounts(root, search="TEA").users] == ["teach"]
    assert [u.username for u in admin_service.list_accounts(root, role="admin").users] == ["root"]
    assert admin_service.list_accounts(root, search="%").total == 0, "wildcards are literal"
    with pytest.raises(InvalidInput):
        admin_service.list_accounts(root, role="wizard")


def test_only_admins_administer(ctx, make_user):
    teacher, student = make_user("teach", "teacher"), make_user("stu")
    for user in (teacher, student):
        with pytest.raises(Forbidden):
            admin_service.list_accounts(user)
        with pytest.raises(Forbidden):
            admin_service.set_role(user, student, "admin")
        with pytest.raises(Forbidden):
            admin_service.set_active(user, student, False)
    assert get_user(student).role == "student"


def test_roles_change(ctx, make_user):
    root, ann = make_user("root", "admin"), make_user("ann")
    assert admin_service.set_role(root, ann, "teacher").role == "teacher"
    assert admin_service.set_role(root, ann, "admin").role == "admin"
    with pytest.raises(InvalidInput):
        admin_service.set_role(root, ann, "wizard")
    assert admin_service.set_role(root, root, "student").role == "student", "ann is still admin"


def test_the_last_active_admin_cannot_be_demoted_or_deactivated(ctx, make_user):
    root, second = make_user("root", "admin"), make_user("second", "admin")
    with pytest.raises(Conflict, match="cannot deactivate your own"):
        admin_service.set_active(root, root, False)
    admin_service.set_active(root, second, False)
    with pytest.raises(Conflict, match="only active administrator"):
        admin_service.set_role(root, root, "teacher")
    assert get_user(root).role == "admin"
    # An inactive admin does not count, and may be demoted freely.
    admin_service.set_role(root, second, "student")
    admin_service.set_active(root, second, True)
    admin_service.set_role(root, second, "admin")
    admin_service.set_role(second, root, "teacher")
    with pytest.raises(Conflict, match="only active administrator"):
        admin_service.set_role(second, second, "student")


def test_a_deactivated_account_cannot_sign_in_until_reactivated(ctx, make_user):
    root, ann = make_user("root", "admin"), make_user("ann")
    admin_service.set_active(root, ann, False)
    assert authenticate("ann", PASSWORD) is None
    admin_service.set_active(root, ann, True)
    assert authenticate("ann", PASSWORD).id == ann
