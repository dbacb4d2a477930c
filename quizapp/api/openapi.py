"""The OpenAPI 3.1 document for /api/v1, served at /api/v1/openapi.json.

Written by hand next to the views it describes; tests/test_api_contract.py checks it
is a valid OpenAPI document and that every response the API gives matches it.
"""

from __future__ import annotations

from typing import Any

from quizapp import __version__
from quizapp.questions import QUESTION_TYPES


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    kind = schema["type"]
    return {**schema, "type": [kind, "null"]}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _json(_ref("Error"), description)


# Any route refuses a NUL character (%00) in its path or query (quizapp.web.inputs).
NUL_IN_URL = _error("The URL holds a NUL character (%00).")

ERRORS = {
    "400": _error(
        "The body is not a JSON object (NaN and Infinity are not JSON), or the URL holds "
        "a NUL character."
    ),
    "401": _error("Missing, unknown or revoked token."),
    "413": _error("The body is larger than 64 KiB."),
    "422": _error("A field is missing or invalid; error.fields names it."),
}

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {"type": "string", "examples": ["not_enrolled"]},
                    "message": {"type": "string"},
                    "fields": {
                        "type": "object",
                        "additionalProperties": {"type": "string"},
                        "description": "Invalid fields and what is wrong with each.",
                    },
                },
            }
        },
    },
    "TokenRequest": {
        "type": "object",
        "required": ["username", "password"],
        "properties": {
            "username": {"type": "string"},
            "password": {"type": "string"},
            "name": {"type": "string", "description": "A label for the token."},
        },
    },
    "Token": {
        "type": "object",
        "required": ["token"],
        "properties": {
            "token": {"type": "string", "description": "Shown once; send as a Bearer token."},
            "token_type": {"const": "Bearer"},
            "expires_at": {
                "type": "string",
                "format": "date-time",
                "description": "After this the token answers 401 (QUIZAPP_API_TOKEN_DAYS).",
            },
        },
    },
    "Bank": {
        "type": "object",
        "required": ["slug", "title", "question_count", "enrolled"],
        "properties": {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "description": {"type": ["string", "null"]},
            "language": {"type": "string"},
            "question_count": {"type": "integer", "minimum": 0},
            "enrolled": {"type": "boolean"},
        },
    },
    "Enrollment": {
        "type": "object",
        "required": ["slug", "enrolled"],
        "properties": {"slug": {"type": "string"}, "enrolled": {"const": True}},
    },
    "GradeButton": {
        "type": "object",
        "required": ["rating", "interval", "interval_seconds"],
        "properties": {
            "rating": {"enum": ["again", "hard", "good", "easy"]},
            "interval": {"type": "string", "examples": ["10m", "3d"]},
            "interval_seconds": {"type": "integer"},
        },
    },
    "Question": {
        "type": "object",
        "description": "What the learner is shown; never the answer.",
        "required": ["id", "type", "prompt"],
        "not": {"anyOf": [{"required": ["answer"]}, {"required": ["accept"]}]},
        "properties": {
            "id": {"type": "integer"},
            "key": {"type": "string", "description": "The question's id in its bank file."},
            "type": {"enum": sorted(QUESTION_TYPES)},
            "prompt": {"type": "string", "description": "For cloze, blanks are ___."},
            "choices": {
                "type": "array",
                "items": {"type": "string"},
                "description": "multiple_choice and true_false: answer with one of them.",
            },
            "items": {
                "type": "array",
                "items": {"type": "string"},
                "description": "ordering: answer with all of them, in order.",
            },
            "blanks": {"type": "integer", "description": "cloze: answer with this many texts."},
            "unit": {"type": "string", "description": "numeric: the unit of the answer."},
            "hint": {"type": "string"},
            "grades": {
                "type": "array",
                "items": _ref("GradeButton"),
                "description": "flashcard: the four self-grades and the interval each gives.",
            },
        },
    },
    "NextQuestion": {
        "type": "object",
        "required": ["presentation_id", "question"],
        "properties": {
            "presentation_id": {
                "type": ["string", "null"],
                "description": "A one-time token: answer this presentation with it.",
            },
            "question": {"oneOf": [_ref("Question"), {"type": "null"}]},
            "reason": {"enum": ["learning", "review", "new", "learn_ahead", "practice", "again"]},
            "practice": {"type": "boolean"},
            "bank": {"type": "string"},
            "next_due": {
                "type": ["string", "null"],
                "format": "date-time",
                "description": "When nothing is due: when the next review is (null: none).",
            },
            "new_waiting": {
                "type": "integer",
                "description": "When nothing is due: new questions held back by the daily limit.",
            },
            "summary": _ref("SessionSummary"),
        },
    },
    "Answer": {
        "type": "object",
        "required": ["presentation_id", "response"],
        "properties": {
            "presentation_id": {"type": "string"},
            "response": {
                "description": (
                    "multiple_choice: a choice's text; true_false: true or false; "
                    "short_answer: text; numeric: a number or text; cloze: a list of "
                    "texts, one per blank; ordering: the items in order; flashcard: "
                    '"again", "hard", "good" or "easy" (or 1 to 4).'
                ),
                "type": ["string", "number", "boolean", "array"],
            },
            "elapsed_ms": {
                "type": "integer",
                "minimum": 0,
                "description": "Time taken to answer; the server measures it if absent.",
            },
        },
    },
    "Source": {
        "type": "object",
        "properties": {
            "sentence": {"type": ["string", "null"]},
            "title": {"type": ["string", "null"]},
            "author": {"type": ["string", "null"]},
            "publisher": {"type": ["string", "null"]},
            "published": {"type": ["string", "null"]},
            "url": {"type": ["string", "null"]},
        },
    },
    "Feedback": {
        "type": "object",
        "required": ["correct", "rating", "answer", "explanation", "source", "next_due"],
        "properties": {
            "presentation_id": {"type": "string"},
            "correct": {
                "type": ["boolean", "null"],
                "description": "null for self-graded flashcards.",
            },
            "score": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
            "rating": {"enum": ["again", "hard", "good", "easy"]},
            "answer": {"type": "string"},
            "explanation": {"type": ["string", "null"]},
            "source": {"oneOf": [_ref("Source"), {"type": "null"}]},
            "next_due": {"type": "string", "format": "date-time"},
            "note": {"type": ["string", "null"]},
            "practice": {"type": "boolean"},
            "review_id": {
                "type": ["integer", "null"],
                "description": "The answer in the review log: undo or override it with this.",
            },
            "overridden": {
                "type": "boolean",
                "description": "The learner counted this typed answer as right.",
            },
            "can_override": {
                "type": "boolean",
                "description": "A typed answer graded wrong: POST .../override may count it.",
            },
        },
    },
    "Override": {
        "type": "object",
        "required": ["correct"],
        "properties": {"correct": {"const": True}},
    },
    "Undone": {
        "type": "object",
        "required": ["review_id", "undone", "presentation_id"],
        "properties": {
            "review_id": {"type": "integer"},
            "undone": {"const": True},
            "presentation_id": {
                "type": "string",
                "description": "The presentation open again; GET /study/next shows it.",
            },
            "bank": {"type": "string"},
        },
    },
    "SessionSummary": {
        "type": "object",
        "required": ["answered", "right", "studied_seconds", "comes_back"],
        "properties": {
            "answered": {"type": "integer", "description": "Answers today in this bank."},
            "right": {"type": "integer"},
            "studied_seconds": {"type": "integer"},
            "comes_back": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["when", "questions"],
                    "properties": {
                        "when": {"enum": ["later today", "tomorrow", "this week", "later"]},
                        "questions": {"type": "integer"},
                    },
                },
            },
        },
    },
    "TestRequest": {
        "type": "object",
        "required": ["count"],
        "additionalProperties": False,
        "properties": {
            "count": {"type": "integer", "minimum": 1, "maximum": 100},
            "order": {"enum": ["random", "weakest"], "default": "random"},
            "time_limit_s": {
                "type": ["integer", "null"],
                "minimum": 10,
                "maximum": 14400,
                "description": "A timed test ends itself: no answer is taken after it.",
            },
        },
    },
    "TestQuestion": {
        "type": "object",
        "required": ["presentation_id", "question"],
        "properties": {"presentation_id": {"type": "string"}, "question": _ref("Question")},
    },
    "Test": {
        "type": "object",
        "required": ["test_id", "questions"],
        "properties": {
            "test_id": {"type": "string"},
            "bank": {"type": "string"},
            "order": {"enum": ["random", "weakest"]},
            "time_limit_s": {"type": ["integer", "null"]},
            "ends_at": {"type": ["string", "null"], "format": "date-time"},
            "finished": {"type": "boolean"},
            "answered": {"type": "integer"},
            "total": {"type": "integer"},
            "questions": {"type": "array", "items": _ref("TestQuestion")},
        },
    },
    "TestAnswer": {
        "type": "object",
        "required": ["presentation_id", "response"],
        "properties": {
            "presentation_id": {"type": "string"},
            "response": {"type": ["string", "number", "boolean", "array"]},
            "elapsed_ms": {"type": "integer", "minimum": 0},
        },
    },
    "TestAnswerRecorded": {
        "type": "object",
        "required": ["recorded", "answered", "total"],
        "description": "No feedback until the test is finished.",
        "not": {"anyOf": [{"required": ["correct"]}, {"required": ["answer"]}]},
        "properties": {
            "test_id": {"type": "string"},
            "presentation_id": {"type": "string"},
            "recorded": {"const": True},
            "answered": {"type": "integer"},
            "total": {"type": "integer"},
        },
    },
    "TestReport": {
        "type": "object",
        "required": ["score", "total", "missed"],
        "properties": {
            "test_id": {"type": "string"},
            "score": {"type": "integer", "description": "Questions answered right."},
            "total": {"type": "integer"},
            "answered": {"type": "integer"},
            "finished_at": {"type": ["string", "null"], "format": "date-time"},
            "missed": {
                "type": "array",
                "description": "Questions answered wrong or not answered, with where to read.",
                "items": {
                    "type": "object",
                    "required": ["question_id", "answer", "source"],
                    "properties": {
                        "question_id": {"type": "integer"},
                        "prompt": {"type": "string"},
                        "response": {},
                        "answer": {"type": "string"},
                        "source": {"oneOf": [_ref("Source"), {"type": "null"}]},
                    },
                },
            },
        },
    },
    "FlagRequest": {
        "type": "object",
        "required": ["reason"],
        "properties": {
            "reason": {"type": "string", "minLength": 1, "maxLength": 1000},
        },
    },
    "Flag": {
        "type": "object",
        "required": ["id", "question_id", "reason", "created_at"],
        "properties": {
            "id": {"type": "integer"},
            "question_id": {"type": "integer"},
            "reason": {"type": "string"},
            "created_at": {"type": "string", "format": "date-time"},
        },
    },
    "BankProgress": {
        "type": "object",
        "required": [
            "slug",
            "new",
            "learning",
            "review",
            "due",
            "reviews_today",
            "retention",
        ],
        "properties": {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "question_count": {"type": "integer"},
            "new": {"type": "integer"},
            "learning": {"type": "integer"},
            "review": {"type": "integer"},
            "due": {"type": "integer"},
            "reviews_today": {"type": "integer"},
            "retention": {
                "type": ["number", "null"],
                "description": "Share of reviews of learnt questions answered right, 30 days.",
            },
        },
    },
    "Progress": {
        "type": "object",
        "required": ["banks"],
        "properties": {
            "banks": {"type": "array", "items": _ref("BankProgress")},
            "reviews_per_day": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["date", "reviews", "passed"],
                    "properties": {
                        "date": {"type": "string", "format": "date"},
                        "reviews": {"type": "integer"},
                        "passed": {"type": "integer"},
                    },
                },
            },
            "forecast": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["date", "due"],
                    "properties": {
                        "date": {"type": "string", "format": "date"},
                        "due": {"type": "integer"},
                    },
                },
            },
        },
    },
    "Stats": {
        "type": "object",
        "required": [
            "streak_days",
            "studied_seconds",
            "calendar",
            "retention_by_week",
            "forecast",
            "tags",
        ],
        "properties": {
            "streak_days": {
                "type": "integer",
                "description": "Study days in a row with an answer, up to today or yesterday.",
            },
            "studied_seconds": {
                "type": "object",
                "required": ["today", "total"],
                "properties": {"today": {"type": "integer"}, "total": {"type": "integer"}},
            },
            "calendar": {
                "type": "array",
                "description": "The last 365 study days that have answers, oldest first.",
                "items": {
                    "type": "object",
                    "required": ["date", "reviews"],
                    "properties": {
                        "date": {"type": "string", "format": "date"},
                        "reviews": {"type": "integer", "minimum": 1},
                    },
                },
            },
            "retention_by_week": {
                "type": "array",
                "description": "The last 12 weeks (Monday first): share of reviews of "
                "questions seen before not missed; null in a week without any.",
                "items": {
                    "type": "object",
                    "required": ["week", "share"],
                    "properties": {
                        "week": {"type": "string", "format": "date"},
                        "share": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
                        "reviews": {"type": "integer"},
                    },
                },
            },
            "forecast": {
                "type": "array",
                "description": "Reviews due on each of the next 30 days; overdue ones today.",
                "items": {
                    "type": "object",
                    "required": ["date", "reviews"],
                    "properties": {
                        "date": {"type": "string", "format": "date"},
                        "reviews": {"type": "integer"},
                    },
                },
            },
            "tags": {
                "type": "array",
                "description": "Mastery by tag: the mean predicted recall of its questions now "
                "(never answered counts 0), best first.",
                "items": {
                    "type": "object",
                    "required": ["tag", "mastery"],
                    "properties": {
                        "tag": {"type": "string"},
                        "mastery": {"type": "number", "minimum": 0, "maximum": 1},
                        "questions": {"type": "integer"},
                    },
                },
            },
            "goal": {
                "type": "object",
                "required": ["daily", "today"],
                "properties": {
                    "daily": {"type": "integer", "description": "0: no goal set."},
                    "today": {"type": "integer", "description": "Answers today."},
                },
            },
        },
    },
    "AccountExport": {
        "type": "object",
        "required": ["format", "account", "enrollments", "cards", "reviews", "flags", "tests"],
        "properties": {
            "format": {"const": "quizapp-account/1"},
            "exported_at": {"type": "string", "format": "date-time"},
            "account": {"type": "object"},
            "enrollments": {"type": "array", "items": {"type": "object"}},
            "cards": {"type": "array", "items": {"type": "object"}},
            "reviews": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["review_id", "reviewed_at", "bank", "question_key", "rating"],
                },
            },
            "flags": {"type": "array", "items": {"type": "object"}},
            "tests": {"type": "array", "items": {"type": "object"}},
            "classes": {"type": "array", "items": {"type": "object"}},
            "api_tokens": {
                "type": "array",
                "items": {"type": "object", "not": {"required": ["token_hash"]}},
            },
        },
    },
    "EraseAccount": {
        "type": "object",
        "required": ["password"],
        "properties": {"password": {"type": "string"}},
    },
    "Settings": {
        "type": "object",
        "required": ["desired_retention", "daily_new_limit"],
        "properties": {
            "desired_retention": {"type": "number", "minimum": 0.7, "maximum": 0.99},
            "daily_new_limit": {"type": "integer", "minimum": 0, "maximum": 500},
            "timezone": {"type": "string"},
            "daily_goal": {"type": "integer", "minimum": 0, "maximum": 1000},
            "day_start_hour": {"type": "integer", "minimum": 0, "maximum": 23},
        },
    },
    "SettingsUpdate": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "desired_retention": {"type": "number", "minimum": 0.7, "maximum": 0.99},
            "daily_new_limit": {"type": "integer", "minimum": 0, "maximum": 500},
            "daily_goal": {
                "type": "integer",
                "minimum": 0,
                "maximum": 1000,
                "description": "Answers a day you aim for; 0 is no goal.",
            },
            "timezone": {"type": "string", "examples": ["Europe/Paris"]},
            "day_start_hour": {"type": "integer", "minimum": 0, "maximum": 23},
        },
    },
    "ExamRequest": {
        "type": "object",
        "required": ["date"],
        "additionalProperties": False,
        "properties": {"date": {"type": "string", "format": "date"}},
    },
    "ExamPlan": {
        "type": "object",
        "required": ["date", "expected_recall", "plan"],
        "properties": {
            "date": {"type": "string", "format": "date"},
            "expected_recall": {"type": "number", "minimum": 0, "maximum": 1},
            "plan": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["date", "reviews"],
                    "properties": {
                        "date": {"type": "string", "format": "date"},
                        "reviews": {"type": "integer", "minimum": 0},
                    },
                },
            },
        },
    },
}

BANK_SLUG = {
    "name": "slug",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
}


TEST_ID = {
    "name": "test_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
}

REVIEW_ID = {
    "name": "review_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer"},
    "description": "The review_id of an answer's feedback.",
}


def _body(name: str) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": _ref(name)}}}


def _pick(*codes: str) -> dict[str, Any]:
    return {code: ERRORS[code] for code in codes}


PATHS: dict[str, Any] = {
    "/tokens": {
        "post": {
            "summary": "Exchange a username and password for an API token",
            "security": [],
            "requestBody": _body("TokenRequest"),
            "responses": {
                "201": _json(_ref("Token"), "The new token."),
                **_pick("400", "413", "422"),
                "401": _error("Wrong username or password."),
                "429": {
                    **_error("Too many failed attempts; try again later."),
                    "headers": {
                        "Retry-After": {
                            "description": "Seconds to wait before trying again.",
                            "schema": {"type": "integer", "minimum": 1},
                        }
                    },
                },
            },
        }
    },
    "/tokens/current": {
        "delete": {
            "summary": "Revoke the token this request is made with",
            "responses": {"204": {"description": "Revoked."}, **_pick("401")},
        }
    },
    "/banks": {
        "get": {
            "summary": "Published banks, and whether you are enrolled in each",
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "required": ["banks"],
                        "properties": {"banks": {"type": "array", "items": _ref("Bank")}},
                    },
                    "The banks, by title.",
                ),
                **_pick("401"),
            },
        }
    },
    "/banks/{slug}/enrollment": {
        "parameters": [BANK_SLUG],
        "put": {
            "summary": "Enrol in a bank (idempotent)",
            "responses": {
                "200": _json(_ref("Enrollment"), "Enrolled."),
                "400": NUL_IN_URL,
                **_pick("401"),
                "403": _error("The bank is a draft (only its owner sees it)."),
                "404": _error("No such bank."),
            },
        },
        "delete": {
            "summary": "Leave a bank (progress is kept for a later return)",
            "responses": {
                "204": {"description": "Not enrolled any more."},
                "400": NUL_IN_URL,
                **_pick("401"),
                "404": _error("No such bank (or a draft you may not see)."),
            },
        },
    },
    "/banks/{slug}/exam": {
        "parameters": [BANK_SLUG],
        "get": {
            "summary": "Your exam on a bank (yours or your class's) and the plan towards it",
            "responses": {
                "200": _json(_ref("ExamPlan"), "The exam and the plan."),
                "400": NUL_IN_URL,
                **_pick("401"),
                "403": _error("Not enrolled in the bank, or it is a draft."),
                "404": _error("No such bank, or no exam set."),
            },
        },
        "put": {
            "summary": "Set or move your exam date on a bank",
            "requestBody": _body("ExamRequest"),
            "responses": {
                "200": _json(_ref("ExamPlan"), "The plan: reviews per day, recall expected."),
                **_pick("400", "401", "413", "422"),
                "403": _error("Not enrolled in the bank, or it is a draft."),
                "404": _error("No such bank."),
            },
        },
        "delete": {
            "summary": "Remove your exam date on a bank",
            "responses": {
                "204": {"description": "No exam of yours on the bank any more."},
                "400": NUL_IN_URL,
                **_pick("401"),
                "403": _error("Not enrolled in the bank, or it is a draft."),
                "404": _error("No such bank."),
            },
        },
    },
    "/study/next": {
        "get": {
            "summary": "The next question to study in a bank, without its answer",
            "parameters": [
                {"name": "bank", "in": "query", "required": True, "schema": {"type": "string"}},
                {
                    "name": "practice",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "boolean", "default": False},
                    "description": "Practise ahead: questions not yet due, then new ones.",
                },
            ],
            "responses": {
                "200": _json(
                    _ref("NextQuestion"),
                    "A presentation, or question null and next_due when nothing is due.",
                ),
                "400": NUL_IN_URL,
                **_pick("401", "422"),
                "403": _error("Not enrolled in the bank (code not_enrolled), or a draft."),
                "404": _error("No such bank."),
            },
        }
    },
    "/study/answers": {
        "post": {
            "summary": "Answer a presentation; the same presentation_id twice records once",
            "requestBody": _body("Answer"),
            "responses": {
                "200": _json(_ref("Feedback"), "The grade and what to learn from it."),
                **_pick("400", "401", "413", "422"),
                "404": _error("No such presentation for you (another learner's is not found)."),
                "409": _error("The question changed after it was shown."),
            },
        }
    },
    "/banks/{slug}/tests": {
        "parameters": [BANK_SLUG],
        "post": {
            "summary": "Start a test: count questions, random or weakest first, maybe timed",
            "requestBody": _body("TestRequest"),
            "responses": {
                "201": _json(_ref("Test"), "The test and its questions, without answers."),
                **_pick("400", "401", "413", "422"),
                "403": _error("Not enrolled in the bank (code not_enrolled), or a draft."),
                "404": _error("No such bank."),
            },
        },
    },
    "/tests/{test_id}": {
        "parameters": [TEST_ID],
        "get": {
            "summary": "A test of yours and its questions (a timed one past its end is over)",
            "responses": {
                "200": _json(_ref("Test"), "The test."),
                **_pick("401"),
                "404": _error("No such test of yours."),
            },
        },
    },
    "/tests/{test_id}/answers": {
        "parameters": [TEST_ID],
        "post": {
            "summary": "Answer one question of a test; no feedback until it is finished",
            "requestBody": _body("TestAnswer"),
            "responses": {
                "200": _json(_ref("TestAnswerRecorded"), "Recorded (the first answer stands)."),
                **_pick("400", "401", "413", "422"),
                "404": _error("No such test, or no such question in it."),
                "409": _error("The test is over (test_over), or the question changed."),
            },
        },
    },
    "/tests/{test_id}/finish": {
        "parameters": [TEST_ID],
        "post": {
            "summary": "End a test and score it; unanswered questions count as missed",
            "responses": {
                "200": _json(_ref("TestReport"), "The score and what was missed."),
                **_pick("401"),
                "404": _error("No such test of yours."),
            },
        },
    },
    "/reviews/{review_id}/override": {
        "parameters": [REVIEW_ID],
        "post": {
            "summary": "Count a typed answer graded wrong as right (the log keeps both)",
            "requestBody": _body("Override"),
            "responses": {
                "200": _json(_ref("Feedback"), "The answer as corrected."),
                **_pick("400", "401", "413", "422"),
                "404": _error("No such answer of yours."),
                "409": _error(
                    "Not a typed answer graded wrong (not_overridable), a test's (in_test), "
                    "or the question changed since."
                ),
            },
        },
    },
    "/reviews/{review_id}/undo": {
        "parameters": [REVIEW_ID],
        "post": {
            "summary": "Take back your latest answer in its bank; its question is open again",
            "responses": {
                "200": _json(_ref("Undone"), "Taken back."),
                **_pick("401"),
                "404": _error("No such answer of yours."),
                "409": _error("Not your latest answer (not_latest), or a test's (in_test)."),
            },
        },
    },
    "/questions/{question_id}/flags": {
        "parameters": [
            {"name": "question_id", "in": "path", "required": True, "schema": {"type": "integer"}}
        ],
        "post": {
            "summary": "Flag a question you were shown as broken, for the bank's teacher",
            "requestBody": _body("FlagRequest"),
            "responses": {
                "201": _json(_ref("Flag"), "The flag."),
                "200": _json(_ref("Flag"), "The same reason was already flagged."),
                **_pick("400", "401", "413", "422"),
                "404": _error("No such question among those you were shown."),
            },
        },
    },
    "/progress": {
        "get": {
            "summary": "Per-bank counts, reviews per day and a 14-day forecast",
            "responses": {"200": _json(_ref("Progress"), "Your progress."), **_pick("401")},
        }
    },
    "/stats": {
        "get": {
            "summary": "Streak, time studied, calendar, retention, forecast, mastery by tag",
            "parameters": [
                {
                    "name": "bank",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string"},
                    "description": "Only this bank (one you are enrolled in).",
                }
            ],
            "responses": {
                "200": _json(_ref("Stats"), "Your statistics."),
                "400": NUL_IN_URL,
                **_pick("401", "422"),
                "403": _error("Not enrolled in the bank."),
                "404": _error("No such bank."),
            },
        }
    },
    "/account/export": {
        "get": {
            "summary": "Everything kept about you (JSON), or your review log (?format=csv)",
            "parameters": [
                {
                    "name": "format",
                    "in": "query",
                    "required": False,
                    "schema": {"enum": ["json", "csv"], "default": "json"},
                }
            ],
            "responses": {
                "200": {
                    "description": "Your data.",
                    "content": {
                        "application/json": {"schema": _ref("AccountExport")},
                        "text/csv": {"schema": {"type": "string"}},
                    },
                },
                "400": NUL_IN_URL,
                **_pick("401", "422"),
            },
        }
    },
    "/account": {
        "delete": {
            "summary": "Erase your account and everything personal, given your password",
            "requestBody": _body("EraseAccount"),
            "responses": {
                "204": {"description": "Erased; the token no longer works."},
                **_pick("400", "401", "413"),
                "409": _error("The only administrator cannot erase their account."),
                "422": _error("Missing or wrong password (error.fields.password)."),
                "429": _error("Too many wrong passwords; try again later."),
            },
        }
    },
    "/settings": {
        "get": {
            "summary": "Study settings",
            "responses": {"200": _json(_ref("Settings"), "Your settings."), **_pick("401")},
        },
        "patch": {
            "summary": "Change study settings",
            "requestBody": _body("SettingsUpdate"),
            "responses": {
                "200": _json(_ref("Settings"), "The settings now."),
                **_pick("400", "401", "413", "422"),
            },
        },
    },
    "/openapi.json": {
        "get": {
            "summary": "This document",
            "security": [],
            "responses": {"200": {"description": "OpenAPI 3.1 document."}},
        }
    },
}


# -- the teacher's routes (quizapp/api/teachers.py) ----------------------------------------

CLASS_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
_share = {"type": "number", "minimum": 0, "maximum": 1}
_date_or_null = {"type": ["string", "null"], "format": "date"}
_target = {
    "enum": ["started", "learnt"],
    "description": "What counts as done: every question answered once (started), or "
    "remembered for a week or more, FSRS stability of 7 days or more (learnt).",
}

SCHEMAS.update(
    {
        "ClassCreate": {
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"type": "string", "maxLength": 120}},
        },
        "ClassCreated": {
            "type": "object",
            "required": ["id", "join_code"],
            "properties": {
                "id": {"type": "integer"},
                "name": {"type": "string"},
                "join_code": {"type": "string", "description": "8 characters, no look-alikes."},
            },
        },
        "ClassJoin": {
            "type": "object",
            "required": ["code"],
            "properties": {"code": {"type": "string", "description": "Any case, dashes allowed."}},
        },
        "ClassJoined": {
            "type": "object",
            "required": ["id", "name"],
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
        },
        "AssignmentUpdate": {
            "type": "object",
            "properties": {
                "due": {**_date_or_null, "description": "YYYY-MM-DD, or null for none."},
                "target": {
                    **_target,
                    "type": ["string", "null"],
                    "enum": ["started", "learnt", None],
                },
            },
            "additionalProperties": False,
        },
        "Assignment": {
            "type": "object",
            "required": ["class_id", "slug", "due", "target"],
            "properties": {
                "class_id": {"type": "integer"},
                "slug": {"type": "string"},
                "due": _date_or_null,
                "target": _target,
                "students_enrolled": {"type": "integer"},
            },
        },
        "RosterResult": {
            "type": "object",
            "required": ["created", "problems"],
            "properties": {
                "created": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["username", "set_password_url"],
                        "properties": {
                            "username": {"type": "string"},
                            "set_password_url": {
                                "type": "string",
                                "format": "uri",
                                "description": "One-time; shown only in this response.",
                            },
                        },
                    },
                },
                "problems": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["line", "message"],
                        "properties": {
                            "line": {"type": "integer"},
                            "username": {"type": ["string", "null"]},
                            "message": {"type": "string"},
                        },
                    },
                },
                "mailed": {"type": "integer", "description": "Links sent by e-mail."},
                "mail_error": {"type": ["string", "null"]},
            },
        },
        "ClassAnalytics": {
            "type": "object",
            "required": ["students", "questions"],
            "properties": {
                "students": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": [
                            "username",
                            "predicted_recall",
                            "behind",
                            "reasons",
                            "completion",
                        ],
                        "properties": {
                            "username": {"type": "string"},
                            "name": {"type": "string"},
                            "predicted_recall": {
                                **_share,
                                "type": ["number", "null"],
                                "description": "Expected share of the questions started that "
                                "the student would recall a week from now (null: none started).",
                            },
                            "behind": {"type": "boolean"},
                            "reasons": {"type": "array", "items": {"type": "string"}},
                            "completion": {
                                "type": "object",
                                "additionalProperties": _share,
                                "description": "Per bank slug, the share meeting its target.",
                            },
                            "last_active": {"type": ["string", "null"], "format": "date-time"},
                        },
                    },
                },
                "assignments": {"type": "array", "items": _ref("Assignment")},
                "questions": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["id", "flags"],
                        "properties": {
                            "id": {"type": "integer"},
                            "key": {"type": "string"},
                            "bank": {"type": "string"},
                            "flags": {"type": "array", "items": {"type": "string"}},
                        },
                    },
                },
            },
        },
    }
)

_NOT_A_TEACHER = _error("Only teachers (and admins) manage classes.")
_NO_CLASS = _error("No such class of yours (another teacher's is not found either).")

PATHS.update(
    {
        "/classes": {
            "post": {
                "summary": "Create a class (teachers)",
                "requestBody": _body("ClassCreate"),
                "responses": {
                    "201": _json(_ref("ClassCreated"), "The class and its join code."),
                    **_pick("400", "401", "413", "422"),
                    "403": _NOT_A_TEACHER,
                },
            }
        },
        "/classes/join": {
            "post": {
                "summary": "Join a class with its code, and be enrolled in its banks",
                "requestBody": _body("ClassJoin"),
                "responses": {
                    "200": _json(_ref("ClassJoined"), "Joined (joining twice is harmless)."),
                    **_pick("400", "401", "413", "422"),
                    "404": _error("No open class has this code."),
                    "409": _error("You teach this class."),
                },
            }
        },
        "/classes/{id}/banks/{slug}": {
            "parameters": [CLASS_ID, BANK_SLUG],
            "put": {
                "summary": "Assign a published bank, with an optional due date and target",
                "requestBody": _body("AssignmentUpdate"),
                "responses": {
                    "200": _json(_ref("Assignment"), "The assignment now."),
                    **_pick("400", "401", "413", "422"),
                    "403": _NOT_A_TEACHER,
                    "404": _error("No such class of yours, or no such bank."),
                },
            },
        },
        "/classes/{id}/roster": {
            "parameters": [CLASS_ID],
            "post": {
                "summary": "Make student accounts from a CSV: username, display name, e-mail",
                "requestBody": {
                    "required": True,
                    "content": {"text/csv": {"schema": {"type": "string"}}},
                },
                "responses": {
                    "201": _json(_ref("RosterResult"), "Accounts made; rows not imported."),
                    "200": _json(_ref("RosterResult"), "No account made; every problem."),
                    **_pick("400", "401", "422"),
                    "403": _NOT_A_TEACHER,
                    "404": _NO_CLASS,
                    "413": _error("The roster is larger than 1 MiB."),
                },
            },
        },
        "/classes/{id}/analytics": {
            "parameters": [CLASS_ID],
            "get": {
                "summary": "Per student: predicted recall, falling behind and why, completion",
                "responses": {
                    "200": _json(_ref("ClassAnalytics"), "The class's figures."),
                    "400": NUL_IN_URL,
                    **_pick("401"),
                    "403": _NOT_A_TEACHER,
                    "404": _NO_CLASS,
                },
            },
        },
    }
)
# Any operation answers this while the database cannot be reached (quizapp.web.errors).
DATABASE_UNAVAILABLE = {
    **_error("The database cannot be reached just now (restarting?); retry after a few seconds."),
    "headers": {
        "Retry-After": {
            "description": "Seconds to wait before retrying.",
            "schema": {"type": "integer", "minimum": 1},
        }
    },
}


def _with_outage(paths: dict[str, Any]) -> dict[str, Any]:
    return {
        path: {
            method: {
                **operation,
                "responses": {**operation["responses"], "503": DATABASE_UNAVAILABLE},
            }
            if isinstance(operation, dict) and "responses" in operation
            else operation
            for method, operation in item.items()
        }
        for path, item in paths.items()
    }


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "quizapp API",
            "version": __version__,
            "description": (
                "Study with spaced repetition from any client. Get a token with "
                "POST /tokens, then send it as Authorization: Bearer <token>. Errors are "
                '{"error": {"code", "message"}}. See docs/study.md.'
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": SCHEMAS,
        },
        "paths": _with_outage(PATHS),
    }
