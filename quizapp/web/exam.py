"""Exam pages: a learner sets an exam date on a bank and sees the plan towards it; a
teacher sets one for a class and one of its banks."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from quizapp.errors import NotFound, QuizappError
from quizapp.services import exams as exam_service
from quizapp.services import study
from quizapp.web.access import teacher_required
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


# -- a teacher's exam for a class and bank ---------------------------------------------------


def _class_page(class_id: int, bank_id: int, form: SetExamForm, status: int = 200):
    from quizapp.services.classes import class_banks, get_class

    classroom = get_class(class_id, current_user.id)
    bank = next((b for b in class_banks(classroom.id) if b.id == bank_id), None)
    if bank is None:
        raise NotFound("this bank is not assigned to the class")
    current = exam_service.class_exam(classroom.id, bank.id)
    if current is not None and form.exam_on.data is None and not form.errors:
        form.exam_on.data = current.exam_on
    return render_template(
        "classes/exam.html",
        classroom=classroom,
        bank=bank,
        current=current,
        form=form,
        remove_form=RemoveExamForm(),
    ), status


@bp.get("/classes/<int:class_id>/banks/<int:bank_id>/exam")
@teacher_required
def show_class(class_id: int, bank_id: int):
    return _class_page(class_id, bank_id, SetExamForm(formdata=None))


@bp.post("/classes/<int:class_id>/banks/<int:bank_id>/exam")
@teacher_required
def set_class_exam(class_id: int, bank_id: int):
    form = SetExamForm()
    if form.validate_on_submit():
        try:
            exam_service.set_class_exam(
                current_user.id, class_id, bank_id, form.exam_on.data, now=study_now()
            )
        except QuizappError as exc:
            if exc.status != 422:
                raise
            show_service_error(form, exc)
        else:
            flash("Exam date saved for the class.", "success")
            return redirect(url_for("exam.show_class", class_id=class_id, bank_id=bank_id), 303)
    return _class_page(class_id, bank_id, form, 422)


@bp.post("/classes/<int:class_id>/banks/<int:bank_id>/exam/remove")
@teacher_required
def remove_class(class_id: int, bank_id: int):
    if RemoveExamForm().validate_on_submit():
        exam_service.remove_class_exam(current_user.id, class_id, bank_id)
        flash("Exam date removed for the class.", "success")
    else:
        flash("That did not work; please try again.", "error")
    return redirect(url_for("exam.show_class", class_id=class_id, bank_id=bank_id), 303)
