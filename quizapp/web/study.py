"""Studying in the browser: the dashboard, the study page, feedback and progress.

Plain forms and post/redirect/get throughout, so everything works without
JavaScript; quizapp/static/study.js only adds keyboard shortcuts and timing.
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from quizapp import charts, stats_charts
from quizapp.errors import InvalidInput, NotFound
from quizapp.lti import grades as lti_grades
from quizapp.models import utcnow
from quizapp.questions import get_question_type
from quizapp.questions.types import BLANK
from quizapp.services import analytics, study
from quizapp.services import flags as flag_service
from quizapp.services import progress as progress_service
from quizapp.services import stats as stats_service
from quizapp.services import users as user_service
from quizapp.services.classes import TARGETS
from quizapp.web.navigation import BANK_ACTIONS, Link
from quizapp.web.study_forms import (
    AnswerQuestionForm,
    EnrollBankForm,
    FlagQuestionForm,
    LeaveBankForm,
    OverrideAnswerForm,
    SetDailyGoalForm,
    UndoAnswerForm,
)

bp = Blueprint("study", __name__)


def study_now() -> datetime:
    """The current time for studying; tests set ``CLOCK`` to move it by hand."""
    clock = current_app.config.get("CLOCK")
    return clock() if clock else utcnow()


def study_fuzz() -> bool:
    return bool(current_app.config.get("STUDY_FUZZ", True))


@bp.app_template_global()
def question_template(type_name: str) -> str:
    """The study page's input for a question type, as the type itself names it."""
    return get_question_type(type_name).template


@bp.app_template_global()
def cloze_parts(prompt: str) -> list[str]:
    """The prompt's text around its blanks: n blanks give n + 1 parts."""
    return BLANK.split(prompt)


@bp.app_template_filter("study_when")
def study_when(moment: datetime, now: datetime | None = None) -> str:
    """When something is due, as a learner reads it: "in 10 minutes", "tomorrow", "in 5 days"."""
    now = now or study_now()
    delta = moment - now
    seconds = delta.total_seconds()
    if seconds < 30:
        return "now"
    if seconds < 3600:
        minutes = max(1, round(seconds / 60))
        return f"in {minutes} minute{'s' if minutes != 1 else ''}"
    if seconds < 86400:
        hours = round(seconds / 3600)
        return f"in {hours} hour{'s' if hours != 1 else ''}"
    days = round(seconds / 86400)
    if days == 1:
        return "tomorrow"
    if days < 60:
        return f"in {days} days ({moment:%-d %b})"
    return f"on {moment:%-d %b %Y}"


@bp.app_template_filter("study_response")
def study_response(response) -> str:
    """A recorded response as text: lists joined, booleans as True/False."""
    if isinstance(response, list):
        return "; ".join(str(item) for item in response) or "(blank)"
    if isinstance(response, bool):
        return "True" if response else "False"
    text = str(response).strip() if response is not None else ""
    return text or "(blank)"


# -- dashboard and enrolment --------------------------------------------------------------


@bp.get("/study")
@login_required
def dashboard():
    progress = progress_service.learner_progress(current_user.id, now=study_now())
    enrolled = {b.bank.id for b in progress.banks}
    others = [e for e in study.list_banks_for_learner(current_user.id) if e.bank.id not in enrolled]
    return render_template(
        "study/dashboard.html",
        progress=progress,
        others=others,
        enroll_form=EnrollBankForm(),
        daily_new_limit=current_user.daily_new_limit,
        assignments=analytics.learner_assignments(current_user.id, now=study_now()),
        targets=TARGETS,
    )


@bp.post("/study/<slug>/enroll")
@login_required
def enroll(slug: str):
    if EnrollBankForm().validate_on_submit():
        study.enroll(current_user.id, slug, now=study_now())
        flash("Enrolled. Your first questions are ready.", "success")
        return redirect(url_for("study.bank", slug=slug), 303)
    flash("That did not work; please try again.", "error")
    return redirect(url_for("main.bank", slug=slug), 303)


@bp.post("/study/<slug>/leave")
@login_required
def leave(slug: str):
    if LeaveBankForm().validate_on_submit():
        study.unenroll(current_user.id, slug)
        flash("You left the bank. Your progress is kept if you come back.", "success")
        return redirect(url_for("study.dashboard"), 303)
    flash("That did not work; please try again.", "error")
    return redirect(url_for("main.bank", slug=slug), 303)


def bank_actions(bank) -> list[Link]:
    """Enrol, or study and leave, on a bank's page."""
    if not current_user.is_authenticated or not bank.is_published:
        return []
    if study.is_enrolled(current_user.id, bank.id):
        return [
            Link("Study now", url_for("study.bank", slug=bank.slug)),
            Link("Exam date", url_for("exam.show", slug=bank.slug), style="button secondary"),
            Link(
                "Leave this bank",
                url_for("study.leave", slug=bank.slug),
                method="post",
                style="button secondary",
            ),
        ]
    return [Link("Enrol and study", url_for("study.enroll", slug=bank.slug), method="post")]


# -- studying -------------------------------------------------------------------------------


def _flag(name: str) -> bool:
    return request.args.get(name, "") in ("1", "true", "yes")


def _last_answer(token: str | None, bank_id: int):
    """The answer just given (a graded flashcard goes straight on), if Undo can take it back."""
    if not token:
        return None
    try:
        feedback = study.get_feedback(current_user.id, token)
    except NotFound:
        return None
    if feedback.bank.id != bank_id:
        return None
    latest = study.latest_review_id(current_user.id, bank_id)
    return feedback if latest == feedback.review_id else None


@bp.get("/study/<slug>")
@login_required
def bank(slug: str):
    practice = _flag("practice")
    now = study_now()
    result = study.next_question(
        current_user.id, slug, now=now, practice=practice, fuzz=study_fuzz()
    )
    counts = study.study_counts(current_user.id, result.bank.id, now=now)
    last = _last_answer(request.args.get("after"), result.bank.id)
    if isinstance(result, study.Idle):
        summary = study.session_summary(current_user.id, result.bank.id, now=now)
        return render_template(
            "study/idle.html", idle=result, counts=counts, now=now, summary=summary, last=last
        )
    return render_template(
        "study/question.html",
        presented=result,
        form=AnswerQuestionForm(formdata=None, presentation_id=result.token),
        counts=counts,
        error=None,
        last=last,
        now=now,
    )


@bp.post("/study/<slug>/answer")
@login_required
def answer(slug: str):
    form = AnswerQuestionForm()
    if not form.validate_on_submit():
        flash("That answer could not be read; here is the question again.", "error")
        return redirect(url_for("study.bank", slug=slug), 303)
    token = form.presentation_id.data
    elapsed = int(form.elapsed_ms.data) if form.elapsed_ms.data else None
    try:
        response = study.response_from_form(current_user.id, token, request.form)
        feedback = study.submit_answer(
            current_user.id,
            token,
            response,
            elapsed_ms=elapsed,
            now=study_now(),
            fuzz=study_fuzz(),
        )
    except InvalidInput as exc:
        presented = study.get_presentation(
            current_user.id, token, now=study_now(), fuzz=study_fuzz()
        )
        counts = study.study_counts(current_user.id, presented.bank.id, now=study_now())
        return render_template(
            "study/question.html",
            presented=presented,
            form=form,
            counts=counts,
            error=exc.message,
            previous=request.form,
        ), 422
    # A learner who came from an LMS has their score queued for its gradebook.
    lti_grades.queue_progress(current_user.id, feedback.bank.id)
    if feedback.question.type == "flashcard":
        # A self-graded card needs no feedback page: straight on to the next one.
        practice = 1 if feedback.practice else None
        return redirect(
            url_for("study.bank", slug=feedback.bank.slug, after=token, practice=practice), 303
        )
    return redirect(url_for("study.result", slug=feedback.bank.slug, token=token), 303)


@bp.get("/study/<slug>/result/<token>")
@login_required
def result(slug: str, token: str):
    feedback = study.get_feedback(current_user.id, token)
    return _result_page(feedback, FlagQuestionForm())


def _result_page(feedback, flag_form, status: int = 200):
    latest = study.latest_review_id(current_user.id, feedback.bank.id)
    page = render_template(
        "study/result.html",
        feedback=feedback,
        now=study_now(),
        flag_form=flag_form,
        can_undo=latest is not None and latest == feedback.review_id,
    )
    return page, status


@bp.post("/study/<slug>/result/<token>/undo")
@login_required
def undo(slug: str, token: str):
    feedback = study.get_feedback(current_user.id, token)  # 404 unless it is yours
    if not UndoAnswerForm().validate_on_submit():
        flash("That did not work; please try again.", "error")
        return redirect(url_for("study.result", slug=slug, token=token), 303)
    study.undo_review(current_user.id, feedback.review_id, now=study_now())
    lti_grades.queue_progress(current_user.id, feedback.bank.id)
    flash("Answer taken back. Here is the question again.", "success")
    practice = 1 if feedback.practice else None
    return redirect(url_for("study.bank", slug=feedback.bank.slug, practice=practice), 303)


@bp.post("/study/<slug>/result/<token>/override")
@login_required
def override(slug: str, token: str):
    feedback = study.get_feedback(current_user.id, token)
    if not OverrideAnswerForm().validate_on_submit():
        flash("That did not work; please try again.", "error")
        return redirect(url_for("study.result", slug=slug, token=token), 303)
    study.override_review(current_user.id, feedback.review_id, correct=True, fuzz=study_fuzz())
    lti_grades.queue_progress(current_user.id, feedback.bank.id)
    return redirect(url_for("study.result", slug=feedback.bank.slug, token=token), 303)


@bp.post("/study/<slug>/result/<token>/flag")
@login_required
def flag(slug: str, token: str):
    feedback = study.get_feedback(current_user.id, token)  # 404 unless it is yours
    form = FlagQuestionForm()
    if not form.validate_on_submit():
        return _result_page(feedback, form, 422)
    flag_service.flag_question(current_user.id, feedback.question.id, form.reason.data)
    flash("Thank you. The bank's teacher will see your report.", "success")
    return redirect(url_for("study.result", slug=slug, token=token), 303)


# -- progress ---------------------------------------------------------------------------------


@bp.get("/progress")
@login_required
def progress():
    return _progress_page(SetDailyGoalForm(formdata=None, daily_goal=current_user.daily_goal))


def _progress_page(goal_form, status: int = 200):
    now = study_now()
    data = progress_service.learner_progress(current_user.id, now=now)
    stats = stats_service.learner_stats(current_user.id, now=now)
    weeks = [(w.week, w.share) for w in stats.retention_by_week if w.share is not None]
    page = render_template(
        "progress/index.html",
        progress=data,
        stats=stats,
        goal_form=goal_form,
        reviews_chart=charts.bar_chart(
            [(d.day, {"count": d.count}) for d in data.reviews_per_day], title="Reviews per day"
        ),
        calendar_chart=stats_charts.heatmap(
            [(d.day, d.reviews) for d in stats.calendar], title="Answers over the last year"
        ),
        retention_chart=charts.share_chart(weeks, title="Retention by week"),
        forecast_chart=charts.bar_chart(
            [(d.day, {"count": d.reviews}) for d in stats.forecast], title="Reviews due"
        ),
        mastery_chart=stats_charts.share_bars(
            [(t.tag, t.mastery, t.questions) for t in stats.tags], title="Mastery by tag"
        ),
    )
    return page, status


@bp.post("/progress/goal")
@login_required
def set_goal():
    form = SetDailyGoalForm()
    if not form.validate_on_submit():
        return _progress_page(form, 422)
    user_service.update_settings(current_user.id, daily_goal=form.daily_goal.data)
    flash("Daily goal saved.", "success")
    return redirect(url_for("study.progress", _anchor="goal"), 303)


if bank_actions not in BANK_ACTIONS:
    BANK_ACTIONS.append(bank_actions)
