"""Field helpers and the section sub-forms the intake form is built from (shape only)."""
from __future__ import annotations

import math
from datetime import date

from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    Form,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

from notes_app.clinical.intake_schema import (
    BREAK_FREQUENCIES,
    DEFAULT_INTENSITY_CEILING,
    DEVICE_KINDS,
    INJURY_KINDS,
    MONITOR_POSITIONS,
    PAIN_CHARACTERS,
    PILLOW_TYPES,
    PRESSURE_PREFERENCES,
    REPETITIVE_TASKS,
    SCREEN_SETUPS,
    SENSITIVE_AREAS,
    SLEEP_POSITIONS,
)
from notes_app.clinical.regions import region_choices

SHORT, LONG = 200, 2000
EARLIEST = date(1900, 1, 1)
CHOOSE = "Choose from the list."
YES_NO = (("yes", "Yes"), ("no", "No"))


def options(pairs) -> list[SelectChoice]:
    """Return (value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def _blank(label: str) -> list[SelectChoice]:
    return [SelectChoice("", label)]


REGION_CHOICES = _blank("Choose area…") + options(region_choices())


class InRange:
    """Validate a finite number between bounds; empty is allowed (Optional runs first)."""

    def __init__(self, lo: float, hi: float, unit: str = ""):
        self.lo, self.hi = lo, hi
        self.message = f"Enter a number from {lo:g} to {hi:g}{' ' + unit if unit else ''}."

    def __call__(self, form, field):
        value = field.data
        if value is None:
            return
        # NaN passes every comparison, and a 400-digit int overflows float(): check both.
        if isinstance(value, float) and not math.isfinite(value) or not (
                self.lo <= value <= self.hi):
            raise ValidationError(self.message)


class PastDate:
    """Validate a date between 1900 and today (onsets, operations, injuries)."""

    def __call__(self, form, field):
        if field.data is not None and not (EARLIEST <= field.data <= date.today()):
            raise ValidationError("Enter a date between 1900 and today.")


class WholeNumberField(IntegerField):
    """An integer field with a plain-words parse error."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError("Enter a whole number.") from exc


class NumberField(FloatField):
    """A decimal field with a plain-words parse error."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError("Enter a number.") from exc


class DayField(DateField):
    """A date field with a plain-words parse error."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError("Enter a date as YYYY-MM-DD.") from exc


class ChipsField(SelectMultipleField):
    """Several choices shown as tick chips."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def whole(label, lo, hi, unit="", default=None, description=""):
    """Return an optional whole-number field bounded to [lo, hi]."""
    return WholeNumberField(label, [Optional(), InRange(lo, hi, unit)], default=default,
                            description=description,
                            render_kw={"min": lo, "max": hi, "step": 1, "inputmode": "numeric"})


def decimal(label, lo, hi, unit="", step=0.5, description=""):
    """Return an optional decimal field bounded to [lo, hi]."""
    return NumberField(label, [Optional(), InRange(lo, hi, unit)], description=description,
                       render_kw={"min": lo, "max": hi, "step": step, "inputmode": "decimal"})


def short(label, max_len=SHORT, **kw):
    """Return an optional one-line text field."""
    return StringField(label, [Optional(), Length(max=max_len)], **kw)


def long(label, **kw):
    """Return an optional multi-line text field."""
    return TextAreaField(label, [Optional(), Length(max=LONG)], **kw)


def choice(label, choices, field=SelectField, **kw):
    """Return an optional single choice from an allow-list (select or segmented radio)."""
    allowed = options(choices) if field is RadioField else _blank("—") + options(choices)
    return field(label, [Optional()], choices=allowed, invalid_choice_message=CHOOSE, **kw)


def chips(label, choices, **kw):
    """Return an optional several-of choice from an allow-list."""
    return ChipsField(label, [Optional()], choices=options(choices),
                      invalid_choice_message=CHOOSE, **kw)


def past_date(label):
    """Return an optional date between 1900 and today."""
    return DayField(label, [Optional(), PastDate()])


class RowForm(Form):
    """A repeatable row: ignored when blank, and needs its area once anything is filled."""

    def is_blank(self) -> bool:
        """Tell whether nothing was entered in this row."""
        for f in self:
            if f.type == "BooleanField":
                if f.data:
                    return False
                continue
            if f.data not in (None, "", []) or f.raw_data and any(v.strip() for v in f.raw_data):
                return False
        return True

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not self.is_blank() and not self.region.data:
            self.region.errors = [*self.region.errors, "Choose the area for this row."]
            ok = False
        return ok


class PainAreaForm(RowForm):
    """One painful area: where, since when, how strong, what it feels like."""

    region = SelectField("Area", [Optional()], choices=REGION_CHOICES,
                         invalid_choice_message=CHOOSE)
    onset = past_date("Started")
    intensity = whole("Intensity 0–10", 0, 10)
    character = choice("Feels like", PAIN_CHARACTERS)
    aggravating = short("Worse with")
    easing = short("Better with")


class SurgeryForm(RowForm):
    """One operation: where and when."""

    region = SelectField("Area", [Optional()], choices=REGION_CHOICES,
                         invalid_choice_message=CHOOSE)
    date = past_date("Date")
    details = short("What was done")


class InjuryForm(RowForm):
    """One injury: where, when and what kind."""

    region = SelectField("Area", [Optional()], choices=REGION_CHOICES,
                         invalid_choice_message=CHOOSE)
    date = past_date("Date")
    kind = choice("Kind", INJURY_KINDS)
    details = short("Details")


class ScarForm(RowForm):
    """One scar in a treatment area."""

    region = SelectField("Area", [Optional()], choices=REGION_CHOICES,
                         invalid_choice_message=CHOOSE)
    still_healing = BooleanField("Still healing or open")


class SkinForm(RowForm):
    """One skin problem: where, and whether it could spread."""

    region = SelectField("Area", [Optional()], choices=REGION_CHOICES,
                         invalid_choice_message=CHOOSE)
    contagious = BooleanField("Could be catching")
    widespread = BooleanField("Widespread")
    details = short("Details")


class DeviceForm(RowForm):
    """One implanted device."""

    region = SelectField("Area", [Optional()], choices=REGION_CHOICES,
                         invalid_choice_message=CHOOSE)
    kind = choice("Device", DEVICE_KINDS)


class PregnancyForm(Form):
    """Pregnancy status, and a birth in the last year (clot risk, a caesarean wound)."""

    pregnant = BooleanField("Pregnant")
    weeks = whole("Weeks", 0, 42, "weeks")
    high_risk = BooleanField("High-risk pregnancy")
    weeks_since_birth = whole("Had a baby in the last year: weeks since the birth", 0, 52,
                              "weeks")
    caesarean = BooleanField("The birth was by caesarean")

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not self.pregnant.data and (self.weeks.data is not None or self.high_risk.data):
            self.pregnant.errors = [*self.pregnant.errors,
                                    "Tick “Pregnant”, or clear the weeks and high-risk answers."]
            ok = False
        if self.caesarean.data and self.weeks_since_birth.data is None:
            self.weeks_since_birth.errors = [*self.weeks_since_birth.errors,
                                             "Give the weeks since the birth."]
            ok = False
        return ok


class LifestyleForm(Form):
    """The seven causes of domain §4.6 as lifestyle questions."""

    occupation = short("Occupation", 100)
    desk_hours = decimal("Desk or screen hours a day", 0, 24, "hours")
    screen_setup = choice("Screen setup", SCREEN_SETUPS, RadioField)
    monitor_position = choice("Top of the screen is", MONITOR_POSITIONS, RadioField)
    phone_hours = decimal("Phone hours a day", 0, 24, "hours")
    phone_cradling = BooleanField("Holds the phone between ear and shoulder")
    driving_hours = decimal("Driving hours a day", 0, 24, "hours")
    repetitive_tasks = chips("Repetitive tasks", REPETITIVE_TASKS)
    repetitive_hours = decimal("Hours a day doing them", 0, 24, "hours")
    break_frequency = choice("Takes a break", BREAK_FREQUENCIES, RadioField)
    stretches = choice("Stretches or warms up", YES_NO, RadioField)
    stress = whole("Stress (0–10)", 0, 10)
    jaw_clenching = BooleanField("Clenches the jaw or grinds teeth")
    headaches_per_week = whole("Tension headaches a week", 0, 50)
    activity_minutes_week = whole("Active minutes a week", 0, 5000, "minutes",
                                  description="Brisk walking, cycling, sport… WHO advises 150+.")
    sitting_hours = decimal("Sitting hours a day", 0, 24, "hours")
    fluid_litres = decimal("Drinks a day (litres)", 0, 10, "litres", step=0.25,
                           description="A mug is about 0.3 L, a glass 0.25 L.")
    often_thirsty = BooleanField("Often thirsty or dark urine")
    sleep_position = choice("Sleeps mostly", SLEEP_POSITIONS, RadioField)
    pillow_type = choice("Pillow", PILLOW_TYPES)
    pillow_age_years = decimal("Pillow age (years)", 0, 50, "years")
    sleep_hours = decimal("Sleep hours a night", 0, 24, "hours")
    wake_stiff = BooleanField("Wakes up stiff or sore")
    arm_overhead = BooleanField("Sleeps with an arm overhead or under the pillow")
    previous_injuries = long("Previous injuries, accidents, whiplash (site and year)")


class PreferencesForm(Form):
    """Pressure and areas the client wants left alone."""

    pressure = choice("Preferred pressure", PRESSURE_PREFERENCES, RadioField, default="medium")
    avoid_regions = chips("Areas to avoid", region_choices())
    notes = long("Other preferences (temperature, music, scent, draping)")


class ConsentForm(Form):
    """The separate consents, the typed name and the signature (domain §4.7)."""

    treatment = BooleanField("I agree to treatment")
    deep_pressure = BooleanField("I agree to deep pressure and trigger-point work")
    intensity_ceiling = whole("Agreed intensity ceiling (0–10)", 0, 10,
                              default=DEFAULT_INTENSITY_CEILING)
    sensitive_areas = BooleanField("I agree to work on the sensitive areas I ticked")
    sensitive_consent = chips("Sensitive areas agreed",
                              [(key, label) for key, label, _ in SENSITIVE_AREAS])
    marks = BooleanField("I agree to techniques that can leave marks")
    typed_name = short("Client's full name", 200)
    guardian_name = short("Parent or guardian's full name", 200)
    guardian_relationship = short("Relationship to the client", 100)
    signature = StringField("Signature", [Optional(), Length(max=200_000)])
