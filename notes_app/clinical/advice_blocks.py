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
    Swap,
    flag_set,
)
from notes_app.clinical.advice_blocks_selfcare import (
    PREVENTION_BLOCKS,
    SELF_CARE_BLOCKS,
    STRETCH_BLOCKS,
    provenance,
)

__all__ = [
    "ADVICE_LIBRARY_VERSION", "CAUSE_TAGS", "FLAG_CODES", "BLOCKS", "BLOCK_BY_ID", "AdviceBlock",
    "BulletGroup", "Caution", "Swap", "AFTER_SESSION", "WORKED_ON", "PREVENTION", "STRETCH_RULES",
    "STRETCH", "SELF_MASSAGE", "HEAT_ICE", "THERAPIST_NOTE", "NEXT_VISIT", "RED_FLAGS", "NOTICE",
]

# Bump when any text or rule changes, here or in advice_blocks_selfcare; each block also carries
# its own version.
ADVICE_LIBRARY_VERSION = "2026.12-2"

# The bruising line changes when today's techniques were ones that leave marks.
_BRUISING = "Bruising is not expected. Tell us if you see any."

# In sheet order: the session blocks, then home self-care, then the therapist's words and the
# blocks printed on every sheet.
BLOCKS: tuple[AdviceBlock, ...] = (
    AdviceBlock(
        id="AFTER-SESSION", version=2, section=AFTER_SESSION, title="After your session",
        bullets=(
            "Some soreness for a day or two is common. It should fade within 3 days.",
            "Keep moving gently today. A walk is good.",
            "Drink as usual. There is nothing to wash out.",
            _BRUISING,
        ),
        swaps=(
            Swap(flag_set("marks_techniques"), _BRUISING,
                 "We used cups or tools today. They can leave round marks or small bruises. "
                 "These fade within two weeks. Tell us if one is large or painful."),
        ),
        cautions=(
            Caution(flag_set("analgesic_today"),
                    "You took pain relief before your visit. You may feel more sore later."),
            Caution(flag_set("bp_medication", "controlled_hypertension"),
                    "Blood-pressure pills can make you dizzy. Stand up slowly today."),
            Caution(flag_set("insulin"),
                    "Check your blood sugar as usual today. Keep a snack close by."),
            Caution(flag_set("anticoagulant", "bleeding_disorder", "corticosteroid"),
                    "You may bruise more easily. Look at the worked areas tonight. Tell us "
                    "about any bruises."),
            Caution(flag_set("fibromyalgia"),
                    "Soreness may last a bit longer with fibromyalgia. Rest and gentle "
                    "movement help. Tell us next time, so we can adjust."),
            Caution(flag_set("clot_history", "clot_recent", "postpartum", "postpartum_late",
                             "recent_surgery_modify"),
                    "Check your calves each day. See the warning signs for a swollen leg."),
        ),
        always=True, mandatory=True,
        **provenance("CAMBRON", "WATER-MYTH", "DOMAIN6: §6.1", "CUP-PT"),
    ),
    AdviceBlock(
        id="WHAT-WE-WORKED-ON", version=2, section=WORKED_ON, title="What we worked on today",
        paragraphs=(
            "A tight spot in one muscle can cause pain somewhere else. So we may work away "
            "from where it hurts.",
        ),
        always=True,  # whenever the session has treated muscles
        dynamic=True, **provenance("DOMAIN6: §0 referred pain ([ICS])"),
    ),
    *PREVENTION_BLOCKS,
    *STRETCH_BLOCKS,
    *SELF_CARE_BLOCKS,
    # --- Therapist's own words (filled per session) -------------------------------------------
    AdviceBlock(
        id="THERAPIST-NOTE", version=1, section=THERAPIST_NOTE, title="A note from your therapist",
        dynamic=True, **provenance("DOMAIN6: the therapist's own words"),
    ),
    AdviceBlock(
        id="NEXT-VISIT", version=1, section=NEXT_VISIT, title="Your next visit", dynamic=True,
        **provenance("DOMAIN6: the therapist's plan"),
    ),
    # --- Always printed (domain §6.6 and the notice) ------------------------------------------
    # {emergency} and {advice} are the clinic's country numbers, filled in by select_blocks.
    AdviceBlock(
        id="RED-FLAGS", version=2, section=RED_FLAGS, title="Warning signs: get help",
        groups=(
            BulletGroup(
                "Call {emergency} now if you have:",
                (
                    "Chest pain, or sudden trouble breathing.",
                    "Coughing up blood.",
                    "A drooping face, a weak arm, or slurred speech.",
                    "A sudden, very bad headache.",
                    "Swollen lips, tongue or throat.",
                    "Loss of bladder or bowel control.",
                ),
                conditional=(
                    (flag_set("neck_work"),
                     "After neck work: dizziness, double vision, or trouble speaking."),
                ),
            ),
            BulletGroup(
                "See a doctor today, or call {advice}, if you have:",
                (
                    "One calf or leg that is swollen, warm, red or painful.",
                    "Hot, red, swollen skin where we worked, or a fever.",
                    "An itchy rash where oil was used.",
                    "Trouble passing urine, or dark brown urine.",
                ),
            ),
            BulletGroup(
                "See your doctor soon if you have:",
                (
                    "Soreness that gets worse after 3 days, or big bruises.",
                    "Numbness or weakness that does not go away.",
                ),
            ),
        ),
        always=True, mandatory=True,
        **provenance("RED", "AHA", "BEFAST", "NG158: recommendation 1.1.1", "CG134", "NG141",
                     "IFOMPT: signs of cervical arterial dysfunction"),
    ),
    AdviceBlock(
        id="NOTICE", version=2, section=NOTICE, title="Please note",
        paragraphs=(
            "This sheet is general information, not medical advice. It does not replace your "
            "doctor. Stop any exercise that causes pain, numbness or dizziness. See the "
            "warning signs box.",
        ),
        always=True, mandatory=True, **provenance("DOMAIN6: the required notice"),
    ),
)

BLOCK_BY_ID: dict[str, AdviceBlock] = {b.id: b for b in BLOCKS}
