"""Field helpers and the section sub-forms the intake form is built from (shape only)."""
from __future__ import annotations

import math
from datetime import date

from babel.numbers import format_decimal
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.i18n import translations
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    Form,
    HiddenField,
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
CHOOSE = _l("Choose from the list.")
YES_NO = (("yes", _l("Yes")), ("no", _l("No")))


def _label(text):
    """Return a vocabulary label translated lazily (the core keeps English; the page reads it)."""
    return _l(text) if isinstance(text, str) and text else text


def options(pairs) -> list[SelectChoice]:
    """Return (value, label) pairs as WTForms choices; the values stay the English keys."""
    return [SelectChoice(value, _label(label)) for value, label in pairs]


def _blank(label) -> list[SelectChoice]:
    return [SelectChoice("", label)]


REGION_CHOICES = _blank(_l("Choose area…")) + options(region_choices())


def page_language() -> str:
    """Return the language the current page is rendered in (English outside a request)."""
    return str(get_locale() or "en")


# One whole sentence per unit, so each language can place the unit where it belongs.
_RANGE_MESSAGES = {
    "": _l("Enter a number from %(lo)s to %(hi)s."),
    "weeks": _l("Enter a number from %(lo)s to %(hi)s weeks."),
    "hours": _l("Enter a number from %(lo)s to %(hi)s hours."),
    "minutes": _l("Enter a number from %(lo)s to %(hi)s minutes."),
    "litres": _l("Enter a number from %(lo)s to %(hi)s litres."),
    "years": _l("Enter a number from %(lo)s to %(hi)s years."),
}


class InRange:
    """Validate a finite number between bounds; empty is allowed (Optional runs first)."""

    def __init__(self, lo: float, hi: float, unit: str = ""):
        self.lo, self.hi, self.unit = lo, hi, unit

    @property
    def message(self) -> str:
        """Return the range message in the page's language, numbers written its way."""
        code = page_language()
        lo, hi = (format_decimal(n, locale=code, group_separator=False) for n in (self.lo, self.hi))
        return str(_RANGE_MESSAGES[self.unit]) % {"lo": lo, "hi": hi}

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
            raise ValidationError(_("Enter a date between 1900 and today."))


class WholeNumberField(IntegerField):
    """An integer field with a plain-words parse error."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_("Enter a whole number.")) from exc


class NumberField(FloatField):
    """A decimal field with a plain-words parse error."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_("Enter a number.")) from exc


class DayField(DateField):
    """A date field with a plain-words parse error."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_("Enter a date as YYYY-MM-DD.")) from exc


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


class Section(Form):
    """A section sub-form whose built-in messages (too long…) follow the page's language."""

    class Meta:
        def get_translations(self, form):
            """Use WTForms' own catalogs in the locale Flask-Babel picked, like FlaskForm."""
            return translations


class RowForm(Section):
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
            self.region.errors = [*self.region.errors, _("Choose the area for this row.")]
            ok = False
        return ok


class PainAreaForm(RowForm):
    """One painful area: where, since when, how strong, what it feels like."""

    region = SelectField(_l("Area"), [Optional()], choices=REGION_CHOICES,
                         invalid_choice_message=CHOOSE)
    onset = past_date(_l("Started"))
    intensity = whole(_l("Intensity 0–10"), 0, 10)
    character = choice(_l("Feels like"), PAIN_CHARACTERS)
    aggravating = short(_l("Worse with"))
    easing = short(_l("Better with"))


class SurgeryForm(RowForm):
    """One operation: where and when."""

    region = SelectField(_l("Area"), [Optional()], choices=REGION_CHOICES,
                         invalid_choice_message=CHOOSE)
    date = past_date(_l("Date"))
    details = short(_l("What was done"))


class InjuryForm(RowForm):
    """One injury: where, when and what kind."""

    region = SelectField(_l("Area"), [Optional()], choices=REGION_CHOICES,
                         invalid_choice_message=CHOOSE)
    date = past_date(_l("Date"))
    kind = choice(_l("Kind"), INJURY_KINDS)
    details = short(_l("Details"))


class ScarForm(RowForm):
    """One scar in a treatment area."""

    region = SelectField(_l("Area"), [Optional()], choices=REGION_CHOICES,
                         invalid_choice_message=CHOOSE)
    still_healing = BooleanField(_l("Still healing or open"))


class SkinForm(RowForm):
    """One skin problem: where, and whether it could spread."""

    region = SelectField(_l("Area"), [Optional()], choices=REGION_CHOICES,
                         invalid_choice_message=CHOOSE)
    contagious = BooleanField(_l("Could be catching"))
    widespread = BooleanField(_l("Widespread"))
    details = short(_l("Details"))


class DeviceForm(RowForm):
    """One implanted device."""

    region = SelectField(_l("Area"), [Optional()], choices=REGION_CHOICES,
                         invalid_choice_message=CHOOSE)
    kind = choice(_l("Device"), DEVICE_KINDS)


class PregnancyForm(Section):
    """Pregnancy status, and a birth in the last year (clot risk, a caesarean wound)."""

    pregnant = BooleanField(_l("Pregnant"))
    weeks = whole(_l("Weeks"), 0, 42, "weeks")
    high_risk = BooleanField(_l("High-risk pregnancy"))
    weeks_since_birth = whole(_l("Had a baby in the last year: weeks since the birth"), 0, 52,
                              "weeks")
    caesarean = BooleanField(_l("The birth was by caesarean"))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not self.pregnant.data and (self.weeks.data is not None or self.high_risk.data):
            self.pregnant.errors = [*self.pregnant.errors,
                                    _("Tick “Pregnant”, or clear the weeks and high-risk "
                                      "answers.")]
            ok = False
        if self.caesarean.data and self.weeks_since_birth.data is None:
            self.weeks_since_birth.errors = [*self.weeks_since_birth.errors,
                                             _("Give the weeks since the birth.")]
            ok = False
        return ok


class LifestyleForm(Section):
    """The seven causes of domain §4.6 as lifestyle questions."""

    occupation = short(_l("Occupation"), 100)
    desk_hours = decimal(_l("Desk or screen hours a day"), 0, 24, "hours")
    screen_setup = choice(_l("Screen setup"), SCREEN_SETUPS, RadioField)
    monitor_position = choice(_l("Top of the screen is"), MONITOR_POSITIONS, RadioField)
    phone_hours = decimal(_l("Phone hours a day"), 0, 24, "hours")
    phone_cradling = BooleanField(_l("Holds the phone between ear and shoulder"))
    driving_hours = decimal(_l("Driving hours a day"), 0, 24, "hours")
    repetitive_tasks = chips(_l("Repetitive tasks"), REPETITIVE_TASKS)
    repetitive_hours = decimal(_l("Hours a day doing them"), 0, 24, "hours")
    break_frequency = choice(_l("Takes a break"), BREAK_FREQUENCIES, RadioField)
    stretches = choice(_l("Stretches or warms up"), YES_NO, RadioField)
    stress = whole(_l("Stress (0–10)"), 0, 10)
    jaw_clenching = BooleanField(_l("Clenches the jaw or grinds teeth"))
    headaches_per_week = whole(_l("Tension headaches a week"), 0, 50)
    activity_minutes_week = whole(_l("Active minutes a week"), 0, 5000, "minutes",
                                  description=_l("Brisk walking, cycling, sport… "
                                                 "WHO advises 150+."))
    sitting_hours = decimal(_l("Sitting hours a day"), 0, 24, "hours")
    fluid_litres = decimal(_l("Drinks a day (litres)"), 0, 10, "litres", step=0.25,
                           description=_l("A mug is about 0.3 L, a glass 0.25 L."))
    often_thirsty = BooleanField(_l("Often thirsty or dark urine"))
    sleep_position = choice(_l("Sleeps mostly"), SLEEP_POSITIONS, RadioField)
    pillow_type = choice(_l("Pillow"), PILLOW_TYPES)
    pillow_age_years = decimal(_l("Pillow age (years)"), 0, 50, "years")
    sleep_hours = decimal(_l("Sleep hours a night"), 0, 24, "hours")
    wake_stiff = BooleanField(_l("Wakes up stiff or sore"))
    arm_overhead = BooleanField(_l("Sleeps with an arm overhead or under the pillow"))
    previous_injuries = long(_l("Previous injuries, accidents, whiplash (site and year)"))


class PreferencesForm(Section):
    """Pressure and areas the client wants left alone."""

    pressure = choice(_l("Preferred pressure"), PRESSURE_PREFERENCES, RadioField, default="medium")
    avoid_regions = chips(_l("Areas to avoid"), region_choices())
    notes = long(_l("Other preferences (temperature, music, scent, draping)"))


class ConsentForm(Section):
    """The separate consents, the typed name and the signature (domain §4.7)."""

    treatment = BooleanField(_l("I agree to treatment"))
    deep_pressure = BooleanField(_l("I agree to deep pressure and trigger-point work"))
    intensity_ceiling = whole(_l("Agreed intensity ceiling (0–10)"), 0, 10,
                              default=DEFAULT_INTENSITY_CEILING)
    sensitive_areas = BooleanField(_l("I agree to work on the sensitive areas I ticked"))
    sensitive_consent = chips(_l("Sensitive areas agreed"),
                              [(key, label) for key, label, _ in SENSITIVE_AREAS])
    marks = BooleanField(_l("I agree to techniques that can leave marks"))
    typed_name = short(_l("Client's full name"), 200)
    guardian_name = short(_l("Parent or guardian's full name"), 200)
    guardian_relationship = short(_l("Relationship to the client"), 100)
    signature = StringField(_l("Signature"), [Optional(), Length(max=200_000)])
    # The language the consent texts were shown in; a mismatch with the page is refused.
    language = HiddenField(validators=[Optional(), Length(max=10)])
