"""The aftercare advice library as data: every client-facing block of domain.md §6, our own words.

Texts are plain strings with no markup (the PDF escapes everything). Safety rules live here as data:
`suppressed_by` drops a block when any of those contraindication flag codes is active, and
`cautions` add a line to a block when any of their flag codes is active. The types live in
advice_blocks_schema and the home self-care texts in advice_blocks_selfcare; import from here.
"""
from __future__ import annotations

from notes_app.clinical.advice_blocks_schema import (
    AFTER_SESSION,
    CAUSE_TAGS,
    FLAG_CODES,
    HEAT_ICE,
    NEXT_VISIT,
    NOTICE,
    PREVENTION,
    RED_FLAGS,
    SELF_MASSAGE,
    STRETCH,
    STRETCH_RULES,
    THERAPIST_NOTE,
    WORKED_ON,
    AdviceBlock,
    BulletGroup,
    Caution,
    flag_set,
)
from notes_app.clinical.advice_blocks_selfcare import (
    PREVENTION_BLOCKS,
    SELF_CARE_BLOCKS,
    STRETCH_BLOCKS,
)

__all__ = [
    "ADVICE_LIBRARY_VERSION", "CAUSE_TAGS", "FLAG_CODES", "BLOCKS", "BLOCK_BY_ID", "AdviceBlock",
    "BulletGroup", "Caution", "AFTER_SESSION", "WORKED_ON", "PREVENTION", "STRETCH_RULES",
    "STRETCH", "SELF_MASSAGE", "HEAT_ICE", "THERAPIST_NOTE", "NEXT_VISIT", "RED_FLAGS", "NOTICE",
]

# Bump when any text or rule changes, here or in advice_blocks_selfcare; each block also carries
# its own version.
ADVICE_LIBRARY_VERSION = "2025.11-1"

# In sheet order: the session blocks, then home self-care, then the therapist's words and the
# blocks printed on every sheet.
BLOCKS: tuple[AdviceBlock, ...] = (
    AdviceBlock(
        id="AFTER-SESSION",
        version=1,
        section=AFTER_SESSION,
        title="After your session",
        bullets=(
            "Some soreness for a day or two is common after deep or trigger-point work, much like "
            "the ache after exercise. It usually peaks about a day later and settles within 1 to "
            "3 days.",
            "Keep moving gently today: a relaxed walk and your usual activities are fine. If the "
            "worked areas feel sore, leave hard training of those muscles for a day.",
            "Warmth often eases stiffness: a warm shower, or a wrapped heat pack for 15 to 20 "
            "minutes.",
            "Drink as you normally would. Water is pleasant afterwards, but nothing from the "
            "massage needs washing out.",
            "Bruising is not expected. Let us know if you notice any, especially if you take "
            "blood thinners.",
        ),
        cautions=(
            Caution(
                flag_set("analgesic_today"),
                "You took pain relief before today's session, so you may notice more soreness "
                "once it wears off. That is usually nothing to worry about.",
            ),
            Caution(
                flag_set("bp_medication", "controlled_hypertension"),
                "Some blood-pressure medicines can make you light-headed when you stand up. "
                "Get up slowly from lying or sitting for the rest of the day.",
            ),
            Caution(
                flag_set("insulin"),
                "Check your blood sugar as you normally would today and keep a snack handy.",
            ),
            Caution(
                flag_set("anticoagulant", "bleeding_disorder", "corticosteroid"),
                "Because you may bruise more easily, have a look at the worked areas tonight and "
                "tell us about any bruising.",
            ),
            Caution(
                flag_set("fibromyalgia"),
                "Soreness can last a little longer for people with fibromyalgia. Rest, warmth and "
                "gentle movement usually help. Tell us at your next visit so we can adjust the "
                "pressure.",
            ),
        ),
        always=True,
        mandatory=True,
    ),
    AdviceBlock(
        id="WHAT-WE-WORKED-ON",
        version=1,
        section=WORKED_ON,
        title="What we worked on today",
        paragraphs=(
            "A tender spot in one muscle can be felt as an ache somewhere else, so the areas we "
            "worked on are not always exactly where you feel your pain.",
        ),
        always=True,  # whenever the session has treated muscles
        dynamic=True,
    ),
    *PREVENTION_BLOCKS,
    *STRETCH_BLOCKS,
    *SELF_CARE_BLOCKS,
    # --- Therapist's own words (filled per session) -------------------------------------------
    AdviceBlock(
        id="THERAPIST-NOTE",
        version=1,
        section=THERAPIST_NOTE,
        title="A note from your therapist",
        dynamic=True,
    ),
    AdviceBlock(
        id="NEXT-VISIT",
        version=1,
        section=NEXT_VISIT,
        title="Your next visit",
        dynamic=True,
    ),
    # --- Always printed (domain §6.6 and the notice) ------------------------------------------
    AdviceBlock(
        id="RED-FLAGS",
        version=1,
        section=RED_FLAGS,
        title="Warning signs: when to get medical help",
        groups=(
            BulletGroup(
                "Call emergency services now if you have:",
                (
                    "Chest pain, pressure or squeezing, especially if it spreads to your arm, "
                    "neck, jaw or back, or comes with breathlessness, a cold sweat, nausea or "
                    "light-headedness.",
                    "Sudden breathlessness, chest pain that is worse when you breathe in, or "
                    "coughing up blood.",
                    "Sudden face drooping, arm weakness, slurred speech, loss of balance, or "
                    "sudden loss of vision or double vision; or a sudden, severe headache unlike "
                    "any you have had before.",
                    "New loss of bladder or bowel control, numbness around the groin and inner "
                    "thighs, or leg weakness that is quickly getting worse.",
                ),
            ),
            BulletGroup(
                "See a doctor today if you have:",
                (
                    "Swelling, warmth, redness or pain in one calf or leg.",
                    "Back or neck pain with a fever or chills, or after a fall or accident.",
                    "Dark, cola-coloured urine with severe muscle pain or weakness after hard "
                    "exercise or bodywork (rare, but it needs checking).",
                ),
            ),
            BulletGroup(
                "See your doctor soon if you have:",
                (
                    "Soreness that is getting worse after 2 to 3 days, or has not eased after "
                    "about 3 days.",
                    "Bruising that is large, painful or unexplained.",
                    "Numbness, tingling or weakness that does not go away.",
                    "Pain together with weight loss you cannot explain, pain at night or at rest, "
                    "or new pain if you have had cancer.",
                ),
            ),
        ),
        always=True,
        mandatory=True,
    ),
    AdviceBlock(
        id="NOTICE",
        version=1,
        section=NOTICE,
        title="Please note",
        paragraphs=(
            "This sheet is general information, not medical advice. It does not replace advice "
            "from your doctor or other health professional. Stop any exercise that causes sharp "
            "pain, numbness, tingling or dizziness. See the warning signs box.",
        ),
        always=True,
        mandatory=True,
    ),
)

BLOCK_BY_ID: dict[str, AdviceBlock] = {b.id: b for b in BLOCKS}
