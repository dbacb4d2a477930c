"""Forms for accounts: one per action."""

from __future__ import annotations

from zoneinfo import available_timezones

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FloatField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, NumberRange, Optional

from quizapp.models.users import MAX_DAILY_NEW_LIMIT
from quizapp.services.users import MAX_PASSWORD, MIN_PASSWORD
from quizapp.study.scheduling import MAX_RETENTION, MIN_RETENTION

PASSWORD_LENGTH_MESSAGE = f"Use {MIN_PASSWORD} to {MAX_PASSWORD} characters."


class SignInForm(FlaskForm):
    username = StringField(
        "Username",
        validators=[DataRequired(), Length(max=40)],
        render_kw={"autocomplete": "username", "autocapitalize": "none"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired(), Length(max=MAX_PASSWORD)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField("Keep me signed in on this device")


class SignOutEverywhereForm(FlaskForm):
    pass


class RevokeApiTokenForm(FlaskForm):
    pass


class RegisterForm(FlaskForm):
    username = StringField(
        "Username",
        validators=[
            DataRequired("Choose a username."),
            Length(min=2, max=40, message="Use 2 to 40 characters."),
        ],
        description="2 to 40 letters, digits, '.', '-' or '_'.",
        render_kw={"autocomplete": "username", "autocapitalize": "none"},
    )
    display_name = StringField(
        "Your name (shown to your teachers)",
        validators=[Length(max=80)],
        render_kw={"autocomplete": "name"},
    )
    password = PasswordField(
        "Password",
        validators=[
            DataRequired("Choose a password."),
            Length(min=MIN_PASSWORD, max=MAX_PASSWORD, message=PASSWORD_LENGTH_MESSAGE),
        ],
        description=f"At least {MIN_PASSWORD} characters.",
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[DataRequired(), EqualTo("password", message="The passwords do not match.")],
        render_kw={"autocomplete": "new-password"},
    )
    # Filled in by timezone.js from the browser; UTC (and the settings page) without it.
    timezone = HiddenField(validators=[Optional(), Length(max=64)])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        validators=[DataRequired()],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        "New password",
        validators=[
            DataRequired(),
            Length(min=MIN_PASSWORD, max=MAX_PASSWORD, message=PASSWORD_LENGTH_MESSAGE),
        ],
        description=f"At least {MIN_PASSWORD} characters. Other devices will be signed out.",
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[DataRequired(), EqualTo("new_password", message="The passwords do not match.")],
        render_kw={"autocomplete": "new-password"},
    )


def _timezone_choices() -> list[tuple[str, str]]:
    zones = sorted(z for z in available_timezones() if "/" in z or z == "UTC")
    return [(z, z.replace("_", " ")) for z in zones]


class UpdateSettingsForm(FlaskForm):
    display_name = StringField("Your name", validators=[Length(max=80)])
    desired_retention = FloatField(
        "Target recall",
        validators=[InputRequired(), NumberRange(min=MIN_RETENTION, max=MAX_RETENTION)],
        description="How sure you want to be of remembering each answer when it comes back, "
        "from 0.70 to 0.99: 0.90 means a 90% chance. Higher means more frequent reviews.",
    )
    daily_new_limit = IntegerField(
        "New questions per day",
        validators=[InputRequired(), NumberRange(min=0, max=MAX_DAILY_NEW_LIMIT)],
        description="0 pauses new questions; reviews always continue.",
    )
    timezone = SelectField("Time zone", description="When your day starts, for daily limits.")
    day_start_hour = IntegerField(
        "Next day starts at",
        validators=[Optional(), NumberRange(min=0, max=23)],
        description="The hour (0-23, your time) a new study day begins. Reviews due on a "
        "day show all through it, so a late session still counts as the same day.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = _timezone_choices()


class SetPasswordForm(FlaskForm):
    """A one-time link's form: the new password, twice."""

    password = PasswordField(
        "New password",
        validators=[
            DataRequired("Choose a password."),
            Length(min=MIN_PASSWORD, max=MAX_PASSWORD, message=PASSWORD_LENGTH_MESSAGE),
        ],
        description=f"At least {MIN_PASSWORD} characters.",
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[DataRequired(), EqualTo("password", message="The passwords do not match.")],
        render_kw={"autocomplete": "new-password"},
    )
