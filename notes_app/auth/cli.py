"""`flask users create`: make an account from the command line."""
from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from notes_app.auth import services
from notes_app.auth.models import ROLES, Clinic
from notes_app.errors import DomainError
from notes_app.extensions import db

users_cli = AppGroup("users", help="Manage accounts.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True)
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--clinic", "clinic_name", required=True, help="Clinic name; created if new.")
@click.password_option(prompt="Password", confirmation_prompt=True)
def create_user_command(email, full_name, role, clinic_name, password):
    """Create an account, prompting for its password."""
    clinic = db.session.scalar(select(Clinic).where(Clinic.name == clinic_name))
    if clinic is None:
        clinic = Clinic(name=clinic_name)
        db.session.add(clinic)
        db.session.flush()
    try:
        user = services.create_user(clinic=clinic, email=email, full_name=full_name, role=role,
                                    password=password)
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    click.echo(f"Created {user.role} {user.email} in {clinic.name}.")
