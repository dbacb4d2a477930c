"""Showing a service's error on the form that caused it."""

from __future__ import annotations

from flask_wtf import FlaskForm

from quizapp.errors import QuizappError


def show_service_error(form: FlaskForm, exc: QuizappError) -> None:
    """Put the error next to the first field it names that the form has, else above the form."""
    for name in getattr(exc, "fields", {}) or {}:
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, exc.message]
            return
    form.form_errors.append(exc.message)
