"""Issuing aftercare sheets: signed sessions only, the preview, the stored bytes, scoped reads."""
from __future__ import annotations

import dataclasses
import hashlib
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select
from werkzeug.exceptions import NotFound

from notes_app.extensions import db
from tests.conftest import audit_rows
from tests.fixtures.aftercare import INJECTIONS, row, text_of
from tests.fixtures.sessions import full_note


def test_issuing_needs_a_signed_session(aft, app):
    from notes_app.aftercare.models import IssuedSheet
    from notes_app.errors import DomainError

    draft = aft.svc.start(aft.t1, aft.c1)
    aft.svc.save(aft.t1, draft.public_id, full_note())
    with pytest.raises(DomainError, match="Sign the session note"):
        aft.issue(aft.t1, draft)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(IssuedSheet)) == 0
    assert aft.issue(aft.t1, aft.risky_note).public_id


def test_the_preview_lists_sections_reasons_and_suppressions(aft):
    inputs = aft.inputs(aft.t1, aft.risky_note)
    ids = [s.id for s in inputs.sections]
    assert ids[:2] == ["AFTER-SESSION", "WHAT-WE-WORKED-ON"]
    assert {"POS", "STR", "ST-RULES", "ST-QL", "ST-PIR", "HEAT", "RED-FLAGS"} <= set(ids)
    assert not {"SM-BALL", "ST-UT", "ST-LS"} & set(ids)
    assert "THERAPIST-NOTE" not in ids  # set by the note field, not a checkbox
    locked = {s.id for s in inputs.sections if s.locked}
    assert locked == {"AFTER-SESSION", "ST-RULES", "RED-FLAGS", "NOTICE"}
    reasons = {s.id: s.reason for s in inputs.sections}
    assert "quadratus lumborum" in reasons["ST-QL"].lower()  # ids spelled out for people
    assert reasons["POS"].startswith("posture score")
    suppressed = {(s.block_id, s.flag_code): s for s in inputs.suppressed}
    assert suppressed[("SM-BALL", "anticoagulant")].flag_title == "Blood thinners"
    assert suppressed[("ST-UT", "recent_neck_injury")].title == "Side of the neck"
    assert ("ST-LS", "recent_neck_injury") in suppressed
    assert inputs.next_visit_default.startswith("In about 1 week, around ")
    views = inputs.map["views"]
    assert views == ["back"] and {m["muscle_id"] for m in inputs.map["markers"]} >= {"UT", "QL"}


def test_the_pdf_carries_the_right_sections_and_not_the_suppressed_ones(aft):
    sheet = aft.issue(aft.t1, aft.risky_note, note="Drink normally.", next_visit="Tuesday")
    text = text_of(sheet.pdf)
    for title in ("After your session", "What we worked on today", "Posture at your desk",
                  "Stress and tight muscles", "Gentle stretches", "Side bend",
                  "Buttock stretch", "Warmth for stiff muscles", "A note from your therapist",
                  "Drink normally.", "Your next visit", "Tuesday", "Warning signs",
                  "general information, not medical advice", "Kelp Street Clinic", "Tom One"):
        assert title in text, title
    for absent in ("Self-massage with a ball", "tennis ball", "Side of the neck",
                   "Back of the neck", "Papadopoulou"):
        assert absent not in text, absent
    assert sorted(map(tuple, sheet.suppressed)) == [
        ("SM-BALL", "anticoagulant"), ("ST-LS", "recent_neck_injury"),
        ("ST-UT", "recent_neck_injury")]


def test_switching_a_section_off_removes_it_from_the_pdf(aft):
    kept = text_of(aft.issue(aft.t1, aft.risky_note).pdf)
    assert "Warmth for stiff muscles" in kept and "Buttock stretch" in kept
    sheet = aft.issue(aft.t1, aft.risky_note, exclude={"HEAT", "ST-PIR", "NOTICE"})
    text = text_of(sheet.pdf)
    assert "Warmth for stiff muscles" not in text and "Buttock stretch" not in text
    assert "general information, not medical advice" in text  # mandatory: cannot be switched off
    off = {r["id"] for r in sheet.reasons if not r["included"]}
    assert off == {"HEAT", "ST-PIR"}


def test_switching_a_stretch_off_lets_no_other_slide_in_unseen(aft):
    crowded = [row(m, "R") for m in ("UT", "LS", "PMJ", "SOC", "QL", "PIR", "ILP")]
    note = aft.svc.signed_note(aft.t1, aft.c1, techniques=crowded)
    shown = [s.id for s in aft.inputs(aft.t1, note).sections if s.id.startswith("ST-")]
    stretches = [i for i in shown if i != "ST-RULES"]
    assert len(stretches) == 4
    inputs = aft.inputs(aft.t1, note, exclude={stretches[0]})
    chosen = [b.id for b in inputs.selection if b.id.startswith("ST-") and b.id != "ST-RULES"]
    assert chosen == stretches[1:]


@pytest.mark.parametrize("preferred, expected", [("", "Zoë"), ("Ελένη", "Ελένη"),
                                                 ("Hằng", "Hằng"), ("Peggy", "Peggy")])
def test_the_pdf_names_the_client_by_preferred_name(aft, app, preferred, expected):
    from notes_app.clients.models import Client

    with app.app_context():
        db.session.get(Client, aft.c1.id).preferred_name = preferred
        db.session.commit()
    note = aft.svc.signed_note(aft.t1, aft.c1)
    text = text_of(aft.issue(aft.t1, note).pdf)
    assert expected in text
    assert "Kowalczyk" not in text  # the surname stays off the handout


def test_redownload_is_the_stored_bytes_even_after_the_library_changes(aft, app, monkeypatch):
    from notes_app.aftercare import services
    from notes_app.aftercare.pdf import build_sheet_pdf
    from notes_app.clinical import advice

    issued = aft.issue(aft.t1, aft.risky_note)
    assert issued.sha256 == hashlib.sha256(issued.pdf).hexdigest()
    changed = dataclasses.replace(advice.BLOCK_BY_ID["AFTER-SESSION"],
                                  bullets=("CHANGED LIBRARY TEXT",))
    monkeypatch.setitem(advice.BLOCK_BY_ID, "AFTER-SESSION", changed)
    with app.app_context():
        from notes_app.auth.models import User

        stored = services.get_sheet_for(db.session.get(User, aft.t1.id), issued.public_id)
        assert stored.pdf == issued.pdf
        assert build_sheet_pdf(stored.snapshot) == issued.pdf  # the snapshot rebuilds it too
        db.session.commit()
    newer = aft.issue(aft.t1, aft.risky_note)
    assert "CHANGED LIBRARY TEXT" in text_of(newer.pdf)  # the patch was live
    assert "CHANGED LIBRARY TEXT" not in text_of(issued.pdf)


def test_issue_is_audited_with_ids_only(aft, app):
    issued = aft.issue(aft.t1, aft.risky_note, note="Private words for Ελένη")
    rows = audit_rows(app, action="aftercare.issue")
    assert len(rows) == 1
    assert rows[0].actor_id == aft.t1.id and rows[0].client_id == aft.risky.id
    assert rows[0].object_type == "aftercare_sheet" and rows[0].object_id == str(issued.id)
    assert rows[0].outcome == "success"


def test_injection_strings_in_the_note_print_literally(aft):
    sheet = aft.issue(aft.t1, aft.risky_note, note="\n".join(INJECTIONS),
                      next_visit=INJECTIONS[0])
    text = text_of(sheet.pdf)
    for payload in INJECTIONS:
        assert payload in text, payload
    assert b"/JavaScript" not in sheet.pdf and b"/Launch" not in sheet.pdf


def test_overlong_note_is_refused(aft):
    from notes_app.errors import DomainError

    with pytest.raises(DomainError) as caught:
        aft.issue(aft.t1, aft.risky_note, note="x" * 2001)
    assert caught.value.field == "note"


def test_sheets_are_scoped_to_the_clinic_and_the_client(aft, app):
    from notes_app.aftercare import services
    from notes_app.auth.models import User
    from notes_app.clients.models import Client

    issued = aft.issue(aft.t1, aft.risky_note)
    with app.app_context():
        t2 = db.session.get(User, aft.t2.id)
        assert services.get_sheet_for(t2, issued.public_id).id == issued.id  # same clinic
        for user in (aft.ot, aft.admin, aft.portal):
            with pytest.raises(NotFound):
                services.get_sheet_for(db.session.get(User, user.id), issued.public_id)
        owner = db.session.get(Client, aft.risky.id)
        assert services.get_sheet_for_client(owner, issued.public_id).id == issued.id
        with pytest.raises(NotFound):
            services.get_sheet_for_client(db.session.get(Client, aft.c1.id), issued.public_id)
        with pytest.raises(NotFound):
            services.get_sheet_for_client(owner, "no-such-sheet",
                                          actor=db.session.get(User, aft.portal.id))
        assert [s.id for s in services.list_sheets_for_client(owner)] == [issued.id]
        assert services.list_sheets_for_client(db.session.get(Client, aft.c1.id)) == []
        db.session.commit()  # outside a request the caller commits the refusals it recorded
    denied = audit_rows(app, outcome="denied", object_type="aftercare_sheet")
    assert {r.actor_id for r in denied} == {aft.ot.id, aft.admin.id, aft.portal.id}


def test_another_clinics_therapist_cannot_issue(aft):
    from notes_app.errors import DomainError

    with pytest.raises(DomainError):
        aft.issue(aft.ot, aft.risky_note)


def test_an_issued_sheet_cannot_be_changed(aft, app):
    issued = aft.issue(aft.t1, aft.risky_note)
    with app.app_context():
        sheet = aft.sheet(issued.public_id)
        sheet.sha256 = "0" * 64
        with pytest.raises(RuntimeError, match="never changed"):
            db.session.flush()
        db.session.rollback()


def test_paper_follows_the_clinic(aft, app, make_clinic, make_user, make_client_record,
                                  intake_for):
    letter = make_clinic("Letterhead Bodywork", paper_size="LETTER")
    therapist = make_user(letter, "t@letter.test", "therapist", "Lee Letter")
    person = make_client_record(therapist, "Rhys", "Llewellyn")
    intake_for(therapist, person)
    letter_sheet = aft.issue(therapist, aft.svc.signed_note(therapist, person))
    a4_sheet = aft.issue(aft.t1, aft.risky_note)
    sizes = {}
    for name, sheet in (("letter", letter_sheet), ("a4", a4_sheet)):
        box = PdfReader(io.BytesIO(sheet.pdf)).pages[0].mediabox
        sizes[name] = (round(float(box.width)), round(float(box.height)))
    assert sizes == {"letter": (612, 792), "a4": (595, 842)}
    assert letter_sheet.snapshot["clinic"]["paper"] == "LETTER"


def test_every_signed_demo_session_gets_one_sheet(app, runner):
    from notes_app.aftercare.models import IssuedSheet
    from notes_app.sessions.models import TreatmentSession

    def counts():
        with app.app_context():
            signed = db.session.scalar(select(func.count()).select_from(TreatmentSession)
                                       .where(TreatmentSession.status == "signed"))
            sheets = db.session.scalars(select(IssuedSheet)).all()
            return signed, len(sheets), {s.session_id for s in sheets}, {s.paper for s in sheets}

    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    signed, total, sessions, papers = counts()
    assert signed > 20 and total == len(sessions) == signed
    assert papers == {"A4", "LETTER"}
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    assert counts()[1] == total  # idempotent
    with app.app_context():
        sheet = db.session.scalars(select(IssuedSheet)).first()
        assert sheet.issued_by_id == sheet.treatment_session.therapist_id
        assert sheet.issued_at > sheet.treatment_session.signed_at
        assert hashlib.sha256(sheet.pdf).hexdigest() == sheet.sha256


def test_the_map_uses_the_body_map_markers_when_there_are_any(aft, monkeypatch):
    markers = pytest.importorskip("notes_app.sessions.markers")
    drawn = {"view": "front", "x": 0.4, "y": 0.3, "side": "L", "muscle_id": "PMJ",
             "kind": "latent", "tenderness": 5, "status": "released", "label": "1",
             "private": "never copied"}
    monkeypatch.setattr(markers, "markers_for", lambda ts: [drawn])
    assert aft.inputs(aft.t1, aft.risky_note).map == {
        "views": ["front"], "markers": [{k: v for k, v in drawn.items() if k != "private"}]}
    monkeypatch.setattr(markers, "markers_for", lambda ts: [])
    fallback = aft.inputs(aft.t1, aft.risky_note).map  # nothing drawn: the rows place points
    assert {(m["muscle_id"], m["side"]) for m in fallback["markers"]} == {
        ("UT", "R"), ("LS", "R"), ("QL", "R"), ("PIR", "L")}
