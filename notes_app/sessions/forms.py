"""Session forms: start, sign, addendum and entered-in-error (shape only, no database work)."""
from __future__ import annotations

from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from notes_app.auth.passwords import MAX_LENGTH
from notes_app.formtools import BaseForm
from notes_app.sessions.models import ADDENDUM_KINDS


class StartForm(BaseForm):
    """Start a note: a key generated with the page makes a retried submit harmless (R-L4)."""

    idempotency_key = HiddenField(validators=[
        DataRequired("Reload the page and try again."),
        Regexp(r"^[A-Za-z0-9_-]{8,64}$", message="Reload the page and try again.")])
    copy_forward = BooleanField("Start from last session (techniques and plan)")
    override_reason = TextAreaField(
        "Why it is safe to treat today", validators=[Optional(), Length(max=1000)],
        description="A flag says not to treat today. Your reason is recorded with the note.")


class SignForm(BaseForm):
    """Confirm the password, then sign the version reviewed (R-A8)."""

    version = IntegerField(validators=[Optional()])
    password = PasswordField("Your password", validators=[Optional(), Length(max=MAX_LENGTH)],
                             description="Signing locks the note. Confirm it is you.")
    aftercare = BooleanField("Then prepare the aftercare sheet", default=False)


class AddendumForm(BaseForm):
    """A dated, reasoned addition to a signed note (R-R2)."""

    kind = SelectField("Kind", choices=[SelectChoice(v, label) for v, label in ADDENDUM_KINDS],
                       default="addendum")
    reason = TextAreaField("Reason", validators=[DataRequired("Say why you add this."),
                                                 Length(max=1000)])
    text = TextAreaField("Addendum", validators=[DataRequired("Write the addendum."),
                                                 Length(max=20_000)])


class EnteredInErrorForm(BaseForm):
    """Hide a note that was written by mistake, with the reason (R-R3)."""

    reason = TextAreaField("Reason", validators=[DataRequired("Say why this note is in error."),
                                                 Length(max=1000)],
                           description="For example: written for the wrong client.")
    confirm = BooleanField("Yes, mark this note as entered in error",
                           validators=[DataRequired("Tick to confirm.")])
