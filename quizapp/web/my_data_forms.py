"""Forms of the own-data pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired


class EraseAccountForm(FlaskForm):
    """Erase the account: the password, and a tick to say the learner means it."""

    password = PasswordField(
        "Your password",
        validators=[DataRequired("Give your password.")],
        render_kw={"autocomplete": "current-password"},
    )
    confirm = BooleanField(
        "I understand that my account, my progress and my answers are erased for good.",
        validators=[DataRequired("Tick the box to confirm.")],
    )
