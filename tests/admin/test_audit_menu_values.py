"""The audit page's filter menus list each clinic's own distinct actions and outcomes, sorted."""
from __future__ import annotations

from notes_app import audit
from notes_app.admin.services import _distinct_values
from notes_app.auth.models import User
from notes_app.extensions import db


def test_menu_values_are_the_clinics_distinct_values_in_order(app, world):
    with app.app_context():
        mine, theirs = db.session.get(User, world.t1.id), db.session.get(User, world.ot.id)
        for action, outcome in [("zeta.read", "success"), ("alpha.read", "denied"),
                                ("zeta.read", "success"), ("mid.change", "failure")]:
            audit.record(mine, action, outcome=outcome)
        audit.record(theirs, "elsewhere.only", outcome="lockout")
        db.session.commit()
        actions = _distinct_values("action", world.clinic.id)
        outcomes = _distinct_values("outcome", world.clinic.id)
        expected = sorted(set(db.session.scalars(db.select(audit.AuditEvent.action).where(
            audit.AuditEvent.clinic_id == world.clinic.id))))
    assert actions == expected and {"alpha.read", "mid.change", "zeta.read"} <= set(actions)
    assert "elsewhere.only" not in actions and "lockout" not in outcomes
    assert outcomes == sorted(set(outcomes)) and {"denied", "failure", "success"} <= set(outcomes)
