"""Forms for classes: one per action."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from quizapp.services.classes import TARGETS

TARGET_CHOICES = list(TARGETS.items())


class CreateClassForm(FlaskForm):
    name = StringField(
        "Class name",
        validators=[DataRequired(), Length(max=120)],
        description="For example: History 7B, 2026–27.",
    )


class RenameClassForm(FlaskForm):
    name = StringField("Class name", validators=[DataRequired(), Length(max=120)])


class JoinClassForm(FlaskForm):
    code = StringField(
        "Join code",
        validators=[DataRequired(), Length(max=40)],
        description="The code your teacher gave you, such as ABCD-EF23.",
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )


class LeaveClassForm(FlaskForm):
    pass


class AssignBankForm(FlaskForm):
    bank_id = SelectField("Bank", coerce=int, validators=[DataRequired()])
    due = DateField(
        "Due (optional)",
        validators=[Optional()],
        description="The day students should reach the target; they see it on their Study page.",
    )
    target = SelectField("Target", default="learnt")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.target.choices = TARGET_CHOICES


class SetAssignmentForm(FlaskForm):
    due = DateField("Due", validators=[Optional()], description="Leave empty for no due date.")
    target = SelectField("Target")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.target.choices = TARGET_CHOICES


class UnassignBankForm(FlaskForm):
    pass


class RemoveStudentForm(FlaskForm):
    pass


class NewJoinCodeForm(FlaskForm):
    pass


class ArchiveClassForm(FlaskForm):
    pass


class ImportRosterForm(FlaskForm):
    roster = TextAreaField(
        "Students",
        validators=[Length(max=200_000)],
        description="One student a line: username, display name, e-mail (optional). "
        "A header row is skipped. Or choose a CSV file below.",
        render_kw={
            "rows": 6,
            "spellcheck": "false",
            "placeholder": "ann.lee, Ann Lee, ann@example.org",
        },
    )
    file = FileField(
        "CSV file (instead of typing)", render_kw={"accept": ".csv,.txt,.tsv,text/csv"}
    )


class IssueResetLinkForm(FlaskForm):
    pass
