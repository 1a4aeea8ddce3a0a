"""Gather one client's signed record for the FHIR export in a fixed number of queries.

Drafts are never read. Notes entered in error are read for their date and reason only, so the
bundle can mark them without carrying what may describe someone else.
"""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload, undefer

from notes_app import audit
from notes_app.aftercare.models import IssuedSheet
from notes_app.auth.models import Clinic, User
from notes_app.clients.models import Client
from notes_app.clinical.fhir import build_bundle
from notes_app.clinical.intake_schema import CONSENT_TEXT_VERSION, DEFAULT_INTENSITY_CEILING
from notes_app.extensions import db
from notes_app.intake.form_page import consent_texts
from notes_app.intake.models import IntakeVersion
from notes_app.intake.services import consent_language_of
from notes_app.sessions.marker_models import Knot
from notes_app.sessions.models import ENTERED_IN_ERROR, SIGNED, TreatmentSession
from notes_app.sessions.validation import LONG_TEXT, SHORT_TEXT

ROW_KEYS = ("muscle_id", "side", "technique", "pressure", "client_intensity", "minutes",
            "hold_seconds", "reps", "response")
MARKER_KEYS = ("muscle_id", "side", "kind", "tenderness", "referral_reproduced",
               "referral_zone_ids", "after_status", "note")


def _visits(client: Client) -> list[TreatmentSession]:
    return list(db.session.scalars(
        select(TreatmentSession)
        .where(TreatmentSession.client_id == client.id,
               TreatmentSession.status.in_((SIGNED, ENTERED_IN_ERROR)))
        .order_by(TreatmentSession.session_date, TreatmentSession.id)
        .options(selectinload(TreatmentSession.technique_rows),
                 selectinload(TreatmentSession.markers),
                 selectinload(TreatmentSession.addenda))))


def _visit(ts: TreatmentSession, users: dict, knots: dict) -> dict:
    out = {"id": ts.public_id, "status": ts.status, "date": ts.session_date,
           "practitioner_id": users.get(ts.therapist_id)}
    if ts.status == ENTERED_IN_ERROR:
        out.update(entered_in_error_at=ts.entered_in_error_at,
                   entered_in_error_reason=ts.entered_in_error_reason)
        return out
    out.update(
        visit_number=ts.visit_number, duration_minutes=ts.duration_minutes,
        signed_by_id=users.get(ts.signed_by_id), signed_at=ts.signed_at,
        content_hash=ts.content_hash, pain_before=ts.pain_before, pain_after=ts.pain_after,
        pgic=ts.pgic, rom=[dict(r) for r in ts.rom or []],
        soap={k: getattr(ts, k) for k in (*LONG_TEXT, *SHORT_TEXT)},
        techniques=[{k: getattr(r, k) for k in ROW_KEYS} for r in ts.technique_rows],
        markers=[{**{k: getattr(m, k) for k in MARKER_KEYS}, "knot_id": knots[m.knot_id]}
                 for m in ts.markers],
        addenda=[{"id": a.public_id, "kind": a.kind, "reason": a.reason, "text": a.text,
                  "author_id": users.get(a.author_id), "created_at": a.created_at}
                 for a in ts.addenda])
    return out


def _consent_read(version: IntakeVersion) -> dict | None:
    """Return the consent texts as the client read them, when not in English (else None)."""
    language = consent_language_of(version)
    if language == "en" or version.consent_version != CONSENT_TEXT_VERSION:
        return None
    ceiling = (version.data.get("consent") or {}).get("intensity_ceiling")
    if not isinstance(ceiling, int) or isinstance(ceiling, bool):
        ceiling = DEFAULT_INTENSITY_CEILING
    return {"language": language, "texts": consent_texts(ceiling, language)}


def fhir_record_for(client: Client, *, now: datetime) -> dict:
    """Return the plain data clinical.fhir.build_bundle takes, for one client."""
    clinic = db.session.get(Clinic, client.clinic_id)
    visits = _visits(client)
    intakes = list(db.session.scalars(select(IntakeVersion).where(
        IntakeVersion.client_id == client.id).order_by(IntakeVersion.version)))
    sheets = list(db.session.scalars(
        select(IssuedSheet).where(IssuedSheet.client_id == client.id)
        .order_by(IssuedSheet.issued_at, IssuedSheet.id).options(undefer(IssuedSheet.pdf))))
    knot_rows = list(db.session.scalars(select(Knot).where(Knot.client_id == client.id)))
    signed = [ts for ts in visits if ts.status == SIGNED]
    user_ids = {ts.therapist_id for ts in visits} | {ts.signed_by_id for ts in signed}
    user_ids |= {a.author_id for ts in signed for a in ts.addenda}
    user_ids |= {s.issued_by_id for s in sheets}
    user_ids |= {i.created_by_id for i in intakes if i.source != "client"}
    user_ids.discard(None)
    people = db.session.execute(select(User.id, User.public_id, User.full_name).where(
        User.id.in_(user_ids))).all() if user_ids else []
    users = {row.id: row.public_id for row in people}
    knots = {k.id: k.public_id for k in knot_rows}
    dates = {ts.id: ts.session_date for ts in signed}
    first_seen: dict[int, object] = {}
    for ts in signed:
        for m in ts.markers:
            first_seen.setdefault(m.knot_id, ts.session_date)
    session_ids = {ts.id: ts.public_id for ts in visits}
    return {
        "generated_at": now,
        "clinic": {"id": clinic.public_id, "name": clinic.name, "address": clinic.address,
                   "phone": clinic.phone},
        "client": {k: getattr(client, k) for k in (
            "first_name", "last_name", "preferred_name", "date_of_birth", "phone", "email",
            "address", "emergency_name", "emergency_relationship", "emergency_phone")}
        | {"id": client.public_id},
        "practitioners": [{"id": row.public_id, "name": row.full_name} for row in people],
        "intakes": [{"id": i.public_id, "version": i.version, "created_at": i.created_at,
                     "signed_on": i.signed_on, "signed_name": i.signed_name,
                     "guardian_name": i.guardian_name,
                     "guardian_relationship": i.guardian_relationship,
                     "consent_version": i.consent_version, "source": i.source,
                     "created_by_id": users.get(i.created_by_id), "data": i.data,
                     "signature": i.signature, "consent_read": _consent_read(i)}
                    for i in intakes],
        "visits": [_visit(ts, users, knots) for ts in visits],
        "knots": [{"id": k.public_id, "muscle_id": k.muscle_id, "side": k.side,
                   "status": k.status, "first_seen": first_seen.get(k.id),
                   "resolved_on": dates.get(k.resolved_session_id)} for k in knot_rows],
        "sheets": [{"id": s.public_id, "visit_id": session_ids.get(s.session_id),
                    "issued_at": s.issued_at, "issued_by_id": users.get(s.issued_by_id),
                    "paper": s.paper, "sha256": s.sha256, "pdf": s.pdf,
                    "sections": [b.get("title") for b in (s.snapshot or {}).get("blocks") or []
                                 if isinstance(b, dict) and b.get("title")]} for s in sheets],
    }


def fhir_bundle_for(client: Client, *, now: datetime) -> dict:
    """Return the client's record as a FHIR R4B Bundle dict."""
    return build_bundle(fhir_record_for(client, now=now))


def fhir_json(bundle: dict) -> bytes:
    """Return the bundle as UTF-8 JSON bytes (letters beyond ASCII kept as they are)."""
    return json.dumps(bundle, ensure_ascii=False, indent=2).encode("utf-8")


def export_fhir(actor, client: Client, *, now: datetime) -> bytes:
    """Return the client's FHIR bundle as JSON bytes, audited as records.fhir_export."""
    data = fhir_json(fhir_bundle_for(client, now=now))
    audit.record(actor, "records.fhir_export", object_type="client", object_id=client.id,
                 client=client, clinic_id=client.clinic_id)
    return data


def fhir_filename(client: Client) -> str:
    """Return the download's name: the opaque client id, never the name (R-P3)."""
    return f"knotwork-fhir-{client.public_id}.json"
