"""The intake from home: the full form before a first visit, a "what changed?" update later.

The update copies the current version, applies the client's answers and goes through the same
form-to-intake conversion as the full form, so diffs and flags read it exactly like a new intake.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from notes_app.intake.forms import DETAILS, IntakeForm, form_data_from_intake, intake_from_form
from notes_app.portal.forms import OTHER, WhatChangedForm

# The intake form speaks to the therapist; at home the same fields speak to the client.
CLIENT_LABELS = {
    ("reason",): _l("What brings you in?"),
    ("goals",): _l("What would you like to be able to do again?"),
    ("medications", "text"): _l("Medicines you take (name and dose)"),
    ("consent", "typed_name"): _l("Your full name"),
    ("consent", "guardian_relationship"): _l("Their relationship to you"),
}


def speak_to_client(form) -> None:
    """Relabel the intake fields that address the therapist so they address the client."""
    form.for_client = True  # and the form's own messages too
    for (first, *rest), text in CLIENT_LABELS.items():
        if first not in form:
            continue  # the update form has no reason or goals
        field = form[first]
        for name in rest:
            field = field.form[name]
        field.label.text = text


def update_form_data(data: dict | None) -> dict:
    """Return the "what changed?" form pre-filled from the current intake (consent asked anew)."""
    base = form_data_from_intake(data)
    history = (data or {}).get("history") or {}
    present = [key for key, item in history.items()
               if isinstance(item, dict) and item.get("present") and key != OTHER]
    other = history.get(OTHER) if isinstance(history.get(OTHER), dict) else {}
    return {"conditions": present, "medications": base["medications"],
            "pregnancy": base["pregnancy"], "surgeries": base["surgeries"],
            "injuries": base["injuries"], "anything_else": other.get("details", ""),
            "consent": base["consent"]}


def merged_intake(current: dict | None, form: WhatChangedForm, *, occupation: str = "") -> dict:
    """Return the current intake with the update's answers applied, as a complete intake dict."""
    base = form_data_from_intake(current, occupation=occupation)
    kept = base["history"]
    history = {}
    for key in form.conditions.data or []:
        history[key] = True
        history[key + DETAILS] = kept.get(key + DETAILS, "") if kept.get(key) else ""
    note = (form.anything_else.data or "").strip()
    if note:
        history[OTHER], history[OTHER + DETAILS] = True, note
    base.update(history=history, medications=form.medications.data,
                pregnancy=form.pregnancy.data, surgeries=form.surgeries.data,
                injuries=form.injuries.data, consent=form.consent.data)
    # Not a request form: no CSRF, only the shared conversion (blank rows are dropped there).
    full = IntakeForm(formdata=None, data=base, minor=form.minor, meta={"csrf": False})
    return intake_from_form(full)
