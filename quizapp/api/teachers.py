"""/api/v1 for teachers: classes, assignments, rosters and analytics.

Beside the learner's routes, with the same bearer tokens and errors. Every class is
loaded by the service that checks it is the caller's (another teacher's class is 404),
and a student calling a teacher's route gets 403.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app, g, jsonify, request

from quizapp.api.auth import token_required
from quizapp.api.views import PayloadTooLarge, _string, bp, json_body
from quizapp.errors import InvalidInput
from quizapp.services import analytics, password_links
from quizapp.services import banks as bank_service
from quizapp.services import classes as class_service
from quizapp.services import roster as roster_service
from quizapp.web.links import mailed_url
from quizapp.web.study import study_now

MAX_ROSTER_BYTES = 1024 * 1024


def _assignment_json(class_id: int, assignment: class_service.Assignment) -> dict[str, Any]:
    return {
        "class_id": class_id,
        "slug": assignment.bank.slug,
        "due": assignment.due.isoformat() if assignment.due else None,
        "target": assignment.target,
    }


@bp.post("/classes")
@token_required
def create_class():
    data = json_body("name")
    classroom = class_service.create_class(g.api_user.id, _string(data, "name", max_length=200))
    return jsonify(id=classroom.id, name=classroom.name, join_code=classroom.join_code), 201


@bp.post("/classes/join")
@token_required
def join_class():
    data = json_body("code")
    classroom = class_service.join_class(g.api_user.id, _string(data, "code", max_length=40))
    return jsonify(id=classroom.id, name=classroom.name)


def _due(data: dict) -> date | None:
    value = data.get("due")
    if value is None:
        return None
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            "due must be a date as YYYY-MM-DD, or null for no due date.",
            fields={"due": "invalid"},
        ) from None


@bp.put("/classes/<int:class_id>/banks/<slug>")
@token_required
def assign_bank(class_id: int, slug: str):
    """Assign a bank (idempotent), with its due date and target."""
    data = json_body()
    unknown = sorted(set(data) - {"due", "target"})
    if unknown:
        raise InvalidInput(
            "Unknown fields: " + ", ".join(unknown) + ".", fields={k: "unknown" for k in unknown}
        )
    target = data.get("target")
    if target is not None and not isinstance(target, str):
        raise InvalidInput("target must be 'started' or 'learnt'.", fields={"target": "invalid"})
    due = _due(data)
    classroom = class_service.get_class(class_id, g.api_user.id)
    bank = bank_service.get_bank(slug, user=g.api_user)
    students = class_service.assign_bank(
        classroom.id, g.api_user.id, bank.id, due=due, target=target
    )
    assignment = next(
        a for a in class_service.class_assignments(classroom.id) if a.bank.id == bank.id
    )
    return jsonify(**_assignment_json(classroom.id, assignment), students_enrolled=students)


@bp.post("/classes/<int:class_id>/roster")
@token_required
def import_roster(class_id: int):
    """A CSV body (username, display name, e-mail) makes accounts with set-password links."""
    if (request.content_length or 0) > MAX_ROSTER_BYTES:
        raise PayloadTooLarge("A roster is limited to 1 MiB.")
    raw = request.get_data(cache=False)
    if len(raw) > MAX_ROSTER_BYTES:
        raise PayloadTooLarge("A roster is limited to 1 MiB.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(
            "The roster must be UTF-8 text.", fields={"roster": "encoding"}
        ) from None
    days = int(current_app.config["PASSWORD_LINK_DAYS"])
    result = roster_service.import_roster(class_id, g.api_user.id, text, link_days=days)
    created = [(a, mailed_url("auth.set_password", token=a.token)) for a in result.created]
    sent, mail_error = password_links.mail_links(
        current_app.config.get("SMTP_URL"),
        current_app.config["MAIL_FROM"],
        [
            password_links.LinkToMail(a.email, a.name, a.username, url, password_links.SET)
            for a, url in created
        ],
        days=days,
    )
    return jsonify(
        created=[{"username": a.username, "set_password_url": url} for a, url in created],
        problems=[
            {"line": p.line, "username": p.username or None, "message": p.message}
            for p in result.problems
        ],
        mailed=sent,
        mail_error=mail_error,
    ), 201 if created else 200


@bp.get("/classes/<int:class_id>/analytics")
@token_required
def class_analytics(class_id: int):
    scope = analytics.class_scope(class_id, g.api_user.id)
    slugs = {a.bank.id: a.bank.slug for a in scope.assignments}
    students = analytics.student_table(scope, now=study_now())
    questions = []
    for assignment in scope.assignments:
        table = analytics.question_table(
            analytics.class_scope(class_id, g.api_user.id, assignment.bank.id)
        )
        questions.extend(
            {
                "id": row.question_id,
                "key": row.key,
                "bank": assignment.bank.slug,
                "flags": row.flags,
            }
            for row in table.rows
        )
    return jsonify(
        students=[
            {
                "username": row.username,
                "name": row.name,
                "predicted_recall": row.predicted_recall,
                "behind": row.behind,
                "reasons": row.reasons,
                "completion": {slugs[bank_id]: share for bank_id, share in row.completion.items()},
                "last_active": row.last_active.isoformat() if row.last_active else None,
            }
            for row in students
        ],
        assignments=[_assignment_json(scope.classroom.id, a) for a in scope.assignments],
        questions=questions,
    )
