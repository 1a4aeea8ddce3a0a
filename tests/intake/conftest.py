"""Intake fixtures: a valid signature, a valid form post, and a service-level intake factory."""
from __future__ import annotations

from datetime import date

import pytest

from notes_app.intake.demo import signature_for

SIGNATURE = signature_for("Test Signer")


def valid_post(**overrides) -> dict:
    """Return a complete, valid intake form post (field names as the browser sends them)."""
    data = {
        "reason": "Neck and shoulder pain after long days at the desk.",
        "goals": "Turn my head freely.",
        "pain_areas-0-region": "neck_back", "pain_areas-0-onset": "2026-01-10",
        "pain_areas-0-intensity": "6", "pain_areas-0-character": "ache",
        "pain_areas-0-aggravating": "Laptop", "pain_areas-0-easing": "Heat",
        "history-osteoporosis": "y", "history-osteoporosis_details": "Diagnosed 2020",
        "medications-text": "Apixaban 5 mg", "medications-anticoagulant": "y",
        "allergies-items": ["nut_oils", "latex"], "allergies-other": "",
        "pregnancy-weeks": "",
        "surgeries-0-region": "knee_right",
        "surgeries-0-date": date.today().replace(day=1).isoformat(),
        "surgeries-0-details": "Arthroscopy",
        "scars-0-region": "knee_right",
        "preferences-pressure": "medium", "preferences-avoid_regions": ["face"],
        "preferences-notes": "Warm room",
        "lifestyle-occupation": "Developer", "lifestyle-desk_hours": "9",
        "lifestyle-screen_setup": "laptop", "lifestyle-monitor_position": "below",
        "lifestyle-stress": "7", "lifestyle-jaw_clenching": "y",
        "lifestyle-activity_minutes_week": "60", "lifestyle-fluid_litres": "1.25",
        "lifestyle-sleep_position": "stomach", "lifestyle-stretches": "no",
        "lifestyle-repetitive_tasks": ["typing_mouse"],
        "consent-treatment": "y", "consent-deep_pressure": "y",
        "consent-intensity_ceiling": "6", "consent-typed_name": "Zoë Kowalczyk",
        "consent-signature": SIGNATURE,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def minimal_intake(**consent) -> dict:
    """Return the smallest intake dict the service accepts."""
    return {"reason": "Back pain", "consent": {"treatment": True, "typed_name": "A Person",
                                               "signature": SIGNATURE, **consent}}


@pytest.fixture
def make_intake(app):
    """Return a factory that saves an intake version through the service."""
    from notes_app.auth.models import User
    from notes_app.clients.models import Client
    from notes_app.extensions import db
    from notes_app.intake import services

    def make(actor, client, data=None, today=None):
        with app.app_context():
            version = services.create_intake_version(
                db.session.get(User, actor.id), db.session.get(Client, client.id),
                data or minimal_intake(), today=today or date.today())
            db.session.commit()
            return version.public_id
    return make
