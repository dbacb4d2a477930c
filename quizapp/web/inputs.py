"""Input every route refuses before its view runs: what no database column could keep.

PostgreSQL refuses NUL characters in text and integers beyond its column types, and
raises an error when a query compares with one; without these checks a ``%00`` in a
URL or a form field, or an id of 25 digits, would end in a 500 instead of a clear
400 or 404. Bodies of the JSON API are checked by ``quizapp.api.views.json_body``.
"""

from __future__ import annotations

from flask import Flask, request
from werkzeug.routing import IntegerConverter

from quizapp.errors import QuizappError

# Ids are INTEGER columns (PostgreSQL's int4).
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:...>`` in a route: a number too large to be an id does not match (404)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def whole_number(value: str | None) -> int | None:
    """A query-string number (a page, an id): ASCII digits that fit an id column, else None.

    ``str.isdigit`` alone lets through "²" (which ``int`` refuses) and numbers too long
    for ``int`` to convert at all (over 4,300 digits).
    """
    if not value or not (value.isascii() and value.isdigit()) or len(value) > len(str(MAX_ID)):
        return None
    number = int(value)
    return number if number <= MAX_ID else None


class UnreadableInput(QuizappError):
    status = 400
    code = "bad_request"


NUL_MESSAGE = (
    "The request contains a NUL character (\\0), which quizapp does not accept. Nothing was saved."
)


def _has_nul() -> bool:
    if "\x00" in request.path:
        return True
    for key, value in request.args.items(multi=True):
        if "\x00" in key or "\x00" in value:
            return True
    if request.method in ("GET", "HEAD", "OPTIONS") or request.is_json:
        return False
    for key, value in request.form.items(multi=True):
        if "\x00" in key or "\x00" in value:
            return True
    return any("\x00" in (f.filename or "") for _, f in request.files.items(multi=True))


def init_app(app: Flask) -> None:
    # Before any blueprint adds its routes: converters are looked up as rules are added.
    app.url_map.converters["int"] = IdConverter

    @app.before_request
    def refuse_nul_characters():
        if _has_nul():
            raise UnreadableInput(NUL_MESSAGE)
