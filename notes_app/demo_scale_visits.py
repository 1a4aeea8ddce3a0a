"""The scale clinic's visits: a 12-visit course per intake shape, replayed per client in rows.

Notes, rows and markers come from `flask demo seed`'s generators within each intake's flags;
the signature hash is computed on the rows (see _content_hash).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace

from notes_app.clinical import contraindications
from notes_app.clinical.contraindications import DEFER
from notes_app.clinical.safety import SafetyRules, row_warnings
from notes_app.dbtypes import new_public_id
from notes_app.intake.demo import profiles, signature_for
from notes_app.portal.models import CheckIn
from notes_app.sessions.content import SCALAR_FIELDS, row_content, sha256_json
from notes_app.sessions.demo import ROWS, _note
from notes_app.sessions.demo_markers import knots_for, map_payload
from notes_app.sessions.marker_models import ACTIVE, RESOLVED, Knot, Marker
from notes_app.sessions.markers import FIELDS as MARKER_FIELDS
from notes_app.sessions.models import (
    ENTERED_IN_ERROR,
    SIGNED,
    Addendum,
    TechniqueRow,
    TreatmentSession,
)
from notes_app.sessions.signing import addendum_hash


@dataclass
class Template:
    """One intake shape with its signature and the safety rules it implies."""

    data: dict
    signature: str
    rules: SafetyRules
    pool: list = field(default_factory=list)
    complaint_name: str = ""


def templates_for(today: date) -> list[Template]:
    pools = list(ROWS.items())
    out = []
    for i, ((first, _last), versions) in enumerate(sorted(profiles(today).items())):
        data = versions[-1][1]
        flags = contraindications.evaluate(
            {k: v for k, v in data.items() if k != "history_today"}, today=today)
        if any(f.cls == DEFER for f in flags):
            continue  # a "do not treat" intake would have no visits to show
        name, pool = pools[i % len(pools)]
        out.append(Template(data, signature_for(first), SafetyRules.from_flags(flags), pool, name))
    return out


def _script(template: Template, plateau: bool) -> list[tuple[dict, list, list, dict]]:
    """Return a 12-visit course (note, rows with warnings, markers, decisions) for a template.

    Knot ids are placeholders ("k0".."k3") that each client's course replaces with its own;
    the flag and marker geometry checks run once per template instead of once per visit.
    """
    key = (id(template), plateau)
    if key in _SCRIPTS:
        return _SCRIPTS[key]
    knots = knots_for(template.pool)
    for i, knot in enumerate(knots):
        knot["knot_id"] = f"k{i}"
    course = []
    for visit in range(CYCLE):
        note = _note(template.complaint_name, visit, CYCLE, template.rules, plateau)
        note.update(map_payload(knots, visit, template.rules, note["techniques"]))
        rows = [{**r, "warning_text": " ".join(row_warnings(r, template.rules))}
                for r in note.pop("techniques")]
        course.append((note, rows, note.pop("markers"), note.pop("continued")))
    _SCRIPTS[key] = course
    return course


_SCRIPTS: dict = {}
CYCLE = 12


def queue_visits(client: dict, template: Template, ctx, total: int, first_day: date) -> None:
    """Queue one client's signed visits: note, technique rows, markers, knots and the hash."""
    rng, ids = ctx.rng, ctx.ids
    therapist = ctx.therapists[client["id"] % len(ctx.therapists)]
    course = _script(template, plateau=client["id"] % 3 == 0)
    knot_rows: dict[str, dict] = {}
    step = max(7, min(30, (ctx.today - first_day).days // max(total, 1)))
    previous_id, names = None, {}
    for visit in range(total):
        if visit % CYCLE == 0:  # a new course of treatment finds new knots
            names = {f"k{i}": new_public_id() for i in range(4)}
        note, rows, markers, continued = course[visit % CYCLE]
        continued = {names[k]: v for k, v in continued.items()}
        day = min(first_day + timedelta(days=step * visit + rng.randint(0, 3)),
                  ctx.today - timedelta(days=2))
        signed_at = datetime.combine(day, time(17, 30), tzinfo=UTC)
        ts_id = ids.take(TreatmentSession.__table__)
        ts = {"id": ts_id, "public_id": new_public_id(), "client_id": client["id"],
              "therapist_id": therapist.id, "clinic_id": client["clinic_id"], "session_date": day,
              "status": SIGNED, "visit_number": visit + 1, "rom": [], "pgic": None,
              "copied_from_id": previous_id, "copied_fields": [], "version": 3,
              "idempotency_key": f"scale-{ts_id}", "defer_override_id": None,
              "signed_at": signed_at, "signed_by_id": therapist.id, "reauth_event_id": None,
              "entered_in_error_reason": "", "entered_in_error_at": None,
              "entered_in_error_by_id": None, "created_at": signed_at - timedelta(hours=1),
              "updated_at": signed_at, **note}
        row_dicts = [{"id": ids.take(TechniqueRow.__table__), "session_id": ts_id, "position": i,
                      **r} for i, r in enumerate(rows)]
        marker_dicts, resolved = [], []
        for i, m in enumerate(markers):
            public = names[m["knot_id"]]
            knot = knot_rows.get(public)
            if knot is None:
                knot = knot_rows[public] = {
                    "id": ids.take(Knot.__table__), "public_id": public,
                    "client_id": client["id"], "muscle_id": m["muscle_id"], "side": m["side"],
                    "first_seen_session_id": ts_id, "resolved_session_id": None,
                    "status": ACTIVE, "created_at": signed_at}
            marker_dicts.append({**m, "id": ids.take(Marker.__table__), "session_id": ts_id,
                                 "knot_id": knot["id"], "knot_public_id": public, "position": i,
                                 "warning_text": "", "continuation": continued.get(public, "")})
        for public, decision in continued.items():
            if decision == "resolved" and public in knot_rows:
                knot_rows[public].update(status=RESOLVED, resolved_session_id=ts_id)
                resolved.append(public)
        ts["content_hash"] = _content_hash(ts, row_dicts, marker_dicts, resolved)
        ctx.pending.append((ts, row_dicts, marker_dicts))
        previous_id = ts_id
    ctx.pending_knots.extend(knot_rows.values())


def _content_hash(ts: dict, rows: list, markers: list, resolved: list) -> str:
    """Return the signature hash of a note held as plain rows.

    Mirrors sessions.content.canonical_record for speed (no ORM objects); the scale tests run
    verify_signed_sessions() over a built clinic, so a drift between the two fails loudly.
    """
    record = {k: ts[k] for k in SCALAR_FIELDS}
    continued = {m["knot_public_id"]: m["continuation"] for m in markers if m["continuation"]}
    continued.update({k: "resolved" for k in resolved})
    record.update(
        session_date=ts["session_date"].isoformat(), positions=list(ts["positions"] or []),
        rom=[dict(r) for r in ts["rom"] or []],
        techniques=[{**row_content(r), "warning_text": r["warning_text"]} for r in rows],
        markers=[{**{k: m[k] for k in MARKER_FIELDS if k != "knot_id"},
                  "knot_id": m["knot_public_id"],
                  "referral_zone_ids": list(m["referral_zone_ids"] or []),
                  "continuation": m["continuation"], "warning_text": m["warning_text"],
                  "position": m["position"]} for m in markers],
        continued=continued, public_id=ts["public_id"], client_id=ts["client_id"],
        therapist_id=ts["therapist_id"], clinic_id=ts["clinic_id"],
        visit_number=ts["visit_number"], copied_from_id=ts["copied_from_id"],
        copied_fields=sorted(ts["copied_fields"] or []),
        defer_override_id=ts["defer_override_id"], signed_by_id=ts["signed_by_id"],
        signed_at=ts["signed_at"].isoformat())
    return sha256_json(record)


def write_pending(ctx, client: dict, portal_client: bool) -> None:
    rng, ids, out = ctx.rng, ctx.ids, ctx.out
    for ts, rows, _markers in ctx.pending:
        if rng.random() < 0.003 and ts["visit_number"] > 1 and not portal_client:
            ts.update(status=ENTERED_IN_ERROR, entered_in_error_reason="Written under the wrong "
                      "client; see the note of the same day.",
                      entered_in_error_at=ts["signed_at"] + timedelta(hours=2),
                      entered_in_error_by_id=ts["therapist_id"], version=4)
        out.add(TreatmentSession.__table__, ts)
        for row in rows:
            out.add(TechniqueRow.__table__, row)
        if rng.random() < 0.01:
            addendum = {"id": ids.take(Addendum.__table__), "public_id": new_public_id(),
                        "session_id": ts["id"], "author_id": ts["therapist_id"],
                        "created_at": ts["signed_at"] + timedelta(days=1), "kind": "late_entry",
                        "reason": "Client phoned the next day.",
                        "text": "Soreness settled overnight; no bruising."}
            addendum["content_hash"] = addendum_hash(SimpleNamespace(**addendum),
                                                     ts["content_hash"])
            out.add(Addendum.__table__, addendum)
        if ts["status"] == SIGNED and (portal_client or rng.random() < 0.05):
            out.add(CheckIn.__table__, {
                "id": ids.take(CheckIn.__table__), "public_id": new_public_id(),
                "client_id": client["id"], "session_id": ts["id"],
                "created_at": ts["signed_at"] + timedelta(days=1),
                "soreness": rng.randint(0, 6), "pain": max(0, (ts["pain_after"] or 3) - 1),
                "advice_followed": [], "points": [], "note": ""})
    for knot in ctx.pending_knots:
        out.add(Knot.__table__, knot)
    for _ts, _rows, markers in ctx.pending:
        for marker in markers:
            out.add(Marker.__table__, {k: v for k, v in marker.items() if k != "knot_public_id"})
    ctx.pending.clear()
    ctx.pending_knots.clear()
