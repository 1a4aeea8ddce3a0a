"""Form building blocks shared by every feature: the base form and common validators."""
from __future__ import annotations

import re
from datetime import date

from flask_wtf import FlaskForm
from wtforms.validators import Regexp, ValidationError

from notes_app.jsondata import CONTROL_CHARS

# Control characters break PostgreSQL (NUL) and audit readability; tabs and newlines stay.
CONTROL = re.compile(f"[{CONTROL_CHARS}]")
CONTROL_MESSAGE = "Remove the invisible control characters."

# Bidirectional embedding/override/isolate controls (U+202A–U+202E, U+2066–U+2069) can make a
# name read differently from what is stored ("Trojan Source"); letters of any script stay welcome.
BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
BIDI_MESSAGE = "Remove the invisible text-direction characters: they can disguise how a name reads."


def no_bidi_controls(form, field) -> None:
    """Refuse text-direction override characters in a name field (#13 item 7)."""
    if isinstance(field.data, str) and BIDI_CONTROLS.search(field.data):
        raise ValidationError(BIDI_MESSAGE)


EMAIL = Regexp(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$", message="Enter a valid email address.")
PHONE = Regexp(r"^[0-9+()\-.\s]{5,40}$", message="Use digits, spaces, + ( ) - only.")


def has_control(value) -> bool:
    """Tell whether a string holds NUL or another control character (tab and newlines pass)."""
    return isinstance(value, str) and CONTROL.search(value) is not None


def leaves(field_or_form):
    """Yield every input field of a form, descending into sections and rows."""
    for f in field_or_form:
        if f.type in ("FormField", "FieldList"):
            yield from leaves(f)
        else:
            yield f


class BaseForm(FlaskForm):
    """A FlaskForm that refuses NUL and other control characters in every field, nested too."""

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for field in leaves(self):
            values = field.data if isinstance(field.data, list) else [field.data]
            if any(has_control(v) for v in values):
                if CONTROL_MESSAGE not in field.errors:  # a nested BaseForm may have said it
                    field.errors = [*field.errors, CONTROL_MESSAGE]
                ok = False
        return ok


def years_ago(today: date, years: int) -> date:
    """Return the same calendar day a number of years earlier (29 Feb → 28 Feb)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def age_on(dob: date, today: date) -> int:
    """Return a person's age in whole years on a day."""
    return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))


class JSONText:
    """Validate a field holding JSON text against an explicit schema (#13).

    message: a callable turning the jsondata.InvalidJSON into the text shown on the form.
    """

    def __init__(self, schema: dict, message):
        self.schema, self.message = schema, message

    def __call__(self, form, field):
        from notes_app import jsondata

        if not (field.data or "").strip():
            return
        try:
            jsondata.load_checked(field.data, self.schema, field.name)
        except jsondata.InvalidJSON as exc:
            raise ValidationError(self.message(exc)) from exc


class DateInRange:
    """Validate that a date lies between two bounds computed at validation time."""

    def __init__(self, earliest, latest, message: str):
        self.earliest, self.latest, self.message = earliest, latest, message

    def __call__(self, form, field):
        if field.data is None:
            return
        if not (self.earliest() <= field.data <= self.latest()):
            raise ValidationError(self.message)
