"""The intake service contract: versions, consent rules, flags, due dates, blockers, overrides."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from notes_app.audit import AuditEvent
from notes_app.auth.models import User
from notes_app.clients.models import Client
from notes_app.errors import DomainError
from notes_app.extensions import db
from notes_app.intake import services
from notes_app.intake.models import DeferOverride, IntakeVersion
from notes_app.intake.signature import PREFIX
from tests.fixtures.intake import SIGNATURE, minimal_intake

TODAY = date(2026, 11, 24)


@pytest.fixture
def ctx(app, world):
    """An app context with the world's ORM objects loaded."""
    with app.app_context():
        yield type("Ctx", (), {
            "t1": db.session.get(User, world.t1.id), "admin": db.session.get(User, world.admin.id),
            "ot": db.session.get(User, world.ot.id), "c1": db.session.get(Client, world.c1.id),
            "c2": db.session.get(Client, world.c2.id)})


def audit_rows(app, **filters):  # noqa: ARG001  (same shape as tests.conftest.audit_rows)
    """Return audit events in this test's own session (a second one would wait on its lock)."""
    return list(db.session.scalars(select(AuditEvent).filter_by(**filters).order_by(AuditEvent.id)))


def _save(ctx, data=None, today=TODAY, client=None):
    version = services.create_intake_version(ctx.t1, client or ctx.c1, data or minimal_intake(),
                                             today=today)
    db.session.commit()
    return version


def test_every_save_is_a_new_version_and_the_old_one_is_unchanged(ctx, app):
    first = _save(ctx, {**minimal_intake(), "lifestyle": {"stress": 3}}, TODAY - timedelta(days=30))
    before = dict(first.data)
    second = _save(ctx, {**minimal_intake(), "lifestyle": {"stress": 8}})
    assert (first.version, second.version) == (1, 2)
    db.session.expire_all()
    assert db.session.get(IntakeVersion, first.id).data == before
    assert services.current_intake_for(ctx.c1).id == second.id
    assert [v.version for v in services.list_versions_for(ctx.c1)] == [2, 1]
    assert services.changes_since_previous(second) == [("Lifestyle › Stress (0-10)", "3", "8")]
    assert services.changes_since_previous(first) == []
    assert [r.action for r in audit_rows(app, client_id=ctx.c1.id)
            if r.action.startswith("intake")] == ["intake.create", "intake.create"]


def test_consent_facts_are_copied_out_and_the_signature_kept_out_of_the_json(ctx):
    version = _save(ctx)
    assert version.signature == SIGNATURE and "signature" not in version.data["consent"]
    assert version.signed_name == "A Person" and version.signed_on == TODAY
    assert version.consent_version == version.data["consent"]["version"] != ""
    assert version.data["consent"]["signed_on"] == TODAY.isoformat()
    assert version.created_by_id == ctx.t1.id and version.source == "therapist"


def test_versions_cannot_be_changed_or_deleted_through_the_orm(ctx):
    version = _save(ctx)
    version.data = {"reason": "rewritten"}
    with pytest.raises(RuntimeError, match="immutable"):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(IntakeVersion, version.id))
    with pytest.raises(RuntimeError, match="immutable"):
        db.session.commit()
    db.session.rollback()


@pytest.mark.parametrize("consent, field", [
    ({"typed_name": "  "}, "typed_name"),
    ({"signature": ""}, "signature"),
    ({"signature": PREFIX + "AAAA"}, "signature"),
    ({"signature": "data:image/svg+xml;base64,PHN2Zz4="}, "signature"),
])
def test_consent_needs_a_typed_name_and_a_real_signature(ctx, consent, field):
    with pytest.raises(DomainError) as caught:
        services.create_intake_version(ctx.t1, ctx.c1, minimal_intake(**consent), today=TODAY)
    assert caught.value.field == field
    db.session.rollback()
    assert services.current_intake_for(ctx.c1) is None


def test_a_client_under_18_on_the_signing_day_needs_a_guardian(ctx):
    ctx.c2.date_of_birth = date(2008, 11, 25)  # 18 tomorrow
    with pytest.raises(DomainError) as caught:
        services.create_intake_version(ctx.t1, ctx.c2, minimal_intake(), today=TODAY)
    assert caught.value.field == "guardian_name"
    with pytest.raises(DomainError) as caught:
        services.create_intake_version(ctx.t1, ctx.c2, minimal_intake(guardian_name="Mum"),
                                       today=TODAY)
    assert caught.value.field == "guardian_relationship"
    version = services.create_intake_version(
        ctx.t1, ctx.c2, minimal_intake(guardian_name="Ana Lee", guardian_relationship="Mother"),
        today=TODAY)
    assert (version.guardian_name, version.guardian_relationship) == ("Ana Lee", "Mother")
    adult = services.create_intake_version(ctx.t1, ctx.c2, minimal_intake(guardian_name="X"),
                                           today=TODAY + timedelta(days=1))
    assert adult.guardian_name == ""  # an adult signs for themselves


@pytest.mark.parametrize("signed_days_ago, expected", [
    (None, "No intake on file"),
    (0, None),
    (200, None),
    (396, "Intake is 13 months old"),
])
def test_intake_due(ctx, signed_days_ago, expected):
    if signed_days_ago is not None:
        _save(ctx, today=TODAY - timedelta(days=signed_days_ago))
    assert services.intake_due(ctx.c1, today=TODAY, max_age_months=12) == expected


def test_intake_due_follows_the_configured_age(ctx):
    _save(ctx, today=date(2026, 5, 24))
    assert services.intake_due(ctx.c1, today=TODAY, max_age_months=12) is None
    assert services.intake_due(ctx.c1, today=TODAY, max_age_months=6) == "Intake is 6 months old"


def test_current_flags_most_severe_first(ctx):
    assert services.current_flags_for(ctx.c1, today=TODAY) == []
    _save(ctx, {**minimal_intake(), "medications": {"anticoagulant": True},
                "surgeries": [{"region": "knee_left", "date": "2026-11-01"}],
                "history": {"dvt_history": {"present": True, "details": "suspected, left calf"}}})
    flags = services.current_flags_for(ctx.c1, today=TODAY)
    assert [f.cls for f in flags] == ["DEFER", "MODIFY", "MODIFY", "LOCAL"]
    assert flags[0].code == "dvt" and flags[-1].sites == ("knee_left",)


def test_todays_checks_count_only_on_the_day_they_were_answered(ctx):
    _save(ctx, {**minimal_intake(), "history_today": {"fever": True}})
    assert [f.code for f in services.current_flags_for(ctx.c1, today=TODAY)] == ["fever"]
    assert services.current_flags_for(ctx.c1, today=TODAY + timedelta(days=1)) == []


def test_session_blockers(ctx, app):
    assert services.session_blockers(ctx.c1, today=TODAY) == [
        "No signed intake and consent on file."]
    _save(ctx, minimal_intake(treatment=False))
    assert services.session_blockers(ctx.c1, today=TODAY) == [
        "The client has not consented to treatment."]
    _save(ctx)
    assert services.session_blockers(ctx.c1, today=TODAY) == []
    # R-R5: the date of birth is corrected after the intake: the client is 17.
    ctx.c1.date_of_birth = date(2009, 6, 1)
    assert services.session_blockers(ctx.c1, today=TODAY) == [
        "The client is under 18 and no parent or guardian has signed the consent."]


def test_defer_override_is_recorded_and_audited(ctx, app):
    _save(ctx, {**minimal_intake(), "history_today": {"calf_swelling": True}})
    flags = services.current_flags_for(ctx.c1, today=TODAY)
    override = services.record_defer_override(ctx.t1, ctx.c1, flags,
                                              "  GP ruled out a clot this morning (letter seen).  ")
    db.session.commit()
    assert override.flag_codes == ["dvt"] and override.reason.startswith("GP ruled out")
    assert override.intake_version_id == services.current_intake_for(ctx.c1).id
    rows = audit_rows(app, action="intake.defer_override")
    assert len(rows) == 1 and rows[0].actor_id == ctx.t1.id and rows[0].client_id == ctx.c1.id
    assert rows[0].object_id == str(override.id)


@pytest.mark.parametrize("reason", ["", "too short", "x" * 1001, "Because\x00of NUL"])
def test_defer_override_needs_a_real_reason(ctx, reason, app):
    _save(ctx, {**minimal_intake(), "history_today": {"fever": True}})
    flags = services.current_flags_for(ctx.c1, today=TODAY)
    with pytest.raises(DomainError) as caught:
        services.record_defer_override(ctx.t1, ctx.c1, flags, reason)
    assert caught.value.field == "reason"
    assert audit_rows(app, action="intake.defer_override") == []


def test_defer_override_needs_a_defer_flag(ctx):
    _save(ctx, {**minimal_intake(), "medications": {"anticoagulant": True}})
    flags = services.current_flags_for(ctx.c1, today=TODAY)
    with pytest.raises(DomainError, match="no DEFER"):
        services.record_defer_override(ctx.t1, ctx.c1, flags, "A perfectly good reason")


def test_an_override_can_only_be_linked_to_its_session_once(ctx):
    _save(ctx, {**minimal_intake(), "history_today": {"fever": True}})
    override = services.record_defer_override(
        ctx.t1, ctx.c1, services.current_flags_for(ctx.c1, today=TODAY), "Fever gone, checked")
    db.session.commit()
    override.consumed_by_session_id = 42
    db.session.commit()
    override.consumed_by_session_id = 43
    with pytest.raises(RuntimeError):
        db.session.commit()
    db.session.rollback()
    override.reason = "changed afterwards"
    with pytest.raises(RuntimeError):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(DeferOverride, override.id).consumed_by_session_id == 42


def test_reading_a_version_is_scoped_and_audited(ctx, app):
    version = _save(ctx)
    assert services.get_intake_version_for(ctx.t1, version.public_id).id == version.id
    db.session.commit()
    assert len(audit_rows(app, action="intake.read", outcome="success")) == 1
    for outsider in (ctx.ot, ctx.admin):
        with pytest.raises(NotFound):
            services.get_intake_version_for(outsider, version.public_id)
    with pytest.raises(NotFound):
        services.get_intake_version_for(ctx.t1, "no-such-version")
    denied = audit_rows(app, action="intake.read", outcome="denied")
    assert [r.actor_id for r in denied] == [ctx.ot.id, ctx.admin.id, ctx.t1.id]
    assert db.session.scalar(select(IntakeVersion.id)) == version.id
