"""Forms of the study pages: one per action, each carrying its CSRF token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from quizapp.services.flags import MAX_REASON
from quizapp.services.users import MAX_DAILY_GOAL


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


class UndoAnswerForm(FlaskForm):
    """Take back the latest answer (a button; the answer is in the URL)."""


class OverrideAnswerForm(FlaskForm):
    """Count a typed answer graded wrong as right (a button; the answer is in the URL)."""


class FlagQuestionForm(FlaskForm):
    """Tell the bank's teacher what is wrong with the question just answered."""

    reason = TextAreaField(
        "What is wrong with this question?",
        validators=[DataRequired("Say what is wrong."), Length(max=MAX_REASON)],
    )


class StartTestForm(FlaskForm):
    """How many questions, which ones, and an optional time limit in minutes."""

    count = IntegerField(
        "Number of questions",
        default=10,
        validators=[DataRequired("Say how many questions."), NumberRange(1, 100)],
    )
    order = RadioField(
        "Which questions",
        choices=[
            SelectChoice("random", "Any, at random"),
            SelectChoice("weakest", "My weakest first"),
        ],
        default="random",
    )
    minutes = IntegerField(
        "Time limit in minutes (optional)",
        validators=[Optional(), NumberRange(1, 240)],
        description="Leave empty for no limit. A timed test ends itself when time is up.",
    )


class FinishTestForm(FlaskForm):
    """End a test and see the score (a button; the test is in the URL)."""


class SetDailyGoalForm(FlaskForm):
    """The answers a day the learner aims for (0: no goal)."""

    daily_goal = IntegerField(
        "Daily goal (answers a day)",
        validators=[
            InputRequired("Give a number of answers, or 0 for no goal."),
            NumberRange(0, MAX_DAILY_GOAL),
        ],
        description="0 for no goal.",
    )
