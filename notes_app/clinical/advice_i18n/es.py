"""The advice library in Spanish (plain patient information, usted), keyed by block id."""
from __future__ import annotations

# Muscle names as Spanish anatomy names them (Terminologia Anatomica usage in Spanish teaching).
MUSCLES = {
    "Upper trapezius": "Trapecio superior", "Sternocleidomastoid": "Esternocleidomastoideo",
    "Scalenes": "Escalenos", "Splenius capitis": "Esplenio de la cabeza",
    "Splenius cervicis": "Esplenio del cuello", "Suboccipitals": "Suboccipitales",
    "Masseter": "Masetero", "Temporalis": "Temporal", "Middle trapezius": "Trapecio medio",
    "Lower trapezius": "Trapecio inferior", "Levator scapulae": "Elevador de la escápula",
    "Rhomboids": "Romboides", "Supraspinatus": "Supraespinoso",
    "Infraspinatus": "Infraespinoso", "Teres minor": "Redondo menor",
    "Teres major": "Redondo mayor", "Subscapularis": "Subescapular",
    "Latissimus dorsi": "Dorsal ancho",
    "Serratus posterior superior": "Serrato posterior superior",
    "Serratus anterior": "Serrato anterior", "Pectoralis major": "Pectoral mayor",
    "Pectoralis minor": "Pectoral menor", "Iliocostalis thoracis": "Iliocostal torácico",
    "Iliocostalis lumborum": "Iliocostal lumbar", "Longissimus thoracis": "Longísimo torácico",
    "Multifidus": "Multífido", "Serratus posterior inferior": "Serrato posterior inferior",
    "Quadratus lumborum": "Cuadrado lumbar", "Gluteus maximus": "Glúteo mayor",
    "Gluteus medius": "Glúteo medio", "Gluteus minimus": "Glúteo menor",
    "Piriformis": "Piriforme", "Iliopsoas": "Iliopsoas",
    "Semispinalis capitis": "Semiespinoso de la cabeza",
    "Tensor fasciae latae": "Tensor de la fascia lata", "Hamstrings": "Isquiotibiales",
    "Soleus": "Sóleo",
}
SIDES = {"Right": "Derecho", "Left": "Izquierdo", "Both sides": "Ambos lados",
         "Midline": "Línea media"}
TECHNIQUES = {
    "Effleurage": "Effleurage (roce)", "Petrissage": "Amasamiento", "Friction": "Fricción",
    "Cross-fibre friction": "Fricción transversa", "Compression": "Compresión",
    "Tapotement": "Percusión", "Vibration and rocking": "Vibración y balanceo",
    "Ischaemic compression": "Compresión isquémica", "Stripping": "Deslizamiento profundo",
    "Neuromuscular technique": "Técnica neuromuscular",
    "Myofascial release": "Liberación miofascial", "Pin and stretch": "Fijar y estirar",
    "Muscle energy technique": "Técnica de energía muscular",
    "PNF stretching": "Estiramiento FNP", "Positional release": "Liberación posicional",
    "Static stretch": "Estiramiento estático", "Spray or ice and stretch": "Frío y estiramiento",
    "Cupping": "Ventosas", "Instrument-assisted soft-tissue work": "Trabajo con instrumento",
    "Heat or cold": "Calor o frío", "Joint movement": "Movilización articular",
}
AREAS = {
    "neck": "el cuello", "upper back and shoulders": "la parte alta de la espalda y los hombros",
    "chest": "el pecho", "back": "la espalda", "hips and buttocks": "las caderas y los glúteos",
    "jaw": "la mandíbula", "temples": "las sienes", "thighs": "los muslos",
    "calves": "las pantorrillas", "front of the hips": "la parte delantera de las caderas",
    "lower back": "la zona lumbar", "sides of the chest": "los costados del pecho",
}
AND = " y "
TODAY = "Hoy hemos trabajado {areas}."
VALUES = {
    "emergency services": "servicio de emergencias",
    # Country numbers and drinking guidance (clinical.contacts), worded to follow the "al" of
    # "Llame ya al {emergency}" / "llame al {advice}" above.
    "15 or 112": "15 o al 112", "112 or 999": "112 o al 999",
    "your GP or GP out-of-hours service": "centro de salud o a urgencias de atención primaria",
    "your doctor or 116 117": "médico o al 116 117",
    "your health centre": "centro de salud",
    "healthdirect on 1800 022 222": "1800 022 222 (healthdirect)",
    "Healthline on 0800 611 116": "0800 611 116 (Healthline)",
    "A rough guide is 6 to 8 glasses of drinks a day.":
        "Como guía: de 6 a 8 vasos de bebida al día.",
    "A rough guide: women 2 litres a day, men 2.5, food included.":
        "Como guía: mujeres 2 litros al día, hombres 2,5, comida incluida.",
    "A rough guide: women 2.7 litres a day, men 3.7, food included.":
        "Como guía: mujeres 2,7 litros al día, hombres 3,7, comida incluida.",
    "A rough guide: women 2.8 litres a day, men 3.4, food included.":
        "Como guía: mujeres 2,8 litros al día, hombres 3,4, comida incluida.",
}
_PROSTHESIS = ("¿Tiene una prótesis de cadera o de rodilla? Consulte a su cirujano o "
               "fisioterapeuta antes de este estiramiento.")

BLOCKS: dict[str, dict[str, str]] = {
    "AFTER-SESSION": {
        "After your session": "Después de la sesión",
        "Some soreness for a day or two is common. It should fade within 3 days.":
            "Es habitual notar molestias durante uno o dos días. Deberían desaparecer en "
            "3 días.",
        "Keep moving gently today. A walk is good.":
            "Hoy siga moviéndose con suavidad. Dar un paseo le sentará bien.",
        "Drink as usual. There is nothing to wash out.":
            "Beba como de costumbre. No hay nada que «eliminar».",
        "Bruising is not expected. Tell us if you see any.":
            "No se esperan moratones. Avísenos si le aparece alguno.",
        "You took pain relief before your visit. You may feel more sore later.":
            "Tomó un analgésico antes de la visita. Puede que note más molestias más tarde.",
        "Blood-pressure pills can make you dizzy. Stand up slowly today.":
            "Las pastillas para la tensión pueden marear. Hoy levántese despacio.",
        "Check your blood sugar as usual today. Keep a snack close by.":
            "Hoy mídase el azúcar como de costumbre. Tenga algo de comer a mano.",
        "You may bruise more easily. Look at the worked areas tonight. Tell us about any "
        "bruises.":
            "Puede que le salgan moratones con más facilidad. Esta noche mire las zonas "
            "trabajadas. Avísenos si ve alguno.",
        "Soreness may last a bit longer with fibromyalgia. Rest and gentle movement help. Tell "
        "us next time, so we can adjust.":
            "Con fibromialgia, las molestias pueden durar algo más. El descanso y el movimiento "
            "suave ayudan. Díganoslo en la próxima visita para que podamos adaptar el masaje.",
        "Check your calves each day. See the warning signs for a swollen leg.":
            "Mírese las pantorrillas cada día. Consulte las señales de alarma si nota una "
            "pierna hinchada.",
        "We used cups or tools today. They can leave round marks or small bruises. These fade "
        "within two weeks. Tell us if one is large or painful.":
            "Hoy usamos ventosas o instrumentos. Pueden dejar marcas redondas o pequeños "
            "moratones, que desaparecen en dos semanas. Avísenos si alguno es grande o duele.",
    },
    "WHAT-WE-WORKED-ON": {
        "What we worked on today": "Lo que trabajamos hoy",
        "A tight spot in one muscle can cause pain somewhere else. So we may work away from "
        "where it hurts.":
            "Un punto tenso en un músculo puede causar dolor en otro sitio. Por eso a veces "
            "trabajamos lejos de donde duele.",
    },
    "POS": {
        "Posture at your desk": "La postura en el escritorio",
        "Set the top of your screen at or just below eye level.":
            "Coloque la parte de arriba de la pantalla a la altura de los ojos o un poco por "
            "debajo.",
        "Keep the keyboard close, with relaxed shoulders and straight wrists.":
            "Tenga el teclado cerca, con los hombros relajados y las muñecas rectas.",
        "Use a headset. Don't hold the phone with your shoulder.":
            "Use auriculares. No sujete el teléfono con el hombro.",
    },
    "OVR": {
        "Pace repeated work": "Dosifique los movimientos repetidos",
        "Every 20 to 30 minutes, take a short break.":
            "Cada 20 o 30 minutos, haga una pausa corta.",
        "Every hour or so, get up and move about.":
            "Más o menos cada hora, levántese y muévase.",
        "Swap sides when you carry bags. Build up new training slowly.":
            "Cambie de lado al llevar bolsas. Aumente poco a poco cualquier entrenamiento "
            "nuevo.",
    },
    "STR": {
        "Stress and tight muscles": "Estrés y músculos tensos",
        "A few times a day, drop your shoulders and unclench your jaw.":
            "Varias veces al día, baje los hombros y afloje la mandíbula.",
        "Breathe in slowly so your belly rises. Breathe out slowly. Do this for a few minutes.":
            "Inspire despacio para que se le hinche la barriga. Espire despacio. Hágalo "
            "durante unos minutos.",
        "If stress feels like too much, talk to your doctor.":
            "Si el estrés le supera, hable con su médico.",
    },
    "INA": {
        "Stay active": "Manténgase activo",
        "Aim for 150 minutes a week of brisk walking, plus muscle work twice a week.":
            "Intente caminar a paso rápido 150 minutos a la semana, y hacer ejercicios de "
            "fuerza dos veces por semana.",
        "Any movement helps. Start with 5 or 10 minutes a day.":
            "Cualquier movimiento ayuda. Empiece con 5 o 10 minutos al día.",
        "When you sit a lot, stand up and move every 30 to 60 minutes.":
            "Si pasa mucho tiempo sentado, levántese y muévase cada 30 a 60 minutos.",
        "Check with your midwife or doctor before you start new exercise.":
            "Consulte a su matrona o a su médico antes de empezar un ejercicio nuevo.",
        "Ask your doctor before you do more than walking.":
            "Consulte a su médico antes de hacer algo más que caminar.",
    },
    "HYD": {
        "Drink enough": "Beba lo suficiente",
        "Water is good for your health, but it does not treat knots.":
            "El agua es buena para la salud, pero no trata los nudos.",
        "Drink when you are thirsty, and a little more when it is hot.":
            "Beba cuando tenga sed, y un poco más cuando haga calor.",
        "{water_guide}": "{water_guide}",
        "Your doctor may want you to limit drinks. Follow their advice.":
            "Puede que su médico le pida limitar lo que bebe. Siga sus indicaciones.",
    },
    "SLP": {
        "Sleep and pillows": "El sueño y la almohada",
        "Sleep on your back or side. Sleeping on your front twists the neck.":
            "Duerma boca arriba o de lado. Dormir boca abajo tuerce el cuello.",
        "Your pillow should keep your head in line with your spine.":
            "La almohada debe mantener la cabeza alineada con la columna.",
        "Get a new pillow when it goes flat.":
            "Cambie de almohada cuando se aplaste.",
    },
    "INJ": {
        "Old injuries and scars": "Lesiones antiguas y cicatrices",
        "Follow your surgeon's or physio's advice first.":
            "Siga primero las indicaciones de su cirujano o fisioterapeuta.",
        "Do not rub or stretch a wound that has not healed.":
            "No frote ni estire una herida que no haya cicatrizado.",
        "Tell us about any new injury or operation before your next visit.":
            "Avísenos de cualquier lesión u operación nueva antes de su próxima visita.",
    },
    "ST-RULES": {
        "Gentle stretches": "Estiramientos suaves",
        "Move slowly into a mild stretch. No pain, no bouncing.":
            "Llegue despacio a un estiramiento suave. Sin dolor y sin rebotes.",
        "Hold 15 to 30 seconds, 2 to 4 times. Stop if you feel numb or dizzy.":
            "Mantenga de 15 a 30 segundos, de 2 a 4 veces. Pare si nota hormigueo, "
            "entumecimiento o mareo.",
    },
    "ST-UT": {
        "Side of the neck": "Lateral del cuello",
        "Sit tall and hold the chair seat with your right hand. Slowly tip your left ear to "
        "your left shoulder. Then swap sides.":
            "Siéntese erguido y sujete el asiento de la silla con la mano derecha. Incline "
            "despacio la oreja izquierda hacia el hombro izquierdo. Luego cambie de lado.",
    },
    "ST-LS": {
        "Back of the neck": "Parte de atrás del cuello",
        "Sit tall and hold the chair seat with your right hand. Turn your head halfway left. "
        "Nod your chin to your left armpit. Then swap sides.":
            "Siéntese erguido y sujete el asiento de la silla con la mano derecha. Gire la "
            "cabeza a medias hacia la izquierda. Baje la barbilla hacia la axila izquierda. "
            "Luego cambie de lado.",
    },
    "ST-PEC": {
        "Chest stretch in a doorway": "Estiramiento del pecho en el marco de una puerta",
        "Stand in a doorway with your forearms on the frame at shoulder height. Step one foot "
        "forward until your chest feels a stretch. Stop if your hands tingle.":
            "Colóquese en el marco de una puerta con los antebrazos apoyados a la altura de los "
            "hombros. Adelante un pie hasta notar el estiramiento en el pecho. Pare si le "
            "hormiguean las manos.",
    },
    "ST-CT": {
        "Chin tucks": "Retracción de la barbilla",
        "Sit tall. Slide your chin straight back, as if making a double chin. Hold for 5 "
        "seconds. Do this 5 to 10 times.":
            "Siéntese erguido. Lleve la barbilla recta hacia atrás, como si hiciera papada. "
            "Mantenga 5 segundos. Repita de 5 a 10 veces.",
    },
    "ST-QL": {
        "Side bend": "Inclinación lateral",
        "Stand tall. Reach one arm up over your head. Lean gently to the other side without "
        "twisting. Then swap sides.":
            "Póngase de pie, erguido. Levante un brazo por encima de la cabeza. Inclínese con "
            "suavidad hacia el otro lado sin girar el tronco. Luego cambie de lado.",
    },
    "ST-PIR": {
        "Buttock stretch": "Estiramiento del glúteo",
        "Lie on your back with knees bent. Cross your right ankle over your left knee. Gently "
        "pull your left thigh to your chest. Then swap sides.":
            "Túmbese boca arriba con las rodillas dobladas. Cruce el tobillo derecho sobre la "
            "rodilla izquierda. Lleve con suavidad el muslo izquierdo hacia el pecho. Luego "
            "cambie de lado.",
        "Pregnant? Do this one sitting on a chair instead. Cross one ankle over the other knee "
        "and lean forward a little.":
            "¿Está embarazada? Haga este sentada en una silla. Cruce un tobillo sobre la otra "
            "rodilla e inclínese un poco hacia delante.",
        "Had a hip or knee replaced? Ask your surgeon or physio before this stretch.":
            _PROSTHESIS,
    },
    "ST-HF": {
        "Front of the hip": "Parte delantera de la cadera",
        "Kneel on your right knee on something soft, left foot in front. Tuck your tailbone "
        "under and shift forward. Feel it at the front of the right hip. Then swap sides.":
            "Arrodíllese sobre la rodilla derecha encima de algo blando, con el pie izquierdo "
            "delante. Meta el coxis y desplace el cuerpo hacia delante. Lo notará en la parte "
            "delantera de la cadera derecha. Luego cambie de lado.",
        "Had a hip or knee replaced? Ask your surgeon or physio before this stretch.":
            _PROSTHESIS,
    },
    "ST-HAM": {
        "Back of the thigh": "Parte de atrás del muslo",
        "Sit on the edge of a chair with one leg straight, heel down. Keep your back straight "
        "and lean forward from the hips. Then swap sides.":
            "Siéntese en el borde de una silla con una pierna estirada y el talón en el suelo. "
            "Mantenga la espalda recta e inclínese hacia delante desde las caderas. Luego "
            "cambie de lado.",
        "Had a hip or knee replaced? Ask your surgeon or physio before this stretch.":
            _PROSTHESIS,
    },
    "ST-CALF": {
        "Calf stretch": "Estiramiento de la pantorrilla",
        "Face a wall with your hands on it. Step one foot back, heel down. Bend both knees a "
        "little to feel it low in the calf. Then swap sides.":
            "Póngase frente a una pared con las manos apoyadas. Lleve un pie hacia atrás con el "
            "talón en el suelo. Doble un poco las dos rodillas para notarlo en la parte baja de "
            "la pantorrilla. Luego cambie de lado.",
    },
    "SM-BALL": {
        "Self-massage with a ball": "Automasaje con una pelota",
        "Put a tennis ball between the sore spot and a wall.":
            "Coloque una pelota de tenis entre la zona dolorida y una pared.",
        "Lean in until you feel a firm, comfortable pressure. It should not make you wince.":
            "Apóyese hasta notar una presión firme pero cómoda. No debe hacerle torcer el "
            "gesto.",
        "Hold still for 20 to 60 seconds. Then move the ball a little.":
            "Quédese quieto de 20 a 60 segundos. Luego mueva un poco la pelota.",
        "Good places are the shoulder blades and the buttocks.":
            "Los omóplatos y los glúteos son buenos sitios.",
        "Keep it off the spine, neck, armpits, groin and the back of the knee.":
            "No la use sobre la columna, el cuello, las axilas, la ingle ni detrás de la "
            "rodilla.",
        "Keep it off bruises, veins, sore skin, scars and numb areas.":
            "No la use sobre moratones, venas, piel irritada, cicatrices ni zonas dormidas.",
        "Stop if you feel tingling, numbness, burning or sharp pain.":
            "Pare si nota hormigueo, entumecimiento, ardor o un dolor agudo.",
        "Keep the ball well away from varicose veins.":
            "Mantenga la pelota bien lejos de las varices.",
        "Do not use the ball where your feeling is reduced.":
            "No use la pelota donde tenga menos sensibilidad.",
        "Start with a soft ball, light pressure and short holds.":
            "Empiece con una pelota blanda, poca presión y apoyos cortos.",
        "Keep the ball off the side at risk of swelling. Ask your care team first.":
            "No use la pelota en el lado con riesgo de hinchazón. Consulte antes a su equipo "
            "sanitario.",
        "Keep the ball away from your recent operation or break until it has healed.":
            "Mantenga la pelota lejos de su operación o fractura reciente hasta que se haya "
            "curado.",
        "Keep the ball off skin that is broken or sore.":
            "No use la pelota sobre piel con heridas o irritada.",
        "Never press the ball over your implanted device or its wires.":
            "Nunca presione la pelota sobre su dispositivo implantado ni sus cables.",
    },
    "HEAT": {
        "Warmth for stiff muscles": "Calor para los músculos rígidos",
        "A warm shower or a wrapped heat pack can ease stiffness. Never sleep on a heat pad.":
            "Una ducha caliente o una bolsa de calor envuelta pueden aliviar la rigidez. Nunca "
            "duerma sobre una almohadilla eléctrica.",
        "No heat on a new injury or a swollen area.":
            "No aplique calor en una lesión reciente ni en una zona hinchada.",
        "Keep heat away from the skin over your implanted device.":
            "No aplique calor en la piel sobre su dispositivo implantado.",
        "Keep heat off your varicose veins.": "No aplique calor sobre las varices.",
        "Keep heat packs off your belly while you are pregnant.":
            "Durante el embarazo, no ponga bolsas de calor sobre la barriga.",
    },
    "COLD": {
        "Cold for a new injury": "Frío para una lesión reciente",
        "For the first 2 to 3 days, cold can ease a new injury or swelling.":
            "Durante los primeros 2 o 3 días, el frío puede aliviar una lesión reciente o una "
            "hinchazón.",
        "Wrap the ice pack in a cloth. Never put ice straight on the skin.":
            "Envuelva la bolsa de hielo en un paño. Nunca ponga el hielo directamente sobre la "
            "piel.",
        "Use it for 10 to 20 minutes. Then let the skin warm up.":
            "Aplíquelo de 10 a 20 minutos. Luego deje que la piel se caliente.",
    },
    "THERAPIST-NOTE": {"A note from your therapist": "Una nota de su terapeuta"},
    "NEXT-VISIT": {"Your next visit": "Su próxima visita"},
    "RED-FLAGS": {
        "Warning signs: get help": "Señales de alarma: pida ayuda",
        "Call {emergency} now if you have:": "Llame ya al {emergency} si tiene:",
        "Chest pain, or sudden trouble breathing.":
            "Dolor en el pecho o dificultad repentina para respirar.",
        "Coughing up blood.": "Tos con sangre.",
        "A drooping face, a weak arm, or slurred speech.":
            "La cara caída, un brazo débil o dificultad para hablar.",
        "A sudden, very bad headache.": "Un dolor de cabeza repentino y muy fuerte.",
        "Swollen lips, tongue or throat.": "Los labios, la lengua o la garganta hinchados.",
        "Loss of bladder or bowel control.": "Pérdida del control de la orina o de las heces.",
        "After neck work: dizziness, double vision, or trouble speaking.":
            "Después del trabajo en el cuello: mareo, visión doble o dificultad para hablar.",
        "See a doctor today, or call {advice}, if you have:":
            "Vaya hoy al médico, o llame al {advice}, si tiene:",
        "One calf or leg that is swollen, warm, red or painful.":
            "Una pantorrilla o una pierna hinchada, caliente, roja o dolorida.",
        "Hot, red, swollen skin where we worked, or a fever.":
            "La piel caliente, roja e hinchada donde trabajamos, o fiebre.",
        "An itchy rash where oil was used.":
            "Un sarpullido que pica donde se usó aceite.",
        "Trouble passing urine, or dark brown urine.":
            "Dificultad para orinar, u orina de color marrón oscuro.",
        # The same line when the clinic has no advice number (advice._fill drops the call).
        "See a doctor today if you have:": "Vaya hoy al médico si tiene:",
        "See your doctor soon if you have:": "Vaya pronto a su médico si tiene:",
        "Soreness that gets worse after 3 days, or big bruises.":
            "Molestias que empeoran pasados 3 días, o moratones grandes.",
        "Numbness or weakness that does not go away.":
            "Entumecimiento o debilidad que no desaparece.",
    },
    "NOTICE": {
        "Please note": "Importante",
        "This sheet is general information, not medical advice. It does not replace your "
        "doctor. Stop any exercise that causes pain, numbness or dizziness. See the warning "
        "signs box.":
            "Esta hoja ofrece información general, no consejo médico. No sustituye a su "
            "médico. Pare cualquier ejercicio que le cause dolor, entumecimiento o mareo. "
            "Consulte el recuadro de señales de alarma.",
    },
}
