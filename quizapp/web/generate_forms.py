"""Forms for drafting banks from source texts and reviewing the drafts."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import URL, Length, Optional, ValidationError


class GenerateBankForm(FlaskForm):
    text = TextAreaField(
        "Paste the text",
        description="A news article or a history page: plain text, Markdown or HTML.",
    )
    file = FileField("…or upload a file", description=".txt, .md or .html, UTF-8.")
    title = StringField(
        "Title",
        validators=[Optional(), Length(max=200)],
        description="Leave empty to use the title in the text.",
    )
    author = StringField("Author", validators=[Optional(), Length(max=200)])
    publisher = StringField("Publisher", validators=[Optional(), Length(max=200)])
    published = DateField(
        "Published on",
        validators=[Optional()],
        description='Relative dates in the text ("in October", "this fall") are read '
        "against it. Leave empty to use the date in the text.",
    )
    url = StringField("Address (URL)", validators=[Optional(), URL(), Length(max=2000)])

    def validate_text(self, field):
        if not (field.data or "").strip() and not self.file.data:
            raise ValidationError("Paste a text or choose a file.")


class AcceptQuestionForm(FlaskForm):
    """Accept one generated question as it is."""


class DiscardQuestionForm(FlaskForm):
    """Delete one generated question from the draft."""


class AcceptAllForm(FlaskForm):
    """Accept every question still pending."""


class UndoDiscardForm(FlaskForm):
    pass
