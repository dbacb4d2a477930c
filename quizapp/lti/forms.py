"""Forms of the LTI pages: one per action."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Length


class AddPlatformForm(FlaskForm):
    name = StringField("Name", validators=[Length(max=120)], description="e.g. School Moodle")
    issuer = URLField("Issuer (platform id)", validators=[DataRequired(), Length(max=500)])
    client_id = StringField("Client id", validators=[DataRequired(), Length(max=255)])
    auth_url = URLField("Authentication request URL", validators=[DataRequired()])
    token_url = URLField("Access token URL", validators=[DataRequired()])
    jwks_url = URLField("Public keyset URL", validators=[DataRequired()])
    deployment_ids = TextAreaField(
        "Deployment ids",
        validators=[DataRequired()],
        description="One per line; the LMS shows the deployment id after the tool is added.",
    )
    frame_origins = StringField(
        "Frame origins (optional)",
        description="Addresses the LMS pages are served from, if not the issuer's, "
        "e.g. https://school.instructure.com",
    )


class EditPlatformForm(FlaskForm):
    name = StringField("Name", validators=[Length(max=120)])
    auth_url = URLField("Authentication request URL", validators=[DataRequired()])
    token_url = URLField("Access token URL", validators=[DataRequired()])
    jwks_url = URLField("Public keyset URL", validators=[DataRequired()])
    frame_origins = StringField("Frame origins (optional)")


class AddDeploymentForm(FlaskForm):
    deployment_id = StringField("Deployment id", validators=[DataRequired(), Length(max=255)])


class RemoveDeploymentForm(FlaskForm):
    pass


class DeletePlatformForm(FlaskForm):
    pass


class RotateKeyForm(FlaskForm):
    pass


class PickBankForm(FlaskForm):
    bank = RadioField("Bank", validators=[DataRequired(message="Choose a bank to link.")])


class SyncRosterForm(FlaskForm):
    pass


class SendGradesForm(FlaskForm):
    pass
