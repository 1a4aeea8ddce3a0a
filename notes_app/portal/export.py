"""The right-of-access package (R-C1): every record of one client as JSON (ours and FHIR) plus PDFs.

Only the client's own rows are read; internal database ids never leave, public ids do. Drafts
are left out until signed, and notes entered in error are not part of the signed record.
"""
from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from importlib.util import find_spec

from sqlalchemy import select

from notes_app import audit
from notes_app.aftercare import services as aftercare
from notes_app.aftercare.models import IssuedSheet
from notes_app.clients.models import Client
from notes_app.extensions import db
from notes_app.intake import services as intake
from notes_app.portal import checkins
from notes_app.portal.records import signed_sessions_for
from notes_app.records.services import fhir_bundle_for, fhir_json
from notes_app.sessions.content import note_content
from notes_app.sessions.models import TreatmentSession

SCHEMA_VERSION = 1
CLIENT_FIELDS = ("public_id", "first_name", "last_name", "preferred_name", "date_of_birth",
                 "email", "phone", "address", "occupation", "emergency_name",
                 "emergency_relationship", "emergency_phone", "created_at", "updated_at")


def _iso(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def export_filename(client: Client) -> str:
    """Return the package's file name: the opaque client id, never the name (R-P3)."""
    return f"knotwork-records-{client.public_id}.zip"


def _body_map(ts: TreatmentSession) -> list[dict]:
    """Return the markers the therapist drew on a note ([] before the body map existed)."""
    # The body-map feature is built in parallel: import it only once it is there.
    if find_spec("notes_app.sessions.markers") is None:
        return []
    from notes_app.sessions.markers import markers_for
    return markers_for(ts)


def _session_record(ts: TreatmentSession, sheet_ids: dict[int, list[str]]) -> dict:
    record = {"public_id": ts.public_id, "visit_number": ts.visit_number,
              "therapist": ts.therapist.full_name if ts.therapist else "",
              "signed_at": _iso(ts.signed_at), "content_hash": ts.content_hash}
    record.update(note_content(ts))
    record["body_map"] = _body_map(ts)
    record["aftercare_sheet_ids"] = sheet_ids.get(ts.id, [])
    record["addenda"] = [{"public_id": a.public_id, "created_at": _iso(a.created_at),
                          "kind": a.kind, "reason": a.reason, "text": a.text,
                          "author": a.author.full_name if a.author else "",
                          "content_hash": a.content_hash} for a in ts.addenda]
    return record


def build_records(client: Client, *, now: datetime) -> tuple[dict, list[IssuedSheet]]:
    """Return the records.json dict and the client's sheets (their PDFs go in the ZIP)."""
    sheets = aftercare.list_sheets_for_client(client)
    signed = signed_sessions_for(client)
    # A sheet or check-in may point at a note later entered in error: name it, don't leak ids.
    session_ids = dict(db.session.execute(select(TreatmentSession.id, TreatmentSession.public_id)
                                          .where(TreatmentSession.client_id == client.id)).all())
    by_session: dict[int, list[str]] = {}
    for sheet in sheets:
        by_session.setdefault(sheet.session_id, []).append(sheet.public_id)
    records = {
        "schema_version": SCHEMA_VERSION,
        "generated_at": now.isoformat(),
        "client": {name: _iso(getattr(client, name)) for name in CLIENT_FIELDS},
        "intake_versions": [
            {"public_id": v.public_id, "version": v.version, "source": v.source,
             "signed_on": _iso(v.signed_on), "signed_name": v.signed_name,
             "guardian_name": v.guardian_name, "guardian_relationship": v.guardian_relationship,
             "consent_version": v.consent_version, "created_at": _iso(v.created_at),
             "data": v.data, "signature_png": v.signature}
            for v in reversed(intake.list_versions_for(client))],
        "sessions": [_session_record(ts, by_session) for ts in reversed(signed)],
        "aftercare_sheets": [
            {"public_id": s.public_id, "session_id": session_ids.get(s.session_id),
             "issued_at": _iso(s.issued_at), "paper": s.paper,
             "library_version": s.library_version, "sha256": s.sha256,
             "file": f"aftercare/{s.public_id}.pdf",
             "sections": [b.get("title") for b in (s.snapshot or {}).get("blocks") or []
                          if isinstance(b, dict)]}
            for s in reversed(sheets)],
        "check_ins": [
            {"public_id": c.public_id, "session_id": session_ids.get(c.session_id),
             "created_at": _iso(c.created_at),
             "soreness": c.soreness, "pain": c.pain, "advice_followed": c.advice_followed,
             "points": c.points, "note": c.note}
            for c in reversed(checkins.list_check_ins_for(client))],
    }
    return records, sheets


def build_export(actor, client: Client, *, now: datetime) -> bytes:
    """Return the client's whole record as ZIP bytes, audited as portal.export."""
    records, sheets = build_records(client, now=now)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("records.json", json.dumps(records, ensure_ascii=False, indent=2))
        # The same record in HL7 FHIR, for the software of the client's next clinician.
        archive.writestr("fhir-bundle.json", fhir_json(fhir_bundle_for(client, now=now)))
        for sheet in sheets:
            # PDFs are already compressed; stored as-is so the bytes match the sheet's SHA-256.
            archive.writestr(f"aftercare/{sheet.public_id}.pdf", sheet.pdf,
                             compress_type=zipfile.ZIP_STORED)
    audit.record(actor, "portal.export", object_type="client", object_id=client.id,
                 client=client, clinic_id=client.clinic_id)
    return buffer.getvalue()
