"""The intake form: sections, shape checks, and conversion to and from the intake dict."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from notes_app.clinical.intake_schema import (
    ALLERGIES,
    DEFAULT_INTENSITY_CEILING,
    HEALTH_HISTORY,
    MEDICATION_FLAGS,
    TODAY_CHECKS,
)
from notes_app.formtools import BaseForm, leaves
from notes_app.intake.form_sections import (
    SHORT,
    ConsentForm,
    DeviceForm,
    InjuryForm,
    LifestyleForm,
    PainAreaForm,
    PreferencesForm,
    PregnancyForm,
    ScarForm,
    Section,
    SkinForm,
    SurgeryForm,
    chips,
    long,
    page_language,
    short,
)
from notes_app.intake.signature import SignatureError, check_png_data_url

DETAILS = "_details"
# Where an error sits, for the summary at the top: "Pain area 2 › Intensity 0–10".
PLACES = {"pain_areas": _l("Pain area"), "surgeries": _l("Operation"), "injuries": _l("Injury"),
          "scars": _l("Scar"), "skin": _l("Skin problem"), "devices": _l("Device"),
          "history": _l("Health history"), "today": _l("Today"), "medications": _l("Medicines"),
          "allergies": _l("Allergies"), "pregnancy": _l("Pregnancy"),
          "preferences": _l("Preferences"), "lifestyle": _l("Lifestyle"),
          "consent": _l("Consent")}
# Repeatable rows: (fewest rows shown without JS, most accepted).
ROWS = {"pain_areas": (3, 12), "surgeries": (2, 10), "injuries": (2, 10), "scars": (1, 10),
        "skin": (1, 10), "devices": (1, 6)}


def _history_form() -> type[Section]:
    """Build the checklist sub-form: a toggle and a details line per health-history item."""
    fields = {}
    for item in HEALTH_HISTORY:
        fields[item.key] = BooleanField(_l(item.label))
        fields[item.key + DETAILS] = StringField(
            _l("%(item)s: details", item=_l(item.label)), [Optional(), Length(max=SHORT)],
            render_kw={"placeholder": _l("Details: what, when, which side")})

    def validate(self, extra_validators=None) -> bool:
        ok = Section.validate(self, extra_validators)
        for item in HEALTH_HISTORY:
            details = self[item.key + DETAILS]
            if (details.data or "").strip() and not self[item.key].data:
                # Details without the tick would be silently dropped; ask instead of guessing.
                details.errors = [*details.errors, _("Tick the item, or clear these details.")]
                ok = False
        return ok

    fields["validate"] = validate
    return type("HistoryForm", (Section,), fields)


HistoryForm = _history_form()
TodayForm = type("TodayForm", (Section,), {key: BooleanField(_l(label))
                                           for key, label in TODAY_CHECKS})
MedicationsForm = type("MedicationsForm", (Section,), {
    "text": long(_l("Medicines taken (name and dose)")),
    **{key: BooleanField(_l(label), description=_l(hint))
       for key, label, hint in MEDICATION_FLAGS}})


class AllergiesForm(Section):
    """Allergies and sensitivities from the pick-list, plus anything else."""

    items = chips(_l("Allergies and sensitivities"), ALLERGIES)
    other = short(_l("Other allergies or sensitivities"))


def _rows(form_class, name):
    return FieldList(FormField(form_class), max_entries=ROWS[name][1])


class IntakeForm(BaseForm):
    """A whole intake, as the therapist or client fills it on the tablet."""

    reason = long(_l("In the client's words: what brings them in?"))
    goals = long(_l("Goals: what would they like to be able to do again?"))
    pain_areas = _rows(PainAreaForm, "pain_areas")
    history = FormField(HistoryForm)
    today = FormField(TodayForm)
    medications = FormField(MedicationsForm)
    allergies = FormField(AllergiesForm)
    pregnancy = FormField(PregnancyForm)
    surgeries = _rows(SurgeryForm, "surgeries")
    injuries = _rows(InjuryForm, "injuries")
    scars = _rows(ScarForm, "scars")
    skin = _rows(SkinForm, "skin")
    devices = _rows(DeviceForm, "devices")
    preferences = FormField(PreferencesForm)
    lifestyle = FormField(LifestyleForm)
    consent = FormField(ConsentForm)

    def __init__(self, *args, minor: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.minor = minor

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        return self._check_consent() and ok

    def _check_consent(self) -> bool:
        """Apply the signing rules that belong to the form (R-R5); the service re-checks."""
        c, problems = self.consent.form, []
        at_home = getattr(self, "for_client", False)  # the portal's form speaks to the client
        if not (c.typed_name.data or "").strip():
            problems.append((c.typed_name, _("Type your full name.") if at_home
                             else _("Type the client's full name.")))
        if not c.signature.data:
            problems.append((c.signature, _("Sign in the box with a finger or stylus.")))
        else:
            try:
                check_png_data_url(c.signature.data)
            except SignatureError:
                problems.append((c.signature, _("The signature could not be read. Clear it and "
                                                "sign again.")))
        if c.language.data and c.language.data != page_language():
            # The consent was read in another language than this page's: the record must keep
            # the text that was read, so ask for it to be read and signed again here.
            problems.append((c.signature, _("This page changed language since the consent was "
                                            "read. Read it again, then sign.")))
        if self.minor:
            if not (c.guardian_name.data or "").strip():
                problems.append((c.guardian_name, _(
                    "You are under 18: a parent or guardian must sign. Enter their name.")
                    if at_home else _("The client is under 18: a parent or guardian must "
                                      "sign. Enter their name.")))
            if not (c.guardian_relationship.data or "").strip():
                problems.append((c.guardian_relationship,
                                 _("Enter how they are related to you.") if at_home
                                 else _("Enter how they are related.")))
        if c.sensitive_consent.data and not c.sensitive_areas.data:
            problems.append((c.sensitive_areas, _("Tick this consent, or untick the areas.")))
        if c.sensitive_areas.data and not c.sensitive_consent.data:
            problems.append((c.sensitive_consent, _("Tick the areas you agree to.") if at_home
                             else _("Tick the areas the client agrees to.")))
        for field, message in problems:
            field.errors = [*field.errors, message]
        return not problems


def error_items(form) -> list[tuple[str, str, str]]:
    """Return (field id, label, first error) for every field with an error, in page order."""
    items = []
    for f in leaves(form):
        if not f.errors:
            continue
        parts = f.id.split("-")
        place = PLACES.get(parts[0], "")
        if place and len(parts) > 2 and parts[1].isdigit():
            place = f"{place} {int(parts[1]) + 1}"
        label = f"{place} › {f.label.text}" if place else f.label.text
        # The signature's input is hidden: point at the pad around it instead.
        items.append(("signature-pad" if f.short_name == "signature" else f.id, label,
                      f.errors[0]))
    return items


def ensure_rows(form: IntakeForm) -> None:
    """Pad each repeatable list to its minimum and leave one blank row to fill."""
    for name, (fewest, most) in ROWS.items():
        rows = form[name]
        while len(rows) < most and (len(rows) < fewest or not rows[-1].form.is_blank()):
            rows.append_entry()


def _text(value) -> str:
    return (value or "").strip() if isinstance(value, str) else ""


def _iso(day) -> str:
    return day.isoformat() if day else ""


def _kept(rows):
    return [row.form for row in rows if not row.form.is_blank()]


def intake_from_form(form: IntakeForm) -> dict:
    """Return the intake dict (shape in clinical.intake_schema) from a validated form."""
    hist, today, meds = form.history.form, form.today.form, form.medications.form
    preg, prefs = form.pregnancy.form, form.preferences.form
    life, consent = form.lifestyle.form, form.consent.form
    pregnant = bool(preg.pregnant.data)
    lifestyle = {f.short_name: (_text(f.data) if f.type in ("StringField", "TextAreaField")
                          else bool(f.data) if f.type == "BooleanField"
                          else list(f.data or []) if f.type == "ChipsField"
                          else f.data if f.type in ("WholeNumberField", "NumberField")
                          else f.data or "") for f in life}
    lifestyle["stretches"] = {"yes": True, "no": False}.get(life.stretches.data)
    return {
        "reason": _text(form.reason.data),
        "goals": _text(form.goals.data),
        "pain_areas": [{"region": r.region.data, "onset": _iso(r.onset.data),
                        "intensity": r.intensity.data, "character": r.character.data or "",
                        "aggravating": _text(r.aggravating.data), "easing": _text(r.easing.data)}
                       for r in _kept(form.pain_areas)],
        "history": {item.key: {"present": True, "details": _text(hist[item.key + DETAILS].data)}
                    for item in HEALTH_HISTORY if hist[item.key].data},
        "history_today": {key: bool(today[key].data) for key, _ in TODAY_CHECKS},
        "medications": {"text": _text(meds.text.data),
                        **{key: bool(meds[key].data) for key, _, _ in MEDICATION_FLAGS}},
        "allergies": {"items": list(form.allergies.form.items.data or []),
                      "other": _text(form.allergies.form.other.data)},
        "pregnancy": {"pregnant": pregnant, "weeks": preg.weeks.data if pregnant else None,
                      "high_risk": bool(preg.high_risk.data) and pregnant,
                      "weeks_since_birth": preg.weeks_since_birth.data,
                      "caesarean": bool(preg.caesarean.data)
                      and preg.weeks_since_birth.data is not None},
        "surgeries": [{"region": r.region.data, "date": _iso(r.date.data),
                       "details": _text(r.details.data)} for r in _kept(form.surgeries)],
        "injuries": [{"region": r.region.data, "date": _iso(r.date.data),
                      "kind": r.kind.data or "", "details": _text(r.details.data)}
                     for r in _kept(form.injuries)],
        "scars": [{"region": r.region.data, "healed": not r.still_healing.data}
                  for r in _kept(form.scars)],
        "skin": [{"region": r.region.data, "contagious": bool(r.contagious.data),
                  "widespread": bool(r.widespread.data), "details": _text(r.details.data)}
                 for r in _kept(form.skin)],
        "devices": [{"region": r.region.data, "kind": r.kind.data or ""}
                    for r in _kept(form.devices)],
        "preferences": {"pressure": prefs.pressure.data or "",
                        "avoid_regions": list(prefs.avoid_regions.data or []),
                        "sensitive_consent": list(consent.sensitive_consent.data or [])
                        if consent.sensitive_areas.data else [],
                        "notes": _text(prefs.notes.data)},
        "lifestyle": lifestyle,
        "consent": {"treatment": bool(consent.treatment.data),
                    "deep_pressure": bool(consent.deep_pressure.data),
                    "intensity_ceiling": consent.intensity_ceiling.data
                    if consent.intensity_ceiling.data is not None else DEFAULT_INTENSITY_CEILING,
                    "sensitive_areas": bool(consent.sensitive_areas.data),
                    "marks": bool(consent.marks.data),
                    "typed_name": _text(consent.typed_name.data),
                    "guardian_name": _text(consent.guardian_name.data),
                    "guardian_relationship": _text(consent.guardian_relationship.data),
                    "signature": consent.signature.data or ""},
    }


def _day(value):
    try:
        return date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _entries(data: dict, name: str) -> list[dict]:
    return [e for e in data.get(name) or [] if isinstance(e, dict)]


def form_data_from_intake(data: dict | None, *, occupation: str = "") -> dict:
    """Return form data that pre-fills a new version from the last one.

    Today's checks, the consents and the signature are never carried over: they are asked
    and given afresh each time.
    """
    data = data or {}
    history = data.get("history") or {}
    life = dict(data.get("lifestyle") or {})
    life["stretches"] = {True: "yes", False: "no"}.get(life.get("stretches"))
    life["occupation"] = life.get("occupation") or occupation
    prefs = data.get("preferences") or {}
    ceiling = (data.get("consent") or {}).get("intensity_ceiling", DEFAULT_INTENSITY_CEILING)
    return {
        "reason": data.get("reason", ""), "goals": data.get("goals", ""),
        "pain_areas": [{**e, "onset": _day(e.get("onset"))} for e in _entries(data, "pain_areas")],
        "history": {k: v for item in HEALTH_HISTORY if isinstance(history.get(item.key), dict)
                    for k, v in ((item.key, bool(history[item.key].get("present"))),
                                 (item.key + DETAILS, history[item.key].get("details", "")))},
        "medications": data.get("medications") or {},
        "allergies": data.get("allergies") or {},
        "pregnancy": data.get("pregnancy") or {},
        "surgeries": [{**e, "date": _day(e.get("date"))} for e in _entries(data, "surgeries")],
        "injuries": [{**e, "date": _day(e.get("date"))} for e in _entries(data, "injuries")],
        "scars": [{"region": e.get("region"), "still_healing": e.get("healed") is False}
                  for e in _entries(data, "scars")],
        "skin": _entries(data, "skin"),
        "devices": _entries(data, "devices"),
        "preferences": {k: v for k, v in prefs.items() if k != "sensitive_consent"},
        "lifestyle": life,
        "consent": {"intensity_ceiling": ceiling},
    }


class ClearanceForm(BaseForm):
    """Record a clinician's clearance of one caution (shape only; the service checks the rest)."""

    flag_code = SelectField("What the clearance covers", choices=[],
                            validators=[DataRequired("Pick the caution the clearance covers.")],
                            validate_choice=False)
    cleared_by = StringField(
        "Cleared by", validators=[DataRequired("Give the name of the doctor, midwife or "
                                               "clinician who cleared massage."),
                                  Length(max=200)],
        description="The doctor, midwife or clinician, e.g. Dr A. Rahman, GP.")
    cleared_on = DateField("Date of the clearance",
                           validators=[InputRequired("Give the date the clearance was given.")])
    note = TextAreaField("Note (optional)", validators=[Optional(), Length(max=1000)],
                         description="For example: letter scanned to the record, or what the "
                                     "clinician said about pressure.")


class WithdrawClearanceForm(BaseForm):
    """Withdraw a recorded clearance, with the reason."""

    reason = TextAreaField("Why it is withdrawn", validators=[
        DataRequired("Say why the clearance is withdrawn."), Length(max=1000)])
