"""Demo body-map markers: knots that persist across a client's visits, ease and resolve.

Drawn from the muscles each demo client is treated for; places the intake says to avoid are
left out, and a remaining warning is acknowledged, as the technique rows are.
"""
from __future__ import annotations

from notes_app.clinical.muscles import MUSCLE_BY_ID, marker_position
from notes_app.clinical.safety import SafetyRules
from notes_app.dbtypes import new_public_id
from notes_app.sessions.markers import marker_warnings

KINDS_BY_TURN = ("active", "active", "latent", "taut_band")


def knots_for(rows: list[tuple]) -> list[dict]:
    """Return up to four knots (muscle, side, start tenderness, id) from a client's row pool."""
    out, seen = [], set()
    for area, side, *_ in rows:
        side = "R" if side == "B" else side
        if area in MUSCLE_BY_ID and (area, side) not in seen and len(out) < 4:
            seen.add((area, side))
            out.append({"muscle_id": area, "side": side, "start": 8 - len(out),
                        "kind": KINDS_BY_TURN[len(out)], "knot_id": new_public_id(),
                        "resolve_at": 2 + 2 * len(out), "nudge": 0.0})
    return out


def _marker(knot: dict, visit: int, rules: SafetyRules, techniques: list[dict]) -> dict | None:
    x, y = marker_position(knot["muscle_id"], knot["side"])
    muscle = MUSCLE_BY_ID[knot["muscle_id"]]
    tenderness = max(1, knot["start"] - visit - (1 if visit > 2 else 0))
    marker = {
        "knot_id": knot["knot_id"], "view": muscle.view, "x": round(x + knot["nudge"], 4),
        "y": round(y + 0.004 * (visit % 2), 4), "muscle_id": muscle.id, "side": knot["side"],
        "kind": knot["kind"] if tenderness > 3 else "latent", "tenderness": tenderness,
        "referral_reproduced": visit == 0 and knot["kind"] == "active",
        "referral_zone_ids": list(muscle.zone_ids("essential")[:2])
        if visit == 0 and knot["kind"] == "active" else [],
        "after_status": "released" if tenderness <= 4 else "reduced", "note": "",
        "warning_ack": False,
    }
    warnings = marker_warnings(marker, rules, techniques)
    if any("avoid" in w for w in warnings):
        return None  # never mark work on a site the intake says to avoid
    marker["warning_ack"] = bool(warnings)
    return marker


def map_payload(knots: list[dict], visit: int, rules: SafetyRules,
                techniques: list[dict]) -> dict:
    """Return the visit's "markers" and "continued": still, one move, resolutions."""
    markers, continued = [], {}
    for knot in knots:
        if knot.get("resolved") or not knot.get("seen") and visit > 0:
            continue
        if visit >= knot["resolve_at"]:
            continued[knot["knot_id"]] = "resolved"
            knot["resolved"] = True
            continue
        if visit == 3 and knot is knots[0]:
            knot["nudge"] = 0.012  # the therapist found it a finger-width further out
        marker = _marker(knot, visit, rules, techniques)
        if marker is None:
            continue
        if visit > 0:
            continued[knot["knot_id"]] = "moved" if visit == 3 and knot is knots[0] else "still"
        knot["seen"] = True
        markers.append(marker)
    return {"markers": markers, "continued": continued}
