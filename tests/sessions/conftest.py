"""Session-note fixtures: clients with a signed intake, a note factory and a payload builder."""
from __future__ import annotations

import secrets
from datetime import date
from types import SimpleNamespace

import pytest

from notes_app.extensions import db
from tests.intake.conftest import minimal_intake


def full_note(**overrides) -> dict:
    """Return a complete, valid autosave payload for a typical deep-tissue session."""
    note = {
        "duration_minutes": 60, "positions": ["prone", "supine"],
        "chief_complaint": "R neck and temple ache ×3 wk, worse at the laptop.",
        "changes_since_last": "Raised the monitor.", "pain_before": 6,
        "response_to_last": "Sore for a day, then easier.",
        "observations": "Fwd head, R shoulder elevated. Active TrP R UT reproduces temple pain.",
        "rom": [{"movement": "Cervical rotation", "side": "R", "before": 55, "after": 65,
                 "limited_by_pain": True}],
        "techniques": [
            {"muscle_id": "UT", "side": "R", "technique": "ISC", "pressure": 4,
             "client_intensity": 7, "hold_seconds": 60, "reps": 3, "response": "released"},
            {"muscle_id": "LS", "side": "R", "technique": "STP", "pressure": 3,
             "client_intensity": 5, "minutes": 5, "response": "reduced"},
        ],
        "response": "Pain ↓3, rotation ↑10°.", "goals_progress": "Towards a headache-free day.",
        "next_focus": "R UT and LS", "interval": "1 week", "home_care": "UT stretch 2×/day",
        "referral": "", "pain_after": 3,
    }
    note.update(overrides)
    return note


@pytest.fixture
def intake_for(app):
    """Return a function that gives a client a signed intake (extra intake keys optional)."""
    from notes_app.auth.models import User
    from notes_app.clients.models import Client
    from notes_app.intake import services

    def give(actor, client, today=None, **extra):
        with app.app_context():
            data = {**minimal_intake(), **extra}
            services.create_intake_version(db.session.get(User, actor.id),
                                           db.session.get(Client, client.id), data,
                                           today=today or date.today())
            db.session.commit()
    return give


@pytest.fixture
def clinic(world, intake_for):
    """The conftest world with signed intakes for c1, c2 and the other clinic's x."""
    intake_for(world.t1, world.c1)
    intake_for(world.t2, world.c2)
    intake_for(world.ot, world.x)
    return world


@pytest.fixture
def svc(app):
    """Run a service call inside an app context with users and notes loaded by id."""
    from notes_app.auth.models import User
    from notes_app.clients.models import Client
    from notes_app.sessions import services
    from notes_app.sessions.models import TreatmentSession

    class Helper:
        def user(self, ns):
            return db.session.get(User, ns.id)

        def client(self, ns):
            return db.session.get(Client, ns.id)

        def note(self, public_id):
            return db.session.scalar(db.select(TreatmentSession).filter_by(public_id=public_id))

        def start(self, actor, client, *, key=None, copy=False, today=None, reason=None):
            with app.app_context():
                ts = services.start_session(self.user(actor), self.client(client),
                                            idempotency_key=key or secrets.token_hex(8),
                                            copy_from_last=copy, today=today or date.today(),
                                            override_reason=reason)
                db.session.commit()
                return SimpleNamespace(public_id=ts.public_id, id=ts.id, version=ts.version)

        def save(self, actor, public_id, payload, base_version=None):
            with app.app_context():
                ts = self.note(public_id)
                services.save_draft(self.user(actor), ts, payload,
                                    base_version=ts.version if base_version is None
                                    else base_version, today=date.today())
                db.session.commit()
                return ts.version

        def sign(self, actor, public_id, now=None):
            from notes_app.dbtypes import utcnow
            with app.app_context():
                ts = self.note(public_id)
                services.sign_session(self.user(actor), ts, now=now or utcnow(),
                                      reauthenticated=True)
                db.session.commit()

        def signed_note(self, actor, client, **overrides):
            note = self.start(actor, client)
            self.save(actor, note.public_id, full_note(**overrides))
            self.sign(actor, note.public_id)
            return note

        def get(self, public_id, attr):
            with app.app_context():
                return getattr(self.note(public_id), attr)

    return Helper()


def put_draft(http, public_id, payload, version, **headers):
    """PUT an autosave the way the editor script does."""
    return http.put(f"/sessions/{public_id}/draft", json=payload,
                    headers={"If-Match": f'"{version}"', "Accept": "application/json", **headers})
