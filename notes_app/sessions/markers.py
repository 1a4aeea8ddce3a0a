"""Body-map markers of a note: validation, saving through the draft, knots and their history.

Markers ride in the autosave payload ("markers", "continued"), so they share the note's version,
conflicts and signature. Nothing here commits.
"""
from __future__ import annotations

import math
import re

from sqlalchemy import select

from notes_app.clinical.bodymap import (
    AFTER_STATUSES,
    KINDS,
    REFERRAL_ZONES,
    endangerment_sites_at,
    regions_at,
)
from notes_app.clinical.muscles import MUSCLE_BY_ID, VIEWS
from notes_app.clinical.safety import _SITE_LABELS, SafetyRules
from notes_app.clinical.techniques import DEEP_CODES
from notes_app.extensions import db
from notes_app.formtools import has_control
from notes_app.sessions.marker_models import (
    ACTIVE,
    CONTINUATION_WORDS,
    CONTINUATIONS,
    RESOLVED,
    Knot,
    Marker,
)
from notes_app.sessions.models import SIGNED, TreatmentSession
from notes_app.sessions.validation import InvalidNote

MAX_MARKERS, NOTE_MAX = 200, 500
KIND_CODES = frozenset(k for k, _ in KINDS)
STATUS_CODES = frozenset(s for s, _ in AFTER_STATUSES)
MARKER_SIDES = frozenset(("L", "R", "M"))
DECISIONS = frozenset((*CONTINUATIONS, "resolved"))
# Knot ids are made by the editor for new knots, so a retried save never doubles a knot.
KNOT_ID = re.compile(r"^[A-Za-z0-9_-]{16,32}$")
FIELDS = ("knot_id", "view", "x", "y", "muscle_id", "side", "kind", "tenderness",
          "referral_reproduced", "referral_zone_ids", "after_status", "note", "warning_ack")


def _coord(value, path: str, errors: dict) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not math.isfinite(value) or not 0 <= value <= 1:
        errors[path] = "Place the marker on the map (coordinates 0 to 1)."
        return None
    return round(float(value), 4)


def _clean_one(raw: dict, path: str, errors: dict) -> dict:
    start = len(errors)
    out = {"knot_id": raw.get("knot_id"), "view": raw.get("view"),
           "muscle_id": raw.get("muscle_id") or None, "side": raw.get("side"),
           "kind": raw.get("kind"), "after_status": raw.get("after_status") or None,
           "referral_reproduced": raw.get("referral_reproduced") is True,
           "warning_ack": raw.get("warning_ack") is True}
    if not isinstance(out["knot_id"], str) or not KNOT_ID.match(out["knot_id"]):
        errors[f"{path}.knot_id"] = "The marker has no valid knot id; reload the page."
    if out["view"] not in VIEWS:
        errors[f"{path}.view"] = "Pick the front or back view."
    out["x"] = _coord(raw.get("x"), f"{path}.x", errors)
    out["y"] = _coord(raw.get("y"), f"{path}.y", errors)
    if out["muscle_id"] is not None and out["muscle_id"] not in MUSCLE_BY_ID:
        errors[f"{path}.muscle_id"] = "Pick a muscle from the list."
    if out["side"] not in MARKER_SIDES:
        errors[f"{path}.side"] = "Pick left, right or midline."
    if out["kind"] not in KIND_CODES:
        errors[f"{path}.kind"] = "Pick what you found (active point, taut band, ...)."
    if out["after_status"] is not None and out["after_status"] not in STATUS_CODES:
        errors[f"{path}.after_status"] = "Pick released, reduced or unchanged."
    tenderness = raw.get("tenderness")
    if tenderness in (None, ""):
        out["tenderness"] = None
    elif isinstance(tenderness, int) and not isinstance(tenderness, bool) \
            and 0 <= tenderness <= 10:
        out["tenderness"] = tenderness
    else:
        errors[f"{path}.tenderness"] = "Tenderness is 0 to 10."
    zones = raw.get("referral_zone_ids") or []
    if not isinstance(zones, list) or any(z not in REFERRAL_ZONES for z in zones) \
            or len(zones) > 40:
        errors[f"{path}.referral_zone_ids"] = "Pick referral zones from the list."
        zones = []
    out["referral_zone_ids"] = list(dict.fromkeys(zones))
    note = raw.get("note") or ""
    if not isinstance(note, str) or len(note) > NOTE_MAX or has_control(note):
        errors[f"{path}.note"] = f"Keep the marker note under {NOTE_MAX} characters."
        note = ""
    out["note"] = note.strip()
    return out if len(errors) == start else {}


def clean_markers(raw_markers, raw_continued) -> tuple[list[dict], dict[str, str]]:
    """Return validated markers and ghost decisions (shape only, no database).

    :raises InvalidNote: naming every bad field (markers.3.x, continued, ...).
    """
    errors: dict[str, str] = {}
    if not isinstance(raw_markers, list) or not all(isinstance(m, dict) for m in raw_markers):
        raise InvalidNote({"markers": "Send the markers as a list."})
    if len(raw_markers) > MAX_MARKERS:
        raise InvalidNote({"markers": f"At most {MAX_MARKERS} markers on one note."})
    continued = raw_continued if raw_continued is not None else {}
    if not isinstance(continued, dict) or any(
            not isinstance(k, str) or not KNOT_ID.match(k) or v not in DECISIONS
            for k, v in continued.items()):
        errors["continued"] = "Say still there, better, moved or gone for each earlier knot."
        continued = {}
    markers = [_clean_one(raw, f"markers.{i}", errors) for i, raw in enumerate(raw_markers)]
    knots = [m["knot_id"] for m in markers if m]
    if len(set(knots)) != len(knots):
        errors["markers"] = "A knot can be marked only once per note."
    for knot, decision in continued.items():
        if (decision == "resolved") == (knot in knots):
            errors["continued"] = "A resolved knot has no marker; a continued one has one."
    if errors:
        raise InvalidNote(errors)
    return markers, dict(continued)


def _own_knots(ts: TreatmentSession, ids) -> dict[str, Knot]:
    return {k.public_id: k for k in db.session.scalars(
        select(Knot).where(Knot.public_id.in_(list(ids))))} if ids else {}


def check_knots(ts: TreatmentSession, markers: list[dict], continued: dict) -> dict[str, Knot]:
    """Return the existing knots the payload names; other clients' knots are refused.

    :raises InvalidNote: a knot of another client, or a decision on a knot never seen.
    """
    known = _own_knots(ts, {m["knot_id"] for m in markers} | set(continued))
    errors = {}
    for i, m in enumerate(markers):
        knot = known.get(m["knot_id"])
        if knot is not None and knot.client_id != ts.client_id:
            errors[f"markers.{i}.knot_id"] = "That knot belongs to another client."
    for knot_id in continued:
        knot = known.get(knot_id)
        if knot is None or knot.client_id != ts.client_id or knot.first_seen_session_id == ts.id:
            errors["continued"] = "Only knots from this client's earlier visits continue."
    if errors:
        raise InvalidNote(errors)
    return known


def _deep_here(marker: dict, techniques: list[dict], regions: set[str]) -> list[str]:
    return [t["technique"] for t in techniques if t.get("technique") in DEEP_CODES and (
        (marker["muscle_id"] and t.get("muscle_id") == marker["muscle_id"]
         and t.get("side") in (marker["side"], "B")) or t.get("muscle_id") in regions)]


def marker_warnings(marker: dict, rules: SafetyRules, techniques: list[dict]) -> list[str]:
    """Return warnings for deep work planned where the marker sits on a LOCAL or danger site."""
    regions = set(regions_at(marker["view"], marker["x"], marker["y"]))
    deep = _deep_here(marker, techniques, regions)
    if not deep:
        return []
    out = []
    flagged = [t for r in sorted(regions) for t in rules.sites.get(r, ())]
    if flagged:
        out.append(f"Deep work ({', '.join(sorted(set(deep)))}) is planned in an area the "
                   f"intake says to avoid: {'; '.join(dict.fromkeys(flagged))}.")
    sites = endangerment_sites_at(marker["view"], marker["x"], marker["y"])
    if sites:
        labels = ", ".join(_SITE_LABELS.get(s, s) for s in sites)
        out.append(f"Deep work is planned on an endangerment site ({labels}): broad, light "
                   f"pressure only.")
    return out


def check_marker_warnings(markers: list[dict], rules: SafetyRules,
                          techniques: list[dict]) -> list[list[str]]:
    """Return each marker's warnings; raises InvalidNote while any is unacknowledged."""
    found = [marker_warnings(m, rules, techniques) for m in markers]
    errors = {f"markers.{i}.warning_ack": "Acknowledge: " + " ".join(w)
              for i, (m, w) in enumerate(zip(markers, found, strict=True))
              if w and not m["warning_ack"]}
    if errors:
        raise InvalidNote(errors, {k.rsplit(".", 1)[0]: found[int(k.split(".")[1])]
                                   for k in errors})
    return found


def _build(ts, markers, continued, warnings, known, kept) -> None:
    for i, (m, w) in enumerate(zip(markers, warnings, strict=True)):
        knot = known.get(m["knot_id"])
        if knot is None:
            knot = Knot(public_id=m["knot_id"], client_id=ts.client_id,
                        first_seen_session_id=ts.id, muscle_id=m["muscle_id"],
                        side=m["side"])
            db.session.add(knot)
        elif knot.first_seen_session_id == ts.id:
            knot.muscle_id, knot.side = m["muscle_id"], m["side"]
        fields = {k: v for k, v in m.items() if k != "knot_id"}
        kept.append(Marker(position=i, knot=knot, warning_text=" ".join(w),
                           continuation=continued.get(m["knot_id"], ""), **fields))


def apply_markers(ts: TreatmentSession, markers: list[dict], continued: dict,
                  warnings: list[list[str]], known: dict[str, Knot]) -> None:
    """Replace the draft's markers, creating knots for new ones and settling ghost decisions."""
    kept = []
    # No autoflush while half-built markers hang off their knots (SQLAlchemy would warn).
    with db.session.no_autoflush:
        _build(ts, markers, continued, warnings, known, kept)
        ts.markers = kept
    for knot_id, decision in continued.items():
        if decision == "resolved":
            known[knot_id].status, known[knot_id].resolved_session_id = RESOLVED, ts.id
    db.session.flush()
    # Undo decisions taken back in this draft, and drop knots whose only marker was removed.
    for knot in db.session.scalars(select(Knot).where(Knot.resolved_session_id == ts.id)):
        if continued.get(knot.public_id) != "resolved":
            knot.status, knot.resolved_session_id = ACTIVE, None
    for knot in db.session.scalars(select(Knot).where(Knot.first_seen_session_id == ts.id)):
        if not knot.markers:
            db.session.delete(knot)
    db.session.flush()


def marker_content(m: Marker) -> dict:
    """Return a marker's editable fields in the autosave payload's shape."""
    out = {k: getattr(m, k) for k in FIELDS if k != "knot_id"}
    out["knot_id"] = m.knot.public_id
    out["referral_zone_ids"] = list(m.referral_zone_ids or [])
    return out


def continued_content(ts: TreatmentSession) -> dict[str, str]:
    """Return the note's ghost decisions: continued knots and knots it resolved."""
    out = {m.knot.public_id: m.continuation for m in ts.markers if m.continuation}
    if ts.id is not None:
        out.update({k.public_id: "resolved" for k in db.session.scalars(
            select(Knot).where(Knot.resolved_session_id == ts.id))})
    return out


def _label(m: Marker) -> str:
    return str(m.position + 1)


def markers_for(ts: TreatmentSession) -> list[dict]:
    """Return the note's markers as plain dicts for drawing (web, PDF, portal)."""
    return [{"view": m.view, "x": m.x, "y": m.y, "side": m.side, "muscle_id": m.muscle_id,
             "kind": m.kind, "tenderness": m.tenderness, "status": m.after_status,
             "label": _label(m)} for m in ts.markers]


def previous_signed(ts: TreatmentSession) -> TreatmentSession | None:
    """Return the client's latest signed note before this one."""
    return db.session.scalar(
        select(TreatmentSession).where(TreatmentSession.client_id == ts.client_id,
                                       TreatmentSession.status == SIGNED,
                                       TreatmentSession.id != ts.id)
        .order_by(TreatmentSession.session_date.desc(), TreatmentSession.id.desc()).limit(1))


# "Not given": ghosts_for looks the previous signed note up itself (None means there is none).
LOOK_UP = object()


def ghosts_for(ts: TreatmentSession, prev=LOOK_UP) -> list[dict]:
    """Return the previous signed note's markers whose knots are still open (the ghost layer)."""
    # prev: the caller's previous_signed(ts), when it has already loaded it.
    prev = previous_signed(ts) if prev is LOOK_UP else prev
    if prev is None:
        return []
    return [{**marker_content(m), "date": prev.session_date.isoformat()} for m in prev.markers
            if m.knot.status == ACTIVE or m.knot.resolved_session_id == ts.id]


def marker_title(m: Marker) -> str:
    """Return a marker's one-line text: number, muscle and side, finding, scores."""
    muscle = MUSCLE_BY_ID.get(m.muscle_id or "")
    side = {"L": "left", "R": "right", "M": "midline"}.get(m.side, "")
    parts = [f"{m.position + 1}. {muscle.name if muscle else 'Unnamed finding'}, {side}",
             dict(KINDS).get(m.kind, m.kind).lower()]
    if m.tenderness is not None:
        parts.append(f"tenderness {m.tenderness}/10")
    if m.after_status:
        parts.append(f"after: {m.after_status}")
    return " · ".join(parts)


def continuation_text(m: Marker) -> str:
    """Return how a marker continues last visit's knot ("better than last visit"), or ""."""
    words = CONTINUATION_WORDS.get(m.continuation or "")
    return f"{words} last visit" if words else ""
