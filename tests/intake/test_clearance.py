"""Issue 16: hard stops at session start, and the clearance that lets a deferred session start.

Hard stops (a doctor today) can never be overridden or cleared. A recent clot or a high-risk
pregnancy waits until a clinician's clearance is recorded; other DEFERs keep the audited override.
"""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from notes_app.audit import AuditEvent
from notes_app.clinical.contraindications import (
    MODIFY,
    awaiting_clearance,
    evaluate,
    hard_stops,
    overridable,
)
from notes_app.errors import DomainError
from notes_app.extensions import db
from notes_app.intake import clearance, services
from notes_app.intake.models import MedicalClearance
from notes_app.sessions.models import TreatmentSession
from notes_app.sessions.services import start_refusal
from tests.conftest import audit_rows
from tests.fixtures.intake import minimal_intake

TODAY = date.today()
RECENT_CLOT = {"history": {"dvt_history": {"present": True,
                                           "details": "recent DVT, on rivaroxaban"}},
               "medications": {"text": "Rivaroxaban 20 mg"}}


def hist(key: str, details: str = "") -> dict:
    return {"history": {key: {"present": True, "details": details}}}


def today(**checks) -> dict:
    return {"history_today": checks}


# (intake, the flag code, how the start treats it): "stop" = no override, no clearance;
# "clear" = waits for a recorded clearance; "override" = an audited reason lets it start.
START_TABLE = [
    (today(chest_pain_or_breathless=True), "acute_cardiac", "stop"),
    (today(stroke_signs=True), "acute_cardiac", "stop"),
    (today(calf_swelling=True), "dvt", "stop"),
    (hist("dvt_history", "suspected clot, left calf"), "dvt", "stop"),
    (hist("dvt_history", "GP thinks it could be a DVT, waiting for a scan"), "dvt", "stop"),
    (hist("leg_swelling", "left calf swollen and warm since Sunday"), "dvt", "stop"),
    (today(fever=True), "fever", "stop"),
    (today(pregnancy_warning=True), "pregnancy_warning", "stop"),
    (RECENT_CLOT, "clot_recent", "clear"),
    ({"history": {"other": {"present": True, "details": "PE a few weeks ago"}}},
     "clot_recent", "clear"),
    (hist("dvt_history", "still on warfarin for the clot"), "clot_recent", "clear"),
    ({"pregnancy": {"pregnant": True, "weeks": 20, "high_risk": True}},
     "high_risk_pregnancy", "clear"),
    (hist("phlebitis", "inflamed vein behind the right knee"), "phlebitis", "clear"),
    (hist("leg_swelling", "ankles puffy by the evening"), "leg_swelling", "clear"),
    (today(intoxicated=True), "intoxicated", "override"),
    (today(severe_unexplained_pain=True), "severe_unexplained_pain", "override"),
    ({"history": {"hypertension_uncontrolled": {"present": True}}},
     "uncontrolled_hypertension", "override"),
]


@pytest.mark.parametrize(("intake", "code", "kind"), START_TABLE)
def test_which_flags_stop_wait_for_clearance_or_take_an_override(intake, code, kind):
    flags = evaluate({**minimal_intake(), **intake}, today=TODAY)
    groups = {"stop": hard_stops(flags), "clear": awaiting_clearance(flags),
              "override": overridable(flags)}
    assert code in {f.code for f in groups[kind]}
    refusal = start_refusal(flags)
    if kind == "stop":
        assert "cannot be overridden" in refusal and "doctor today" in refusal
    elif kind == "clear":
        assert refusal.startswith("Waiting for medical clearance")
    else:
        assert refusal is None


@pytest.mark.parametrize(("intake", "code", "kind"), [r for r in START_TABLE if r[2] == "stop"])
def test_a_clearance_never_lifts_a_hard_stop(intake, code, kind):
    flags = evaluate({**minimal_intake(), **intake}, today=TODAY, cleared={code, "clot_recent"})
    assert code in {f.code for f in hard_stops(flags)}


def test_a_cleared_clot_becomes_a_leg_bound_modify():
    flags = {f.code: f for f in evaluate(RECENT_CLOT, today=TODAY, cleared={"clot_recent"})}
    cleared = flags["clot_recent"]
    assert cleared.cls == MODIFY and cleared.cleared and cleared.max_pressure == 2
    assert cleared.local_cap and "lower_leg_left" in cleared.sites
    assert start_refusal(list(flags.values())) is None


# --- the service ------------------------------------------------------------------------------

@pytest.fixture
def ctx(world, app):
    """An app context with the world's users and clients loaded."""
    from notes_app.auth.models import User
    from notes_app.clients.models import Client

    with app.app_context():
        ns = type("Ctx", (), {})()
        for name in ("t1", "t2", "ot", "admin"):
            setattr(ns, name, db.session.get(User, getattr(world, name).id))
        for name in ("c1", "x"):
            setattr(ns, name, db.session.get(Client, getattr(world, name).id))
        yield ns


def _rows(**filters):
    """Return audit events in the test's own session (a second one would wait on its lock)."""
    return list(db.session.scalars(select(AuditEvent).filter_by(**filters)
                                   .order_by(AuditEvent.id)))


def _intake(ctx, extra=RECENT_CLOT, client=None):
    version = services.create_intake_version(ctx.t1, client or ctx.c1,
                                             {**minimal_intake(), **extra}, today=TODAY)
    db.session.commit()
    return version


def _record(ctx, **overrides):
    fields = {"flag_code": "clot_recent", "cleared_by": "Dr A. Rahman, GP",
              "cleared_on": TODAY - timedelta(days=2), "note": "Letter scanned.", "today": TODAY}
    fields.update(overrides)
    found = clearance.record_clearance(ctx.t1, ctx.c1, **fields)
    db.session.commit()
    return found


def test_recording_a_clearance_turns_the_defer_into_a_caution_and_is_audited(ctx, app):
    _intake(ctx)
    assert [f.code for f in clearance.waiting_for_clearance(ctx.c1, today=TODAY)] == [
        "clot_recent"]
    found = _record(ctx)
    flags = {f.code: f for f in services.current_flags_for(ctx.c1, today=TODAY)}
    assert flags["clot_recent"].cls == MODIFY and flags["clot_recent"].cleared
    assert clearance.active_clearances_for(ctx.c1) == [found]
    rows = _rows(action="intake.clearance.record")
    assert len(rows) == 1 and rows[0].object_id == str(found.id)
    assert rows[0].client_id == ctx.c1.id and rows[0].actor_id == ctx.t1.id


def test_withdrawing_brings_the_defer_back_and_keeps_the_record(ctx, app):
    _intake(ctx)
    found = _record(ctx)
    with pytest.raises(DomainError) as caught:
        clearance.withdraw_clearance(ctx.t1, found, "short")
    assert caught.value.field == "reason"
    db.session.rollback()
    clearance.withdraw_clearance(ctx.t2, found, "GP phoned: a new clot was found on the scan.")
    db.session.commit()
    assert [f.code for f in clearance.waiting_for_clearance(ctx.c1, today=TODAY)] == [
        "clot_recent"]
    assert clearance.list_clearances_for(ctx.c1)[0].withdrawn_by_id == ctx.t2.id
    assert len(_rows(action="intake.clearance.withdraw")) == 1
    with pytest.raises(DomainError, match="already withdrawn"):
        clearance.withdraw_clearance(ctx.t1, found, "Withdrawn a second time, by mistake.")


def test_a_clearance_is_never_edited_or_deleted(ctx):
    _intake(ctx)
    found = _record(ctx)
    for name, value in (("cleared_by", "Someone else"), ("flag_code", "phlebitis"),
                        ("cleared_on", TODAY - timedelta(days=9)), ("note", "changed")):
        setattr(found, name, value)
        with pytest.raises(RuntimeError, match="immutable"):
            db.session.commit()
        db.session.rollback()
    db.session.delete(found)
    with pytest.raises(RuntimeError, match="never deleted"):
        db.session.commit()
    db.session.rollback()
    clearance.withdraw_clearance(ctx.t1, found, "Recorded against the wrong flag.")
    db.session.commit()
    found.withdrawn_reason = "rewritten afterwards"
    with pytest.raises(RuntimeError, match="immutable"):
        db.session.commit()
    db.session.rollback()


def test_a_new_intake_needs_a_new_clearance(ctx):
    _intake(ctx)
    _record(ctx)
    _intake(ctx, {**RECENT_CLOT, "reason": "New clot in the other leg last week"})
    assert [f.code for f in clearance.waiting_for_clearance(ctx.c1, today=TODAY)] == [
        "clot_recent"]
    assert clearance.active_clearances_for(ctx.c1) == []
    assert len(clearance.list_clearances_for(ctx.c1)) == 1  # kept, for the earlier version


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"flag_code": "dvt"}, "flag_code", "cannot be cleared"),
    ({"flag_code": "fever"}, "flag_code", "cannot be cleared"),
    ({"flag_code": "anticoagulant"}, "flag_code", "cannot be cleared"),
    ({"flag_code": "high_risk_pregnancy"}, "flag_code", "not waiting"),
    ({"flag_code": ""}, "flag_code", "Pick"),
    ({"cleared_by": ""}, "cleared_by", "required"),
    ({"cleared_by": " D "}, "cleared_by", "at least 2"),
    ({"cleared_by": "Dr \x00 Null"}, "cleared_by", "control"),
    ({"cleared_by": "Dr \u202eEvil"}, "cleared_by", "control"),
    ({"cleared_by": "x" * 201}, "cleared_by", "under 200"),
    ({"cleared_on": None}, "cleared_on", "Give the date"),
    ({"cleared_on": TODAY + timedelta(days=1)}, "cleared_on", "future"),
    ({"cleared_on": TODAY - timedelta(days=200)}, "cleared_on", "six months"),
    ({"note": "x" * 1001}, "note", "under 1,000"),
])
def test_bad_clearances_are_refused_on_their_field(ctx, app, overrides, field, message):
    _intake(ctx, {**RECENT_CLOT, **today(fever=True)})
    with pytest.raises(DomainError, match=message) as caught:
        _record(ctx, **overrides)
    assert caught.value.field == field
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(MedicalClearance)) == 0
    assert _rows(action="intake.clearance.record") == []


def test_only_the_clients_own_therapists_record_a_clearance(ctx):
    _intake(ctx)
    for outsider in (ctx.ot, ctx.admin):
        with pytest.raises(DomainError, match="therapists"):
            clearance.record_clearance(outsider, ctx.c1, flag_code="clot_recent",
                                       cleared_by="Dr Who", cleared_on=TODAY, today=TODAY)


# --- the pages --------------------------------------------------------------------------------

def _start(http, client_id, key="start-key-0001", **extra):
    return http.post(f"/sessions/start/{client_id}", data={"idempotency_key": key, **extra})


def _notes(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(TreatmentSession))


def _post_clearance(http, client_id, **overrides):
    data = {"flag_code": "clot_recent", "cleared_by": "Dr A. Rahman, GP",
            "cleared_on": (TODAY - timedelta(days=1)).isoformat(), "note": "Letter on file."}
    data.update(overrides)
    return http.post(f"/intake/client/{client_id}/clearances", data=data)


def test_a_recent_clot_cannot_start_until_a_clearance_is_recorded(world, login_as, make_intake,
                                                                  app):
    make_intake(world.t1, world.c1, {**minimal_intake(), **RECENT_CLOT})
    http = login_as(world.t1)
    cid = world.c1.public_id
    page = http.get(f"/sessions/start/{cid}").get_data(as_text=True)
    assert "Waiting for medical clearance" in page and "Record a clearance" in page
    assert 'name="override_reason"' not in page
    client_page = http.get(f"/clients/{cid}").get_data(as_text=True)
    assert "Waiting for medical clearance" in client_page
    assert f"/intake/client/{cid}/clearances" in client_page

    refused = _start(http, cid, override_reason="Client says the doctor is happy with it.")
    assert refused.status_code == 422
    assert "Waiting for medical clearance" in refused.get_data(as_text=True)
    assert _notes(app) == 0 and audit_rows(app, action="intake.defer_override") == []

    form = http.get(f"/intake/client/{cid}/clearances").get_data(as_text=True)
    assert 'name="cleared_by"' in form and "Recent blood clot" in form
    recorded = _post_clearance(http, cid)
    assert recorded.status_code == 302
    listed = http.get(f"/intake/client/{cid}/clearances").get_data(as_text=True)
    assert "Dr A. Rahman, GP" in listed and "In force" in listed
    assert "Dr A. Rahman, GP" in http.get(f"/sessions/start/{cid}").get_data(as_text=True)
    assert "Medical clearances on file" in http.get(f"/clients/{cid}").get_data(as_text=True)

    started = _start(http, cid)
    assert started.status_code == 302 and _notes(app) == 1
    editor = http.get(started.headers["Location"]).get_data(as_text=True)
    assert "(cleared)" in editor
    assert len(audit_rows(app, action="intake.clearance.record")) == 1


def test_withdrawing_through_the_page_stops_the_next_start(world, login_as, make_intake, app):
    make_intake(world.t1, world.c1, {**minimal_intake(), **RECENT_CLOT})
    http = login_as(world.t1)
    cid = world.c1.public_id
    assert _post_clearance(http, cid).status_code == 302
    with app.app_context():
        public_id = db.session.scalar(select(MedicalClearance.public_id))
    url = f"/intake/clearances/{public_id}/withdraw"
    short = http.post(url, data={"reason": "no"})
    assert short.status_code == 422 and "at least 10" in short.get_data(as_text=True)
    assert http.post(url, data={"reason": "The GP withdrew it after a new scan."}).status_code \
        == 302
    page = http.get(f"/intake/client/{cid}/clearances").get_data(as_text=True)
    assert "Withdrawn" in page and "The GP withdrew it after a new scan." in page
    assert _start(http, cid).status_code == 422 and _notes(app) == 0


@pytest.mark.parametrize("checks", [{"calf_swelling": True}, {"fever": True},
                                    {"chest_pain_or_breathless": True}, {"stroke_signs": True}])
def test_a_hard_stop_cannot_be_overridden_or_cleared(world, login_as, make_intake, app, checks):
    make_intake(world.t1, world.c1, {**minimal_intake(), **RECENT_CLOT,
                                     "history_today": checks})
    http = login_as(world.t1)
    cid = world.c1.public_id
    page = http.get(f"/sessions/start/{cid}").get_data(as_text=True)
    assert "cannot be overridden" in page and 'name="override_reason"' not in page
    assert "Record a clearance" not in page.split("cannot be overridden", 1)[1][:400]
    refused = _start(http, cid, override_reason="I checked and the client feels fine today.")
    assert refused.status_code == 422
    assert "cannot be overridden" in refused.get_data(as_text=True)
    # Clearing the clot does not lift the hard stop beside it; the stop itself cannot be cleared.
    assert _post_clearance(http, cid).status_code == 302
    for code in ("dvt", "fever", "acute_cardiac"):
        bad = _post_clearance(http, cid, flag_code=code)
        assert bad.status_code == 422 and "cannot be cleared" in bad.get_data(as_text=True)
    assert _start(http, cid, key="start-key-0002",
                  override_reason="I checked and the client feels fine today.").status_code == 422
    assert _notes(app) == 0 and audit_rows(app, action="intake.defer_override") == []


@pytest.mark.parametrize(("overrides", "message"), [
    ({"cleared_by": ""}, "Give the name of the doctor"),
    ({"cleared_on": ""}, "Give the date"),
    ({"cleared_on": "31/02/2026"}, "Not a valid date"),
    ({"cleared_on": (TODAY + timedelta(days=3)).isoformat()}, "future"),
    ({"flag_code": "nonsense"}, "Pick the caution"),
    ({"note": "x" * 1001}, "1000"),
    ({"cleared_by": "Dr\x07 Bell"}, "control characters"),
])
def test_bad_input_on_the_clearance_form_is_a_form_error(world, login_as, make_intake, app,
                                                         overrides, message):
    make_intake(world.t1, world.c1, {**minimal_intake(), **RECENT_CLOT})
    http = login_as(world.t1)
    response = _post_clearance(http, world.c1.public_id, **overrides)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MedicalClearance)) == 0


def test_another_clinics_client_and_clearance_are_404(world, login_as, make_intake, app):
    make_intake(world.ot, world.x, {**minimal_intake(), **RECENT_CLOT})
    make_intake(world.t1, world.c1, {**minimal_intake(), **RECENT_CLOT})
    http = login_as(world.t1)
    assert _post_clearance(http, world.c1.public_id).status_code == 302
    with app.app_context():
        ours = db.session.scalar(select(MedicalClearance.public_id))
    http.post("/logout")
    other = login_as(world.ot)
    assert other.get(f"/intake/client/{world.c1.public_id}/clearances").status_code == 404
    assert _post_clearance(other, world.c1.public_id).status_code == 404
    assert other.post(f"/intake/clearances/{ours}/withdraw",
                      data={"reason": "Trying from another clinic."}).status_code == 404
    assert other.post("/intake/clearances/not-a-real-id/withdraw",
                      data={"reason": "Trying a missing one."}).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MedicalClearance)) == 1
        assert db.session.scalar(select(MedicalClearance.withdrawn_at)) is None
    assert len(audit_rows(app, action="intake.clearance.read", outcome="denied")) == 2


def test_an_ordinary_defer_still_starts_with_an_audited_reason(world, login_as, make_intake, app):
    make_intake(world.t1, world.c1, {**minimal_intake(), **today(intoxicated=True)})
    http = login_as(world.t1)
    cid = world.c1.public_id
    assert 'name="override_reason"' in http.get(f"/sessions/start/{cid}").get_data(as_text=True)
    assert _start(http, cid).status_code == 422
    assert _start(http, cid, override_reason="Only had cough syrup; feedback checked.") \
        .status_code == 302
    assert _notes(app) == 1 and len(audit_rows(app, action="intake.defer_override")) == 1
