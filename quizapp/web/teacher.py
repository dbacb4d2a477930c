"""Teaching in the browser: banks (upload, preview, publish, edit, export) and class analytics.

Every page needs a teacher (or admin) account; every bank and class is loaded by a
service that checks it is the teacher's own. Plain forms and post/redirect/get, so
everything works without JavaScript (quizapp/static/teacher.js only hides the
question editor's fields that do not apply to the chosen type).
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from quizapp import charts
from quizapp.bankfile import BankValidationError
from quizapp.errors import Forbidden, InvalidInput
from quizapp.formats.spreadsheet import write_csv
from quizapp.models import utcnow
from quizapp.questions import QUESTION_TYPES
from quizapp.services import analytics, bank_admin, sandbox
from quizapp.services import banks as bank_service
from quizapp.services import classes as class_service
from quizapp.web.access import teacher_required
from quizapp.web.classes_forms import CreateClassForm
from quizapp.web.form_errors import show_service_error
from quizapp.web.inputs import whole_number
from quizapp.web.navigation import BANK_ACTIONS, Link
from quizapp.web.teacher_forms import (
    DiscardUploadForm,
    EditBankDetailsForm,
    EditQuestionForm,
    PublishUploadForm,
    RestoreQuestionForm,
    RetireQuestionForm,
    SetBankStatusForm,
    TryQuestionForm,
    UploadBanksForm,
)

bp = Blueprint("teacher", __name__, url_prefix="/teach")

PREVIEW_QUESTIONS = 50


def _max_bytes() -> int:
    return int(current_app.config["BANK_MAX_BYTES"])


@bp.app_template_global()
def question_label(type_name: str) -> str:
    qtype = QUESTION_TYPES.get(type_name)
    return qtype.label if qtype else type_name


@bp.app_template_global()
def question_answer(type_name: str, data: dict) -> str:
    """The right answer as a teacher reads it ("Paris", "True", "2.1 million")."""
    qtype = QUESTION_TYPES.get(type_name)
    return qtype.display_answer(data) if qtype else str(data.get("answer", ""))


_ITEM = re.compile(r"(questions|sources)?\[(\d+)\]")


@bp.app_template_filter("issue_where")
def issue_where(path: str) -> str:
    """Where a problem is, as a teacher counts: ``questions[2].answer`` -> "question 3 › answer"."""
    if path == "(document)":
        return "the whole file"

    def one_based(match: re.Match) -> str:
        noun = {"questions": "question ", "sources": "source "}.get(match.group(1) or "", "item ")
        return f".{noun}{int(match.group(2)) + 1}"

    parts = _ITEM.sub(one_based, path).split(".")
    return " › ".join(part for part in parts if part)


@bp.app_template_filter("percent")
def percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


@bp.app_template_filter("days_ago")
def days_ago(moment: datetime | None) -> str:
    if moment is None:
        return "never"
    days = (utcnow().date() - moment.astimezone(UTC).date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


# -- dashboard -----------------------------------------------------------------------------


@bp.get("/")
@teacher_required
def dashboard():
    return render_template(
        "teacher/dashboard.html",
        classes=class_service.teacher_classes(current_user.id, include_archived=True),
        banks=bank_admin.teacher_banks(current_user.id),
        create_form=CreateClassForm(formdata=None),
    )


# -- uploads -------------------------------------------------------------------------------


@bp.route("/banks/upload", methods=["GET", "POST"])
@teacher_required
def upload():
    form = UploadBanksForm()
    if request.method == "GET" and request.args.get("slug"):
        form.slug.data = request.args["slug"][:80]
    issues, status, partial = [], 200, None
    if form.validate_on_submit():
        limit = _max_bytes()
        # Read one byte past the limit, so an oversized file is reported, not read whole.
        files = [
            (f.filename or "", f.read(limit + 1))
            for f in request.files.getlist(form.files.name)
            if f.filename
        ]
        options = bank_admin.UploadOptions(
            format=form.format.data,
            slug=(form.slug.data or "").strip() or None,
            title=(form.title.data or "").strip() or None,
            card_type=form.card_type.data,
        )
        try:
            preview = bank_admin.stage_upload(
                current_user.id, files, max_bytes=limit, options=options
            )
        except BankValidationError as exc:
            issues, status = exc.issues, 422
            form.form_errors.append(
                f"{exc.message.splitlines()[0].rstrip(':')}; nothing was saved. "
                "Fix them and upload the files again."
            )
            partial = bank_admin.stage_partial_upload(
                current_user.id, files, max_bytes=limit, options=options
            )
        except InvalidInput as exc:
            status = 422
            form.form_errors.append(exc.message)
        except Forbidden as exc:
            status = 403
            form.form_errors.append(exc.message + "; nothing was saved.")
        else:
            return redirect(url_for("teacher.preview", token=preview.token))
    elif request.method == "POST":
        status = 422
    return render_template("teacher/upload.html", form=form, issues=issues, partial=partial), status


@bp.get("/uploads/<token>")
@teacher_required
def preview(token: str):
    preview = bank_admin.preview_upload(token, current_user.id, max_bytes=_max_bytes())
    return render_template(
        "teacher/preview.html",
        preview=preview,
        publish_form=PublishUploadForm(formdata=None),
        discard_form=DiscardUploadForm(formdata=None),
        shown=PREVIEW_QUESTIONS,
        student_views=[
            sandbox.shown_as_student(b.questions[:PREVIEW_QUESTIONS], seed=0)
            for b in sandbox.upload_questions(token, current_user.id, max_bytes=_max_bytes())
        ],
    )


@bp.post("/uploads/<token>/publish")
@teacher_required
def publish(token: str):
    form = PublishUploadForm()
    if not form.validate_on_submit():
        abort(400)
    publish = not form.draft.data
    try:
        plans = bank_admin.publish_upload(
            token, current_user.id, max_bytes=_max_bytes(), publish=publish
        )
    except InvalidInput as exc:
        flash(exc.message, "error")
        return redirect(url_for("teacher.preview", token=token))
    for plan in plans:
        flash(_imported_message(plan, published=publish), "success")
    if len(plans) == 1:
        return redirect(url_for("teacher.bank", slug=plans[0].slug))
    return redirect(url_for("teacher.dashboard"))


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def _imported_message(plan, *, published: bool) -> str:
    """What a publish did, in the past tense ("Published “Capitals”: a new bank of 4 ...")."""
    verb = "Published" if published else "Saved as a draft"
    if plan.is_new:
        return f"{verb} “{plan.title}”: a new bank of {_plural(len(plan.added), 'question')}."
    parts = [f"{len(plan.added)} added", f"{len(plan.updated)} updated"]
    parts += [f"{len(plan.retired)} retired"] if plan.retired else []
    parts += [f"{len(plan.restored)} restored"] if plan.restored else []
    text = f"{verb} “{plan.title}”: {', '.join(parts)}, {len(plan.unchanged)} unchanged."
    if plan.answer_changed:
        text += (
            f" Progress was reset on {_plural(len(plan.answer_changed), 'question')}"
            " whose answer changed."
        )
    return text


@bp.post("/uploads/<token>/discard")
@teacher_required
def discard(token: str):
    if not DiscardUploadForm().validate_on_submit():
        abort(400)
    bank_admin.discard_upload(token, current_user.id)
    flash("The upload was discarded; nothing was changed.", "success")
    return redirect(url_for("teacher.dashboard"))


# -- trying a bank as a student, in a sandbox ---------------------------------------------


def _try_page(
    questions: list[sandbox.SandboxQuestion],
    *,
    title: str,
    endpoint: str,
    target: dict,
    back_url: str,
    back_label: str,
):
    """The sandbox: show question ``n`` (GET) or grade the answer to it (POST).

    Position, score and shuffling seed travel with the page; nothing is stored.
    """
    form = TryQuestionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        position = whole_number(form.position.data) or 0
        seed = whole_number(form.seed.data) or 0
        right = whole_number(form.right.data) or 0
    else:
        position = whole_number(request.args.get("n")) or 0
        seed = whole_number(request.args.get("seed"))
        seed = secrets.randbelow(1_000_000_000) if seed is None else seed
        right = whole_number(request.args.get("right")) or 0
    context = dict(
        sandbox=sandbox.SandboxBank(title, questions),
        endpoint=endpoint,
        target=target,
        back_url=back_url,
        back_label=back_label,
        total=len(questions),
        position=position,
        seed=seed,
        right=min(right, len(questions)),
        done=position >= len(questions),
        tried=None,
        presented=None,
        error=None,
    )
    if context["done"]:
        return render_template("teacher/try.html", form=form, **context)
    status = 200
    if request.method == "POST":
        try:
            tried = sandbox.try_answer(questions, position, seed, request.form)
        except InvalidInput as exc:
            context["error"], status = exc.message, 422
        else:
            context["tried"] = tried
            context["right"] = min(right + tried.counts_as_right, len(questions))
            return render_template("teacher/try.html", form=form, **context)
    context["presented"] = sandbox.show(questions, position, seed)
    form = TryQuestionForm(formdata=None, position=position, seed=seed, right=right)
    return render_template("teacher/try.html", form=form, **context), status


@bp.route("/uploads/<token>/try", methods=["GET", "POST"])
@teacher_required
def try_upload(token: str):
    banks = sandbox.upload_questions(token, current_user.id, max_bytes=_max_bytes())
    questions = [q for b in banks for q in b.questions]
    return _try_page(
        questions,
        title=banks[0].title if len(banks) == 1 else f"{len(banks)} banks",
        endpoint="teacher.try_upload",
        target={"token": token},
        back_url=url_for("teacher.preview", token=token),
        back_label="Preview",
    )


@bp.route("/banks/<slug>/try", methods=["GET", "POST"])
@teacher_required
def try_bank(slug: str):
    bank = sandbox.bank_questions(slug, current_user.id)
    return _try_page(
        bank.questions,
        title=bank.title,
        endpoint="teacher.try_bank",
        target={"slug": slug},
        back_url=url_for("teacher.bank", slug=slug),
        back_label=bank.title,
    )


# -- one bank ------------------------------------------------------------------------------


@bp.get("/banks/<slug>")
@teacher_required
def bank(slug: str):
    return render_template(
        "teacher/bank.html",
        listing=bank_admin.bank_questions(slug, current_user.id),
        status_form=SetBankStatusForm(formdata=None),
        retire_form=RetireQuestionForm(formdata=None),
        restore_form=RestoreQuestionForm(formdata=None),
    )


@bp.route("/banks/<slug>/details", methods=["GET", "POST"])
@teacher_required
def bank_details(slug: str):
    bank = bank_admin.editable_bank(slug, current_user.id)
    form = EditBankDetailsForm(obj=bank)
    status = 200
    if form.validate_on_submit():
        try:
            bank_admin.update_bank_details(
                slug,
                current_user.id,
                title=form.title.data,
                description=form.description.data or "",
                language=form.language.data,
            )
        except InvalidInput as exc:
            show_service_error(form, exc)
            status = 422
        else:
            flash("Title and description saved.", "success")
            return redirect(url_for("teacher.bank", slug=slug))
    elif form.is_submitted():
        status = 422
    return render_template("teacher/bank_details.html", bank=bank, form=form), status


@bp.post("/banks/<slug>/publish")
@teacher_required
def publish_bank(slug: str):
    return _set_status(slug, "published", "Published: students can find and study it.")


@bp.post("/banks/<slug>/unpublish")
@teacher_required
def unpublish_bank(slug: str):
    return _set_status(
        slug, "draft", "Back to draft: students no longer see it; their progress is kept."
    )


def _set_status(slug: str, status: str, message: str):
    if not SetBankStatusForm().validate_on_submit():
        abort(400)
    try:
        bank_admin.set_bank_status(slug, current_user.id, status)
    except InvalidInput as exc:
        flash(exc.message, "error")
    else:
        flash(message, "success")
    return redirect(url_for("teacher.bank", slug=slug))


@bp.route("/banks/<slug>/questions/new", methods=["GET", "POST"])
@teacher_required
def new_question(slug: str):
    bank = bank_admin.editable_bank(slug, current_user.id)
    form = EditQuestionForm()
    form.set_sources(bank.sources)
    return _question_page(bank, form, key=None)


@bp.route("/banks/<slug>/questions/<key>", methods=["GET", "POST"])
@teacher_required
def edit_question(slug: str, key: str):
    bank, question = bank_admin.editable_question(slug, key, current_user.id)
    form = EditQuestionForm()
    form.set_sources(bank.sources)
    if request.method == "GET":
        form.fill_from(bank_admin.question_fields(question))
    return _question_page(bank, form, key=key, question=question)


def _back_to(bank, key: str | None) -> tuple[str, str]:
    """Where the editor returns: the review list when opened from it, else the bank, at
    the question edited."""
    anchor = f"#q-{key}" if key else ""
    if request.args.get("back") == "review":
        return url_for("generate.review", slug=bank.slug) + anchor, "Back to the review"
    return url_for("teacher.bank", slug=bank.slug) + anchor, "Cancel"


def _question_page(bank, form: EditQuestionForm, *, key: str | None, question=None):
    status = 200
    if form.validate_on_submit():
        try:
            saved = bank_admin.save_question(bank.slug, current_user.id, form.to_fields(), key=key)
        except InvalidInput as exc:
            status = 422
            if exc.fields:
                form.attach_errors(exc.fields)
            else:
                form.form_errors.append(exc.message)
        else:
            if saved.created:
                flash(f"Question {saved.question.key} added.", "success")
            elif saved.answer_changed:
                n = saved.progress_reset
                flash(
                    f"Question {saved.question.key} saved. Its answer changed, so the progress "
                    f"of {n} learner{'s' if n != 1 else ''} on it was reset.",
                    "success",
                )
            else:
                flash(
                    f"Question {saved.question.key} saved; learners keep their progress.", "success"
                )
            return redirect(_back_to(bank, saved.question.key)[0])
    elif request.method == "POST":
        status = 422
    learners = bank_admin.learners_on(question) if question is not None else 0
    back_url, back_label = _back_to(bank, key)
    # A question's own type decides the editor's fields, help and answer input (its
    # registry entry); a new question shows every field until a type is chosen.
    qtype = QUESTION_TYPES.get(form.type.data) if (question or form.is_submitted()) else None
    answer_choices = None
    if qtype is not None:
        form.answer.description = qtype.answer_help or form.answer.description
        choices = [line.strip() for line in (form.choices.data or "").splitlines()]
        answer_choices = qtype.answer_choices({"choices": [c for c in choices if c]})
    return render_template(
        "teacher/question.html",
        bank=bank,
        form=form,
        question=question,
        learners=learners,
        back_url=back_url,
        back_label=back_label,
        qtype=qtype,
        answer_choices=answer_choices,
    ), status


@bp.post("/banks/<slug>/questions/<key>/retire")
@teacher_required
def retire_question(slug: str, key: str):
    if not RetireQuestionForm().validate_on_submit():
        abort(400)
    bank_admin.retire_question(slug, key, current_user.id)
    flash(f"Question {key} retired: students no longer see it; their history is kept.", "success")
    return redirect(url_for("teacher.bank", slug=slug))


@bp.post("/banks/<slug>/questions/<key>/restore")
@teacher_required
def restore_question(slug: str, key: str):
    if not RestoreQuestionForm().validate_on_submit():
        abort(400)
    bank_admin.restore_question(slug, key, current_user.id)
    flash(f"Question {key} restored, with its learners' progress.", "success")
    return redirect(url_for("teacher.bank", slug=slug) + f"#q-{key}")


def _download(text: str | bytes, filename: str, mimetype: str) -> Response:
    response = Response(text, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/banks/<slug>/export.yaml")
@teacher_required
def export_yaml(slug: str):
    bank, text = bank_admin.export_yaml(slug, current_user.id)
    return _download(text, f"{bank.slug}.yaml", "application/yaml; charset=utf-8")


@bp.get("/banks/<slug>/export.gift")
@teacher_required
def export_gift(slug: str):
    bank, exported = bank_admin.export_gift(slug, current_user.id)
    return _download(exported.text, f"{bank.slug}.gift.txt", "text/plain; charset=utf-8")


@bp.get("/banks/<slug>/export/<fmt>")
@teacher_required
def export_bank(slug: str, fmt: str):
    exported = bank_admin.export_bank(slug, fmt, current_user.id)
    return _download(exported.content, exported.filename, exported.mimetype)


def bank_actions(bank) -> list[Link]:
    """Buttons on a bank's public page for those who may change it."""
    if not current_user.is_authenticated or not bank_service.can_edit_bank(current_user, bank):
        return []
    return [
        Link("Edit questions", url_for("teacher.bank", slug=bank.slug), style="button secondary"),
        Link(
            "Export YAML", url_for("teacher.export_yaml", slug=bank.slug), style="button secondary"
        ),
        Link(
            "Export GIFT", url_for("teacher.export_gift", slug=bank.slug), style="button secondary"
        ),
        Link(
            "Export spreadsheet",
            url_for("teacher.export_bank", slug=bank.slug, fmt="xlsx"),
            style="button secondary",
        ),
    ]


if bank_actions not in BANK_ACTIONS:
    BANK_ACTIONS.append(bank_actions)


# -- analytics -----------------------------------------------------------------------------


def _bank_param() -> int | None:
    return whole_number(request.args.get("bank"))


def answers_label(day, parts: dict[str, int]) -> str:
    return f"{day:%a %-d %b}: {parts['right'] + parts['wrong']} answers, {parts['right']} right"


@bp.get("/classes/<int:class_id>/analytics")
@teacher_required
def class_analytics(class_id: int):
    scope = analytics.class_scope(class_id, current_user.id, _bank_param())
    days = analytics.clamp_days(request.args.get("days"))
    series = analytics.progress_series(scope, days=days)
    return render_template(
        "teacher/class_analytics.html",
        scope=scope,
        all_banks=class_service.class_banks(scope.classroom.id),
        students=analytics.student_table(scope),
        assignments=scope.assignments,
        target_words=analytics.target_words,
        series=series,
        coverage=charts.share_chart(
            [(p.day, p.coverage) for p in series.points], title="Questions started, per student"
        ),
        answers=charts.bar_chart(
            [(p.day, {"right": p.correct, "wrong": p.answers - p.correct}) for p in series.points],
            title="Answers per day",
            label=answers_label,
        ),
        days=days,
        day_choices=analytics.CHART_DAYS,
        thresholds=analytics,
    )


@bp.get("/classes/<int:class_id>/banks/<int:bank_id>/analytics")
@teacher_required
def bank_analytics(class_id: int, bank_id: int):
    scope = analytics.class_scope(class_id, current_user.id, bank_id)
    return render_template(
        "teacher/bank_analytics.html",
        scope=scope,
        table=analytics.question_table(scope),
        can_edit=bank_service.can_edit_bank(current_user, scope.bank),
        thresholds=analytics,
    )


def _percent(value: float | None):
    return None if value is None else round(100 * value, 1)


def _csv(text: str, name: str) -> Response:
    return _download(text, name, "text/csv; charset=utf-8")


@bp.get("/classes/<int:class_id>/students.csv")
@teacher_required
def students_csv(class_id: int):
    scope = analytics.class_scope(class_id, current_user.id, _bank_param())
    rows = analytics.student_table(scope)
    assignments = scope.assignments
    text = write_csv(
        [
            "username",
            "name",
            "questions seen",
            "mature",
            "due",
            "overdue",
            "reviews in 30 days",
            "retention in 30 days (%)",
            "predicted recall in a week (%)",
            "last active (UTC)",
            *(f"{a.bank.slug} {analytics.target_words(a.target)} (%)" for a in assignments),
            "behind",
            "reasons",
        ],
        (
            [
                r.username,
                r.name,
                r.seen,
                r.mature,
                r.due,
                r.overdue,
                r.reviews_30d,
                _percent(r.retention_30d),
                _percent(r.predicted_recall),
                r.last_active.strftime("%Y-%m-%d %H:%M") if r.last_active else None,
                *(_percent(r.completion[a.bank.id]) for a in assignments),
                "yes" if r.behind else "no",
                " ".join(r.reasons),
            ]
            for r in rows
        ),
    )
    suffix = f"-{scope.bank.slug}" if scope.bank else ""
    return _csv(text, f"class-{class_id}{suffix}-students.csv")


@bp.get("/classes/<int:class_id>/banks/<int:bank_id>/questions.csv")
@teacher_required
def questions_csv(class_id: int, bank_id: int):
    scope = analytics.class_scope(class_id, current_user.id, bank_id)
    table = analytics.question_table(scope)
    text = write_csv(
        [
            "id",
            "type",
            "prompt",
            "answer",
            "attempts",
            "first attempts",
            "first-attempt facility (%)",
            "discrimination",
            "mean response time (s)",
            "most common wrong answers",
            "flags",
        ],
        (
            [
                r.key,
                r.type,
                r.prompt,
                r.answer,
                r.attempts,
                r.first_attempts,
                _percent(r.facility),
                None if r.discrimination is None else round(r.discrimination, 2),
                None if r.mean_seconds is None else round(r.mean_seconds, 1),
                "; ".join(f"{w.text} ({w.count})" for w in r.wrong_answers),
                " ".join(r.flags),
            ]
            for r in table.rows
        ),
    )
    return _csv(text, f"class-{class_id}-{scope.bank.slug}-questions.csv")


@bp.get("/classes/<int:class_id>/progress.csv")
@teacher_required
def progress_csv(class_id: int):
    scope = analytics.class_scope(class_id, current_user.id, _bank_param())
    series = analytics.progress_series(scope, days=analytics.clamp_days(request.args.get("days")))
    text = write_csv(
        ["day (UTC)", "answers", "right", "questions started", "active students", "coverage (%)"],
        (
            [
                p.day.isoformat(),
                p.answers,
                p.correct,
                p.started,
                p.active_students,
                _percent(p.coverage),
            ]
            for p in series.points
        ),
    )
    suffix = f"-{scope.bank.slug}" if scope.bank else ""
    return _csv(text, f"class-{class_id}{suffix}-progress.csv")
