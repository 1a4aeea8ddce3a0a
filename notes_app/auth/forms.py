"""Login and password forms: shape only, no database work."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from notes_app.auth.passwords import MAX_LENGTH, MIN_LENGTH
from notes_app.formtools import EMAIL, BaseForm


# BaseForm refuses NUL and control characters: a NUL in the sign-in email reached PostgreSQL,
# which cannot store it, and answered 500 (found by the hostile-input walk on PostgreSQL).
class LoginForm(BaseForm):
    """Email and password."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])


class PasswordChangeForm(BaseForm):
    """Current password and a new one, twice."""

    current_password = PasswordField("Current password",
                                     validators=[DataRequired(), Length(max=MAX_LENGTH)])
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=MIN_LENGTH, max=MAX_LENGTH)],
        description=f"At least {MIN_LENGTH} characters. "
                    "A few unrelated words make a strong, memorable password.",
    )
    confirm = PasswordField("Repeat the new password",
                            validators=[DataRequired(),
                                        EqualTo("password", _l("The passwords do not match."))])


class LoginCodeForm(BaseForm):
    """The second login step: a 6-digit app code or a recovery code."""

    code = StringField("Code", validators=[DataRequired("Enter the code."), Length(max=40)],
                       description="The 6-digit code from your app, or one of your recovery codes.",
                       render_kw={"autocomplete": "one-time-code", "autocapitalize": "off",
                                  "spellcheck": "false"})


class EnrolForm(BaseForm):
    """Turn two-factor on: the password again and a first code from the app."""

    password = PasswordField("Your password", validators=[DataRequired(), Length(max=MAX_LENGTH)])
    code = StringField("6-digit code from the app",
                       validators=[DataRequired("Enter the code."), Length(max=12)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})


class SetPasswordForm(BaseForm):
    """A new password, twice (invitation, reset, staff set-password)."""

    password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
        description=_l("At least %(count)d characters. A few unrelated words make a strong, "
                       "memorable password.", count=MIN_LENGTH),
        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Repeat the password"),
                            validators=[DataRequired(),
                                        EqualTo("password", _l("The passwords do not match."))],
                            render_kw={"autocomplete": "new-password"})


class ForgotPasswordForm(BaseForm):
    """The address to send a reset link to."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254), EMAIL],
                       render_kw={"autocomplete": "email"})
