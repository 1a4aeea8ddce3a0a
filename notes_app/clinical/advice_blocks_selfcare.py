"""Home self-care advice: prevention by cause, stretches, self-massage, heat and ice.

advice_blocks puts these into BLOCKS in this order; texts are plain strings, the PDF escapes them.
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
    flag_set,
)

# Blood thinners, fragile bone or tissue, pregnancy and clot history: a ball pressed into the body
# by body weight is not something to do unsupervised (domain §6.5, §4.5).
_SM_BALL_SUPPRESSED = flag_set(
    "anticoagulant", "bleeding_disorder", "osteoporosis", "bone_metastases", "pregnancy",
    "high_risk_pregnancy", "dvt", "corticosteroid", "cancer",
)
# Neck stretches are skipped after a recent neck injury or with a stroke/TIA history (domain §6.3,
# §4.5: cervical arteries).
_NECK_STRETCH_SUPPRESSED = flag_set("recent_neck_injury", "stroke_history")

_HIP_REPLACEMENT_CAUTION = Caution(
    flag_set("joint_replacement"),
    "If you have had a hip or knee replacement, check with your surgeon or physiotherapist "
    "before doing this stretch.",
)

# --- Prevention by cause (domain §6.2) -----------------------------------------------------------
PREVENTION_BLOCKS: tuple[AdviceBlock, ...] = (
    AdviceBlock(
        id="POS",
        version=1,
        section=PREVENTION,
        title="Posture at your desk and on devices",
        bullets=(
            "Screen straight ahead, about an arm's length away, with the top line at or just "
            "below eye level (a bit lower if you wear varifocals). Set it side-on to windows to "
            "cut glare.",
            "Keyboard and mouse close to you, upper arms relaxed, elbows at about a right angle "
            "and wrists straight. If the desk or armrests lift your shoulders, lower them.",
            "A chair that supports your lower back, with your feet flat on the floor or a "
            "footrest.",
            "On a laptop for long spells, add a stand and a separate keyboard and mouse. Hold "
            "your phone up rather than looking down at it for long periods.",
            "Don't hold the phone between ear and shoulder: use a headset or the speaker.",
            "Driving: hands lower on the wheel, at about \u201c9 and 3\u201d, and change your "
            "grip on long journeys.",
        ),
        cause_tags=("POS",),
    ),
    AdviceBlock(
        id="OVR",
        version=1,
        section=PREVENTION,
        title="Repetitive work: pace yourself",
        bullets=(
            "Take short breaks often: 30 seconds to 2 minutes every 20 to 30 minutes of steady "
            "work, and a longer break to move about every 60 to 90 minutes.",
            "For screen work, try 20-20-20: every 20 minutes, look at something about 6 metres "
            "(20 feet) away for 20 seconds.",
            "Vary your tasks where you can, swap sides when carrying bags or children, warm up "
            "before sport and build up new training gradually.",
            "After a long spell of repetitive work, a couple of gentle stretches for the muscles "
            "you used can help you reset.",
        ),
        cause_tags=("OVR",),
    ),
    AdviceBlock(
        id="STR",
        version=1,
        section=PREVENTION,
        title="Stress and muscle tension",
        bullets=(
            "Several times a day, check for raised shoulders or a clenched jaw. Let your "
            "shoulders drop and rest your teeth slightly apart.",
            "Belly breathing: one hand on your chest, one on your belly. Breathe in slowly "
            "through your nose so the belly rises and the chest stays still, then out slowly "
            "through pursed lips. A few minutes once or twice a day, and whenever you feel "
            "tense.",
            "Regular movement, a steady sleep routine and time with people you like all tend to "
            "help. If stress or anxiety feels like too much, talk to your doctor or another "
            "health professional.",
        ),
        cause_tags=("STR",),
    ),
    AdviceBlock(
        id="INA",
        version=1,
        section=PREVENTION,
        title="Staying active",
        bullets=(
            "The World Health Organization suggests adults aim for 150 to 300 minutes a week of "
            "moderate activity, such as brisk walking (or 75 to 150 minutes of vigorous "
            "activity), plus muscle-strengthening on 2 or more days a week.",
            "Any activity is better than none. If that sounds like a lot, start with 5 to 10 "
            "minutes a day and build up.",
            "Break up long spells of sitting every 30 to 60 minutes: stand up, walk about or "
            "stretch.",
            "If you have a heart condition, are pregnant or have not been active for a long "
            "time, check with your doctor before starting vigorous exercise.",
        ),
        cause_tags=("INA",),
        cautions=(
            Caution(
                flag_set("pregnancy", "high_risk_pregnancy"),
                "As you are pregnant, check with your midwife or doctor before starting any new "
                "or more vigorous exercise.",
            ),
            Caution(
                flag_set("controlled_hypertension", "uncontrolled_hypertension", "acute_cardiac"),
                "Please check with your doctor before starting anything more vigorous than "
                "walking.",
            ),
        ),
    ),
    AdviceBlock(
        id="HYD",
        version=1,
        section=PREVENTION,
        title="Drinking enough",
        paragraphs=(
            "Staying hydrated is good for your general health. There is no good evidence that "
            "drinking extra water treats muscle knots.",
        ),
        bullets=(
            "Let thirst guide you and drink regularly through the day, a little more in hot "
            "weather or when you exercise.",
            "As a rough guide, US advice puts total water at about 3.7 litres a day for men and "
            "2.7 litres for women, counting all drinks and the water in food (about a fifth "
            "comes from food). These are not strict targets.",
            "If your doctor has asked you to limit fluids, for example for a heart or kidney "
            "condition, follow their advice.",
        ),
        cause_tags=("HYD",),
    ),
    AdviceBlock(
        id="SLP",
        version=1,
        section=PREVENTION,
        title="Sleep position and pillows",
        bullets=(
            "Back or side sleeping is usually easier on the neck than sleeping on your front, "
            "which keeps the neck twisted and the lower back arched.",
            "Your pillow should keep your head in line with your spine. On your back: a fairly "
            "low pillow and a pillow under your knees. On your side: a firmer, higher pillow "
            "that fills the gap between shoulder and head, and a pillow between your knees.",
            "Avoid sleeping with an arm above your head or your head turned hard to one side. "
            "Replace pillows once they have gone flat.",
        ),
        cause_tags=("SLP",),
    ),
    AdviceBlock(
        id="INJ",
        version=1,
        section=PREVENTION,
        title="Old injuries and scars",
        bullets=(
            "Your surgeon's or physiotherapist's instructions come first. Don't massage or "
            "stretch over a wound or incision that has not fully healed.",
            "Once your clinician is happy that a scar has healed, gentle movement and regular "
            "activity are usually encouraged. Build up gradually.",
            "Please tell us about any new injury or operation before your next session.",
        ),
        cause_tags=("INJ",),
    ),
)

# --- Stretches (domain §6.3) ---------------------------------------------------------------------
STRETCH_BLOCKS: tuple[AdviceBlock, ...] = (
    AdviceBlock(
        id="ST-RULES",
        version=1,
        section=STRETCH_RULES,
        title="Gentle stretches",
        paragraphs=("These stretches suit the muscles we worked on today.",),
        bullets=(
            "Move slowly into a mild, comfortable stretch: no bouncing, no pain, and keep "
            "breathing normally.",
            "Hold each stretch for 15 to 30 seconds and repeat 2 to 4 times on each side. Daily "
            "is ideal; 2 or 3 days a week can still help.",
            "Stop if you feel numbness, tingling, dizziness or sharp pain.",
            "Skip neck stretches that make you dizzy, or after a recent neck injury, unless your "
            "doctor or physiotherapist has cleared them.",
        ),
    ),
    AdviceBlock(
        id="ST-UT",
        version=1,
        section=STRETCH,
        title="Side of the neck",
        paragraphs=(
            "Sit tall, holding the chair seat with your right hand. Slowly tip your left ear "
            "towards your left shoulder until you feel a gentle stretch along the right side of "
            "your neck. Then swap sides.",
        ),
        cause_tags=("POS", "STR"),
        muscle_ids=("UT",),
        suppressed_by=_NECK_STRETCH_SUPPRESSED,
    ),
    AdviceBlock(
        id="ST-LS",
        version=1,
        section=STRETCH,
        title="Back of the neck",
        paragraphs=(
            "Sit tall, holding the chair seat with your right hand. Turn your head halfway to "
            "the left, then nod your chin towards your left armpit until you feel a stretch at "
            "the back of the neck on the right. Then swap sides.",
        ),
        cause_tags=("POS", "SLP", "STR"),
        muscle_ids=("LS",),
        suppressed_by=_NECK_STRETCH_SUPPRESSED,
    ),
    AdviceBlock(
        id="ST-PEC",
        version=1,
        section=STRETCH,
        title="Chest (doorway stretch)",
        paragraphs=(
            "Stand in a doorway and rest your forearms on the frame, elbows at or just below "
            "shoulder height. Step one foot forward until you feel a gentle stretch across the "
            "front of your chest. Stop if your hands tingle.",
        ),
        cause_tags=("POS",),
        muscle_ids=("PMJ", "PMN"),
    ),
    AdviceBlock(
        id="ST-CT",
        version=1,
        section=STRETCH,
        title="Chin tucks (base of the skull)",
        paragraphs=(
            "Sitting or lying down, slide your chin straight back, as if making a double chin, "
            "keeping your eyes level. Hold for 5 seconds and repeat 5 to 10 times.",
        ),
        cause_tags=("POS",),
        muscle_ids=("SOC", "SPC", "SPCV"),
        suppressed_by=_NECK_STRETCH_SUPPRESSED,
    ),
    AdviceBlock(
        id="ST-QL",
        version=1,
        section=STRETCH,
        title="Side bend (side of the trunk)",
        paragraphs=(
            "Stand tall, reach one arm up over your head and lean gently to the opposite side "
            "without twisting. Then swap sides.",
        ),
        cause_tags=("OVR", "INA"),
        muscle_ids=("QL", "ICL", "LGT"),
    ),
    AdviceBlock(
        id="ST-PIR",
        version=1,
        section=STRETCH,
        title="Buttock stretch",
        paragraphs=(
            "Lie on your back with both knees bent. Cross your right ankle over your left knee, "
            "then gently draw your left thigh towards your chest until you feel a stretch in "
            "your right buttock. Then swap sides.",
        ),
        cause_tags=("INA", "POS"),
        muscle_ids=("PIR", "GMX", "GMD", "GMN"),
        cautions=(
            Caution(
                flag_set("pregnancy", "high_risk_pregnancy"),
                "If lying on your back is uncomfortable during pregnancy, do this one sitting "
                "on a chair: cross one ankle over the other knee, sit tall and lean forward "
                "a little.",
            ),
            _HIP_REPLACEMENT_CAUTION,
        ),
    ),
    AdviceBlock(
        id="ST-HF",
        version=1,
        section=STRETCH,
        title="Front of the hip",
        paragraphs=(
            "Kneel on your right knee on something soft, with your left foot flat in front. "
            "Gently tuck your tailbone under, then shift your weight forward until you feel a "
            "stretch at the front of your right hip. Then swap sides.",
        ),
        cause_tags=("INA", "POS"),
        muscle_ids=("ILP",),
        cautions=(_HIP_REPLACEMENT_CAUTION,),
    ),
)

# --- Self-massage, heat and ice (domain §6.4, §6.5) ----------------------------------------------
SELF_CARE_BLOCKS: tuple[AdviceBlock, ...] = (
    AdviceBlock(
        id="SM-BALL",
        version=1,
        section=SELF_MASSAGE,
        title="Self-massage with a ball",
        bullets=(
            "Put a tennis ball between the tender spot and a wall (or the floor) and lean in "
            "until you feel a clear, comfortable pressure, about 5 out of 10 at most. You should "
            "be able to breathe easily, not wince.",
            "Hold still for 20 to 60 seconds, or until it eases, then move the ball a couple of "
            "centimetres. A few minutes per area is enough.",
            "Good places: between and over the shoulder blades (beside the spine, not on it) and "
            "the buttock and hip.",
            "Keep it away from the spine's bony bumps, the front and sides of the neck, armpits, "
            "groin, the back of the knee, just below the ribs beside the spine, bruises, "
            "varicose veins, irritated skin, recent operation sites and numb areas.",
            "Stop if you feel tingling, numbness, burning, or sharp or electric pain, or if the "
            "area is more painful the next day.",
        ),
        muscle_ids=(
            "UT", "MT", "LT", "RH", "SSP", "ISP", "TMI", "TMA", "SPS",
            "GMX", "GMD", "GMN", "PIR",
        ),
        suppressed_by=_SM_BALL_SUPPRESSED,
        cautions=(
            Caution(flag_set("varicose_veins"), "Keep the ball well away from any varicose veins."),
            Caution(
                flag_set("diabetic_neuropathy"),
                "Do not use the ball on any area where your feeling is reduced.",
            ),
            Caution(
                flag_set("fibromyalgia"),
                "Start with a soft ball, lighter pressure than you think you need and shorter "
                "holds.",
            ),
            Caution(
                flag_set("lymphoedema_risk"),
                "Do not use the ball on the side or limb at risk of lymphoedema unless your care "
                "team has said it is fine.",
            ),
            Caution(
                flag_set("recent_surgery", "recent_surgery_modify", "recent_fracture"),
                "Keep the ball well away from the area of your recent operation or fracture "
                "until your doctor says it has healed.",
            ),
            Caution(
                flag_set("skin_local"),
                "Keep the ball off any skin that is broken, irritated or healing.",
            ),
        ),
    ),
    AdviceBlock(
        id="HEAT-ICE",
        version=1,
        section=HEAT_ICE,
        title="Heat or ice?",
        bullets=(
            "Heat for everyday stiffness and tension: 15 to 20 minutes, with a cover between "
            "your skin and the heat. Never fall asleep on a heating pad, and don't use heat on a "
            "fresh injury or swelling.",
            "Cold for a new injury or swelling (roughly the first 2 to 3 days): 10 to 20 minutes "
            "with the pack wrapped in a cloth, never straight on the skin. Then let the skin "
            "warm up.",
            "Both give modest, short-term relief. Avoid both where feeling or circulation is "
            "reduced, unless your doctor advises otherwise.",
        ),
        cautions=(
            Caution(
                flag_set("diabetic_neuropathy"),
                "Where your nerves are affected you may not feel heat or cold properly. Do not "
                "use heat packs, hot-water bottles or ice on those areas, especially your feet, "
                "unless your doctor says it is safe.",
            ),
            Caution(
                flag_set("lymphoedema_risk"),
                "Avoid heat packs on the arm or leg at risk of lymphoedema, and ask your care "
                "team what they recommend for it.",
            ),
        ),
        always=True,  # on every sheet by default, but the therapist may switch it off
    ),
)
