"""Portal account forms: shape only; the password policy is the service's job."""
from __future__ import annotations

from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from notes_app.auth.passwords import MAX_LENGTH, MIN_LENGTH
from notes_app.formtools import EMAIL, BaseForm


class SetPasswordForm(BaseForm):
    """A new password, twice (invitation, reset, staff set-password)."""

    password = PasswordField(
        "New password", validators=[DataRequired(), Length(max=MAX_LENGTH)],
        description=f"At least {MIN_LENGTH} characters. A few unrelated words make a strong, "
                    "memorable password.",
        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField("Repeat the password",
                            validators=[DataRequired(),
                                        EqualTo("password", "The passwords do not match.")],
                            render_kw={"autocomplete": "new-password"})


class ForgotPasswordForm(BaseForm):
    """The address to send a reset link to."""

    email = EmailField("Email", validators=[DataRequired(), Length(max=254), EMAIL],
                       render_kw={"autocomplete": "email"})
