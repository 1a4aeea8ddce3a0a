"""Issue 16, item 6: a pressure cap meant for one area is checked on that area's rows only.

The flags come from the real screening table (phrased as clients write), so a change to a rule's
sites or cap shows up here as well as in the clinical tests.
"""
from __future__ import annotations

from datetime import date

import pytest

from notes_app.clinical.contraindications import evaluate
from notes_app.clinical.safety import SafetyRules, row_warnings
from tests.fixtures.intake import minimal_intake
from tests.fixtures.sessions import full_note, put_draft

TODAY = date.today()


def hist(key: str, details: str = "") -> dict:
    return {"history": {key: {"present": True, "details": details}}}


def rules_for(intake: dict, cleared=()) -> SafetyRules:
    return SafetyRules.from_flags(evaluate({**minimal_intake(), **intake}, today=TODAY,
                                           cleared=cleared))


def row(area, side, technique="EFF", pressure=2):
    return {"muscle_id": area, "side": side, "technique": technique, "pressure": pressure}


OLD_CLOT = [hist("dvt_history", "DVT in 2015, not since"),
            hist("dvt_history", "clot in right leg years ago"),
            hist("dvt_history", "PE 2010 after surgery, no longer on warfarin")]
RA = [hist("arthritis", "rheumatoid arthritis"), hist("arthritis", "RA, on methotrexate")]
RECENT_CLOT = hist("dvt_history", "DVT in my left calf three weeks ago")

# (intake, cleared, row, the warning expected or None for a quiet row)
TABLE = [
    *[(i, (), row("SOL", "L", pressure=4), "Pressure P4 on Soleus (left) is above P2, the limit "
       "for that area: Blood clot in the past.") for i in OLD_CLOT],
    *[(i, (), row("HAM", "B", pressure=3), "above P2, the limit for that area") for i in OLD_CLOT],
    *[(i, (), row("SOL", "R", pressure=2), None) for i in OLD_CLOT],
    *[(i, (), row("UT", "R", pressure=5), None) for i in OLD_CLOT],  # not capped off the legs
    *[(i, (), row("QL", "B", "ISC", 4), None) for i in OLD_CLOT],  # deep work elsewhere is fine
    *[(i, (), row("SOL", "L", "ISC", 2), "Ischaemic compression is deep or point work on Soleus "
       "(left); gentle work is advised there for Blood clot in the past.") for i in OLD_CLOT],
    *[(i, (), row("SOC", "B", pressure=4), "above P3, the limit for that area: Rheumatoid "
       "arthritis") for i in RA],
    *[(i, (), row("SOC", "B", "PNF", 2), "is to be avoided on Suboccipitals (both sides): "
       "Rheumatoid arthritis") for i in RA],
    *[(i, (), row("HAM", "L", "PNF", 3), None) for i in RA],  # hamstring stretching is fine
    *[(i, (), row("QL", "B", pressure=5), None) for i in RA],
    (RECENT_CLOT, ("clot_recent",), row("SOL", "L", pressure=3), "above P2, the limit for that "
     "area: Recent blood clot or still on clot treatment (cleared)"),
    ({**hist("dvt_history", "DVT 2015, not since"), "medications": {"text": "Warfarin"}}, (),
     row("SOL", "L", pressure=4), "Pressure P4 is above P2, the limit for Blood thinners."),
    ({"injuries": [{"region": "neck_back", "kind": "whiplash",
                    "date": TODAY.replace(day=1).isoformat()}]}, (),
     row("SOC", "B", pressure=5), "above P3, the limit for that area"),
    ({"injuries": [{"region": "neck_back", "kind": "whiplash",
                    "date": TODAY.replace(day=1).isoformat()}]}, (),
     row("HAM", "B", pressure=5), None),
]


@pytest.mark.parametrize(("intake", "cleared", "r", "expected"), TABLE)
def test_area_caps_warn_on_their_area_only(intake, cleared, r, expected):
    warnings = row_warnings(r, rules_for(intake, cleared))
    if expected is None:
        assert warnings == []
    else:
        assert any(expected in w for w in warnings), warnings


def test_a_lower_whole_body_cap_warns_once_not_twice():
    rules = rules_for({**hist("dvt_history", "DVT 2015, not since"),
                       "medications": {"anticoagulant": True}})
    warnings = row_warnings(row("SOL", "L", pressure=4), rules)
    assert sum("is above P2" in w for w in warnings) == 1


def test_the_editor_rules_carry_area_caps_and_the_map_keeps_every_site():
    rules = rules_for(OLD_CLOT[0])
    data = rules.as_json()
    assert data["maxPressure"] == 5 and data["areaCaps"]["lower_leg_left"] == 2
    assert data["areaCapTitles"]["thigh_right"] == ["Blood clot in the past"]
    assert "lower_leg_left" not in data["sites"]  # rows are not "flagged" below the cap
    assert "lower_leg_left" in rules.sites  # the body map still hatches the legs
    assert rules.max_pressure_for("SOL", "L") == 2 and rules.max_pressure_for("UT", "R") == 5


def _leg_row(pressure, ack=False):
    return {"muscle_id": "SOL", "side": "L", "technique": "EFF", "pressure": pressure,
            "minutes": 5, "response": "reduced", "warning_ack": ack}


def test_an_over_cap_leg_row_is_refused_until_acknowledged_and_warns_in_the_editor(
        clinic, svc, login_as, intake_for, app):
    intake_for(clinic.t1, clinic.c1, **OLD_CLOT[0])
    note = svc.start(clinic.t1, clinic.c1)
    http = login_as(clinic.t1)
    upper = {"muscle_id": "UT", "side": "R", "technique": "EFF", "pressure": 5, "minutes": 5,
             "response": "reduced"}
    payload = full_note(techniques=[upper, _leg_row(4)])
    refused = put_draft(http, note.public_id, payload, note.version)
    assert refused.status_code == 422
    assert set(refused.json["errors"]) == {"techniques.1.warning_ack"}  # the upper back is free
    assert any("limit for that area: Blood clot in the past" in w
               for w in refused.json["warnings"]["techniques.1"])
    payload["techniques"][1]["warning_ack"] = True
    saved = put_draft(http, note.public_id, payload, note.version)
    assert saved.status_code == 200
    editor = http.get(f"/sessions/{note.public_id}").get_data(as_text=True)
    assert "Pressure P4 on Soleus (left) is above P2" in editor and '"areaCaps"' in editor


def test_signing_refuses_an_over_cap_row_left_unacknowledged(clinic, svc, intake_for, app):
    from notes_app.sessions import services
    from notes_app.sessions.validation import InvalidNote

    note = svc.start(clinic.t1, clinic.c1)
    svc.save(clinic.t1, note.public_id, full_note(techniques=[_leg_row(4)]))
    intake_for(clinic.t1, clinic.c1, **OLD_CLOT[1])  # the clot is reported after the save
    with app.app_context():
        with pytest.raises(InvalidNote) as caught:
            services.sign_session(svc.user(clinic.t1), svc.note(note.public_id),
                                  now=services.utcnow(), reauthenticated=True)
        assert "limit for that area" in caught.value.errors["techniques.0.warning_ack"]
