"""Fixtures for the portal page tests: two clients of one clinic with portal logins and records."""
from __future__ import annotations

import secrets
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from notes_app.extensions import db
from tests.intake.conftest import minimal_intake
from tests.sessions.conftest import full_note


def _services():
    from notes_app.aftercare import services as aftercare
    from notes_app.intake import services as intake
    from notes_app.sessions import services as sessions
    return aftercare, intake, sessions


@pytest.fixture
def records(app):
    """Return a helper that creates intakes, notes, sheets and check-ins through the services."""
    from notes_app.auth.models import User
    from notes_app.clients.models import Client
    from notes_app.dbtypes import utcnow
    from notes_app.sessions.models import TreatmentSession

    aftercare, intake, sessions = _services()

    class Records:
        def user(self, ns):
            return db.session.get(User, ns.id)

        def client(self, ns):
            return db.session.get(Client, ns.id)

        def note(self, public_id):
            return db.session.scalar(select(TreatmentSession).filter_by(public_id=public_id))

        def intake(self, actor, client, today=None, **extra):
            with app.app_context():
                version = intake.create_intake_version(
                    self.user(actor), self.client(client), {**minimal_intake(), **extra},
                    today=today or date.today())
                db.session.commit()
                return version.public_id

        def visit(self, actor, client, *, days_ago=1, sheet=True, sign=True, signed_at=None,
                  **overrides):
            """Return a note's public id, signed (and its sheet issued) unless told otherwise."""
            day = date.today() - timedelta(days=days_ago)
            with app.app_context():
                therapist = self.user(actor)
                ts = sessions.start_session(therapist, self.client(client), today=day,
                                            idempotency_key=secrets.token_hex(8),
                                            copy_from_last=False)
                sessions.save_draft(therapist, ts, full_note(**overrides),
                                    base_version=ts.version, today=date.today())
                if sign:
                    sessions.sign_session(therapist, ts, now=signed_at or utcnow(),
                                          reauthenticated=True)
                db.session.commit()
                public_id = ts.public_id
            if sign and sheet:
                self.sheet(actor, public_id)
            return public_id

        def sheet(self, actor, session_id):
            with app.app_context():
                ts = self.note(session_id)
                issued = aftercare.issue_sheet(self.user(actor), ts, today=ts.session_date)
                db.session.commit()
                return issued.public_id

        def in_error(self, actor, session_id):
            with app.app_context():
                sessions.mark_entered_in_error(self.user(actor), self.note(session_id),
                                               "Written for the wrong client.")
                db.session.commit()

        def check_in(self, client_user, client, session_id, **fields):
            from notes_app.portal import checkins
            with app.app_context():
                ts = self.note(session_id)
                item = checkins.create_check_in(
                    self.user(client_user), self.client(client), ts, today=date.today(),
                    **{"soreness": 3, "pain": 2, "advice_ids": [], "points_raw": "",
                       "note": "", **fields})
                db.session.commit()
                return item.public_id

    return Records()


@pytest.fixture
def portal(world, make_user, records, app):
    """World plus: c1 and c2 with intakes and portal logins, notes of every kind, sheets."""
    from notes_app.clients.models import Client

    w = world
    w.portal2 = make_user(w.clinic, "c2@k.test", "client", "Siobhán O'Sullivan")
    with app.app_context():
        db.session.get(Client, w.c2.id).portal_user_id = w.portal2.id
        db.session.commit()
    w.intake1 = records.intake(w.t1, w.c1, today=date.today() - timedelta(days=30))
    w.intake2 = records.intake(w.t2, w.c2)
    w.old = records.visit(w.t1, w.c1, days_ago=20, pain_before=7, pain_after=4,
                          home_care="Doorway stretch twice a day.")
    w.recent = records.visit(w.t1, w.c1, days_ago=1, pain_before=5, pain_after=2,
                             response="SECRET-ASSESSMENT tissue softer",
                             goals_progress="SECRET-GOALS on track")
    w.draft = records.visit(w.t1, w.c1, days_ago=0, sign=False,
                            chief_complaint="DRAFT-CANARY not signed yet")
    w.wrong = records.visit(w.t1, w.c1, days_ago=5, sheet=False, home_care="ERROR-CANARY")
    records.in_error(w.t1, w.wrong)
    w.other = records.visit(w.t2, w.c2, days_ago=2, home_care="OTHER-CANARY for Siobhán")
    with app.app_context():
        from notes_app.aftercare.models import IssuedSheet
        w.sheets1 = list(db.session.scalars(select(IssuedSheet.public_id).where(
            IssuedSheet.client_id == w.c1.id)))
        w.sheets2 = list(db.session.scalars(select(IssuedSheet.public_id).where(
            IssuedSheet.client_id == w.c2.id)))
    return w


def ids_of(app, client_ns) -> dict[str, list[str]]:
    """Return every public id belonging to a client, by kind (sessions, sheets, ...)."""
    from notes_app.aftercare.models import IssuedSheet
    from notes_app.intake.models import IntakeVersion
    from notes_app.portal.models import CheckIn
    from notes_app.sessions.models import Addendum, TreatmentSession

    with app.app_context():
        def public(model, *where):
            return list(db.session.scalars(select(model.public_id).where(*where)))
        return {
            "sessions": public(TreatmentSession, TreatmentSession.client_id == client_ns.id),
            "sheets": public(IssuedSheet, IssuedSheet.client_id == client_ns.id),
            "intake_versions": public(IntakeVersion, IntakeVersion.client_id == client_ns.id),
            "check_ins": public(CheckIn, CheckIn.client_id == client_ns.id),
            "addenda": public(Addendum, Addendum.session_id.in_(
                select(TreatmentSession.id).where(TreatmentSession.client_id == client_ns.id))),
        }

