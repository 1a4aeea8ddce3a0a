"""The advice library in French (plain patient information, vouvoiement), keyed by block id."""
from __future__ import annotations

# Muscle names as French anatomy names them (Terminologia Anatomica usage in French teaching).
MUSCLES = {
    "Upper trapezius": "Trapèze supérieur", "Sternocleidomastoid": "Sterno-cléido-mastoïdien",
    "Scalenes": "Scalènes", "Splenius capitis": "Splénius de la tête",
    "Splenius cervicis": "Splénius du cou", "Suboccipitals": "Sous-occipitaux",
    "Masseter": "Masséter", "Temporalis": "Temporal", "Middle trapezius": "Trapèze moyen",
    "Lower trapezius": "Trapèze inférieur", "Levator scapulae": "Élévateur de la scapula",
    "Rhomboids": "Rhomboïdes", "Supraspinatus": "Supra-épineux",
    "Infraspinatus": "Infra-épineux", "Teres minor": "Petit rond", "Teres major": "Grand rond",
    "Subscapularis": "Subscapulaire", "Latissimus dorsi": "Grand dorsal",
    "Serratus posterior superior": "Dentelé postérieur et supérieur",
    "Serratus anterior": "Dentelé antérieur", "Pectoralis major": "Grand pectoral",
    "Pectoralis minor": "Petit pectoral", "Iliocostalis thoracis": "Ilio-costal du thorax",
    "Iliocostalis lumborum": "Ilio-costal des lombes",
    "Longissimus thoracis": "Longissimus du thorax", "Multifidus": "Multifide",
    "Serratus posterior inferior": "Dentelé postérieur et inférieur",
    "Quadratus lumborum": "Carré des lombes", "Gluteus maximus": "Grand fessier",
    "Gluteus medius": "Moyen fessier", "Gluteus minimus": "Petit fessier",
    "Piriformis": "Piriforme", "Iliopsoas": "Ilio-psoas",
    "Semispinalis capitis": "Semi-épineux de la tête",
    "Tensor fasciae latae": "Tenseur du fascia lata", "Hamstrings": "Ischio-jambiers",
    "Soleus": "Soléaire",
}
SIDES = {"Right": "Droite", "Left": "Gauche", "Both sides": "Des deux côtés",
         "Midline": "Ligne médiane"}
TECHNIQUES = {
    "Effleurage": "Effleurage", "Petrissage": "Pétrissage", "Friction": "Friction",
    "Cross-fibre friction": "Friction transverse", "Compression": "Compression",
    "Tapotement": "Tapotement", "Vibration and rocking": "Vibrations et bercements",
    "Ischaemic compression": "Compression ischémique", "Stripping": "Glissé profond",
    "Neuromuscular technique": "Technique neuromusculaire",
    "Myofascial release": "Relâchement myofascial", "Pin and stretch": "Fixer et étirer",
    "Muscle energy technique": "Technique d’énergie musculaire",
    "PNF stretching": "Étirements FNP", "Positional release": "Relâchement positionnel",
    "Static stretch": "Étirement statique", "Spray or ice and stretch": "Froid et étirement",
    "Cupping": "Ventouses", "Instrument-assisted soft-tissue work": "Travail avec instrument",
    "Heat or cold": "Chaleur ou froid", "Joint movement": "Mobilisation articulaire",
}
AREAS = {
    "neck": "le cou", "upper back and shoulders": "le haut du dos et les épaules",
    "chest": "la poitrine", "back": "le dos", "hips and buttocks": "les hanches et les fesses",
    "jaw": "la mâchoire", "temples": "les tempes", "thighs": "les cuisses",
    "calves": "les mollets", "front of the hips": "l’avant des hanches",
    "lower back": "le bas du dos", "sides of the chest": "les côtés de la poitrine",
}
AND = " et "
TODAY = "Aujourd’hui, nous avons travaillé {areas}."
# Values filled into the texts in English that are words rather than numbers.
VALUES = {
    "emergency services": "service des urgences",
    # Country numbers and drinking guidance (clinical.contacts), worded to follow the "le" of
    # "Appelez le {emergency}" / "appelez le {advice}" above.
    "15 or 112": "15 ou le 112", "112 or 999": "112 ou le 999",
    "your GP or GP out-of-hours service": "cabinet de votre médecin ou la permanence de soins",
    "your doctor or 116 117": "cabinet de votre médecin ou le 116 117",
    "your health centre": "centre de santé",
    "healthdirect on 1800 022 222": "1800 022 222 (healthdirect)",
    "Healthline on 0800 611 116": "0800 611 116 (Healthline)",
    "A rough guide is 6 to 8 glasses of drinks a day.":
        "Repère : 6 à 8 verres de boissons par jour.",
    "A rough guide: women 2 litres a day, men 2.5, food included.":
        "Repère : 2 litres par jour pour les femmes, 2,5 pour les hommes, repas compris.",
    "A rough guide: women 2.7 litres a day, men 3.7, food included.":
        "Repère : 2,7 litres par jour pour les femmes, 3,7 pour les hommes, repas compris.",
    "A rough guide: women 2.8 litres a day, men 3.4, food included.":
        "Repère : 2,8 litres par jour pour les femmes, 3,4 pour les hommes, repas compris.",
}

BLOCKS: dict[str, dict[str, str]] = {
    "AFTER-SESSION": {
        "After your session": "Après votre séance",
        "Some soreness for a day or two is common. It should fade within 3 days.":
            "Une sensibilité pendant un jour ou deux est fréquente. Elle devrait disparaître "
            "en 3 jours.",
        "Keep moving gently today. A walk is good.":
            "Aujourd’hui, continuez à bouger en douceur. Une marche fait du bien.",
        "Drink as usual. There is nothing to wash out.":
            "Buvez comme d’habitude. Il n’y a rien à « éliminer ».",
        "Bruising is not expected. Tell us if you see any.":
            "Les bleus ne sont pas attendus. Dites-nous si vous en voyez.",
        "You took pain relief before your visit. You may feel more sore later.":
            "Vous avez pris un antidouleur avant la séance. La sensibilité peut se faire "
            "sentir davantage plus tard.",
        "Blood-pressure pills can make you dizzy. Stand up slowly today.":
            "Les médicaments contre la tension peuvent donner des étourdissements. "
            "Levez-vous lentement aujourd’hui.",
        "Check your blood sugar as usual today. Keep a snack close by.":
            "Contrôlez votre glycémie comme d’habitude aujourd’hui. Gardez une collation "
            "à portée de main.",
        "You may bruise more easily. Look at the worked areas tonight. Tell us about any "
        "bruises.":
            "Vous pouvez avoir des bleus plus facilement. Regardez les zones travaillées ce "
            "soir. Signalez-nous tout bleu.",
        "Soreness may last a bit longer with fibromyalgia. Rest and gentle movement help. Tell "
        "us next time, so we can adjust.":
            "Avec la fibromyalgie, la sensibilité peut durer un peu plus longtemps. Le repos et "
            "des mouvements doux aident. Dites-le-nous à la prochaine séance pour que nous "
            "puissions adapter le massage.",
        "Check your calves each day. See the warning signs for a swollen leg.":
            "Regardez vos mollets chaque jour. Voyez les signes d’alerte en cas de jambe "
            "enflée.",
        "We used cups or tools today. They can leave round marks or small bruises. These fade "
        "within two weeks. Tell us if one is large or painful.":
            "Nous avons utilisé des ventouses ou des instruments aujourd’hui. Ils peuvent "
            "laisser des marques rondes ou de petits bleus, qui disparaissent en deux semaines. "
            "Dites-nous si l’une d’elles est grande ou douloureuse.",
    },
    "WHAT-WE-WORKED-ON": {
        "What we worked on today": "Ce que nous avons travaillé aujourd’hui",
        "A tight spot in one muscle can cause pain somewhere else. So we may work away from "
        "where it hurts.":
            "Un point tendu dans un muscle peut causer une douleur ailleurs. C’est pourquoi "
            "nous travaillons parfois loin de l’endroit douloureux.",
    },
    "POS": {
        "Posture at your desk": "Posture au bureau",
        "Set the top of your screen at or just below eye level.":
            "Placez le haut de l’écran à la hauteur des yeux ou juste en dessous.",
        "Keep the keyboard close, with relaxed shoulders and straight wrists.":
            "Gardez le clavier près de vous, les épaules détendues et les poignets droits.",
        "Use a headset. Don't hold the phone with your shoulder.":
            "Utilisez un casque. Ne coincez pas le téléphone avec l’épaule.",
    },
    "OVR": {
        "Pace repeated work": "Dosez les gestes répétés",
        "Every 20 to 30 minutes, take a short break.":
            "Toutes les 20 à 30 minutes, faites une courte pause.",
        "Every hour or so, get up and move about.":
            "Environ toutes les heures, levez-vous et bougez.",
        "Swap sides when you carry bags. Build up new training slowly.":
            "Changez de côté quand vous portez des sacs. Augmentez tout nouvel entraînement "
            "progressivement.",
    },
    "STR": {
        "Stress and tight muscles": "Stress et muscles tendus",
        "A few times a day, drop your shoulders and unclench your jaw.":
            "Quelques fois par jour, relâchez les épaules et desserrez la mâchoire.",
        "Breathe in slowly so your belly rises. Breathe out slowly. Do this for a few minutes.":
            "Inspirez lentement en gonflant le ventre. Expirez lentement. Faites-le pendant "
            "quelques minutes.",
        "If stress feels like too much, talk to your doctor.":
            "Si le stress devient trop lourd, parlez-en à votre médecin.",
    },
    "INA": {
        "Stay active": "Restez actif",
        "Aim for 150 minutes a week of brisk walking, plus muscle work twice a week.":
            "Visez 150 minutes de marche rapide par semaine, plus du renforcement musculaire "
            "deux fois par semaine.",
        "Any movement helps. Start with 5 or 10 minutes a day.":
            "Tout mouvement compte. Commencez par 5 ou 10 minutes par jour.",
        "When you sit a lot, stand up and move every 30 to 60 minutes.":
            "Si vous êtes souvent assis, levez-vous et bougez toutes les 30 à 60 minutes.",
        "Check with your midwife or doctor before you start new exercise.":
            "Demandez l’avis de votre sage-femme ou de votre médecin avant de commencer une "
            "nouvelle activité physique.",
        "Ask your doctor before you do more than walking.":
            "Demandez l’avis de votre médecin avant de faire plus que de la marche.",
    },
    "HYD": {
        "Drink enough": "Buvez suffisamment",
        "Water is good for your health, but it does not treat knots.":
            "L’eau est bonne pour la santé, mais elle ne traite pas les nœuds.",
        "Drink when you are thirsty, and a little more when it is hot.":
            "Buvez quand vous avez soif, et un peu plus quand il fait chaud.",
        "{water_guide}": "{water_guide}",
        "Your doctor may want you to limit drinks. Follow their advice.":
            "Votre médecin peut vous demander de limiter ce que vous buvez. Suivez son avis.",
    },
    "SLP": {
        "Sleep and pillows": "Sommeil et oreiller",
        "Sleep on your back or side. Sleeping on your front twists the neck.":
            "Dormez sur le dos ou sur le côté. Dormir sur le ventre tord le cou.",
        "Your pillow should keep your head in line with your spine.":
            "Votre oreiller doit garder la tête dans l’axe de la colonne.",
        "Get a new pillow when it goes flat.":
            "Changez d’oreiller quand il s’aplatit.",
    },
    "INJ": {
        "Old injuries and scars": "Anciennes blessures et cicatrices",
        "Follow your surgeon's or physio's advice first.":
            "Suivez d’abord les conseils de votre chirurgien ou de votre physiothérapeute.",
        "Do not rub or stretch a wound that has not healed.":
            "Ne frottez pas et n’étirez pas une plaie qui n’est pas guérie.",
        "Tell us about any new injury or operation before your next visit.":
            "Signalez-nous toute nouvelle blessure ou opération avant votre prochaine séance.",
    },
    "ST-RULES": {
        "Gentle stretches": "Étirements doux",
        "Move slowly into a mild stretch. No pain, no bouncing.":
            "Allez lentement jusqu’à un étirement léger. Sans douleur, sans à-coups.",
        "Hold 15 to 30 seconds, 2 to 4 times. Stop if you feel numb or dizzy.":
            "Tenez 15 à 30 secondes, 2 à 4 fois. Arrêtez si vous sentez un engourdissement ou "
            "un étourdissement.",
    },
    "ST-UT": {
        "Side of the neck": "Côté du cou",
        "Sit tall and hold the chair seat with your right hand. Slowly tip your left ear to "
        "your left shoulder. Then swap sides.":
            "Asseyez-vous bien droit et tenez le siège de la chaise avec la main droite. "
            "Penchez lentement l’oreille gauche vers l’épaule gauche. Puis changez de côté.",
    },
    "ST-LS": {
        "Back of the neck": "Arrière du cou",
        "Sit tall and hold the chair seat with your right hand. Turn your head halfway left. "
        "Nod your chin to your left armpit. Then swap sides.":
            "Asseyez-vous bien droit et tenez le siège de la chaise avec la main droite. "
            "Tournez la tête à moitié vers la gauche. Baissez le menton vers l’aisselle gauche. "
            "Puis changez de côté.",
    },
    "ST-PEC": {
        "Chest stretch in a doorway": "Étirement de la poitrine dans l’encadrement d’une porte",
        "Stand in a doorway with your forearms on the frame at shoulder height. Step one foot "
        "forward until your chest feels a stretch. Stop if your hands tingle.":
            "Placez-vous dans l’encadrement d’une porte, les avant-bras contre le cadre à "
            "hauteur des épaules. Avancez un pied jusqu’à sentir un étirement dans la poitrine. "
            "Arrêtez si vos mains fourmillent.",
    },
    "ST-CT": {
        "Chin tucks": "Rentrer le menton",
        "Sit tall. Slide your chin straight back, as if making a double chin. Hold for 5 "
        "seconds. Do this 5 to 10 times.":
            "Asseyez-vous bien droit. Reculez le menton tout droit, comme pour faire un double "
            "menton. Tenez 5 secondes. Faites-le 5 à 10 fois.",
    },
    "ST-QL": {
        "Side bend": "Inclinaison latérale",
        "Stand tall. Reach one arm up over your head. Lean gently to the other side without "
        "twisting. Then swap sides.":
            "Tenez-vous bien droit. Levez un bras au-dessus de la tête. Penchez-vous doucement "
            "de l’autre côté, sans vous tourner. Puis changez de côté.",
    },
    "ST-PIR": {
        "Buttock stretch": "Étirement de la fesse",
        "Lie on your back with knees bent. Cross your right ankle over your left knee. Gently "
        "pull your left thigh to your chest. Then swap sides.":
            "Allongez-vous sur le dos, genoux pliés. Croisez la cheville droite sur le genou "
            "gauche. Ramenez doucement la cuisse gauche vers la poitrine. Puis changez de côté.",
        "Pregnant? Do this one sitting on a chair instead. Cross one ankle over the other knee "
        "and lean forward a little.":
            "Enceinte ? Faites plutôt celui-ci assise sur une chaise. Croisez une cheville sur "
            "l’autre genou et penchez-vous un peu en avant.",
        "Had a hip or knee replaced? Ask your surgeon or physio before this stretch.":
            "Vous avez une prothèse de hanche ou de genou ? Demandez l’avis de votre chirurgien "
            "ou de votre physiothérapeute avant cet étirement.",
    },
    "ST-HF": {
        "Front of the hip": "Avant de la hanche",
        "Kneel on your right knee on something soft, left foot in front. Tuck your tailbone "
        "under and shift forward. Feel it at the front of the right hip. Then swap sides.":
            "Mettez-vous à genou sur le genou droit, sur une surface moelleuse, le pied gauche "
            "devant. Rentrez le coccyx et avancez le bassin. Vous sentez l’étirement à l’avant "
            "de la hanche droite. Puis changez de côté.",
        "Had a hip or knee replaced? Ask your surgeon or physio before this stretch.":
            "Vous avez une prothèse de hanche ou de genou ? Demandez l’avis de votre chirurgien "
            "ou de votre physiothérapeute avant cet étirement.",
    },
    "ST-HAM": {
        "Back of the thigh": "Arrière de la cuisse",
        "Sit on the edge of a chair with one leg straight, heel down. Keep your back straight "
        "and lean forward from the hips. Then swap sides.":
            "Asseyez-vous au bord d’une chaise, une jambe tendue, le talon au sol. Gardez le dos "
            "droit et penchez-vous en avant à partir des hanches. Puis changez de côté.",
        "Had a hip or knee replaced? Ask your surgeon or physio before this stretch.":
            "Vous avez une prothèse de hanche ou de genou ? Demandez l’avis de votre chirurgien "
            "ou de votre physiothérapeute avant cet étirement.",
    },
    "ST-CALF": {
        "Calf stretch": "Étirement du mollet",
        "Face a wall with your hands on it. Step one foot back, heel down. Bend both knees a "
        "little to feel it low in the calf. Then swap sides.":
            "Placez-vous face à un mur, les mains dessus. Reculez un pied, le talon au sol. "
            "Pliez un peu les deux genoux pour sentir l’étirement dans le bas du mollet. Puis "
            "changez de côté.",
    },
    "SM-BALL": {
        "Self-massage with a ball": "Automassage avec une balle",
        "Put a tennis ball between the sore spot and a wall.":
            "Placez une balle de tennis entre l’endroit sensible et un mur.",
        "Lean in until you feel a firm, comfortable pressure. It should not make you wince.":
            "Appuyez-vous jusqu’à sentir une pression ferme mais confortable. Elle ne doit pas "
            "vous faire grimacer.",
        "Hold still for 20 to 60 seconds. Then move the ball a little.":
            "Restez immobile 20 à 60 secondes. Puis déplacez un peu la balle.",
        "Good places are the shoulder blades and the buttocks.":
            "Les omoplates et les fesses sont de bons endroits.",
        "Keep it off the spine, neck, armpits, groin and the back of the knee.":
            "Évitez la colonne vertébrale, le cou, les aisselles, l’aine et l’arrière du genou.",
        "Keep it off bruises, veins, sore skin, scars and numb areas.":
            "Évitez les bleus, les veines, la peau irritée, les cicatrices et les zones "
            "engourdies.",
        "Stop if you feel tingling, numbness, burning or sharp pain.":
            "Arrêtez si vous sentez des fourmillements, un engourdissement, une brûlure ou une "
            "douleur vive.",
        "Keep the ball well away from varicose veins.":
            "Gardez la balle bien à l’écart des varices.",
        "Do not use the ball where your feeling is reduced.":
            "N’utilisez pas la balle là où votre sensibilité est diminuée.",
        "Start with a soft ball, light pressure and short holds.":
            "Commencez avec une balle souple, une pression légère et des appuis courts.",
        "Keep the ball off the side at risk of swelling. Ask your care team first.":
            "Évitez le côté à risque d’enflure. Demandez d’abord l’avis de votre équipe "
            "soignante.",
        "Keep the ball away from your recent operation or break until it has healed.":
            "Tenez la balle loin de votre opération ou fracture récente jusqu’à la guérison.",
        "Keep the ball off skin that is broken or sore.":
            "Évitez la peau abîmée ou irritée.",
        "Never press the ball over your implanted device or its wires.":
            "N’appuyez jamais la balle sur votre appareil implanté ou ses fils.",
    },
    "HEAT": {
        "Warmth for stiff muscles": "La chaleur pour les muscles raides",
        "A warm shower or a wrapped heat pack can ease stiffness. Never sleep on a heat pad.":
            "Une douche chaude ou une bouillotte enveloppée peut soulager la raideur. Ne dormez "
            "jamais sur un coussin chauffant.",
        "No heat on a new injury or a swollen area.":
            "Pas de chaleur sur une blessure récente ou une zone enflée.",
        "Keep heat away from the skin over your implanted device.":
            "Tenez la chaleur loin de la peau au-dessus de votre appareil implanté.",
        "Keep heat off your varicose veins.": "Pas de chaleur sur vos varices.",
        "Keep heat packs off your belly while you are pregnant.":
            "Pendant la grossesse, pas de bouillotte sur le ventre.",
    },
    "COLD": {
        "Cold for a new injury": "Le froid pour une blessure récente",
        "For the first 2 to 3 days, cold can ease a new injury or swelling.":
            "Pendant les 2 à 3 premiers jours, le froid peut soulager une blessure récente ou "
            "une enflure.",
        "Wrap the ice pack in a cloth. Never put ice straight on the skin.":
            "Enveloppez la poche de glace dans un linge. Ne mettez jamais la glace directement "
            "sur la peau.",
        "Use it for 10 to 20 minutes. Then let the skin warm up.":
            "Appliquez-la 10 à 20 minutes. Puis laissez la peau se réchauffer.",
    },
    "THERAPIST-NOTE": {"A note from your therapist": "Un mot de votre thérapeute"},
    "NEXT-VISIT": {"Your next visit": "Votre prochaine séance"},
    "RED-FLAGS": {
        "Warning signs: get help": "Signes d’alerte : demandez de l’aide",
        "Call {emergency} now if you have:": "Appelez le {emergency} tout de suite si vous avez :",
        "Chest pain, or sudden trouble breathing.":
            "Une douleur à la poitrine ou une difficulté soudaine à respirer.",
        "Coughing up blood.": "Une toux avec du sang.",
        "A drooping face, a weak arm, or slurred speech.":
            "Un visage qui s’affaisse, un bras faible ou une parole difficile.",
        "A sudden, very bad headache.": "Un mal de tête soudain et très violent.",
        "Swollen lips, tongue or throat.": "Les lèvres, la langue ou la gorge enflées.",
        "Loss of bladder or bowel control.": "Une perte de contrôle de la vessie ou des selles.",
        "After neck work: dizziness, double vision, or trouble speaking.":
            "Après un travail sur le cou : des étourdissements, une vision double ou une "
            "difficulté à parler.",
        "See a doctor today, or call {advice}, if you have:":
            "Consultez un médecin aujourd’hui, ou appelez le {advice}, si vous avez :",
        "One calf or leg that is swollen, warm, red or painful.":
            "Un mollet ou une jambe enflé, chaud, rouge ou douloureux.",
        "Hot, red, swollen skin where we worked, or a fever.":
            "La peau chaude, rouge et enflée là où nous avons travaillé, ou de la fièvre.",
        "An itchy rash where oil was used.":
            "Une éruption qui démange là où l’huile a été appliquée.",
        "Trouble passing urine, or dark brown urine.":
            "Une difficulté à uriner, ou des urines brun foncé.",
        # The same line when the clinic has no advice number (advice._fill drops the call).
        "See a doctor today if you have:": "Consultez un médecin aujourd’hui si vous avez :",
        "See your doctor soon if you have:": "Consultez votre médecin bientôt si vous avez :",
        "Soreness that gets worse after 3 days, or big bruises.":
            "Une sensibilité qui augmente après 3 jours, ou de gros bleus.",
        "Numbness or weakness that does not go away.":
            "Un engourdissement ou une faiblesse qui ne disparaît pas.",
    },
    "NOTICE": {
        "Please note": "À noter",
        "This sheet is general information, not medical advice. It does not replace your "
        "doctor. Stop any exercise that causes pain, numbness or dizziness. See the warning "
        "signs box.":
            "Cette fiche donne des informations générales, pas un avis médical. Elle ne "
            "remplace pas votre médecin. Arrêtez tout exercice qui cause une douleur, un "
            "engourdissement ou un étourdissement. Voyez l’encadré des signes d’alerte.",
    },
}
