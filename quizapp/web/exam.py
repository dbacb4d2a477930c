"""The exam page: a learner sets an exam date on a bank and sees the plan towards it."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from quizapp.errors import QuizappError
from quizapp.services import exams as exam_service
from quizapp.services import study
from quizapp.web.exam_forms import RemoveExamForm, SetExamForm
from quizapp.web.form_errors import show_service_error
from quizapp.web.study import study_now

bp = Blueprint("exam", __name__)


def _page(slug: str, form: SetExamForm, status: int = 200):
    user = study._user(current_user.id)
    bank, _enrollment = study._enrolled_bank(user, slug)
    plan = exam_service.exam_plan(current_user.id, slug, now=study_now())
    if plan is not None and form.exam_on.data is None and not form.errors:
        form.exam_on.data = plan.exam_on
    peak = max((d.reviews for d in plan.days), default=0) if plan else 0
    return render_template(
        "study/exam.html",
        bank=bank,
        plan=plan,
        peak=peak,
        form=form,
        remove_form=RemoveExamForm(),
    ), status


@bp.get("/study/<slug>/exam")
@login_required
def show(slug: str):
    return _page(slug, SetExamForm(formdata=None))


@bp.post("/study/<slug>/exam")
@login_required
def set_exam(slug: str):
    form = SetExamForm()
    if form.validate_on_submit():
        try:
            exam_service.set_exam(current_user.id, slug, form.exam_on.data, now=study_now())
        except QuizappError as exc:
            if exc.status != 422:
                raise
            show_service_error(form, exc)
        else:
            flash("Exam date saved. Your reviews of this bank now aim at that day.", "success")
            return redirect(url_for("exam.show", slug=slug), 303)
    return _page(slug, form, 422)


@bp.post("/study/<slug>/exam/remove")
@login_required
def remove(slug: str):
    if RemoveExamForm().validate_on_submit():
        exam_service.remove_exam(current_user.id, slug)
        flash("Exam date removed.", "success")
    else:
        flash("That did not work; please try again.", "error")
    return redirect(url_for("exam.show", slug=slug), 303)
