"""Forms of the study pages: one per action, each carrying its CSRF token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from quizapp.services.flags import MAX_REASON


class EnrollBankForm(FlaskForm):
    """Enrol in a bank (a button; the bank is in the URL)."""


class LeaveBankForm(FlaskForm):
    """Leave a bank (a button; the bank is in the URL)."""


class AnswerQuestionForm(FlaskForm):
    """The token of the presentation answered, and the time taken as the page measured it.

    The response fields themselves depend on the question type; the type reads them
    (``QuestionType.response_from_form``).
    """

    presentation_id = HiddenField(validators=[DataRequired(), Length(min=8, max=64)])
    elapsed_ms = HiddenField(validators=[Optional(), Regexp(r"^\d{1,9}$")])


class FlagQuestionForm(FlaskForm):
    """Tell the bank's teacher what is wrong with the question just answered."""

    reason = TextAreaField(
        "What is wrong with this question?",
        validators=[DataRequired("Say what is wrong."), Length(max=MAX_REASON)],
    )
