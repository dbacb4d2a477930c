"""/api/v1: tokens, banks and enrolment, studying, progress and settings.

Every error is ``{"error": {"code", "message"}}`` (see quizapp.web.errors) with its
status; the OpenAPI document at /api/v1/openapi.json describes every route.
"""

from __future__ import annotations

import json
import math
from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify, request

from quizapp.api.auth import Unauthorized, token_required
from quizapp.api.openapi import openapi_document
from quizapp.errors import InvalidInput, NotFound, QuizappError
from quizapp.lti import grades as lti_grades
from quizapp.services import account_data, practice_tests, study
from quizapp.services import exams as exam_service
from quizapp.services import flags as flag_service
from quizapp.services import progress as progress_service
from quizapp.services import stats as stats_service
from quizapp.services import users as user_service
from quizapp.web.auth import login_limits
from quizapp.web.study import study_fuzz, study_now

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# API bodies are small JSON objects; anything bigger is refused before it is parsed.
MAX_JSON_BYTES = 64 * 1024
MAX_JSON_DEPTH = 32


class BadRequest(QuizappError):
    status = 400
    code = "bad_request"


class PayloadTooLarge(QuizappError):
    status = 413
    code = "too_large"


@bp.after_request
def challenge_and_no_cache(response):
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="quizapp"'
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def json_body(*required: str) -> dict[str, Any]:
    too_large = f"Request bodies are limited to {MAX_JSON_BYTES // 1024} KiB."
    if (request.content_length or 0) > MAX_JSON_BYTES:
        raise PayloadTooLarge(too_large)
    raw = request.get_data(cache=True)  # a chunked body has no length until it is read
    if len(raw) > MAX_JSON_BYTES:
        raise PayloadTooLarge(too_large)
    try:
        # Strict JSON: NaN and Infinity are not JSON, and no number in the API may be one.
        data = json.loads(raw, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        raise BadRequest("Send a JSON object as the request body.") from None
    if not isinstance(data, dict):
        raise BadRequest("The request body must be a JSON object.")
    problem = _unstorable(data)
    if problem:
        raise InvalidInput(f"The request body holds {problem}.")
    missing = [key for key in required if key not in data]
    if missing:
        raise InvalidInput(
            "Missing " + ", ".join(missing) + ".", fields={key: "required" for key in missing}
        )
    return data


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def _unstorable(data: Any) -> str | None:
    """What in parsed JSON the database cannot keep, or None.

    PostgreSQL refuses NUL characters in text, and UTF-8 cannot hold a lone surrogate
    (``"\\ud800"``); a float too large for JSON (``1e400``) reads as infinity. Nesting is
    bounded too: no API body is more than a few levels deep.
    """
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return f"values nested more than {MAX_JSON_DEPTH} levels deep"
        if isinstance(value, str):
            if "\x00" in value:
                return "a NUL character"
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return "text that is not valid Unicode"
        elif isinstance(value, float) and not math.isfinite(value):
            return "a number too large to use"
        elif isinstance(value, dict):
            stack.extend((item, depth + 1) for pair in value.items() for item in pair)
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
    return None


def _string(data: dict, key: str, *, max_length: int = 1000) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value or len(value) > max_length:
        raise InvalidInput(f"{key} must be a non-empty string.", fields={key: "invalid"})
    return value


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


# -- tokens ---------------------------------------------------------------------------------


@bp.post("/tokens")
def create_token():
    data = json_body("username", "password")
    username = _string(data, "username", max_length=200)
    password = _string(data, "password", max_length=user_service.MAX_PASSWORD)
    name = data.get("name") if isinstance(data.get("name"), str) else "api"
    # Throttled like the sign-in form (TooManyAttempts answers 429).
    user = user_service.authenticate(
        username, password, address=request.remote_addr, **login_limits()
    )
    if user is None:
        raise Unauthorized("Wrong username or password.", code="invalid_credentials")
    token, row = user_service.issue_api_token_row(
        user.id, name=name, days=current_app.config["API_TOKEN_DAYS"]
    )
    return jsonify(token=token, token_type="Bearer", expires_at=row.expires_at.isoformat()), 201


@bp.delete("/tokens/current")
@token_required
def revoke_current_token():
    user_service.revoke_api_token(g.api_token.id)
    return "", 204


# -- banks and enrolment ----------------------------------------------------------------------


@bp.get("/banks")
@token_required
def banks():
    entries = study.list_banks_for_learner(g.api_user.id)
    return jsonify(
        banks=[
            {
                "slug": e.bank.slug,
                "title": e.bank.title,
                "description": e.bank.description or None,
                "language": e.bank.language,
                "question_count": e.question_count,
                "enrolled": e.enrolled,
            }
            for e in entries
        ]
    )


@bp.put("/banks/<slug>/enrollment")
@token_required
def enroll(slug: str):
    study.enroll(g.api_user.id, slug, now=study_now())
    return jsonify(slug=slug, enrolled=True)


@bp.delete("/banks/<slug>/enrollment")
@token_required
def unenroll(slug: str):
    study.unenroll(g.api_user.id, slug)
    return "", 204


@bp.get("/banks/<slug>/exam")
@token_required
def get_exam(slug: str):
    plan = exam_service.exam_plan(g.api_user.id, slug, now=study_now())
    if plan is None:
        raise NotFound("No exam is set on this bank.", code="no_exam")
    return jsonify(plan.to_json())


@bp.put("/banks/<slug>/exam")
@token_required
def set_exam(slug: str):
    data = json_body()
    unknown = sorted(set(data) - {"date"})
    if unknown:
        raise InvalidInput(
            "Unknown fields: " + ", ".join(unknown) + ".", fields={k: "unknown" for k in unknown}
        )
    if "date" not in data:
        raise InvalidInput("date is required (YYYY-MM-DD).", fields={"date": "required"})
    exam_on = exam_service.parse_exam_date(data["date"])
    plan = exam_service.set_exam(g.api_user.id, slug, exam_on, now=study_now())
    return jsonify(plan.to_json())


@bp.delete("/banks/<slug>/exam")
@token_required
def remove_exam(slug: str):
    exam_service.remove_exam(g.api_user.id, slug)
    return "", 204


# -- studying ---------------------------------------------------------------------------------


def _flag(name: str) -> bool:
    raw = request.args.get(name, "false").strip().lower()
    if raw not in ("true", "false", "1", "0", ""):
        raise InvalidInput(f"{name} must be true or false.", fields={name: "invalid"})
    return raw in ("true", "1")


@bp.get("/study/next")
@token_required
def next_question():
    slug = request.args.get("bank", "").strip()
    if not slug:
        raise InvalidInput("Say which bank: ?bank=<slug>.", fields={"bank": "required"})
    result = study.next_question(
        g.api_user.id, slug, now=study_now(), practice=_flag("practice"), fuzz=study_fuzz()
    )
    if isinstance(result, study.Idle):
        return jsonify(
            presentation_id=None,
            question=None,
            next_due=result.next_due.isoformat() if result.next_due else None,
            new_waiting=result.new_waiting,
            practice=result.practice,
            summary=study.session_summary(g.api_user.id, result.bank.id, now=study_now()).to_json(),
        )
    return jsonify(
        presentation_id=result.token,
        question=result.public_question(),
        reason=result.reason,
        practice=result.practice,
        bank=result.bank.slug,
    )


def _elapsed_ms(data: dict) -> int | None:
    """The optional elapsed_ms of an answer: a whole number of milliseconds, 0 or more."""
    elapsed = data.get("elapsed_ms")
    if elapsed is not None and (
        isinstance(elapsed, bool) or not isinstance(elapsed, int) or elapsed < 0
    ):
        raise InvalidInput(
            "elapsed_ms must be a whole number of milliseconds, 0 or more.",
            fields={"elapsed_ms": "invalid"},
        )
    return elapsed


@bp.post("/study/answers")
@token_required
def answer():
    data = json_body("presentation_id", "response")
    token = _string(data, "presentation_id", max_length=64)
    elapsed = _elapsed_ms(data)
    feedback = study.submit_answer(
        g.api_user.id,
        token,
        data["response"],
        elapsed_ms=elapsed,
        now=study_now(),
        fuzz=study_fuzz(),
    )
    # A learner who came from an LMS has their score queued for its gradebook.
    lti_grades.queue_progress(g.api_user.id, feedback.bank.id)
    return jsonify(feedback.to_json())


@bp.post("/reviews/<int:review_id>/override")
@token_required
def override_review(review_id: int):
    data = json_body("correct")
    feedback = study.override_review(
        g.api_user.id, review_id, correct=data["correct"], fuzz=study_fuzz()
    )
    return jsonify(feedback.to_json())


@bp.post("/reviews/<int:review_id>/undo")
@token_required
def undo_review(review_id: int):
    undone = study.undo_review(g.api_user.id, review_id, now=study_now())
    return jsonify(
        review_id=undone.review_id, undone=True, presentation_id=undone.token, bank=undone.bank.slug
    )


# -- tests ----------------------------------------------------------------------------------------


@bp.post("/banks/<slug>/tests")
@token_required
def create_test(slug: str):
    data = json_body("count")
    unknown = sorted(set(data) - {"count", "order", "time_limit_s"})
    if unknown:
        raise InvalidInput(
            "Unknown fields: " + ", ".join(unknown) + ".", fields={k: "unknown" for k in unknown}
        )
    state = practice_tests.create_test(
        g.api_user.id,
        slug,
        count=data["count"],
        order=data.get("order", "random"),
        time_limit_s=data.get("time_limit_s"),
        now=study_now(),
    )
    return jsonify(state.to_json()), 201


@bp.get("/tests/<test_id>")
@token_required
def get_test(test_id: str):
    state = practice_tests.get_test(g.api_user.id, test_id, now=study_now())
    return jsonify(state.to_json())


@bp.post("/tests/<test_id>/answers")
@token_required
def answer_test(test_id: str):
    data = json_body("presentation_id", "response")
    token = _string(data, "presentation_id", max_length=64)
    elapsed = _elapsed_ms(data)
    state = practice_tests.answer_test_question(
        g.api_user.id,
        test_id,
        token,
        data["response"],
        elapsed_ms=elapsed,
        now=study_now(),
        fuzz=study_fuzz(),
    )
    return jsonify(
        test_id=state.test.token,
        presentation_id=token,
        recorded=True,
        answered=state.answered,
        total=state.total,
    )


@bp.post("/tests/<test_id>/finish")
@token_required
def finish_test(test_id: str):
    state = practice_tests.finish_test(g.api_user.id, test_id, now=study_now())
    return jsonify(state.report_json())


@bp.post("/questions/<int:question_id>/flags")
@token_required
def flag_question(question_id: int):
    data = json_body("reason")
    result = flag_service.flag_question(g.api_user.id, question_id, data["reason"])
    return jsonify(result.to_json()), 201 if result.created else 200


# -- progress and settings -----------------------------------------------------------------------


@bp.get("/progress")
@token_required
def progress():
    result = progress_service.learner_progress(g.api_user.id, now=study_now())
    return jsonify(
        banks=[b.to_json() for b in result.banks],
        reviews_per_day=[
            {"date": d.day.isoformat(), "reviews": d.count, "passed": d.passed}
            for d in result.reviews_per_day
        ],
        forecast=[{"date": d.day.isoformat(), "due": d.count} for d in result.forecast],
    )


@bp.get("/stats")
@token_required
def stats():
    slug = request.args.get("bank")
    if slug is not None and not slug.strip():
        raise InvalidInput("bank must be a bank's slug.", fields={"bank": "invalid"})
    result = stats_service.learner_stats(g.api_user.id, slug=slug, now=study_now())
    return jsonify(result.to_json())


# -- own data ---------------------------------------------------------------------------------


@bp.get("/account/export")
@token_required
def export_account():
    kind = request.args.get("format", "json")
    if kind == "csv":
        response = Response(account_data.review_log_csv(g.api_user.id), mimetype="text/csv")
        response.headers["Content-Disposition"] = 'attachment; filename="reviews.csv"'
        return response
    if kind != "json":
        raise InvalidInput("format must be json or csv.", fields={"format": "invalid"})
    return jsonify(account_data.export_account(g.api_user.id, now=study_now()))


@bp.delete("/account")
@token_required
def erase_account():
    data = json_body("password")
    account_data.erase_account(
        g.api_user.id, data["password"], address=request.remote_addr, **login_limits()
    )
    return "", 204


def _settings_json(user) -> dict[str, Any]:
    return {
        "desired_retention": user.desired_retention,
        "daily_new_limit": user.daily_new_limit,
        "timezone": user.timezone,
        "daily_goal": user.daily_goal,
        "day_start_hour": user.day_start_hour,
    }


@bp.get("/settings")
@token_required
def settings():
    return jsonify(_settings_json(g.api_user))


@bp.patch("/settings")
@token_required
def update_settings():
    data = json_body()
    unknown = sorted(
        set(data)
        - {"desired_retention", "daily_new_limit", "daily_goal", "timezone", "day_start_hour"}
    )
    if unknown:
        raise InvalidInput(
            "Unknown settings: " + ", ".join(unknown) + ".", fields={k: "unknown" for k in unknown}
        )
    retention = data.get("desired_retention")
    limit = data.get("daily_new_limit")
    if retention is not None and (
        isinstance(retention, bool) or not isinstance(retention, int | float)
    ):
        raise InvalidInput(
            "desired_retention must be a number.", fields={"desired_retention": "invalid"}
        )
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int)):
        raise InvalidInput(
            "daily_new_limit must be a whole number.", fields={"daily_new_limit": "invalid"}
        )
    goal = data.get("daily_goal")
    if goal is not None and (isinstance(goal, bool) or not isinstance(goal, int)):
        raise InvalidInput("daily_goal must be a whole number.", fields={"daily_goal": "invalid"})
    zone = data.get("timezone")
    if zone is not None and not isinstance(zone, str):
        raise InvalidInput("timezone must be a zone name.", fields={"timezone": "invalid"})
    hour = data.get("day_start_hour")
    if hour is not None and (isinstance(hour, bool) or not isinstance(hour, int)):
        raise InvalidInput(
            "day_start_hour must be a whole number.", fields={"day_start_hour": "invalid"}
        )
    user = user_service.update_settings(
        g.api_user.id,
        desired_retention=retention,
        daily_new_limit=limit,
        daily_goal=goal,
        timezone=zone,
        day_start_hour=hour,
    )
    return jsonify(_settings_json(user))
