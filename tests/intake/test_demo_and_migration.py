"""Demo intakes cover every rule class and cause; the intake migration stands on the foundation."""
from __future__ import annotations

from datetime import date

from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select

from notes_app import create_app
from notes_app.clients.models import Client
from notes_app.clinical.intake_schema import CAUSE_TAGS, cause_scores
from notes_app.extensions import db
from notes_app.intake import services
from notes_app.intake.models import IntakeVersion
from tests.conftest import make_config

INTAKE_REVISION, FOUNDATION = "fa9efe77eeed", "8c6ca5f261dc"


def test_demo_intakes(app):
    from notes_app.demo import seed_demo

    with app.app_context():
        seed_demo()
        db.session.commit()
        count = db.session.scalar(select(func.count()).select_from(IntakeVersion))
        seed_demo()  # idempotent: clients with an intake are left alone
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(IntakeVersion)) == count
        today = date.today()
        clients = {c.full_name: c for c in db.session.scalars(select(Client))}
        assert all(services.current_intake_for(c) for c in clients.values())
        flags = {name: {(f.cls, f.code) for f in services.current_flags_for(c, today=today)}
                 for name, c in clients.items()}
        every = set().union(*flags.values())
        for wanted in [("MODIFY", "anticoagulant"), ("LOCAL", "recent_surgery"),
                       ("MODIFY", "pregnancy"), ("DEFER", "dvt")]:
            assert wanted in every, wanted
        strong = {tag for c in clients.values()
                  for tag, score in cause_scores(services.current_intake_for(c).data).items()
                  if score >= 0.34}
        assert strong == set(CAUSE_TAGS)
        jonas = services.current_intake_for(clients["Jonas Müller-Brandt"])
        assert jonas.guardian_name and jonas.guardian_relationship == "Mother"
        assert services.session_blockers(clients["Jonas Müller-Brandt"], today=today) == []
        assert len(services.list_versions_for(clients["Zoë Kowalczyk"])) == 2
        assert services.changes_since_previous(
            services.current_intake_for(clients["Zoë Kowalczyk"]))
        assert services.intake_due(clients["Amara Okafor"], today=today,
                                   max_age_months=12) == "Intake is 13 months old"


def test_intake_migration_sits_on_the_foundation(tmp_path):
    app = create_app(make_config(f"sqlite:///{tmp_path / 'm.sqlite'}"))
    with app.app_context():
        upgrade(revision=INTAKE_REVISION)
        tables = set(inspect(db.engine).get_table_names())
        assert {"intake_versions", "defer_overrides", "clients"} <= tables
        assert not {"treatment_sessions"} & tables  # nothing of other features' tables
        downgrade(revision=FOUNDATION)
        assert not {"intake_versions", "defer_overrides"} & set(
            inspect(db.engine).get_table_names())
        db.session.remove()
        db.engine.dispose()
