"""Account mails go out in the recipient's language: a client's record, a login's own setting."""
from __future__ import annotations

import pytest

from notes_app.auth.models import User
from notes_app.clients.models import Client
from notes_app.extensions import db
from tests.conftest import login
from tests.portal.mailbox import link_path, outbox_messages

NEW_PASSWORD = "lantern orchard pebble river"
INVITE = {"en": ("Your client portal at", "expires in 72 hours"),
          "fr": ("Votre portail client chez", "expire dans 72 heures"),
          "es": ("Su portal de clientes en", "caduca en 72 horas")}
RESET = {"en": "Reset your Knotwork password", "fr": "Réinitialiser votre mot de passe Knotwork",
         "es": "Restablecer su contraseña de Knotwork"}


def _invite(app, world, record):
    staff = app.test_client()
    login(staff, world.t1)
    assert staff.post(f"/portal/invite/{record.public_id}").status_code == 302
    return outbox_messages(app)[-1]


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_invitation_is_in_the_clients_language(app, world, make_client_record, lang):
    record = make_client_record(world.t1, "Camille", "Roy", email=f"camille.{lang}@example.org",
                                preferred_language=lang)
    mail = _invite(app, world, record)
    subject, expiry = INVITE[lang]
    assert mail.subject == f"{subject} Kelp Street Clinic"
    assert expiry in mail.body and "/portal/accept/" in mail.body
    for other, (other_subject, _) in INVITE.items():
        if other != lang:
            assert other_subject not in mail.subject


def test_a_reset_asked_for_later_follows_the_clients_language_even_after_a_change(
        app, world, make_client_record):
    record = make_client_record(world.t1, "Lucía", "Pérez", email="lucia@example.org",
                                preferred_language="es")
    browser = app.test_client()
    accepted = browser.post(link_path(_invite(app, world, record)),
                            data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert accepted.status_code == 302
    with app.app_context():
        login_row = db.session.get(User, db.session.get(Client, record.id).portal_user_id)
        assert login_row.language == "es"  # the new login reads the client record's language
    # The client's language is changed by staff on the record: later mails follow it.
    staff = app.test_client()
    login(staff, world.t1)
    form = staff.get(f"/clients/{record.public_id}/edit")
    assert form.status_code == 200
    with app.app_context():
        fresh = db.session.get(Client, record.id)
        data = {name: getattr(fresh, name) or "" for name in (
            "first_name", "last_name", "preferred_name", "email", "phone", "address",
            "occupation", "emergency_name", "emergency_relationship", "emergency_phone")}
        data["date_of_birth"] = fresh.date_of_birth.isoformat()
    saved = staff.post(f"/clients/{record.public_id}/edit",
                       data={**data, "preferred_language": "fr"})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:400]
    anonymous = app.test_client()
    assert anonymous.post("/password/forgot", data={"email": "lucia@example.org"}
                          ).status_code == 200
    [reset] = [m for m in outbox_messages(app) if m.to == "lucia@example.org"][-1:]
    assert reset.subject == RESET["fr"]
    assert "expire dans 30 minutes" in reset.body


def test_a_staff_set_password_mail_follows_the_staff_members_own_language(app, world):
    admin = app.test_client()
    login(admin, world.admin)
    response = admin.post("/admin/staff/new", data={
        "email": "nuevo@k.test", "full_name": "Nuevo Terapeuta", "role": "therapist"})
    assert response.status_code == 302
    [first] = [m for m in outbox_messages(app) if m.to == "nuevo@k.test"]
    assert first.subject == "Your Knotwork account at Kelp Street Clinic"  # the default language
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "nuevo@k.test"))
        user.language = "es"
        db.session.commit()
        public_id = user.public_id
    assert admin.post(f"/admin/staff/{public_id}/resend").status_code == 302
    resent = [m for m in outbox_messages(app) if m.to == "nuevo@k.test"][-1]
    assert resent.subject == "Su cuenta de Knotwork en Kelp Street Clinic"
    assert "caduca en 72 horas" in resent.body


def test_the_sign_in_page_its_labels_and_its_error_follow_accept_language(app, world):
    browser = app.test_client()
    headers = {"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5"}
    page = browser.get("/login", headers=headers).get_data(as_text=True)
    assert "Adresse e-mail" in page and "Mot de passe" in page
    wrong = browser.post("/login", data={"email": world.t1.email, "password": "not it at all"},
                         headers=headers)
    assert "L’adresse e-mail ou le mot de passe est incorrect." in wrong.get_data(as_text=True)
    spanish = browser.get("/password/forgot", headers={"Accept-Language": "es"})
    assert "Correo electrónico" in spanish.get_data(as_text=True)


@pytest.mark.parametrize(("lang", "summary"), [("en", "Please check 1 field."),
                                               ("fr", "Vérifiez 1 champ."),
                                               ("es", "Revise 1 campo.")])
def test_a_refused_new_password_is_summed_up_in_the_readers_language(
        app, world, make_client_record, lang, summary):
    record = make_client_record(world.t1, "Inès", "Roy", email=f"ines.{lang}@example.org",
                                preferred_language=lang)
    path = link_path(_invite(app, world, record))
    page = app.test_client().post(path, data={"password": NEW_PASSWORD, "confirm": "not the same"},
                                  headers={"Accept-Language": lang})
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and summary in body, body[:2000]
    for other in {"Please check 1 field.", "Vérifiez 1 champ.", "Revise 1 campo."} - {summary}:
        assert other not in body
