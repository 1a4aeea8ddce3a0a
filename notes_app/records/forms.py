"""The password confirmation before a record download (staff FHIR export, the client's copy)."""
from __future__ import annotations

from wtforms import PasswordField
from wtforms.validators import Length, Optional

from notes_app.auth.passwords import MAX_LENGTH
from notes_app.formtools import BaseForm


class ExportForm(BaseForm):
    """Confirm the password before downloading the whole record (R-A8)."""

    password = PasswordField("Your password", validators=[Optional(), Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "current-password"})
