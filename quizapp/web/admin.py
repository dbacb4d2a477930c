"""Administering accounts in the browser: list, change roles, deactivate and reactivate."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from quizapp.errors import QuizappError
from quizapp.models import Role
from quizapp.services import admin as admin_service
from quizapp.services import audit as audit_service
from quizapp.web.access import admin_required
from quizapp.web.admin_forms import ChangeRoleForm, SetAccountActiveForm, SignOutEverywhereForm
from quizapp.web.classes import issue_reset_link_page
from quizapp.web.classes_forms import IssueResetLinkForm
from quizapp.web.inputs import whole_number

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _back():
    """Back to the list as it was (search, role filter, page)."""
    args = {k: v for k, v in request.args.items() if k in ("q", "role", "page") and v}
    return redirect(url_for("admin.users", **args))


@bp.get("/users")
@admin_required
def users():
    page = request.args.get("page", "1")
    listing = admin_service.list_accounts(
        current_user.id,
        search=request.args.get("q", "")[:80],
        role=request.args.get("role", "") if request.args.get("role") in tuple(Role) else "",
        page=whole_number(page) or 1,
    )
    return render_template(
        "admin/users.html",
        listing=listing,
        search=request.args.get("q", ""),
        role=request.args.get("role", ""),
        roles=[r.value for r in Role],
        role_form=ChangeRoleForm(formdata=None),
        active_form=SetAccountActiveForm(formdata=None),
        reset_form=IssueResetLinkForm(formdata=None),
    )


@bp.post("/users/<int:user_id>/reset-link")
@admin_required
def reset_link(user_id: int):
    """A one-time link to set a new password, shown to the administrator to hand over."""
    if not IssueResetLinkForm().validate_on_submit():
        abort(400)
    return issue_reset_link_page(user_id)


@bp.post("/users/<int:user_id>/role")
@admin_required
def change_role(user_id: int):
    form = ChangeRoleForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        user = admin_service.set_role(current_user.id, user_id, form.role.data)
    except QuizappError as exc:
        if exc.status == 404:
            raise
        flash(exc.message, "error")
    else:
        flash(
            f"{user.username} is now {'an' if user.role == 'admin' else 'a'} {user.role}.",
            "success",
        )
    return _back()


@bp.post("/users/<int:user_id>/deactivate")
@admin_required
def deactivate(user_id: int):
    return _set_active(user_id, False)


@bp.post("/users/<int:user_id>/reactivate")
@admin_required
def reactivate(user_id: int):
    return _set_active(user_id, True)


def _set_active(user_id: int, active: bool):
    if not SetAccountActiveForm().validate_on_submit():
        abort(400)
    try:
        user = admin_service.set_active(current_user.id, user_id, active)
    except QuizappError as exc:
        if exc.status == 404:
            raise
        flash(exc.message, "error")
    else:
        if active:
            flash(f"{user.username} can sign in again.", "success")
        else:
            flash(f"{user.username} is deactivated and signed out everywhere.", "success")
    return _back()


@bp.post("/users/<int:user_id>/sign-out")
@admin_required
def sign_out_everywhere(user_id: int):
    if not SignOutEverywhereForm().validate_on_submit():
        abort(400)
    try:
        ended = admin_service.sign_out_everywhere(current_user.id, user_id)
    except QuizappError as exc:
        if exc.status == 404:
            raise
        flash(exc.message, "error")
    else:
        user = admin_service.get_account(user_id)
        flash(
            f"{user.username} is signed out everywhere ({ended} session"
            f"{'' if ended == 1 else 's'} ended, API tokens revoked).",
            "success",
        )
    return _back()


@bp.get("/audit")
@admin_required
def audit():
    event = request.args.get("event", "")
    search = request.args.get("q", "")[:80]
    listing = audit_service.list_events(
        current_user.id,
        event=event,
        search=search,
        page=whole_number(request.args.get("page", "1")) or 1,
    )
    return render_template(
        "admin/audit.html",
        listing=listing,
        events=audit_service.EVENTS,
        event=event if event in audit_service.EVENTS else "",
        search=search,
    )


@bp.get("/audit.csv")
@admin_required
def audit_csv():
    body = audit_service.export_csv(
        current_user.id, event=request.args.get("event", ""), search=request.args.get("q", "")[:80]
    )
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="quizapp-audit-log.csv"'},
    )
