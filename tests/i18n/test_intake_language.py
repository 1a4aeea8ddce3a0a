"""The intake form in the client's language: labels, choices, messages and consent; same answers."""
from __future__ import annotations

import html
import json

import pytest

from notes_app.clients.models import Client
from notes_app.errors import DomainError
from notes_app.extensions import db
from notes_app.intake.models import IntakeVersion
from tests.fixtures.intake import valid_post


def set_language(app, client_id, code):
    with app.app_context():
        db.session.get(Client, client_id).preferred_language = code
        db.session.commit()


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def stored(app, client_id) -> list[IntakeVersion]:
    with app.app_context():
        return list(db.session.scalars(db.select(IntakeVersion).filter_by(client_id=client_id)
                                       .order_by(IntakeVersion.version)))


@pytest.fixture
def second_portal(world, make_user, app):
    """Give the second client (Siobhán) a portal login of her own."""
    user = make_user(world.clinic, "c2@k.test", "client", "Siobhán O'Sullivan")
    with app.app_context():
        db.session.get(Client, world.c2.id).portal_user_id = user.id
        db.session.commit()
    return user


SHOWN = {
    "fr": ["Antécédents de santé", "Qu’est-ce qui vous amène ?", "Aujourd’hui, avez-vous…",
           "Hypertension artérielle", "Sur le ventre", "Nuque", "Épaule (gauche)",
           "Huiles de fruits à coque", "Consentement et signature", "Je demande un massage",
           "un niveau où je peux encore respirer", "Votre nom complet", "Signer et envoyer",
           "Signez au-dessus de la ligne", "Mode de vie : les sept causes",
           "Saisissez", "Texte de consentement, version 2026-11."],
    "es": ["Antecedentes de salud", "¿Qué le trae por aquí?", "Hoy, ¿tiene usted…",
           "Tensión arterial alta", "Boca abajo", "Nuca", "Hombro (izquierdo)",
           "Aceites de frutos secos", "Consentimiento y firma", "Solicito un masaje",
           "todavía puedo respirar con calma", "Su nombre completo", "Firmar y enviar",
           "Firme encima de la línea", "Estilo de vida: las siete causas",
           "Texto de consentimiento, versión 2026-11."],
}
ENGLISH = ["Health history", "What brings you in?", "High blood pressure", "On my stomach",
           "Back of the neck", "I am asking for massage", "Consent &amp; signature",
           "Consent & signature", "Sign and send", "Sign above the line", "Your full name"]


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_portal_intake_form_is_in_the_clients_language(world, login_as, app, lang):
    set_language(app, world.c1.id, lang)
    body = page(login_as(world.portal).get("/portal/intake"))
    missing = [text for text in SHOWN[lang] if text not in body and text != "Saisissez"]
    assert missing == []
    assert [text for text in ENGLISH if text in body] == []
    # The values sent back stay the English keys: only what is shown is translated.
    assert 'value="stomach"' in body and 'value="neck_back"' in body
    assert f'name="consent-language" type="hidden" value="{lang}"' in body


def test_an_invalid_french_post_explains_in_french(world, login_as, app):
    set_language(app, world.c1.id, "fr")
    c = login_as(world.portal)
    response = c.post("/portal/intake", data=valid_post(**{
        "lifestyle-desk_hours": "30", "lifestyle-fluid_litres": "12",
        "pain_areas-1-intensity": "4", "consent-typed_name": "",
        "allergies-other": "x" * 201, "lifestyle-stress": "beaucoup",
        "pain_areas-0-character": "brûlante", "allergies-items": ["latex", "pollen"]}))
    body = page(response)
    assert response.status_code == 200 and stored(app, world.c1.id) == []
    for text in ("Rien n’a encore été enregistré. Vérifiez 8 réponses.",
                 "Zone douloureuse 1 › Type de douleur</a> : Choisissez dans la liste.",
                 "Allergies › Allergies et sensibilités</a> : Choisissez dans la liste.",
                 "Saisissez un nombre de 0 à 24 heures.", "Saisissez un nombre de 0 à 10 litres.",
                 "Choisissez la zone de cette ligne.", "Tapez votre nom complet.",
                 "Saisissez un nombre entier.", "Zone douloureuse 2 › Zone",
                 "Mode de vie › Heures de bureau ou d’écran par jour",
                 "ne peut pas contenir plus de 200 caractères"):
        assert text in body, text
    assert "Enter a number" not in body and "Nothing was saved" not in body


def _answers(version) -> str:
    data = json.loads(json.dumps(version.data))
    data["consent"].pop("language")
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def test_a_french_intake_stores_the_same_answers_as_an_english_one(world, login_as, app, client,
                                                                  second_portal):
    set_language(app, world.c1.id, "fr")
    post = valid_post(**{"lifestyle-fluid_litres": "1.25", "lifestyle-sleep_position": "side",
                         "lifestyle-break_frequency": "30to60", "preferences-pressure": "firm"})
    assert login_as(world.portal).post("/portal/intake", data={
        **post, "consent-language": "fr"}).status_code == 302
    client.post("/logout")
    assert login_as(second_portal).post("/portal/intake", data={
        **post, "consent-language": "en"}).status_code == 302
    [french], [english] = stored(app, world.c1.id), stored(app, world.c2.id)
    assert _answers(french) == _answers(english)
    assert french.data["lifestyle"]["sleep_position"] == "side"
    assert french.data["pain_areas"][0]["character"] == "ache"
    # What the record keeps of the consent: its version and the language it was read in.
    assert (french.consent_version, french.data["consent"]["language"]) == ("2026-11", "fr")
    assert (english.consent_version, english.data["consent"]["language"]) == ("2026-11", "en")


@pytest.mark.parametrize("shown", ["en", "es", "zz", "x" * 40])
def test_a_consent_read_in_another_language_is_not_signed_here(world, login_as, app, shown):
    set_language(app, world.c1.id, "fr")
    response = login_as(world.portal).post("/portal/intake", data={
        **valid_post(), "consent-language": shown})
    assert response.status_code == 200 and stored(app, world.c1.id) == []
    body = page(response)
    assert ("La langue de cette page a changé" in body
            or "ne peut pas contenir plus de 10 caractères" in body)


def test_staff_see_the_intake_in_english_and_the_consent_as_read(world, login_as, app, client):
    set_language(app, world.c1.id, "fr")
    assert login_as(world.portal).post("/portal/intake", data={
        **valid_post(), "consent-language": "fr"}).status_code == 302
    client.post("/logout")
    c = login_as(world.t1)
    form = page(c.get(f"/intake/new/{world.c1.public_id}"))
    for text in ("Health history", "I am asking for massage", "Back of the neck",
                 "Consent & signature", 'name="consent-language" type="hidden" value="en"'):
        assert text in form, text
    assert "Antécédents" not in form and "Je demande" not in form
    [version] = stored(app, world.c1.id)
    detail = page(c.get(f"/intake/{version.public_id}"))
    assert "read in Français" in detail
    assert "Je demande un massage" in detail and "In English: I am asking for massage" in detail


def test_the_french_update_form_and_its_dates(world, login_as, app, make_intake):
    set_language(app, world.c1.id, "fr")
    c = login_as(world.portal)
    assert c.post("/portal/intake", data={**valid_post(), "consent-language": "fr"}
                  ).status_code == 302
    body = page(c.get("/portal/intake"))
    for text in ("Quelque chose a-t-il changé ?", "Problèmes de santé qui vous concernent",
                 "Ostéoporose", "Consentement et signature", "Signer et envoyer"):
        assert text in body, text
    assert "Has anything changed" not in body and "signed on" not in body


def test_the_fhir_consent_carries_the_texts_the_client_read(world, login_as, app):
    from datetime import UTC, datetime

    from notes_app.records.services import fhir_bundle_for

    set_language(app, world.c1.id, "es")
    assert login_as(world.portal).post("/portal/intake", data={
        **valid_post(), "consent-language": "es"}).status_code == 302
    with app.test_request_context():
        bundle = fhir_bundle_for(db.session.get(Client, world.c1.id), now=datetime.now(UTC))
    [consent] = [e["resource"] for e in bundle["entry"]
                 if e["resource"]["resourceType"] == "Consent"]
    div = html.unescape(consent["text"]["div"])
    assert "Agreed: I am asking for massage" in div  # the clinician's English stays
    assert 'in language "es":' in div and "Solicito un masaje" in div
    assert "debe quedarse en 6 sobre 10 o menos" in div  # the agreed ceiling, filled in


def test_a_change_of_consent_language_shows_in_the_diff_an_old_version_does_not(world, app):
    from datetime import date

    from notes_app.auth.models import User
    from notes_app.intake import services
    from tests.fixtures.intake import minimal_intake

    with app.app_context():
        actor, record = db.session.get(User, world.t1.id), db.session.get(Client, world.c1.id)
        first = services.create_intake_version(actor, record, minimal_intake(),
                                               today=date(2026, 1, 5))
        before = {**first.data, "consent": {k: v for k, v in first.data["consent"].items()
                                            if k != "language"}}  # as stored before issue 14
        table = IntakeVersion.__table__
        db.session.execute(table.update().where(table.c.id == first.id).values(data=before))
        db.session.expire(first)
        second = services.create_intake_version(actor, record, minimal_intake(),
                                                today=date(2026, 2, 5))
        third = services.create_intake_version(actor, record, minimal_intake(),
                                               today=date(2026, 3, 5), consent_language="fr")
        assert services.changes_since_previous(second) == []
        assert services.changes_since_previous(third) == [
            ("Consent › Consent text language", "English", "French")]
        with pytest.raises(DomainError):
            services.create_intake_version(actor, record, minimal_intake(),
                                           today=date(2026, 4, 5), consent_language="klingon")
        db.session.rollback()
