"""What an intake form page needs to render, shared by the therapist's page and the portal's."""
from __future__ import annotations

from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l

from notes_app.clinical.intake_schema import (
    CONSENT_TEXT_VERSION,
    CONSENT_TEXTS,
    DEFAULT_INTENSITY_CEILING,
    HEALTH_HISTORY,
    HISTORY_GROUPS,
)
from notes_app.errors import DomainError, show_on_form
from notes_app.intake.form_sections import (
    DeviceForm,
    InjuryForm,
    PainAreaForm,
    ScarForm,
    SkinForm,
    SurgeryForm,
    page_language,
)
from notes_app.intake.forms import DETAILS, ROWS, IntakeForm, ensure_rows, error_items

ROW_FORMS = {"pain_areas": PainAreaForm, "surgeries": SurgeryForm, "injuries": InjuryForm,
             "scars": ScarForm, "skin": SkinForm, "devices": DeviceForm}


def history_groups():
    """Return (group title, [(item, details key)]) in checklist order."""
    return [(_l(title), [(item, item.key + DETAILS) for item in HEALTH_HISTORY
                         if item.group == key])
            for key, title in HISTORY_GROUPS]


def consent_template(key: str, language: str | None = None) -> str:
    """Return one consent text, with its {ceiling} slot, in a language (default: the page's)."""
    if language is None:
        return gettext(CONSENT_TEXTS[key])
    with force_locale(language):
        return gettext(CONSENT_TEXTS[key])


def consent_texts(ceiling: int, language: str | None = None) -> dict[str, str]:
    """Return each consent text with the agreed ceiling filled in, in a language."""
    return {key: consent_template(key, language).format(ceiling=ceiling) for key in CONSENT_TEXTS}


def show_consent_error(form, exc: DomainError) -> None:
    """Show a service's DomainError on the consent field it names (else on the typed name)."""
    show_on_form(form.consent.form, exc, "typed_name")


def form_context(form) -> dict:
    """Return the template context of an intake form page: rows, consent texts, errors."""
    if isinstance(form, IntakeForm):
        ensure_rows(form)
    ceiling = form.consent.form.intensity_ceiling.data
    if not (isinstance(ceiling, int) and 0 <= ceiling <= 10):
        ceiling = DEFAULT_INTENSITY_CEILING
    return {
        "form": form, "errors": error_items(form), "history_groups": history_groups(),
        "row_templates": {name: cls(prefix=f"{name}-__i__-") for name, cls in ROW_FORMS.items()},
        "row_limits": {name: most for name, (_, most) in ROWS.items()},
        "consent": consent_texts(ceiling), "ceiling": ceiling,
        "deep_parts": consent_template("deep_pressure").split("{ceiling}", 1),
        "consent_version": CONSENT_TEXT_VERSION, "consent_language": page_language(),
    }
