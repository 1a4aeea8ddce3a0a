"""The issue form: which optional sections to keep, a note and the next visit (shape only)."""
from __future__ import annotations

from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from notes_app.aftercare.services import LENGTHS, NEXT_VISIT_MAX, NOTE_MAX
from notes_app.formtools import BaseForm


class IssueForm(BaseForm):
    """Issue a sheet; `keep.choices` is set per session to its optional sections."""

    # Ticked boxes are the sections kept: a browser sends nothing for an unticked box.
    keep = SelectMultipleField("Sections", choices=[])
    note = TextAreaField(
        "A note for the client", validators=[Optional(), Length(max=NOTE_MAX)],
        description="Printed as “A note from your therapist”. Leave it empty for none.")
    next_visit = StringField(
        "Suggested next visit", validators=[Optional(), Length(max=NEXT_VISIT_MAX)],
        description="From the plan's interval; clear it to leave the section out.")
    # Choices are the configured languages (set by the view); an unknown code is a form error.
    language = SelectField("Sheet language", choices=[], validate_choice=True,
                           description="The client's preferred language unless you switch it.")
    # One page unless the therapist picked the longer sheet; the view checks the value.
    length = HiddenField(default=LENGTHS[0])
