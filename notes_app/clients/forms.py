"""Client forms: shape and ranges only."""
from __future__ import annotations

from datetime import date

from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    SearchField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from notes_app.formtools import (
    EMAIL,
    PHONE,
    BaseForm,
    DateInRange,
    no_bidi_controls,
    years_ago,
)
from notes_app.languages import default_language, language_choices

DOB_RANGE = DateInRange(lambda: years_ago(date.today(), 120), date.today,
                        "Enter a date of birth in the last 120 years, not in the future.")


class ClientForm(BaseForm):
    """Identity, contact and emergency contact of a client."""

    first_name = StringField("First name",
                             validators=[DataRequired(), Length(max=100), no_bidi_controls])
    last_name = StringField("Last name",
                            validators=[DataRequired(), Length(max=100), no_bidi_controls])
    preferred_name = StringField("Preferred name",
                                 validators=[Optional(), Length(max=100), no_bidi_controls],
                                 description="What the client likes to be called; "
                                             "printed on handouts.")
    date_of_birth = DateField("Date of birth",
                              validators=[DataRequired("Enter a valid date of birth."), DOB_RANGE])
    phone = StringField("Phone", validators=[Optional(), PHONE, Length(max=40)])
    email = EmailField("Email", validators=[Optional(), Length(max=254), EMAIL])
    address = TextAreaField("Address", validators=[Optional(), Length(max=300)])
    occupation = StringField("Occupation", validators=[Optional(), Length(max=100)])
    emergency_name = StringField("Emergency contact",
                                 validators=[Optional(), Length(max=100), no_bidi_controls])
    emergency_relationship = StringField("Relationship", validators=[Optional(), Length(max=60)])
    emergency_phone = StringField("Emergency phone", validators=[Optional(), PHONE, Length(max=40)])
    preferred_language = SelectField(
        "Preferred language", validate_choice=True, default=default_language,
        description="The client's portal, emails and aftercare sheets are in this language.")
    confirm_duplicate = BooleanField("Yes, this is a different person: create the record anyway")

    FIELDS = ("first_name", "last_name", "preferred_name", "date_of_birth", "phone", "email",
              "address", "occupation", "emergency_name", "emergency_relationship",
              "emergency_phone", "preferred_language")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preferred_language.choices = language_choices()

    def client_data(self) -> dict:
        """Return only the allow-listed client fields (R-Z5)."""
        return {name: getattr(self, name).data for name in self.FIELDS}


class SearchForm(BaseForm):
    """Search clients by name, phone or email (sent by POST: no health data in URLs)."""

    q = SearchField("Search clients", validators=[Optional(), Length(max=100)])
    show_archived = BooleanField("Include archived")
