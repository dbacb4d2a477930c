"""Forms of the exam page: one per action, each carrying its CSRF token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms.validators import InputRequired


class SetExamForm(FlaskForm):
    exam_on = DateField(
        "Exam date",
        validators=[InputRequired("Give the date of the exam.")],
        description="Until then, reviews of this bank aim at the best recall on that day.",
    )


class RemoveExamForm(FlaskForm):
    """Remove the learner's exam date (a button; the bank is in the URL)."""
