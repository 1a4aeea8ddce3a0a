"""`flask demo scale`: bulk-built data that the app's own checks accept."""
from __future__ import annotations

from sqlalchemy import func, select

from config import ProductionConfig
from notes_app.extensions import db
from tests.conftest import login


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_scale_is_refused_in_production(monkeypatch, db_url, app_factory):
    monkeypatch.setenv("SECRET_KEY", "Zx9-Qw7!Lm3#Rt5$" * 3)
    monkeypatch.setenv("PUBLIC_URL", "https://notes.clinic.example")
    app = app_factory(type("P", (ProductionConfig,), {"SQLALCHEMY_DATABASE_URI": db_url}))
    result = app.test_cli_runner().invoke(args=["demo", "scale", "--clients", "2"])
    assert result.exit_code != 0 and "refused" in result.output


def test_scale_builds_a_clinic_whose_signatures_verify(app, runner):
    from notes_app.aftercare.models import IssuedSheet
    from notes_app.audit import AuditEvent
    from notes_app.clients.models import Client
    from notes_app.demo_scale import LONG_TERM_EMAIL
    from notes_app.intake.models import IntakeVersion
    from notes_app.portal.models import CheckIn
    from notes_app.sessions.marker_models import Knot, Marker
    from notes_app.sessions.models import SIGNED, TechniqueRow, TreatmentSession
    from notes_app.sessions.signing import verify_signed_sessions

    result = runner.invoke(args=["demo", "scale", "--clients", "40", "--visits-per-client", "4",
                                 "--audit-rows", "500", "--long-term-visits", "150",
                                 "--sheets", "2"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert _count(Client) == 40 and _count(IntakeVersion) == 40
        assert len({c.last_name for c in db.session.scalars(select(Client))}) > 10
        long_term = db.session.scalar(select(Client).where(Client.email == LONG_TERM_EMAIL))
        assert _count(TreatmentSession, TreatmentSession.client_id == long_term.id,
                      TreatmentSession.status == SIGNED) == 150
        signed = _count(TreatmentSession, TreatmentSession.status == SIGNED)
        assert _count(TechniqueRow) >= 2 * signed and _count(Marker) > 0 and _count(Knot) > 0
        assert _count(IssuedSheet) == 2 and _count(CheckIn) >= 140
        assert _count(AuditEvent) >= 500
        # The hashes were computed outside the ORM: the signing code must agree with each one.
        assert verify_signed_sessions() == []
        assert _count(TreatmentSession, TreatmentSession.status == "draft") == 1
    # A second build into the same database is refused rather than doubled.
    again = runner.invoke(args=["demo", "scale", "--clients", "2"])
    assert again.exit_code != 0 and "already" in again.output
    assert login(app.test_client(), LONG_TERM_EMAIL, "knotwork-demo").status_code == 302


def test_scale_chains_its_audit_events_and_leaves_a_full_check(app, runner):
    from notes_app.audit import AuditEvent
    from notes_app.auditverify import ChainCheckpoint

    result = runner.invoke(args=["demo", "scale", "--clients", "30", "--visits-per-client", "3",
                                 "--audit-rows", "200", "--long-term-visits", "20",
                                 "--sheets", "2"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        events = db.session.execute(select(
            AuditEvent.id, AuditEvent.clinic_id, AuditEvent.action, AuditEvent.source_ip,
            AuditEvent.hash).order_by(AuditEvent.id)).all()
        clinic_id = events[-1].clinic_id
        mine = [e for e in events if e.clinic_id == clinic_id]
        assert all(e.hash for e in mine) and len(mine) > 200
        # The accounts' events come first, the bulk rows next, the services' events on top.
        bulk = [e.source_ip == "127.0.0.1" for e in mine]  # the services' run has no address
        assert mine[0].action == "user.create" and bulk == [False, *[True] * 200,
                                                            *[False] * (len(mine) - 201)]
        point = db.session.get(ChainCheckpoint, clinic_id)
        assert point.full_at is not None and point.broken_id is None
        assert (point.event_id, point.hash, point.event_count) == (mine[-1].id, mine[-1].hash,
                                                                   len(mine))
    verified = runner.invoke(args=["audit", "verify"])
    assert verified.exit_code == 0, verified.output
    assert f"clinic {clinic_id}: {len(mine)} events verified" in verified.output
