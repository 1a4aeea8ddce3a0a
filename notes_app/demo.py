"""The demo clinics, built through the same services the app uses (`flask demo seed`)."""
from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from notes_app.auth import services as auth_services
from notes_app.auth.models import Clinic, User
from notes_app.clients import services as client_services
from notes_app.clients.models import Client
from notes_app.extensions import db

DEMO_PASSWORD = "knotwork-demo"

demo_cli = AppGroup("demo", help="Demo data for trying Knotwork out.")

HARBOUR = {
    "name": "Harbour Street Massage",
    "address": "14 Harbour Street, Portside",
    "phone": "+44 20 7946 0321",
    "paper_size": "A4",
    "country": "GB",  # sheets print 999 and NHS 111 (Northside leaves it unset: no numbers)
    "staff": [
        ("admin@demo.test", "Maya Lindqvist", "admin"),
        ("therapist@demo.test", "Jonah Whitfield", "therapist"),
        ("therapist2@demo.test", "Aoife Brennan", "therapist"),
    ],
    "clients": [
        # first, last, preferred, dob, phone, email, occupation, portal login
        ("Zoë", "Kowalczyk", "", date(1988, 3, 14), "+44 7700 900123", "zoe.k@example.org",
         "Software developer", "client@demo.test"),
        ("Amara", "Okafor", "", date(1979, 11, 2), "+44 7700 900456", "amara.okafor@example.org",
         "Primary school teacher", "client2@demo.test"),
        ("Paweł", "Łukasiewicz", "Pawel", date(1991, 7, 30), "+44 7700 900789", "",
         "Warehouse team lead", None),
        ("Siobhán", "O'Sullivan", "Shiv", date(1985, 1, 9), "+44 7700 900234",
         "siobhan.os@example.org", "Violinist", None),
        ("Mateo", "García Álvarez", "", date(1996, 5, 21), "+44 7700 900567", "",
         "Cycle courier", None),
        ("Margaret", "D'Arcy", "Peggy", date(1954, 9, 3), "+44 20 7946 0999", "",
         "Retired librarian", None),
        ("Hằng", "Nguyễn", "", date(1990, 12, 12), "+44 7700 900890", "hang.nguyen@example.org",
         "Nurse (night shifts)", None),
        ("Eleni", "Papadopoulou", "Ελένη", date(1983, 4, 27), "+44 7700 900345", "",
         "Architect", None),
        ("Henrik", "Østergaard", "", date(1969, 8, 8), "+44 7700 900678", "",
         "Bus driver", None),
        ("Jonas", "Müller-Brandt", "", date(2009, 6, 1), "+44 7700 900912", "",
         "Student, competitive swimmer", None),
    ],
}

# Clients who read another language better: their portal, mails and sheets are in it.
DEMO_LANGUAGES = {("Amara", "Okafor"): "fr", ("Mateo", "García Álvarez"): "es"}

NORTHSIDE = {
    "name": "Northside Bodywork",
    "address": "2 Mill Lane, Northside",
    "phone": "+44 161 496 0123",
    "paper_size": "LETTER",
    "staff": [("other-therapist@demo.test", "Rhea Castellano", "therapist")],
    "clients": [
        ("Rhys", "Llewellyn", "", date(1975, 2, 17), "+44 7700 900111", "", "Plumber", None),
        ("Chiara", "Bianchi", "", date(1993, 10, 5), "+44 7700 900222", "", "Barista", None),
        ("Dmitri", "Volkov", "Dima", date(1987, 6, 30), "+44 7700 900333", "", "Chef", None),
    ],
}


def _ensure_clinic(spec: dict) -> Clinic:
    clinic = auth_services.get_clinic_by_name(spec["name"])
    if clinic is None:
        clinic = Clinic(name=spec["name"], address=spec["address"], phone=spec["phone"],
                        paper_size=spec["paper_size"], country=spec.get("country", ""))
        db.session.add(clinic)
        db.session.flush()
    return clinic


def _ensure_user(clinic: Clinic, email: str, name: str, role: str) -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        # The demo password contains the product name, which the live policy refuses on purpose.
        user = auth_services.create_user(clinic=clinic, email=email, full_name=name, role=role,
                                         password=DEMO_PASSWORD, check_policy=False)
    return user


def _ensure_clients(clinic: Clinic, actor: User, rows) -> list[Client]:
    clients = []
    for first, last, preferred, dob, phone, email, occupation, login in rows:
        client = db.session.scalar(select(Client).where(
            Client.clinic_id == clinic.id, Client.first_name == first, Client.last_name == last))
        if client is None:
            client = client_services.create_client(actor, {
                "first_name": first, "last_name": last, "preferred_name": preferred,
                "date_of_birth": dob, "phone": phone, "email": email, "occupation": occupation,
                "address": f"{len(clients) + 3} Quay Road, Portside",
                "emergency_name": "Sam Doe", "emergency_relationship": "Partner",
                "emergency_phone": "+44 7700 900000",
                "preferred_language": DEMO_LANGUAGES.get((first, last), "en"),
            }, confirm_duplicate=True)
        if login:
            client.portal_user_id = _ensure_user(clinic, login, f"{first} {last}", "client").id
            client_services.sync_portal_language(client)
        clients.append(client)
    return clients


# Each feature adds its own demo records (idempotently) after the clinics exist, in this order.
FEATURE_SEEDERS = (
    "notes_app.intake.demo",
    "notes_app.sessions.demo",
    "notes_app.aftercare.demo",
    "notes_app.portal.demo",
)


def seed_demo() -> dict:
    """Create (or complete) the demo clinics; safe to run any number of times."""
    from importlib import import_module
    from importlib.util import find_spec

    summary = {}
    for spec in (HARBOUR, NORTHSIDE):
        clinic = _ensure_clinic(spec)
        staff = [_ensure_user(clinic, *row) for row in spec["staff"]]
        therapist = next(u for u in staff if u.role == "therapist")
        clients = _ensure_clients(clinic, therapist, spec["clients"])
        db.session.flush()
        for module in FEATURE_SEEDERS:
            if find_spec(module) is not None:
                import_module(module).seed(clinic=clinic, staff=staff, clients=clients)
        summary[clinic.name] = {"staff": len(staff), "clients": len(clients)}
    db.session.flush()
    return summary


@demo_cli.command("seed")
def seed_command():
    """Load the demo clinics, accounts and clients (refused in production)."""
    if not current_app.config.get("DEMO_ALLOWED"):
        raise click.ClickException("Demo data is refused under the production config.")
    summary = seed_demo()
    db.session.commit()
    for name, counts in summary.items():
        click.echo(f"{name}: {counts['staff']} staff, {counts['clients']} clients")
    click.echo(f"Demo logins use the password {DEMO_PASSWORD!r}.")
