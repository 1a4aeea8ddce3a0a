"""Home self-care advice: prevention by cause, stretches, self-massage, heat and cold.

advice_blocks puts these into BLOCKS in this order; texts are plain strings, the PDF escapes them.
Every sentence stays within 15 words and every block at reading grade 6 or below (tested).
"""
from __future__ import annotations

from notes_app.clinical.advice_blocks_schema import (
    HEAT_ICE,
    PREVENTION,
    SELF_MASSAGE,
    STRETCH,
    STRETCH_RULES,
    AdviceBlock,
    Caution,
    Swap,
    flag_set,
)
from notes_app.clinical.rule_types import REVIEWED_BY, REVIEWED_ON, cite


def provenance(*sources: str) -> dict[str, str]:
    """Return the source and review fields for a block citing sources (rule_types keys)."""
    return {"source": cite(*sources), "reviewed_by": REVIEWED_BY, "reviewed_on": REVIEWED_ON}


CLOT_CODES = flag_set("dvt", "clot_recent", "clot_history", "leg_swelling", "phlebitis")
# Blood thinners, fragile bone or tissue, pregnancy, the weeks after birth and clot history: a ball
# pressed into the body by body weight is not something to do unsupervised (domain §6.5, §4.5).
_SM_BALL_SUPPRESSED = flag_set(
    "anticoagulant", "bleeding_disorder", "osteoporosis", "bone_metastases", "pregnancy",
    "high_risk_pregnancy", "corticosteroid", "cancer", "postpartum", "postpartum_late",
) | CLOT_CODES
# Neck stretches: skipped after a recent neck injury or operation, with a stroke/TIA history
# (cervical arteries), and where bone or the upper neck may be fragile (issue 16, item 7).
_NECK_STRETCH_SUPPRESSED = flag_set(
    "recent_neck_injury", "stroke_history", "bone_metastases", "osteoporosis",
    "rheumatoid_arthritis", "ra_flare", "recent_surgery", "concussion")
# Hip and leg stretches: not with a clot history (issue 16, item 1).
_LEG_STRETCH_SUPPRESSED = CLOT_CODES
NECK_REGIONS = ("neck_front", "neck_back")
HIP_REGIONS = ("hip_left", "hip_right", "buttock_left", "buttock_right", "thigh_left",
               "thigh_right")

_HIP_REPLACEMENT_CAUTION = Caution(
    flag_set("joint_replacement"),
    "Had a hip or knee replaced? Ask your surgeon or physio before this stretch.",
)

# --- Prevention by cause (domain §6.2) -----------------------------------------------------------
PREVENTION_BLOCKS: tuple[AdviceBlock, ...] = (
    AdviceBlock(
        id="POS", version=2, section=PREVENTION, title="Posture at your desk",
        bullets=(
            "Set the top of your screen at or just below eye level.",
            "Keep the keyboard close, with relaxed shoulders and straight wrists.",
            "Use a headset. Don't hold the phone with your shoulder.",
        ),
        cause_tags=("POS",), **provenance("ERGO"),
    ),
    AdviceBlock(
        id="OVR", version=2, section=PREVENTION, title="Pace repeated work",
        bullets=(
            "Every 20 to 30 minutes, take a short break.",
            "Every hour or so, get up and move about.",
            "Swap sides when you carry bags. Build up new training slowly.",
        ),
        cause_tags=("OVR",), **provenance("DOMAIN6: §6.2 OVR ([BIOIN-BRK], [SAFEAT])"),
    ),
    AdviceBlock(
        id="STR", version=2, section=PREVENTION, title="Stress and tight muscles",
        bullets=(
            "A few times a day, drop your shoulders and unclench your jaw.",
            "Breathe in slowly so your belly rises. Breathe out slowly. Do this for a few minutes.",
            "If stress feels like too much, talk to your doctor.",
        ),
        cause_tags=("STR",), **provenance("BREATH"),
    ),
    AdviceBlock(
        id="INA", version=2, section=PREVENTION, title="Stay active",
        bullets=(
            "Aim for 150 minutes a week of brisk walking, plus muscle work twice a week.",
            "Any movement helps. Start with 5 or 10 minutes a day.",
            "When you sit a lot, stand up and move every 30 to 60 minutes.",
        ),
        cause_tags=("INA",),
        cautions=(
            Caution(
                flag_set("pregnancy", "high_risk_pregnancy", "pregnancy_first_trimester",
                         "pregnancy_late", "postpartum", "postpartum_late", "caesarean"),
                "Check with your midwife or doctor before you start new exercise.",
            ),
            Caution(
                flag_set("controlled_hypertension", "uncontrolled_hypertension", "heart_disease"),
                "Ask your doctor before you do more than walking.",
            ),
        ),
        **provenance("WHO2020"),
    ),
    AdviceBlock(
        id="HYD", version=2, section=PREVENTION, title="Drink enough",
        bullets=(
            "Water is good for your health, but it does not treat knots.",
            "Drink when you are thirsty, and a little more when it is hot.",
            "{water_guide}",
        ),
        swaps=(
            Swap(flag_set("heart_disease", "kidney_liver"), "{water_guide}",
                 "Your doctor may want you to limit drinks. Follow their advice."),
        ),
        cause_tags=("HYD",),
        **provenance("WATER-MYTH", "IOM-WATER", "EFSA-WATER", "NHMRC-WATER", "NHS-WATER"),
    ),
    AdviceBlock(
        id="SLP", version=2, section=PREVENTION, title="Sleep and pillows",
        bullets=(
            "Sleep on your back or side. Sleeping on your front twists the neck.",
            "Your pillow should keep your head in line with your spine.",
            "Get a new pillow when it goes flat.",
        ),
        cause_tags=("SLP",), **provenance("SPINE-H"),
    ),
    AdviceBlock(
        id="INJ", version=2, section=PREVENTION, title="Old injuries and scars",
        bullets=(
            "Follow your surgeon's or physio's advice first.",
            "Do not rub or stretch a wound that has not healed.",
            "Tell us about any new injury or operation before your next visit.",
        ),
        cause_tags=("INJ",), **provenance("DOMAIN6: §6.2 INJ"),
    ),
)

# --- Stretches (domain §6.3) ---------------------------------------------------------------------
STRETCH_BLOCKS: tuple[AdviceBlock, ...] = (
    AdviceBlock(
        id="ST-RULES", version=2, section=STRETCH_RULES, title="Gentle stretches",
        bullets=(
            "Move slowly into a mild stretch. No pain, no bouncing.",
            "Hold 15 to 30 seconds, 2 to 4 times. Stop if you feel numb or dizzy.",
        ),
        **provenance("ACSM"),
    ),
    AdviceBlock(
        id="ST-UT", version=2, section=STRETCH, title="Side of the neck",
        paragraphs=(
            "Sit tall and hold the chair seat with your right hand. Slowly tip your left ear "
            "to your left shoulder. Then swap sides.",
        ),
        cause_tags=("POS", "STR"), muscle_ids=("UT",), regions=NECK_REGIONS,
        suppressed_by=_NECK_STRETCH_SUPPRESSED, **provenance("ACSM", "DOMAIN6: §6.3 ST-UT"),
    ),
    AdviceBlock(
        id="ST-LS", version=2, section=STRETCH, title="Back of the neck",
        paragraphs=(
            "Sit tall and hold the chair seat with your right hand. Turn your head halfway "
            "left. Nod your chin to your left armpit. Then swap sides.",
        ),
        cause_tags=("POS", "SLP", "STR"), muscle_ids=("LS",), regions=NECK_REGIONS,
        suppressed_by=_NECK_STRETCH_SUPPRESSED, **provenance("ACSM", "DOMAIN6: §6.3 ST-LS"),
    ),
    AdviceBlock(
        id="ST-PEC", version=2, section=STRETCH, title="Chest stretch in a doorway",
        paragraphs=(
            "Stand in a doorway with your forearms on the frame at shoulder height. Step one "
            "foot forward until your chest feels a stretch. Stop if your hands tingle.",
        ),
        cause_tags=("POS",), muscle_ids=("PMJ", "PMN"), regions=("chest",),
        **provenance("ACSM", "DOMAIN6: §6.3 ST-PEC"),
    ),
    AdviceBlock(
        id="ST-CT", version=2, section=STRETCH, title="Chin tucks",
        paragraphs=(
            "Sit tall. Slide your chin straight back, as if making a double chin. Hold for 5 "
            "seconds. Do this 5 to 10 times.",
        ),
        cause_tags=("POS",), muscle_ids=("SOC", "SPC", "SPCV", "SSCP"), regions=NECK_REGIONS,
        suppressed_by=_NECK_STRETCH_SUPPRESSED, **provenance("DOMAIN6: §6.3 ST-CT"),
    ),
    AdviceBlock(
        id="ST-QL", version=2, section=STRETCH, title="Side bend",
        paragraphs=(
            "Stand tall. Reach one arm up over your head. Lean gently to the other side "
            "without twisting. Then swap sides.",
        ),
        cause_tags=("OVR", "INA"), muscle_ids=("QL", "ICL", "LGT"),
        regions=("lower_back", "mid_back"), **provenance("ACSM", "DOMAIN6: §6.3 ST-QL"),
    ),
    AdviceBlock(
        id="ST-PIR", version=2, section=STRETCH, title="Buttock stretch",
        paragraphs=(
            "Lie on your back with knees bent. Cross your right ankle over your left knee. "
            "Gently pull your left thigh to your chest. Then swap sides.",
        ),
        cause_tags=("INA", "POS"), muscle_ids=("PIR", "GMX", "GMD", "GMN", "TFL"),
        regions=HIP_REGIONS, suppressed_by=_LEG_STRETCH_SUPPRESSED,
        cautions=(
            Caution(
                flag_set("pregnancy", "high_risk_pregnancy", "pregnancy_late"),
                "Pregnant? Do this one sitting on a chair instead. Cross one ankle over the "
                "other knee and lean forward a little.",
            ),
            _HIP_REPLACEMENT_CAUTION,
        ),
        **provenance("ACSM", "DOMAIN6: §6.3 ST-PIR"),
    ),
    AdviceBlock(
        id="ST-HF", version=2, section=STRETCH, title="Front of the hip",
        paragraphs=(
            "Kneel on your right knee on something soft, left foot in front. Tuck your "
            "tailbone under and shift forward. Feel it at the front of the right hip. Then "
            "swap sides.",
        ),
        cause_tags=("INA", "POS"), muscle_ids=("ILP",), regions=HIP_REGIONS,
        suppressed_by=_LEG_STRETCH_SUPPRESSED, cautions=(_HIP_REPLACEMENT_CAUTION,),
        **provenance("ACSM", "DOMAIN6: §6.3 ST-HF"),
    ),
    AdviceBlock(
        id="ST-HAM", version=1, section=STRETCH, title="Back of the thigh",
        paragraphs=(
            "Sit on the edge of a chair with one leg straight, heel down. Keep your back "
            "straight and lean forward from the hips. Then swap sides.",
        ),
        cause_tags=("INA", "OVR"), muscle_ids=("HAM",), regions=("thigh_left", "thigh_right"),
        suppressed_by=_LEG_STRETCH_SUPPRESSED, cautions=(_HIP_REPLACEMENT_CAUTION,),
        **provenance("ACSM"),
    ),
    AdviceBlock(
        id="ST-CALF", version=1, section=STRETCH, title="Calf stretch",
        paragraphs=(
            "Face a wall with your hands on it. Step one foot back, heel down. Bend both knees "
            "a little to feel it low in the calf. Then swap sides.",
        ),
        cause_tags=("INA", "OVR"), muscle_ids=("SOL",),
        regions=("lower_leg_left", "lower_leg_right"), suppressed_by=_LEG_STRETCH_SUPPRESSED,
        **provenance("ACSM"),
    ),
)

# --- Self-massage, heat and cold (domain §6.4, §6.5) ---------------------------------------------
SELF_CARE_BLOCKS: tuple[AdviceBlock, ...] = (
    AdviceBlock(
        id="SM-BALL", version=2, section=SELF_MASSAGE, title="Self-massage with a ball",
        bullets=(
            "Put a tennis ball between the sore spot and a wall.",
            "Lean in until you feel a firm, comfortable pressure. It should not make you wince.",
            "Hold still for 20 to 60 seconds. Then move the ball a little.",
            "Good places are the shoulder blades and the buttocks.",
            "Keep it off the spine, neck, armpits, groin and the back of the knee.",
            "Keep it off bruises, veins, sore skin, scars and numb areas.",
            "Stop if you feel tingling, numbness, burning or sharp pain.",
        ),
        muscle_ids=(
            "UT", "MT", "LT", "RH", "SSP", "ISP", "TMI", "TMA", "SPS",
            "GMX", "GMD", "GMN", "PIR",
        ),
        suppressed_by=_SM_BALL_SUPPRESSED,
        cautions=(
            Caution(flag_set("varicose_veins"), "Keep the ball well away from varicose veins."),
            Caution(flag_set("diabetic_neuropathy", "numbness"),
                    "Do not use the ball where your feeling is reduced."),
            Caution(flag_set("fibromyalgia"),
                    "Start with a soft ball, light pressure and short holds."),
            Caution(flag_set("lymphoedema_risk"),
                    "Keep the ball off the side at risk of swelling. Ask your care team first."),
            Caution(flag_set("recent_surgery", "recent_surgery_modify", "recent_fracture"),
                    "Keep the ball away from your recent operation or break until it has "
                    "healed."),
            Caution(flag_set("skin_local"), "Keep the ball off skin that is broken or sore."),
            Caution(flag_set("implanted_device"),
                    "Never press the ball over your implanted device or its wires."),
        ),
        **provenance("BALL", "ABMP-END"),
    ),
    AdviceBlock(
        id="HEAT", version=1, section=HEAT_ICE, title="Warmth for stiff muscles",
        bullets=(
            "A warm shower or a wrapped heat pack can ease stiffness. Never sleep on a heat pad.",
            "No heat on a new injury or a swollen area.",
        ),
        suppressed_by=flag_set("acute_injury", "acute_inflammation", "diabetic_neuropathy",
                               "numbness", "lymphoedema_risk", "dvt"),
        cautions=(
            Caution(flag_set("implanted_device"),
                    "Keep heat away from the skin over your implanted device."),
            Caution(flag_set("varicose_veins"), "Keep heat off your varicose veins."),
            Caution(flag_set("pregnancy", "pregnancy_first_trimester", "pregnancy_late",
                             "high_risk_pregnancy"),
                    "Keep heat packs off your belly while you are pregnant."),
        ),
        always=True,  # on every sheet unless a flag drops it; the therapist may switch it off
        **provenance("HEAT", "DOMAIN6: §6.4"),
    ),
    AdviceBlock(
        id="COLD", version=1, section=HEAT_ICE, title="Cold for a new injury",
        bullets=(
            "For the first 2 to 3 days, cold can ease a new injury or swelling.",
            "Wrap the ice pack in a cloth. Never put ice straight on the skin.",
            "Use it for 10 to 20 minutes. Then let the skin warm up.",
        ),
        suppressed_by=flag_set("diabetic_neuropathy", "numbness"),
        **provenance("HEAT", "DOMAIN6: §6.4"),
    ),
)
