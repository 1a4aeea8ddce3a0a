"""Copy-forward provenance, recently used rows, and technique warnings against intake flags."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from notes_app.clinical.contraindications import Flag
from notes_app.clinical.safety import SafetyRules, row_warnings
from notes_app.extensions import db
from notes_app.sessions import services
from tests.conftest import audit_rows
from tests.fixtures.sessions import full_note, put_draft

ANTICOAGULANT = Flag("anticoagulant", "MODIFY", "Blood thinners", "Light only.", 2,
                     (), ("CUP", "IAS", "ISC", "STP", "XFF"))
KNEE = Flag("recent_surgery", "LOCAL", "Surgery site", "Keep off.", None, ("knee_right",), ())
NECK = Flag("recent_neck_injury", "MODIFY", "Neck injury", "Gentle.", 3, ("neck_back",), ("MET",))


def row(area="UT", side="R", technique="ISC", pressure=3):
    return {"muscle_id": area, "side": side, "technique": technique, "pressure": pressure}


def test_no_flags_no_warnings_for_everyday_trigger_point_work():
    assert row_warnings(row(), SafetyRules()) == []


def test_pressure_above_the_cap_and_avoided_techniques_warn():
    rules = SafetyRules.from_flags([ANTICOAGULANT])
    warnings = row_warnings(row(pressure=4), rules)
    assert any("P4 is above P2" in w for w in warnings)
    assert any("Ischaemic compression is to be avoided: Blood thinners" in w for w in warnings)
    assert row_warnings(row(technique="EFF", pressure=2), rules) == []


def test_a_local_site_warns_for_regions_and_muscles_in_it():
    assert row_warnings(row("knee_right", "R", "EFF", 1), SafetyRules.from_flags([KNEE]))
    neck = SafetyRules.from_flags([NECK])
    assert any("flagged area" in w for w in row_warnings(row("SOC", "B", "EFF", 2), neck))
    assert not any("flagged area" in w for w in row_warnings(row("QL", "B", "EFF", 2), neck))


def test_deep_work_warns_near_endangerment_sites_and_under_moderate_caps():
    assert any("endangerment" in w for w in row_warnings(row("SCM"), SafetyRules()))
    neck = SafetyRules.from_flags([NECK])
    assert any("gentle work is advised" in w for w in row_warnings(row("QL", "B"), neck))


def test_defer_flags_do_not_count_once_overridden():
    defer = Flag("fever", "DEFER", "Fever", "Reschedule.")
    assert SafetyRules.from_flags([defer]).max_pressure == 5


def test_an_unacknowledged_warning_refuses_the_save(clinic, svc, login_as, intake_for, app):
    intake_for(clinic.t1, clinic.c1, medications={"anticoagulant": True, "text": "Apixaban"})
    note = svc.start(clinic.t1, clinic.c1)
    http = login_as(clinic.t1)
    payload = full_note()
    response = put_draft(http, note.public_id, payload, note.version)
    assert response.status_code == 422
    assert "techniques.0.warning_ack" in response.json["errors"]
    assert any("Blood thinners" in w for w in response.json["warnings"]["techniques.0"])
    for r in payload["techniques"]:
        r["warning_ack"] = True
    assert put_draft(http, note.public_id, payload, note.version).status_code == 200
    with app.app_context():
        rows = svc.note(note.public_id).technique_rows
        assert rows[0].warning_ack and "Blood thinners" in rows[0].warning_text
    editor = http.get(f"/sessions/{note.public_id}").get_data(as_text=True)
    assert "Blood thinners" in editor and "data-rules=" in editor


def test_a_flag_added_after_saving_blocks_signing_until_acknowledged(clinic, svc, intake_for, app):
    note = svc.start(clinic.t1, clinic.c1)
    svc.save(clinic.t1, note.public_id, full_note())
    intake_for(clinic.t1, clinic.c1, medications={"anticoagulant": True})
    with app.app_context():
        from notes_app.sessions.validation import InvalidNote
        with pytest.raises(InvalidNote):
            services.sign_session(svc.user(clinic.t1), svc.note(note.public_id),
                                  now=services.utcnow(), reauthenticated=True)


def test_defer_needs_a_recorded_reason(clinic, svc, login_as, intake_for, app):
    # Severe unexplained pain defers with an override; fever is a hard stop (test_hard_stops).
    intake_for(clinic.t1, clinic.c1, history_today={"severe_unexplained_pain": True})
    http = login_as(clinic.t1)
    url = f"/sessions/start/{clinic.c1.public_id}"
    page = http.get(url).get_data(as_text=True)
    assert "not to treat today" in page and "override_reason" in page
    refused = http.post(url, data={"idempotency_key": "defer-key-0001"})
    assert refused.status_code == 422
    reason = "Known flare of old back pain, GP reviewed it last week."
    started = http.post(url, data={"idempotency_key": "defer-key-0001",
                                   "override_reason": reason})
    assert started.status_code == 302
    from notes_app.intake.models import DeferOverride
    with app.app_context():
        override = db.session.scalar(db.select(DeferOverride))
        ts = db.session.scalar(db.select(services.TreatmentSession))
        assert ts.defer_override_id == override.id and override.consumed_by_session_id == ts.id
    assert len(audit_rows(app, action="intake.defer_override")) == 1


def test_no_intake_no_session(world, login_as, app):
    http = login_as(world.t1)
    response = http.post(f"/sessions/start/{world.c1.public_id}",
                         data={"idempotency_key": "no-intake-0001"})
    assert response.status_code == 422
    assert "No signed intake" in response.get_data(as_text=True)


def test_copy_forward_copies_treatment_and_plan_with_provenance(clinic, svc, login_as, app):
    first = svc.signed_note(clinic.t1, clinic.c1)
    svc.start(clinic.t1, clinic.c1)  # an unsigned draft is never a source
    note = svc.start(clinic.t1, clinic.c1, copy=True)
    with app.app_context():
        ts = svc.note(note.public_id)
        assert ts.copied_from_id == first.id and ts.visit_number == 2
        assert {f for f in ts.copied_fields if "." not in f} == {
            "duration_minutes", "positions", "techniques", "next_focus", "interval", "home_care"}
        # Each copied row is a proposal, and its doses are marked until touched (issue 17).
        assert {"techniques.0", "techniques.1", "techniques.0.pressure"} <= set(ts.copied_fields)
        assert [(r.muscle_id, r.technique, r.pressure) for r in ts.technique_rows] == [
            ("UT", "ISC", 4), ("LS", "STP", 3)]
        assert not any(r.warning_ack or r.response for r in ts.technique_rows)
        assert ts.chief_complaint == "" and ts.pain_before is None
        assert ts.next_focus == "R UT and LS"
    http = login_as(clinic.t1)
    editor = http.get(f"/sessions/{note.public_id}").get_data(as_text=True)
    assert "copied from" in editor
    version = svc.save(clinic.t1, note.public_id, {"next_focus": "Now the R scalenes"})
    copied = svc.get(note.public_id, "copied_fields")
    assert "next_focus" not in copied and "techniques" in copied
    svc.save(clinic.t1, note.public_id, {"techniques": full_note()["techniques"][:1]}, version)
    assert not [f for f in svc.get(note.public_id, "copied_fields") if f.startswith("techniques")]


def test_start_without_copy_and_without_history(clinic, svc, app):
    note = svc.start(clinic.t1, clinic.c1, copy=True)
    with app.app_context():
        ts = svc.note(note.public_id)
        assert ts.copied_from_id is None and ts.copied_fields == [] and ts.visit_number == 1


def test_recently_used_combinations_are_offered_first(clinic, svc, app):
    svc.signed_note(clinic.t1, clinic.c1)
    svc.signed_note(clinic.t1, clinic.c1, techniques=[
        {"muscle_id": "UT", "side": "R", "technique": "ISC", "pressure": 4, "hold_seconds": 90,
         "reps": 2}])
    with app.app_context():
        combos = services.recently_used_combinations(svc.user(clinic.t1))
        assert combos[0]["technique"] == "ISC" and combos[0]["uses"] == 2
        assert combos[0]["hold_seconds"] == 90  # the latest dose of that combination
        assert {c["technique"] for c in combos} == {"ISC", "STP"}
        assert services.recently_used_combinations(svc.user(clinic.t2)) == []


def test_pgic_only_from_the_second_visit(clinic, svc, login_as):
    note = svc.start(clinic.t1, clinic.c1)
    http = login_as(clinic.t1)
    response = put_draft(http, note.public_id, {"pgic": 2}, note.version)
    assert response.status_code == 422 and "pgic" in response.json["errors"]
    assert 'name="pgic"' not in http.get(f"/sessions/{note.public_id}").get_data(as_text=True)


def test_the_session_date_may_be_yesterday_not_next_week(clinic, svc, login_as):
    note = svc.start(clinic.t1, clinic.c1)
    http = login_as(clinic.t1)
    ok = put_draft(http, note.public_id,
                   {"session_date": (date.today() - timedelta(days=1)).isoformat()}, note.version)
    assert ok.status_code == 200
    late = put_draft(http, note.public_id,
                     {"session_date": (date.today() + timedelta(days=7)).isoformat()},
                     ok.json["version"])
    assert late.status_code == 422
