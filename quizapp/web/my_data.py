"""The learner's own data in the browser: download it, or erase the account."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, logout_user

from quizapp.errors import QuizappError
from quizapp.services import account_data
from quizapp.web.auth import login_limits
from quizapp.web.form_errors import show_service_error
from quizapp.web.my_data_forms import EraseAccountForm

bp = Blueprint("my_data", __name__)


def download(body: str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/account/export.json")
@login_required
def export_json():
    data = account_data.export_account(current_user.id)
    return download(
        json.dumps(data, ensure_ascii=False, indent=2),
        "application/json",
        f"quizapp-{current_user.username}.json",
    )


@bp.get("/account/export.csv")
@login_required
def export_csv():
    return download(
        account_data.review_log_csv(current_user.id),
        "text/csv",
        f"quizapp-{current_user.username}-reviews.csv",
    )


@bp.route("/account/erase", methods=["GET", "POST"])
@login_required
def erase():
    form = EraseAccountForm()
    if form.validate_on_submit():
        try:
            account_data.erase_account(
                current_user.id,
                form.password.data,
                address=request.remote_addr,
                **login_limits(),
            )
        except QuizappError as exc:
            show_service_error(form, exc)
        else:
            session.clear()
            logout_user()
            flash("Your account and everything in it have been erased.", "success")
            return redirect(url_for("main.index"), 303)
    status = 422 if request.method == "POST" else 200
    return render_template("account/erase.html", form=form), status
