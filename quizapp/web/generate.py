"""Teachers draft banks from source texts and review each generated question."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user

from quizapp.errors import InvalidInput, QuizappError
from quizapp.services import bank_admin, generation
from quizapp.web.access import teacher_required
from quizapp.web.generate_forms import (
    AcceptAllForm,
    AcceptQuestionForm,
    DiscardQuestionForm,
    GenerateBankForm,
    UndoDiscardForm,
)

bp = Blueprint("generate", __name__, url_prefix="/teach")


def _max_bytes() -> int:
    return int(current_app.config["GENERATOR_MAX_BYTES"])


@bp.route("/generate", methods=["GET", "POST"])
@teacher_required
def new_draft():
    form = GenerateBankForm()
    status = 200
    if form.validate_on_submit():
        if form.file.data:
            upload = form.file.data
            raw, filename = upload.read(_max_bytes() + 1), upload.filename
        else:
            raw, filename = form.text.data.encode("utf-8"), None
        try:
            bank = generation.generate_draft_for(
                current_user.id,
                raw,
                filename=filename,
                max_bytes=_max_bytes(),
                title=form.title.data or None,
                author=form.author.data or None,
                publisher=form.publisher.data or None,
                published=form.published.data,
                url=form.url.data or None,
                engine=current_app.config["GENERATOR_ENGINE"],
                model=current_app.config["NLP_MODEL"],
                scorer_path=current_app.config["GENERATOR_SCORER_PATH"],
            )
        except QuizappError as exc:
            form.form_errors.append(exc.message)
            status = exc.status
        else:
            count = len(bank.questions)
            flash(
                f"Drafted {count} question{'s' if count != 1 else ''}. Review each one "
                "before publishing: students cannot see the draft.",
                "success",
            )
            return redirect(url_for("generate.review", slug=bank.slug))
    elif form.is_submitted():
        status = 422
    return render_template("generate/new.html", form=form, max_kib=_max_bytes() // 1024), status


@bp.get("/banks/<slug>/review")
@teacher_required
def review(slug: str):
    return render_template(
        "generate/review.html",
        review=generation.draft_review(slug, current_user.id),
        accept_form=AcceptQuestionForm(formdata=None),
        discard_form=DiscardQuestionForm(formdata=None),
        accept_all_form=AcceptAllForm(formdata=None),
        undo=_undo_for(slug),
        undo_form=UndoDiscardForm(formdata=None),
    )


def _undo_for(slug: str) -> str | None:
    """The id of the question just deleted from this bank's review, if it can be undone."""
    undo = session.get("undo_discard")
    return undo["key"] if undo and undo.get("slug") == slug else None


@bp.post("/banks/<slug>/review/<key>/accept")
@teacher_required
def accept(slug: str, key: str):
    if AcceptQuestionForm().validate_on_submit():
        generation.accept_question(slug, key, current_user.id)
    return redirect(url_for("generate.review", slug=slug, _anchor=f"q-{key}"))


# A deleted question is kept in the (signed) session until undone or replaced, if small
# enough for a cookie.
UNDO_MAX_CHARS = 2500


@bp.post("/banks/<slug>/review/<key>/discard")
@teacher_required
def discard(slug: str, key: str):
    if DiscardQuestionForm().validate_on_submit():
        snapshot = generation.discard_question(slug, key, current_user.id)
        session.pop("undo_discard", None)
        if snapshot is None or len(json.dumps(snapshot)) <= UNDO_MAX_CHARS:
            session["undo_discard"] = {"slug": slug, "key": key, "question": snapshot}
    return redirect(url_for("generate.review", slug=slug, _anchor="undo"))


@bp.post("/banks/<slug>/review/undo")
@teacher_required
def undo_discard(slug: str):
    undo = session.get("undo_discard")
    if not UndoDiscardForm().validate_on_submit() or not undo or undo.get("slug") != slug:
        flash("There is nothing to undo.", "error")
        return redirect(url_for("generate.review", slug=slug))
    session.pop("undo_discard", None)
    key = undo["key"]
    try:
        if undo["question"] is None:
            bank_admin.restore_question(slug, key, current_user.id)
        else:
            generation.undo_discard(slug, current_user.id, undo["question"])
    except InvalidInput as exc:
        flash(exc.message, "error")
        return redirect(url_for("generate.review", slug=slug))
    flash(f"Question {key} is back.", "success")
    return redirect(url_for("generate.review", slug=slug, _anchor=f"q-{key}"))


@bp.post("/banks/<slug>/review/accept-all")
@teacher_required
def accept_all(slug: str):
    if AcceptAllForm().validate_on_submit():
        count = generation.accept_all(slug, current_user.id)
        flash(f"Accepted {count} question{'s' if count != 1 else ''}.", "success")
    return redirect(url_for("generate.review", slug=slug))
