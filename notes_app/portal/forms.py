"""Portal forms (shape only): accounts, check-ins, "what changed?", export and settings."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from notes_app.clinical.intake_schema import HEALTH_HISTORY
from notes_app.formtools import BaseForm, JSONText
from notes_app.intake.form_sections import (
    ChipsField,
    ConsentForm,
    InjuryForm,
    PregnancyForm,
    SurgeryForm,
    long,
    options,
)
from notes_app.intake.forms import ROWS, IntakeForm, MedicationsForm
from notes_app.portal.schemas import POINTS, points_message

SCORES = options((n, str(n)) for n in range(11))
OTHER = "other"  # the history item the update's "anything else" box fills


SCORE_MESSAGE = "Choose a number from 0 to 10."


class ScoreField(RadioField):
    """A 0-10 score as a row of buttons, with plain-words errors for any other value."""

    def __init__(self, label: str, **kwargs):
        super().__init__(label, [InputRequired(SCORE_MESSAGE)], coerce=int, choices=SCORES,
                         invalid_choice_message=SCORE_MESSAGE, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(SCORE_MESSAGE) from exc


class CheckInForm(BaseForm):
    """How the client feels a day or two after a visit; the advice choices are set per session."""

    soreness = ScoreField(_l("Soreness now (0 = none, 10 = worst imaginable)"))
    pain = ScoreField(_l("Your usual pain now (0 = none, 10 = worst imaginable)"))
    advice = ChipsField(_l("Which advice did you follow?"), [Optional()], choices=[],
                        invalid_choice_message=_l("Choose from the list."))
    # The tap-to-mark map fills this with JSON; the service checks every point (R-I1).
    points = HiddenField(validators=[Optional(), Length(max=4000), JSONText(
        POINTS, points_message)])
    note = TextAreaField(_l("Anything you want your therapist to know? (optional)"),
                         validators=[Optional(), Length(max=1000)],
                         render_kw={"maxlength": 1000, "rows": 4})


class WhatChangedForm(BaseForm):
    """The short "what changed?" update: health changes and a fresh consent signature."""

    conditions = ChipsField(_l("Health conditions that apply to you now"),
                            [Optional()], choices=options((item.key, item.label) for item in
                                                           HEALTH_HISTORY if item.key != OTHER),
                            invalid_choice_message=_l("Choose from the list."))
    medications = FormField(MedicationsForm)
    pregnancy = FormField(PregnancyForm)
    surgeries = FieldList(FormField(SurgeryForm), max_entries=ROWS["surgeries"][1])
    injuries = FieldList(FormField(InjuryForm), max_entries=ROWS["injuries"][1])
    anything_else = long(_l("Anything else your therapist should know?"))
    consent = FormField(ConsentForm)

    def __init__(self, *args, minor: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.minor = minor

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        # The same signing rules as the full intake form (R-R5); the service checks again.
        return IntakeForm._check_consent(self) and ok
