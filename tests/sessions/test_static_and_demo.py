"""The editor's scripts keep health data out of browser storage; the demo seed is complete."""
from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import func, select

from notes_app.extensions import db
from notes_app.sessions.models import TreatmentSession

JS = Path(__file__).resolve().parents[2] / "notes_app" / "static" / "js"


def test_no_script_writes_to_browser_storage():
    # Every shipped script, not just the note editor's: no health data may reach the device.
    for path in sorted(JS.glob("*.js")):
        text = path.read_text()
        for api in ("localStorage", "sessionStorage", "indexedDB", "caches.open",
                    "document.cookie"):
            assert api not in text, (path.name, api)


def test_autosave_sends_versions_and_survives_page_hide():
    text = (JS / "autosave.js").read_text()
    assert '"If-Match"' in text and "keepalive" in text and "X-Knotwork-Background" in text
    assert "visibilitychange" in text and "pagehide" in text and '"online"' in text
    assert "THROTTLE_MS = 10000" in text
    assert "innerHTML" not in text and "innerHTML" not in (JS / "technique-rows.js").read_text()


def test_the_editor_includes_the_body_map():
    templates = JS.parents[2] / "templates" / "sessions"
    assert '{% include "sessions/_bodymap.html" %}' in (templates / "editor.html").read_text()
    text = (templates / "_bodymap.html").read_text()
    assert re.search(r'<section id="bodymap-slot" class="bodymap-slot[^"]*" data-session=', text)
    assert "Body map" in text


def test_the_demo_gives_clients_signed_notes_and_one_draft(app, runner):
    from notes_app.auth.models import Clinic
    from notes_app.clients.models import Client
    from notes_app.clinical.safety import SafetyRules
    from notes_app.intake import services as intake
    from notes_app.sessions import services

    for _ in range(2):
        assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    with app.app_context():
        harbour = db.session.scalar(select(Clinic).where(Clinic.name == "Harbour Street Massage"))
        drafts = db.session.scalars(select(TreatmentSession).where(
            TreatmentSession.status == "draft")).all()
        assert len(drafts) == 1 and drafts[0].clinic_id == harbour.id
        for client in db.session.scalars(select(Client)):
            signed = db.session.scalar(select(func.count()).select_from(TreatmentSession).where(
                TreatmentSession.client_id == client.id, TreatmentSession.status == "signed"))
            flags = intake.current_flags_for(client, today=client.created_at.date())
            if any(f.cls == "DEFER" for f in flags):
                assert signed == 0, client.first_name
                continue
            assert 3 <= signed <= 8, client.first_name
        for ts in db.session.scalars(select(TreatmentSession)):
            flags = intake.current_flags_for(ts.client, today=ts.session_date)
            rules = SafetyRules.from_flags(flags)
            for row in ts.technique_rows:
                assert row.pressure <= rules.max_pressure, (ts.client.first_name, row.technique)
                assert row.technique not in rules.avoid
        assert services.verify_signed_sessions() == []
        codes = {r.technique for ts in db.session.scalars(select(TreatmentSession))
                 for r in ts.technique_rows}
        assert {"ISC", "STP", "MFR", "MET", "EFF", "PET"} <= codes
