"""The clinic's own settings: its country (aftercare numbers and drinking guidance) and paper.

The country decides which emergency and health-advice numbers the warning-signs box prints and
which drinking figure the hydration advice gives; a clinic may override the two numbers.
"""
from __future__ import annotations

from notes_app import audit
from notes_app.auth.models import Clinic, User
from notes_app.clinical.contacts import COUNTRY_BY_CODE
from notes_app.errors import DomainError
from notes_app.extensions import db
from notes_app.formtools import BIDI_CONTROLS, has_control

PAPERS = ("A4", "LETTER")
NUMBER_MAX = {"emergency_number": 40, "advice_number": 80}


def _number(value, field: str) -> str:
    value = " ".join(str(value or "").split())
    if len(value) > NUMBER_MAX[field]:
        raise DomainError(f"Keep this under {NUMBER_MAX[field]} characters.", field=field)
    if has_control(value) or BIDI_CONTROLS.search(value) or any(c in value for c in "{}<>"):
        raise DomainError("Use letters, digits and spaces only.", field=field)
    return value


def update_clinic_settings(admin: User, *, country: str, emergency_number: str = "",
                           advice_number: str = "", paper_size: str = "A4") -> Clinic:
    """Save the admin's clinic country, number overrides and paper size, audited."""
    if getattr(admin, "role", None) != "admin":
        raise DomainError("Only a clinic admin can change the clinic's settings.", field="country")
    country = (country or "").upper()
    if country and country not in COUNTRY_BY_CODE:
        raise DomainError("Pick the clinic's country from the list.", field="country")
    if paper_size not in PAPERS:
        raise DomainError("Pick A4 or Letter.", field="paper_size")
    clinic = db.session.get(Clinic, admin.clinic_id)
    clinic.country = country
    clinic.emergency_number = _number(emergency_number, "emergency_number")
    clinic.advice_number = _number(advice_number, "advice_number")
    clinic.paper_size = paper_size
    db.session.flush()
    audit.record(admin, "clinic.settings", object_type="clinic", object_id=clinic.id)
    return clinic
