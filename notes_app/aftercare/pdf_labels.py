"""The aftercare PDF's own words (header, footer, table heads, map legend) in each language.

The sheet's language comes from its snapshot; English is the key, so a missing translation shows
up in tests/aftercare/test_sheet_languages.py rather than as an English word on a French sheet.
"""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date

LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "Your aftercare": "Vos conseils",
        "Prepared for": "Préparé pour",
        "Date of session": "Date de la séance",
        "Your therapist": "Votre thérapeute",
        "Aftercare for {name}": "Conseils pour {name}",
        "Page {page} of {total}": "Page {page} sur {total}",
        "Ref. {ref}": "Réf. {ref}",
        "Aftercare information": "Conseils après-séance",
        "MUSCLE": "MUSCLE", "SIDE": "CÔTÉ", "TECHNIQUES": "TECHNIQUES",
        "Gentle stretches": "Étirements doux",
        "Back view": "Vue de dos", "Front view": "Vue de face",
        "After: {status}": "Après : {status}",
        "Active trigger point": "Point gâchette actif",
        "Latent trigger point": "Point gâchette latent", "Taut band": "Bande tendue",
        "Tender spot": "Point sensible", "Released": "relâché", "Reduced": "diminué",
        "Unchanged": "inchangé",
        "This sheet is general information, not medical advice. It does not replace advice "
        "from your doctor or other health professional. Stop any exercise that causes sharp "
        "pain, numbness, tingling or dizziness. See the warning signs box.":
            "Cette fiche donne des informations générales, pas un avis médical. Elle ne "
            "remplace pas les conseils de votre médecin ou d’un autre professionnel de la "
            "santé. Arrêtez tout exercice qui cause une douleur vive, un engourdissement, des "
            "fourmillements ou un étourdissement. Voyez l’encadré des signes d’alerte.",
    },
    "es": {
        "Your aftercare": "Sus cuidados",
        "Prepared for": "Preparado para",
        "Date of session": "Fecha de la sesión",
        "Your therapist": "Su terapeuta",
        "Aftercare for {name}": "Cuidados para {name}",
        "Page {page} of {total}": "Página {page} de {total}",
        "Ref. {ref}": "Ref. {ref}",
        "Aftercare information": "Cuidados tras la sesión",
        "MUSCLE": "MÚSCULO", "SIDE": "LADO", "TECHNIQUES": "TÉCNICAS",
        "Gentle stretches": "Estiramientos suaves",
        "Back view": "Vista posterior", "Front view": "Vista anterior",
        "After: {status}": "Después: {status}",
        "Active trigger point": "Punto gatillo activo",
        "Latent trigger point": "Punto gatillo latente", "Taut band": "Banda tensa",
        "Tender spot": "Punto sensible", "Released": "liberado", "Reduced": "reducido",
        "Unchanged": "sin cambios",
        "This sheet is general information, not medical advice. It does not replace advice "
        "from your doctor or other health professional. Stop any exercise that causes sharp "
        "pain, numbness, tingling or dizziness. See the warning signs box.":
            "Esta hoja ofrece información general, no consejo médico. No sustituye los consejos "
            "de su médico ni de otro profesional sanitario. Pare cualquier ejercicio que le "
            "cause un dolor agudo, entumecimiento, hormigueo o mareo. Consulte el recuadro de "
            "señales de alarma.",
    },
}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def label(lang: str | None, text: str, **values: object) -> str:
    """Return one of the sheet's own words in the sheet's language (English as written)."""
    words = LABELS.get(str(lang or "en"), {}).get(text, text)
    return words.format(**values) if values else words


def long_date(iso: str, lang: str | None) -> str:
    """Return a sheet date in words: "18 November 2026", "18 novembre 2026", "1er décembre"."""
    try:
        day = dt.date.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso or "")
    if lang not in LABELS:
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    text = format_date(day, "long", locale=lang)
    if lang == "fr" and day.day == 1:
        text = "1er" + text[1:]
    return text
