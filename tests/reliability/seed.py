"""A migrated database with one clinic, one therapist, one client with an intake, and a draft."""
from __future__ import annotations

import secrets
from datetime import date

from flask_migrate import upgrade

from notes_app import create_app
from notes_app.extensions import db
from tests.conftest import PASSWORD, make_config
from tests.fixtures.intake import minimal_intake


def seed_draft(url: str, email: str = "crash@k.test") -> str:
    """Migrate the database at url, add a therapist (password PASSWORD) and return a draft's id."""
    from notes_app.auth import services as auth
    from notes_app.auth.models import Clinic
    from notes_app.clients import services as clients
    from notes_app.intake import services as intake
    from notes_app.sessions import services as sessions

    app = create_app(make_config(url))
    with app.app_context():
        upgrade()
        clinic = Clinic(name="Crash Test Clinic")
        db.session.add(clinic)
        db.session.flush()
        therapist = auth.create_user(clinic=clinic, email=email, full_name="Tess Crash",
                                     role="therapist", password=PASSWORD, check_policy=False)
        client = clients.create_client(therapist, {
            "first_name": "Zoë", "last_name": "Kowalczyk", "date_of_birth": date(1988, 3, 14),
            "preferred_name": "", "phone": "", "email": "", "address": "", "occupation": "",
            "emergency_name": "", "emergency_relationship": "", "emergency_phone": ""},
            confirm_duplicate=True)
        intake.create_intake_version(therapist, client, minimal_intake(), today=date.today())
        ts = sessions.start_session(therapist, client, idempotency_key=secrets.token_hex(8),
                                    copy_from_last=False, today=date.today())
        db.session.commit()
        public_id = ts.public_id
        db.session.remove()
        db.engine.dispose()
    return public_id
