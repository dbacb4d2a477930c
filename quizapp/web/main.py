"""Public pages: the bank list, a bank's page and the health check."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from quizapp.extensions import db
from quizapp.questions import QUESTION_TYPES
from quizapp.services import banks as bank_service

bp = Blueprint("main", __name__)


def signed_in_user():
    return current_user if current_user.is_authenticated else None


@bp.get("/")
def index():
    summaries = bank_service.list_banks(user=signed_in_user())
    return render_template("index.html", summaries=summaries)


@bp.get("/banks/<slug>")
def bank(slug: str):
    user = signed_in_user()
    bank = bank_service.get_bank(slug, user=user)
    questions = bank_service.active_questions(bank)
    by_type: dict[str, int] = {}
    for question in questions:
        by_type[question.type] = by_type.get(question.type, 0) + 1
    # Most frequent type first, named as learners see it ("True or false", not true_false).
    type_counts = [
        (_type_label(name), count)
        for name, count in sorted(by_type.items(), key=lambda item: (-item[1], item[0]))
    ]
    return render_template(
        "bank.html",
        bank=bank,
        question_count=len(questions),
        by_type=type_counts,
        can_edit=user is not None and bank_service.can_edit_bank(user, bank),
    )


def _type_label(type_name: str) -> str:
    qtype = QUESTION_TYPES.get(type_name)
    return qtype.label if qtype else type_name.replace("_", " ")


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        db.session.rollback()
        return jsonify(status="error", database="unreachable", detail=type(exc).__name__), 503
    return jsonify(status="ok", database="ok")
