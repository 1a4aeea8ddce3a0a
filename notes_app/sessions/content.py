"""A note's content as plain JSON-ready dicts: for hashing, comparing and conflict answers."""
from __future__ import annotations

import hashlib
import json
from datetime import date

from notes_app.sessions.markers import continued_content, marker_content
from notes_app.sessions.models import TechniqueRow, TreatmentSession
from notes_app.sessions.validation import LONG_TEXT, RANGES, SHORT_TEXT

ROW_FIELDS = ("muscle_id", "side", "technique", "pressure", "client_intensity", "minutes",
              "hold_seconds", "reps", "response", "warning_ack")
SCALAR_FIELDS = (*LONG_TEXT, *SHORT_TEXT, *RANGES)


def row_content(row: TechniqueRow | dict) -> dict:
    """Return a technique row's editable fields."""
    get = row.get if isinstance(row, dict) else lambda k, d=None: getattr(row, k, d)
    return {k: get(k) for k in ROW_FIELDS}


def copy_marks(ts: TreatmentSession) -> dict:
    """Return the rows still proposed from the last visit and each row's untouched doses."""
    proposals, prefilled = [], {}
    for mark in ts.copied_fields or []:
        parts = mark.split(".")
        if parts[0] != "techniques" or len(parts) < 2 or not parts[1].isdigit():
            continue
        if len(parts) == 2:
            proposals.append(int(parts[1]))
        else:
            prefilled.setdefault(int(parts[1]), []).append(parts[2])
    return {"proposals": proposals, "prefilled": prefilled}


def jsonable(content: dict) -> dict:
    """Return content with dates as ISO strings, ready for JSON columns and responses."""
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in content.items()}


def note_content(ts: TreatmentSession) -> dict:
    """Return everything the therapist edits on a note, in the autosave payload's shape."""
    content = {k: getattr(ts, k) for k in SCALAR_FIELDS}
    content.update(
        session_date=ts.session_date.isoformat(), positions=list(ts.positions or []),
        rom=[dict(r) for r in ts.rom or []],
        techniques=[row_content(r) for r in ts.technique_rows],
        markers=[marker_content(m) for m in ts.markers], continued=continued_content(ts),
    )
    return content


def canonical_record(ts: TreatmentSession) -> dict:
    """Return every clinical fact a signature covers: content, rows, provenance, signer."""
    record = note_content(ts)
    record["techniques"] = [{**row_content(r), "warning_text": r.warning_text}
                            for r in ts.technique_rows]
    # The picture is drawn from these facts, so the signature covers every one of them.
    record["markers"] = [{**marker_content(m), "continuation": m.continuation,
                          "warning_text": m.warning_text, "position": m.position}
                         for m in ts.markers]
    record.update(
        public_id=ts.public_id, client_id=ts.client_id, therapist_id=ts.therapist_id,
        clinic_id=ts.clinic_id, visit_number=ts.visit_number, copied_from_id=ts.copied_from_id,
        copied_fields=sorted(ts.copied_fields or []), defer_override_id=ts.defer_override_id,
        signed_by_id=ts.signed_by_id,
        signed_at=ts.signed_at.isoformat() if ts.signed_at else None,
    )
    return record


def sha256_json(data) -> str:
    """Return the SHA-256 hex digest of data as canonical JSON (sorted keys, no spaces)."""
    blob = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)
    # surrogatepass: a note stored with a lone surrogate (before #13) still hashes; valid text
    # gives the same bytes as before.
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()
