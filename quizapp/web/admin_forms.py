"""Forms for administering accounts: one per action."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField

from quizapp.models import Role


class ChangeRoleForm(FlaskForm):
    role = SelectField("Role")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [(r.value, r.value.capitalize()) for r in Role]


class SetAccountActiveForm(FlaskForm):
    pass


class SignOutEverywhereForm(FlaskForm):
    pass
