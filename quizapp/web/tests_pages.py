"""Test mode in the browser: start a test, answer one question a page, see the report.

Plain forms with post/redirect/get, like the study pages; study.js adds the countdown
of a timed test (the server enforces the limit either way).
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from quizapp.errors import InvalidInput
from quizapp.questions import get_question_type
from quizapp.services import practice_tests, study
from quizapp.web.study import study_fuzz, study_now
from quizapp.web.study_forms import AnswerQuestionForm, FinishTestForm, StartTestForm

bp = Blueprint("tests", __name__)


@bp.app_template_global()
def answer_text(question) -> str:
    """A question's right answer as the learner reads it."""
    return get_question_type(question.type).display_answer(question.data)


@bp.route("/study/<slug>/test", methods=["GET", "POST"])
@login_required
def new(slug: str):
    bank = study.enrolled_bank(current_user.id, slug)
    form = StartTestForm()
    if form.validate_on_submit():
        try:
            state = practice_tests.create_test(
                current_user.id,
                slug,
                count=form.count.data,
                order=form.order.data,
                time_limit_s=form.minutes.data * 60 if form.minutes.data else None,
                now=study_now(),
            )
        except InvalidInput as exc:
            form.count.errors = [exc.message]
        else:
            return redirect(url_for("tests.take", token=state.test.token), 303)
    status = 422 if form.errors else 200
    recent = practice_tests.recent_tests(current_user.id, bank.id)
    return render_template("tests/new.html", bank=bank, form=form, recent=recent), status


@bp.get("/tests/<token>")
@login_required
def take(token: str):
    state = practice_tests.get_test(current_user.id, token, now=study_now())
    if state.finished:
        return redirect(url_for("tests.report", token=token), 303)
    item = state.next_unanswered()
    return render_template(
        "tests/question.html",
        state=state,
        item=item,
        form=AnswerQuestionForm(formdata=None, presentation_id=item.presentation.token)
        if item
        else None,
        finish_form=FinishTestForm(),
        error=None,
        now=study_now(),
    )


@bp.post("/tests/<token>/answer")
@login_required
def answer(token: str):
    form = AnswerQuestionForm()
    if not form.validate_on_submit():
        return redirect(url_for("tests.take", token=token), 303)
    presentation_id = form.presentation_id.data
    elapsed = int(form.elapsed_ms.data) if form.elapsed_ms.data else None
    try:
        response = practice_tests.response_from_form(
            current_user.id, token, presentation_id, request.form
        )
        practice_tests.answer_test_question(
            current_user.id,
            token,
            presentation_id,
            response,
            elapsed_ms=elapsed,
            now=study_now(),
            fuzz=study_fuzz(),
        )
    except InvalidInput as exc:
        state = practice_tests.get_test(current_user.id, token, now=study_now())
        item = next(q for q in state.questions if q.presentation.token == presentation_id)
        return render_template(
            "tests/question.html",
            state=state,
            item=item,
            form=form,
            finish_form=FinishTestForm(),
            error=exc.message,
            previous=request.form,
            now=study_now(),
        ), 422
    return redirect(url_for("tests.take", token=token), 303)


@bp.post("/tests/<token>/finish")
@login_required
def finish(token: str):
    if FinishTestForm().validate_on_submit():
        practice_tests.finish_test(current_user.id, token, now=study_now())
        return redirect(url_for("tests.report", token=token), 303)
    return redirect(url_for("tests.take", token=token), 303)


@bp.get("/tests/<token>/report")
@login_required
def report(token: str):
    state = practice_tests.get_test(current_user.id, token, now=study_now())
    if not state.finished:
        return redirect(url_for("tests.take", token=token), 303)
    return render_template("tests/report.html", state=state)
