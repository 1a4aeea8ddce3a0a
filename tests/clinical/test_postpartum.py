"""Issue 16, item 3: the weeks since a birth and a caesarean feed the clot and abdomen rules.

The answer is given on the signing day; the rules count the weeks on to the session's day.
"""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from notes_app.clinical.advice import FULL, select_blocks
from notes_app.clinical.contraindications import LOCAL, MODIFY, evaluate
from notes_app.clinical.safety import SafetyRules, row_warnings

TODAY = date(2026, 12, 1)
LEGS = {"thigh_left", "thigh_right", "knee_left", "knee_right", "lower_leg_left",
        "lower_leg_right"}
POSTPARTUM_CODES = {"postpartum", "postpartum_late", "caesarean"}


def birth(since, caesarean=False, signed_days_ago=0, **extra) -> dict:
    return {"pregnancy": {"pregnant": False, "weeks": None, "high_risk": False,
                          "weeks_since_birth": since, "caesarean": caesarean, **extra},
            "consent": {"signed_on": (TODAY - timedelta(days=signed_days_ago)).isoformat()}}


def codes(intake) -> dict[str, str]:
    return {f.code: f.cls for f in evaluate(intake, today=TODAY)
            if f.code in POSTPARTUM_CODES}


# (intake, the postpartum-family codes expected with their class)
TABLE = [
    (birth(0), {"postpartum": MODIFY}),
    (birth(2), {"postpartum": MODIFY}),
    (birth(5), {"postpartum": MODIFY}),
    (birth(6), {"postpartum_late": MODIFY}),
    (birth(11), {"postpartum_late": MODIFY}),
    (birth(12), {}),
    (birth(40), {}),
    (birth(None), {}),
    (birth(3, caesarean=True), {"postpartum": MODIFY, "caesarean": LOCAL}),
    (birth(9, caesarean=True), {"postpartum_late": MODIFY, "caesarean": LOCAL}),
    (birth(14, caesarean=True), {}),
    # Answered 4 weeks after the birth, signed 3 weeks ago: 7 weeks today.
    (birth(4, signed_days_ago=21), {"postpartum_late": MODIFY}),
    (birth(4, caesarean=True, signed_days_ago=70), {}),
    # An older yes/no answer still counts as a recent birth.
    ({"pregnancy": {"postpartum": True}}, {"postpartum": MODIFY}),
    # A caesarean ticked with no weeks is not placed in time: no caesarean flag.
    ({"pregnancy": {"caesarean": True}}, {}),
    # Pregnant again after a recent birth: both families apply.
    (birth(8, pregnant=True, weeks=2), {"postpartum_late": MODIFY}),
]


@pytest.mark.parametrize(("intake", "expected"), TABLE)
def test_postpartum_rules_follow_the_weeks_since_birth(intake, expected):
    assert codes(intake) == expected


def test_the_early_weeks_cap_the_legs_only_and_the_caesarean_keeps_off_the_abdomen():
    flags = {f.code: f for f in evaluate(birth(3, caesarean=True), today=TODAY)}
    early = flags["postpartum"]
    assert early.max_pressure == 2 and early.local_cap and set(early.sites) == LEGS
    assert flags["caesarean"].sites == ("abdomen",)
    assert flags["caesarean"].cls == LOCAL
    rules = SafetyRules.from_flags(list(flags.values()))
    calf = {"muscle_id": "SOL", "side": "L", "technique": "EFF", "pressure": 3}
    assert any("above P2, the limit for that area" in w for w in row_warnings(calf, rules))
    belly = {"muscle_id": "abdomen", "side": "B", "technique": "EFF", "pressure": 1}
    assert any("flagged area: Caesarean birth" in w for w in row_warnings(belly, rules))
    back = {"muscle_id": "QL", "side": "B", "technique": "ISC", "pressure": 4}
    assert row_warnings(back, rules) == []


def test_the_late_weeks_allow_moderate_leg_work():
    rules = SafetyRules.from_flags(evaluate(birth(8), today=TODAY))
    calf = {"muscle_id": "SOL", "side": "L", "technique": "EFF", "pressure": 3}
    assert row_warnings(calf, rules) == []
    calf["pressure"] = 4
    assert any("above P3" in w for w in row_warnings(calf, rules))


@pytest.mark.parametrize("code", ["postpartum", "postpartum_late"])
def test_the_ball_is_kept_off_the_sheet_after_a_birth(code):
    chosen = select_blocks(cause_scores={"INA": 0.9},
                           treated=[{"muscle_id": "GMX", "side": "R", "technique": "ISC",
                                     "pressure": 3}], flag_codes={code}, length=FULL)
    assert ("SM-BALL", code) in chosen.suppressed
