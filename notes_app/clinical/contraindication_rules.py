"""The screening table (domain §4.5 and issue 16): one Rule per finding, with class, why and source.

Hard stops need a doctor today and have no override. needs_clearance DEFERs wait for a recorded
clinician's clearance and then become the MODIFY written beside them. Other DEFERs keep the
audited override. A cap with local_cap holds at the flag's sites only.
"""
from __future__ import annotations

from notes_app.clinical import rule_checks as rc
from notes_app.clinical.rule_checks import ACUTE_DAYS, HEAD_NECK, LEGS, NECK, RECENT_DAYS
from notes_app.clinical.rule_types import DEFER, LOCAL, MODIFY, Rule, cite

# Cupping, IASTM, friction and sustained point work are what bruise a fragile or bleeding client.
BRUISING = ("CUP", "IAS", "ISC", "STP", "XFF")
DEEP_POINT = ("ISC", "STP", "XFF")
_R = Rule

RULES: tuple[Rule, ...] = (
    # --- Hard stops: a doctor today, no override ------------------------------------------------
    _R("acute_cardiac", DEFER,
       lambda v: v.now("chest_pain_or_breathless") or v.now("stroke_signs"),
       "Chest pain, sudden breathlessness or stroke signs",
       "Do not massage. Call emergency services now (see the emergency page).",
       hard_stop=True, source=cite("AHA", "BEFAST", "BATAVIA"),
       why="DEFER, hard stop: possible heart attack, clot in the lung or stroke."),
    _R("dvt", DEFER,
       lambda v: rc.clot_state(v) == "suspected" or rc.leg_swelling_state(v) == "suspected",
       "Possible blood clot (DVT)",
       "A swollen, warm, red or painful calf, or a suspected clot, can be a DVT. Do not "
       "massage; the client should see a doctor today. Pressure could move a clot.",
       hard_stop=True, sites=lambda v: LEGS,
       source=cite("NG158: recommendation 1.1.1 (a swollen or painful leg)",
                   "WERNER: deep vein thrombosis (systemic contraindication)"),
       why="DEFER, hard stop: a suspected clot needs same-day assessment."),
    _R("pregnancy_warning", DEFER, lambda v: v.now("pregnancy_warning"),
       "Pregnancy warning signs today",
       "Bleeding, leaking fluid, a bad headache, blurred sight, sudden swelling, belly pain or "
       "less movement from the baby: no massage; the client should call their midwife or "
       "maternity unit now.", hard_stop=True,
       source=cite("NG201: symptoms needing urgent assessment"),
       why="DEFER, hard stop: possible pre-eclampsia, bleeding or fetal concern."),
    _R("fever", DEFER, lambda v: v.now("fever"), "Fever or illness that may be catching",
       "Do not massage today: massage can make an illness worse and spread it. Reschedule "
       "once the client has been well for a day or two.", hard_stop=True,
       source=cite("BATAVIA", "WERNER: fever"),
       why="DEFER, hard stop: systemic infection; no override."),
    # --- DEFER until a clinician's clearance is recorded ---------------------------------------
    _R("clot_recent", DEFER, lambda v: rc.clot_state(v) == "recent",
       "Recent blood clot or still on clot treatment",
       "A clot in the last 6 months, or one still being treated, can move under pressure. Do "
       "not start until the client's doctor has cleared massage; record the clearance.",
       needs_clearance=True, sites=lambda v: LEGS,
       cleared_guidance="Cleared by the client's doctor. Still no deep or sustained work on the "
       "legs: light strokes only there, and watch for a swollen, warm or painful calf.",
       cleared_max_pressure=2,
       source=cite("NG158: anticoagulation for at least 3 months after a DVT or PE",
                   "WERNER: deep vein thrombosis", "DOMAIN45: [WELLY], [MOM], [DVT]"),
       why="DEFER until clearance: a recent or treated clot can embolise."),
    _R("leg_swelling", DEFER, lambda v: rc.leg_swelling_state(v) == "unexplained",
       "Swollen legs or ankles (cause not known)",
       "Swelling can come from a clot, the heart or the kidneys. Ask when it started and "
       "whether one leg is worse; start only once a doctor has looked and clearance is recorded.",
       needs_clearance=True, sites=lambda v: LEGS,
       cleared_guidance="A doctor has looked at the swelling. Keep leg work light and "
       "gentle, and stop if one calf becomes warm, red or painful.", cleared_max_pressure=2,
       source=cite("NG158: recommendation 1.1.1", "WALTON: oedema"),
       why="DEFER until clearance: unexplained swelling is screened as a possible clot."),
    _R("phlebitis", DEFER, lambda v: rc.ticked(v, "phlebitis"), "Inflamed vein (phlebitis)",
       "An inflamed vein can hide a deeper clot. Do not start until a doctor has cleared "
       "massage; record the clearance.", needs_clearance=True,
       sites=lambda v: rc.text_sites(v, "phlebitis", LEGS),
       cleared_guidance="Cleared by the client's doctor. Keep off the inflamed vein and the "
       "area around it; light work only on that limb.", cleared_max_pressure=2,
       source=cite("WERNER: thrombophlebitis and deep vein thrombosis"),
       why="DEFER until clearance: thrombophlebitis can coexist with DVT."),
    _R("high_risk_pregnancy", DEFER,
       lambda v: bool(rc.pregnancy(v).get("high_risk")), "High-risk pregnancy",
       "Do not start until the midwife or doctor has cleared massage; record the clearance.",
       needs_clearance=True, sites=lambda v: ("abdomen",),
       cleared_guidance="Cleared by the midwife or doctor. Light work by a prenatal-trained "
       "therapist only, side-lying, nothing on the abdomen.", cleared_max_pressure=2,
       avoid_techniques=("ISC", "STP", "CUP", "IAS"),
       source=cite("PREG-SR", "DOMAIN45: [SPENCER], [REF-PREG]"),
       why="DEFER until clearance: obstetric risk needs the maternity team's view."),
    # --- DEFER with an audited override --------------------------------------------------------
    _R("intoxicated", DEFER, lambda v: v.now("intoxicated"), "Alcohol or drugs today",
       "Reschedule: the client cannot give reliable feedback on pressure.",
       source=cite("BATAVIA", "DOMAIN45: [MAGIC], [URBAN]"),
       why="DEFER: feedback on pressure is unreliable."),
    _R("severe_unexplained_pain", DEFER, lambda v: v.now("severe_unexplained_pain"),
       "Severe pain with no known cause",
       "Do not treat until a doctor has looked at it; the cause is unknown.",
       source=cite("WALTON: unexplained symptoms", "DOMAIN45: [MAGIC], [SPENCER]"),
       why="DEFER: the cause must be known before treating it."),
    _R("skin_widespread_contagious", DEFER, lambda v: bool(rc.contagious_skin(v)),
       "Catching or widespread skin condition",
       "Reschedule until it has cleared or a doctor says it is not contagious.",
       source=cite("WERNER: skin infections (impetigo, fungal, herpes, scabies)",
                   "DOMAIN45: [WELLY], [LIVIH]"),
       why="DEFER: contagious skin infection spreads by touch."),
    _R("cellulitis", DEFER, rc.cellulitis, "Skin or tissue infection (e.g. cellulitis)",
       "Infection can spread with massage: reschedule until it is treated and settled.",
       source=cite("NG141", "WERNER: cellulitis"), why="DEFER: bacterial infection."),
    _R("uncontrolled_hypertension", DEFER, lambda v: v.has("hypertension_uncontrolled"),
       "Blood pressure not under control",
       "Defer until it is controlled or the client's doctor has cleared massage.",
       source=cite("DOMAIN45: [HTT]", "WALTON: hypertension"),
       why="DEFER: cardiovascular risk until controlled."),
    # --- MODIFY ----------------------------------------------------------------------------------
    _R("bone_metastases", MODIFY, lambda v: v.has("bone_metastases"), "Cancer in the bones",
       "Bones can break under pressure: light touch only, no percussion, pad and support "
       "every position. Ask for the oncology team's input.", 1,
       ("CUP", "IAS", "ISC", "STP", "TAP", "XFF"),
       source=cite("WALTON: cancer and bone metastasis", "DOMAIN45: [WELLY], [MOM]"),
       why="MODIFY: pathological fracture risk."),
    _R("anticoagulant", MODIFY,
       lambda v: v.med("anticoagulant") or v.med("antiplatelet") or v.has("anticoagulant"),
       "Blood thinners",
       "Bruising and bleeding come easily: light to moderate pressure only, no cupping, "
       "tools, friction or sustained point work. Ask the prescriber if unsure.", 2, BRUISING,
       source=cite("SCI-AC", "CUP-PT", "WERNER: anticoagulant medication", "ATC"),
       why="MODIFY: bruising and haematoma risk."),
    _R("bleeding_disorder", MODIFY,
       lambda v: v.has("bleeding_disorder") or v.has("low_platelets") or v.has("bruises_easily"),
       "Bleeds or bruises easily",
       "Light to moderate pressure only, no cupping, tools, friction or sustained point work; "
       "ask for medical input for a diagnosed bleeding disorder.", 2, BRUISING,
       source=cite("WERNER: haemophilia and thrombocytopenia", "DOMAIN45: [SPENCER]"),
       why="MODIFY: bleeding risk."),
    _R("osteoporosis", MODIFY, lambda v: rc.ticked_ever(v, "osteoporosis"),
       "Thin bones (osteoporosis)",
       "No deep or sustained pressure over bone, no percussion, no neck stretching; support "
       "positions and move the client slowly.", 2, ("ISC", "STP", "TAP"),
       source=cite("WERNER: osteoporosis", "DOMAIN45: [SPENCER], [WELLY]"),
       why="MODIFY: fracture risk."),
    _R("clot_history", MODIFY, lambda v: rc.clot_state(v) == "history",
       "Blood clot in the past",
       "A past clot raises the chance of another. No deep or sustained work on the legs; "
       "check the calves for swelling, warmth or redness before starting.", 2,
       sites=lambda v: LEGS, local_cap=True,
       source=cite("NG158: previously documented DVT in the Wells score", "WERNER: DVT"),
       why="MODIFY (legs local): recurrence risk; deep leg work could dislodge a clot."),
    _R("cancer", MODIFY, lambda v: v.has("cancer_current"), "Cancer now",
       "Oncology-informed approach with the client's doctor's input: no deep tissue, avoid "
       "tumour sites, radiation fields and ports.", 2, BRUISING,
       source=cite("WALTON: cancer treatment", "DOMAIN45: [WELLY], [MOM]"),
       why="MODIFY: fragility, bleeding and fracture risk in treatment."),
    _R("ra_flare", MODIFY, lambda v: v.has("ra_flare"), "Rheumatoid arthritis flare",
       "Gentle work only and keep off hot, swollen joints until the flare settles.", 2,
       DEEP_POINT, source=cite("WERNER: rheumatoid arthritis"),
       why="MODIFY: inflamed joints worsen with pressure."),
    _R("rheumatoid_arthritis", MODIFY, rc.rheumatoid, "Rheumatoid arthritis",
       "The top of the neck can be unstable in RA: no neck stretching or forceful neck work, "
       "gentle pressure around joints.", 3, ("PNF", "MET", "STS"), lambda v: NECK,
       local_cap=True, source=cite("WERNER: rheumatoid arthritis (cervical instability)"),
       why="MODIFY (neck local): atlanto-axial instability."),
    _R("lymphoedema_risk", MODIFY, lambda v: v.has("lymph_node_removal"),
       "Lymph nodes removed or treated",
       "On the affected limb or quadrant: light pressure, no cupping, tools or heat. Ask "
       "which side; other areas can be worked as usual.", 2, ("CUP", "IAS", "THM"),
       lambda v: v.history_sites("lymph_node_removal"), local_cap=True,
       source=cite("WALTON: lymphoedema risk", "DOMAIN45: [WELLY]"),
       why="MODIFY (limb local): lymphoedema risk."),
    _R("fibromyalgia", MODIFY, lambda v: v.has("fibromyalgia"), "Fibromyalgia",
       "Pressure is felt more strongly: start light, keep sessions short and build up only "
       "if the next days go well.", 2, DEEP_POINT, source=cite("WERNER: fibromyalgia"),
       why="MODIFY: central sensitisation."),
    _R("pregnancy", MODIFY, lambda v: bool(rc.pregnancy(v)), "Pregnant",
       "Prenatal-trained therapist, side-lying positions, no deep abdominal work and no deep "
       "sustained pressure on the legs (clot risk is higher in pregnancy).", 3,
       ("ISC", "STP", "CUP"), lambda v: ("abdomen",),
       source=cite("PREG-SR", "RCOG37A: pregnancy as a VTE risk factor"),
       why="MODIFY: positioning and raised clot risk."),
    _R("pregnancy_first_trimester", MODIFY,
       lambda v: (rc.pregnancy_weeks(v) or 99) < 13, "Pregnant: first trimester",
       "Evidence on massage before 12 weeks is sparse: keep it light and relaxing, no work on "
       "the abdomen or low back pressure points; any position that is comfortable.", 2,
       ("ISC", "STP", "CUP", "IAS"), lambda v: ("abdomen",),
       source=cite("PREG-SR: trials enrolled women from 12 weeks"),
       why="MODIFY: little safety evidence before 12 weeks."),
    _R("pregnancy_late", MODIFY, lambda v: (rc.pregnancy_weeks(v) or 0) >= 28,
       "Pregnant: 28 weeks or more",
       "Side-lying only, never flat on the back (the womb presses on large veins); support the "
       "bump and knees; no deep work on the legs.", 3, ("ISC", "STP", "CUP"),
       lambda v: ("abdomen",),
       source=cite("MINESS: supine position after 28 weeks", "RCOG37A"),
       why="MODIFY: supine position compresses the vena cava; clot risk."),
    _R("postpartum", MODIFY, lambda v: rc.postpartum(v, rc.POSTPARTUM_WEEKS),
       "Had a baby in the last 6 weeks",
       "Clot risk is highest in the 6 weeks after birth, more so after a caesarean: no deep or "
       "sustained work on the legs, and check the calves for swelling, warmth or redness "
       "first.", 2, sites=lambda v: LEGS, local_cap=True,
       source=cite("RCOG37A: postpartum risk factors and the puerperium", "KAMEL"),
       why="MODIFY (legs local): the postpartum weeks carry the highest VTE risk."),
    _R("postpartum_late", MODIFY,
       lambda v: rc.postpartum(v, rc.POSTPARTUM_LATE_WEEKS, rc.POSTPARTUM_WEEKS),
       "Had a baby 6 to 12 weeks ago",
       "Clot risk stays raised until about 12 weeks after birth: keep leg work moderate and "
       "not sustained, and check the calves first.", 3, sites=lambda v: LEGS,
       local_cap=True, source=cite("KAMEL", "RCOG37A"),
       why="MODIFY (legs local): VTE risk stays raised to about 12 weeks after birth."),
    _R("caesarean", LOCAL, rc.recent_caesarean, "Caesarean birth (last 12 weeks)",
       "Keep off the abdomen and the scar: the wound heals over about 6 to 12 weeks. Scar work "
       "only once it has healed and the doctor or midwife agrees. Help the client roll to the "
       "side to get up.", None, DEEP_POINT, lambda v: ("abdomen",),
       source=cite("NG192: recovery after caesarean birth", "DOMAIN45: [HTT], [MOM]"),
       why="LOCAL (abdomen): a healing surgical wound."),
    _R("heart_disease", MODIFY, lambda v: rc.ticked(v, "heart_disease"), "Heart condition",
       "Ask what it is and whether it is stable. Moderate pressure, shorter sessions, the "
       "client propped up if lying flat is hard; ask the doctor first after a recent heart "
       "attack or with heart failure.", 3,
       source=cite("WALTON: heart disease", "WERNER: heart failure and coronary artery disease"),
       why="MODIFY: circulatory load; positioning."),
    _R("kidney_liver", MODIFY, lambda v: rc.ticked(v, "kidney_liver"),
       "Kidney or liver disease",
       "Gentler, shorter sessions; no deep work over the kidneys; the client may have fluid "
       "limits and may bruise easily with liver disease.", 3, sites=lambda v: ("lower_back",),
       source=cite("WERNER: renal failure and cirrhosis", "WALTON: kidney disease"),
       why="MODIFY: fluid balance, bruising, kidney-area endangerment."),
    _R("numbness", MODIFY, lambda v: rc.ticked(v, "numbness_tingling"),
       "Numbness or tingling",
       "Where feeling is reduced the client cannot tell you pressure is too much: go lighter "
       "there. New or spreading numbness needs a doctor.", 3,
       sites=lambda v: rc.text_sites(v, "numbness_tingling"), local_cap=True,
       source=cite("WERNER: peripheral neuropathy", "WALTON: numbness"),
       why="MODIFY (area local): reduced sensation."),
    _R("diabetic_neuropathy", MODIFY, rc.neuropathy, "Reduced feeling (neuropathy)",
       "The client cannot tell you when pressure is too much where feeling is reduced: go "
       "lighter there, check feet and skin, and keep sugar at hand if diabetic.", 3,
       sites=lambda v: rc.text_sites(v, "neuropathy"), local_cap=True,
       source=cite("WERNER: diabetes and peripheral neuropathy", "DOMAIN45: [HTT]"),
       why="MODIFY (area local): reduced sensation."),
    _R("disc_problem", MODIFY, lambda v: rc.ticked(v, "disc_herniation"),
       "Disc problem or sciatica",
       "No deep work or strong stretching at the affected part of the spine; stop if pain "
       "spreads down an arm or leg. New weakness or bladder change needs a doctor today.", 3,
       DEEP_POINT, lambda v: rc.text_sites(v, "disc_herniation", ("lower_back",)),
       local_cap=True, source=cite("NG59", "WERNER: disc disease"),
       why="MODIFY (spine local): nerve-root irritation."),
    _R("epilepsy", MODIFY, lambda v: rc.ticked(v, "epilepsy"), "Epilepsy or seizures",
       "Ask about triggers and what to do in a seizure. Avoid strong scents and flickering "
       "light; never leave the client alone on the table.", 5,
       source=cite("WERNER: seizure disorders"), why="MODIFY: seizure plan and triggers."),
    _R("dizziness", MODIFY, lambda v: rc.ticked(v, "dizziness"), "Dizziness or fainting",
       "Change positions slowly, no quick head turns, and help the client sit for a moment "
       "before standing. New dizziness needs a doctor.", 5,
       source=cite("WALTON: dizziness and vertigo"), why="MODIFY: falls and fainting."),
    _R("whiplash_history", MODIFY,
       lambda v: rc.ticked_ever(v, "whiplash") and not rc.neck_events(v),
       "Whiplash in the past", "Start gently on the neck and build up; stop if dizziness, "
       "headache or arm symptoms appear.", 3, sites=lambda v: NECK, local_cap=True,
       source=cite("WERNER: whiplash"), why="MODIFY (neck local): residual instability."),
    _R("cancer_past", MODIFY, lambda v: rc.ticked_ever(v, "cancer_past"),
       "Cancer in the past",
       "Ask about lymph nodes removed, radiation areas and bone involvement; gentle pressure "
       "over old treatment areas. New pain or lumps need a doctor.", 3,
       sites=lambda v: rc.text_sites(v, "cancer_past"), local_cap=True,
       source=cite("WALTON: cancer history and late effects"),
       why="MODIFY (treated area local): late effects of treatment."),
    _R("concussion", MODIFY, lambda v: rc.ticked(v, "concussion"),
       "Concussion or head injury (last 3 months)",
       "Quiet, short session; gentle on the head and neck. Worsening headache, vomiting or "
       "confusion means emergency care.", 2, DEEP_POINT, lambda v: HEAD_NECK, local_cap=True,
       source=cite("NG232: symptoms that need urgent review"),
       why="MODIFY (head and neck local): post-concussion symptoms."),
    _R("recent_surgery_modify", MODIFY, lambda v: bool(v.recent("surgeries", RECENT_DAYS)),
       "Surgery in the last 12 weeks",
       "Clot risk stays raised after surgery: check the legs for DVT signs, no deep work on "
       "the legs, and ask for the surgeon's clearance.", 3, sites=lambda v: LEGS,
       local_cap=True, source=cite("NG158: major surgery within 12 weeks", "DOMAIN45: [HTT]"),
       why="MODIFY (legs local): post-operative clot risk."),
    _R("recent_neck_injury", MODIFY, lambda v: bool(rc.neck_events(v)),
       "Neck injury, whiplash or neck surgery in the last 12 weeks",
       "Gentle neck work only; no neck stretches or deep point work until cleared.", 3,
       ("ISC", "STP", "XFF", "STS", "PNF", "MET"), rc.neck_sites, local_cap=True,
       source=cite("WERNER: whiplash", "IFOMPT"), why="MODIFY (neck local): healing tissue."),
    _R("controlled_hypertension", MODIFY,
       lambda v: v.has("high_blood_pressure") and not v.has("hypertension_uncontrolled"),
       "High blood pressure (controlled)",
       "Avoid long pressure on the neck, watch how the client feels, and let them sit up "
       "slowly at the end.", 3, sites=lambda v: NECK, local_cap=True,
       source=cite("DOMAIN45: [HTT]", "WALTON: hypertension"),
       why="MODIFY (neck local): carotid sinus and blood pressure."),
    _R("stroke_history", MODIFY, lambda v: v.has("stroke_tia"), "Stroke or TIA in the past",
       "No deep work on the front or side of the neck (arteries).", 3, (),
       lambda v: ("neck_front",), local_cap=True, source=cite("ABMP-END", "IFOMPT"),
       why="MODIFY (neck local): vascular structures."),
    _R("corticosteroid", MODIFY, lambda v: v.med("corticosteroid"), "Long-term steroids",
       "Skin and bones may be fragile: moderate pressure, no cupping, tools or friction.", 3,
       ("CUP", "IAS", "XFF"), source=cite("WERNER: corticosteroids", "ATC"),
       why="MODIFY: fragile skin and bone."),
    _R("analgesic_today", MODIFY, lambda v: v.med("analgesic_today"),
       "Painkiller or muscle relaxant today",
       "The client may not feel when pressure is too much: stay moderate and check in often.",
       3, source=cite("DOMAIN45: §4.3 medication flags"), why="MODIFY: blunted feedback."),
    _R("bp_medication", MODIFY, lambda v: v.med("bp_medication"), "Blood-pressure medicine",
       "The client may feel dizzy getting up: raise the table slowly and let them sit a "
       "moment before standing.", 5, source=cite("DOMAIN45: §4.3 medication flags"),
       why="MODIFY: postural hypotension."),
    _R("insulin", MODIFY, lambda v: v.med("insulin"), "Insulin or sugar-lowering medicine",
       "Blood sugar can drop: ask when they last ate, keep something sugary at hand and "
       "stop if they feel shaky, sweaty or confused.", 5,
       source=cite("WERNER: diabetes mellitus", "ATC"), why="MODIFY: hypoglycaemia."),
    # --- LOCAL: avoid the area -------------------------------------------------------------------
    _R("recent_surgery", LOCAL, lambda v: bool(v.recent("surgeries", RECENT_DAYS)),
       "Surgery site (last 12 weeks)", "Keep off the operated area until it has healed and "
       "the surgeon agrees.", sites=lambda v: v.sites(v.recent("surgeries", RECENT_DAYS)),
       source=cite("DOMAIN45: [HTT], [MOM]"), why="LOCAL: healing tissue."),
    _R("recent_fracture", LOCAL, lambda v: bool(rc.fractures(v)) or v.has("recent_fracture"),
       "Broken bone (last 12 weeks)", "Keep off the fracture site; ask where if it is not "
       "marked.", sites=lambda v: (*v.sites(rc.fractures(v)),
                                    *v.history_sites("recent_fracture")),
       source=cite("DOMAIN45: [SPENCER]"), why="LOCAL: healing bone."),
    _R("acute_injury", LOCAL, lambda v: bool(v.recent("injuries", ACUTE_DAYS)),
       "Fresh injury (last 7 days)", "The area is still inflamed: no deep work, friction or "
       "heat there. Gentle work around it is fine.", None, ("ISC", "STP", "XFF", "THM"),
       lambda v: v.sites(v.recent("injuries", ACUTE_DAYS)),
       source=cite("DOMAIN45: [MAGIC], [HTT]"), why="LOCAL: acute inflammation."),
    _R("acute_inflammation", LOCAL, lambda v: rc.ticked(v, "acute_inflammation"),
       "Hot, red, swollen area (gout, bursitis...)", "Keep off the inflamed area, no heat or "
       "friction there; ask where if it is not named.", None, ("XFF", "THM"),
       lambda v: rc.text_sites(v, "acute_inflammation"),
       source=cite("WERNER: gout and bursitis"), why="LOCAL: acute inflammation."),
    _R("aneurysm", LOCAL, lambda v: rc.ticked_ever(v, "aneurysm"), "Aneurysm",
       "No deep work over the artery: for an abdominal aneurysm, nothing on the abdomen. "
       "Ask the doctor about a new or growing one.", None, DEEP_POINT,
       lambda v: rc.text_sites(v, "aneurysm", ("abdomen",)),
       source=cite("WERNER: aneurysm", "ABMP-END"), why="LOCAL: a weak artery wall."),
    _R("hernia", LOCAL, lambda v: rc.ticked(v, "hernia"), "Hernia",
       "No deep or abdominal work over the hernia.", None, DEEP_POINT,
       lambda v: rc.text_sites(v, "hernia", ("abdomen", "groin")),
       source=cite("WERNER: hernia"), why="LOCAL: abdominal wall weakness."),
    _R("skin_local", LOCAL,
       lambda v: bool(rc.skin_sites(v)) or bool(v.entries("skin")) or v.has("skin_condition"),
       "Skin condition or open wound", "Work around the affected skin; ask where if it is "
       "not marked.", None, ("CUP", "IAS"),
       lambda v: (*rc.skin_sites(v), *v.history_sites("skin_condition")),
       source=cite("DOMAIN45: [WELLY], [LIVIH], [INTAKE-TPL2]"), why="LOCAL: skin integrity."),
    _R("varicose_veins", LOCAL, lambda v: v.has("varicose_veins"), "Varicose veins",
       "No deep pressure, cupping, tools or stripping on or around the veins.",
       None, ("CUP", "IAS", "STP"), lambda v: v.history_sites("varicose_veins", rc.LOWER_LEGS),
       source=cite("WERNER: varicose veins", "CUP-PT"), why="LOCAL: fragile veins."),
    _R("implanted_device", LOCAL, lambda v: bool(rc.devices(v, joint=False)),
       "Implanted device", "No pressure or heat over the device; check positions are "
       "comfortable.", None, ("CUP", "THM"), lambda v: v.sites(rc.devices(v, joint=False)),
       source=cite("DOMAIN45: [INTAKE-TPL2]"), why="LOCAL: the device and its leads."),
    _R("implanted_device", LOCAL, lambda v: v.has("pacemaker"), "Implanted device",
       "No pressure or heat over the device; check positions are comfortable.", None,
       ("CUP", "THM"), lambda v: v.history_sites("pacemaker", ("chest",)),
       source=cite("DOMAIN45: [INTAKE-TPL2]"), why="LOCAL: the device and its leads."),
    _R("joint_replacement", LOCAL, lambda v: bool(rc.devices(v, joint=True)),
       "Joint replacement", "No deep work or forceful stretching at the replaced joint.",
       None, ("XFF",), lambda v: v.sites(rc.devices(v, joint=True)),
       source=cite("DOMAIN45: [INTAKE-TPL2]"), why="LOCAL: prosthesis."),
    _R("joint_replacement", LOCAL, lambda v: v.has("joint_replacement"), "Joint replacement",
       "No deep work or forceful stretching at the replaced joint.", None, ("XFF",),
       lambda v: v.history_sites("joint_replacement"),
       source=cite("DOMAIN45: [INTAKE-TPL2]"), why="LOCAL: prosthesis."),
)
