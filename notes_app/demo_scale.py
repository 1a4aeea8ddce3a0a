"""A clinic in its fifth year for benchmarks (`flask demo scale`): bulk Core inserts, not services.

Rows are built from the same note, row and marker generators as `flask demo seed`, within each
intake's flags, and signed with the real content hash, so `verify_signed_sessions()` passes.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace

import click
from flask import current_app
from sqlalchemy import func, insert, select, text

from notes_app import auditchain, auditverify
from notes_app.audit import AuditEvent
from notes_app.auth import services as auth_services
from notes_app.auth.models import Clinic, User
from notes_app.clients.models import Client, ClientSearchTerm
from notes_app.clients.search import terms_for
from notes_app.clients.services import search_text_for
from notes_app.clinical.intake_schema import CONSENT_TEXT_VERSION
from notes_app.dbtypes import new_public_id
from notes_app.demo import DEMO_PASSWORD, demo_cli
from notes_app.demo_scale_names import AUDIT_ACTIONS, FIRST, LAST, OCCUPATIONS
from notes_app.demo_scale_visits import Template, queue_visits, templates_for, write_pending
from notes_app.extensions import db
from notes_app.intake.models import IntakeVersion
from notes_app.sessions.models import SIGNED, TreatmentSession

CLINIC_NAME = "Riverside Scale Clinic"
DOMAIN = "scale.test"
LONG_TERM_EMAIL = f"longterm@{DOMAIN}"
THERAPISTS = 5
BATCH = 4000
@dataclass
class Ids:
    """The next free id per table: explicit ids let every insert be a plain executemany."""

    next: dict = field(default_factory=dict)

    def take(self, table) -> int:
        value = self.next[table.name]
        self.next[table.name] = value + 1
        return value


class Writer:
    """Buffers rows per table and writes them with executemany in batches."""

    def __init__(self):
        self.rows: dict = {}
        self.counts: dict = {}
        self.buffered = 0

    def add(self, table, row: dict) -> None:
        self.rows.setdefault(table, []).append(row)
        self.buffered += 1
        if self.buffered >= BATCH:
            self.flush()

    def flush(self) -> None:
        # Every table at once, parents before children, so no row waits on an unwritten one.
        self.buffered = 0
        for table in db.metadata.sorted_tables:
            if self.rows.get(table):
                db.session.connection().execute(insert(table), self.rows[table])
                self.counts[table.name] = self.counts.get(table.name, 0) + len(self.rows[table])
                self.rows[table] = []


def _staff(clinic: Clinic):
    """Create the admin, five therapists and the long-term client's portal login."""
    admin = auth_services.create_user(clinic=clinic, email=f"admin@{DOMAIN}",
                                      full_name="Noor Haddad", role="admin",
                                      password=DEMO_PASSWORD, check_policy=False)
    people = [(f"therapist{n}@{DOMAIN}", f"{FIRST[n * 7]} {LAST[n * 5]}", "therapist")
              for n in range(1, THERAPISTS + 1)]
    people.append((LONG_TERM_EMAIL, "Ingrid Solberg", "client"))
    # One argon2 hash for every account: the same password, without seconds of hashing each.
    users = [User(clinic_id=clinic.id, email=email, full_name=name, role=role,
                  password_hash=admin.password_hash) for email, name, role in people]
    db.session.add_all(users)
    return admin, users[:-1], users[-1]


def _client_row(rng, ids: Ids, clinic: Clinic, creator_id: int, n: int, created: datetime):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    row = {"id": ids.take(Client.__table__), "public_id": new_public_id(), "clinic_id": clinic.id,
           "first_name": first, "last_name": last,
           "preferred_name": rng.choice(("", "", "", first[:3])),
           "date_of_birth": date(rng.randint(1940, 2005), rng.randint(1, 12), rng.randint(1, 28)),
           "phone": f"+44 7700 {900000 + n % 100000:06d}"[:16] + f"{n // 100000}",
           "email": f"{first.lower()}.{n}@example.org" if rng.random() < 0.6 else "",
           "address": f"{1 + n % 180} River Road, Riverside", "emergency_name": "Sam Doe",
           "emergency_relationship": "Partner", "emergency_phone": "+44 7700 900000",
           "occupation": rng.choice(OCCUPATIONS), "archived": rng.random() < 0.03,
           "archived_at": None, "portal_user_id": None, "created_by_id": creator_id,
           "created_at": created, "updated_at": created}
    row["search_text"] = search_text_for(SimpleNamespace(**row))
    return row


def _intake_row(ids: Ids, client: dict, template: Template, therapist_id: int, signed: date):
    data = {**template.data, "consent": {
        **template.data["consent"], "version": CONSENT_TEXT_VERSION,
        "signed_on": signed.isoformat(), "typed_name": f"{client['first_name']} "
        f"{client['last_name']}", "guardian_name": "", "guardian_relationship": ""}}
    return {"id": ids.take(IntakeVersion.__table__), "public_id": new_public_id(),
            "client_id": client["id"], "version": 1, "data": data,
            "created_by_id": therapist_id, "source": "therapist",
            "consent_version": CONSENT_TEXT_VERSION, "signed_name": data["consent"]["typed_name"],
            "signed_on": signed, "guardian_name": "", "guardian_relationship": "",
            "signature": template.signature,
            "created_at": datetime.combine(signed, time(9), tzinfo=UTC)}


@dataclass
class Context:
    """What the row builders share while one build runs."""

    rng: random.Random
    ids: Ids
    out: Writer
    therapists: list
    today: date
    pending: list = field(default_factory=list)
    pending_knots: list = field(default_factory=list)


def _next_ids() -> Ids:
    ids = Ids()
    for table in db.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key:
            ids.next[table.name] = (db.session.scalar(select(func.max(table.c.id))) or 0) + 1
    return ids


def _audit_rows(ctx: Context, clinic: Clinic, count: int, clients: list, admin) -> None:
    """Write audit events spread over the clinic's years: reads, saves, lists, logins."""
    rng, start = ctx.rng, ctx.today - timedelta(days=5 * 365)
    table = AuditEvent.__table__
    # Chained in id order, as the app chains: the times are random, the chain follows the ids.
    chain = auditchain.BulkChain(db.session(), clinic.id)
    for _ in range(count):
        action = rng.choice(AUDIT_ACTIONS)
        client_id, actor = rng.choice(clients), rng.choice(ctx.therapists)
        if action in ("client.list", "client.search", "login", "logout"):
            client_id = None
        if action == "login" and rng.random() < 0.1:
            actor = admin
        at = datetime.combine(start + timedelta(days=rng.randint(0, 5 * 365)),
                              time(8 + rng.randint(0, 10), rng.randint(0, 59)),
                              tzinfo=UTC)
        ctx.out.add(table, chain.link({
            "id": ctx.ids.take(table), "occurred_at": at, "actor_id": actor.id,
            "actor_role": actor.role, "clinic_id": clinic.id, "action": action,
            "object_type": "client" if client_id else "", "object_id": str(client_id or ""),
            "client_id": client_id, "outcome": "success", "request_id": "",
            "source_ip": "127.0.0.1"}))


def _visit_count(rng: random.Random, mean: int) -> int:
    # Most clients come a few times, some for years: a long tail around the mean.
    if mean <= 0 or rng.random() < 0.05:
        return 0
    return max(1, min(int(rng.expovariate(1 / mean)) + 1, mean * 6))


def build_scale(*, clients: int, visits_per_client: int, audit_rows: int | None = None,
                seed: int = 1, long_term_visits: int = 160, sheets: int = 20) -> dict:
    """Build the scale clinic in the current transaction (the caller commits); returns a summary."""
    if auth_services.get_clinic_by_name(CLINIC_NAME) is not None:
        raise ValueError(f"{CLINIC_NAME} is already in this database: use an empty one.")
    today = date.today()
    clinic = Clinic(name=CLINIC_NAME, address="1 River Road, Riverside", phone="+44 20 7946 0500")
    db.session.add(clinic)
    db.session.flush()
    admin, therapists, portal = _staff(clinic)
    db.session.flush()
    # The accounts' audit events take their ids (and chain places) before the bulk rows do.
    auditchain.write_pending(db.session())
    ctx = Context(random.Random(seed), _next_ids(), Writer(), therapists, today)
    templates, client_ids, long_term = templates_for(today), [], None
    for n in range(max(clients, 1)):
        created = datetime.combine(today - timedelta(days=ctx.rng.randint(30, 5 * 365)),
                                   time(9), tzinfo=UTC)
        client = _client_row(ctx.rng, ctx.ids, clinic, therapists[0].id, n, created)
        total = _visit_count(ctx.rng, visits_per_client)
        if n == 0:  # the long-term client: years of visits and a portal login
            client.update(first_name="Ingrid", last_name="Solberg", preferred_name="",
                          archived=False, portal_user_id=portal.id, email=LONG_TERM_EMAIL,
                          created_at=datetime.combine(today - timedelta(days=6 * 365), time(9),
                                                      tzinfo=UTC))
            client["search_text"] = search_text_for(SimpleNamespace(**client))
            total, long_term = long_term_visits, client
        ctx.out.add(Client.__table__, client)
        for term in sorted(terms_for(SimpleNamespace(**client))):
            ctx.out.add(ClientSearchTerm.__table__, {
                "id": ctx.ids.take(ClientSearchTerm.__table__), "clinic_id": clinic.id,
                "client_id": client["id"], "term": term})
        client_ids.append(client["id"])
        template = templates[n % len(templates)]
        first_day = client["created_at"].date()
        ctx.out.add(IntakeVersion.__table__,
                    _intake_row(ctx.ids, client, template, therapists[0].id, first_day))
        queue_visits(client, template, ctx, total, first_day)
        write_pending(ctx, client, portal_client=n == 0)
    ctx.out.flush()
    audit_rows = 3 * clients * visits_per_client if audit_rows is None else audit_rows
    _audit_rows(ctx, clinic, audit_rows, client_ids, admin)
    ctx.out.flush()
    _fix_sequences()
    extras = _through_services(long_term["id"], therapists, sheets, ctx.rng)
    # Walked from genesis as `flask audit verify` does, leaving its checkpoint: the first audit
    # page view then hashes only the events since, not the clinic's five years.
    chain = auditverify.verify_chain(clinic.id, full=True)
    if not chain.ok:
        raise RuntimeError(f"the built audit chain is broken at event {chain.broken_id}")
    return {"clinic": clinic.name, "counts": dict(ctx.out.counts), **extras,
            "long_term_client": long_term["public_id"], "chain": chain.count}


def _fix_sequences() -> None:
    # Rows carry explicit ids, so PostgreSQL's sequences must be moved past them.
    if db.engine.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement is not False:
            db.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 1))"))


def _through_services(long_term_id: int, therapists: list, sheets: int, rng) -> dict:
    """Issue real aftercare sheets and open a draft through the app's own services."""
    from notes_app.aftercare import services as aftercare
    from notes_app.sessions import services as sessions

    client = db.session.get(Client, long_term_id)
    recent = db.session.scalars(select(TreatmentSession).where(
        TreatmentSession.client_id == long_term_id, TreatmentSession.status == SIGNED)
        .order_by(TreatmentSession.session_date.desc()).limit(min(10, sheets))).all()
    others = db.session.scalars(select(TreatmentSession).where(
        TreatmentSession.status == SIGNED, TreatmentSession.client_id != long_term_id,
        TreatmentSession.clinic_id == client.clinic_id)
        .order_by(TreatmentSession.id.desc()).limit(max(0, sheets - len(recent)) * 5)).all()
    picked = [*recent, *rng.sample(others, min(len(others), max(0, sheets - len(recent))))]
    for ts in picked:
        aftercare.issue_sheet(ts.therapist, ts, note=ts.home_care or "", today=ts.session_date,
                              next_visit=aftercare.suggested_next_visit(ts),
                              now=ts.signed_at + timedelta(minutes=5))
    therapist = next(t for t in therapists if t.id == recent[0].therapist_id) if recent \
        else therapists[0]
    today = date.today()
    draft = sessions.start_session(therapist, client, idempotency_key=f"scale-draft-{client.id}",
                                   copy_from_last=True, today=today)
    sessions.save_draft(therapist, draft, {
        "chief_complaint": "Neck stiff again after a week of long shifts.", "pain_before": 5,
        "changes_since_last": "Better for ten days, then back."},
        base_version=draft.version, today=today)
    db.session.flush()
    return {"sheets": len(picked), "draft": draft.public_id,
            "signed": recent[0].public_id if recent else None}


@demo_cli.command("scale")
@click.option("--clients", default=1000, show_default=True, help="Clients in the clinic.")
@click.option("--visits-per-client", default=10, show_default=True,
              help="Average signed visits per client (a long tail; some have none).")
@click.option("--audit-rows", default=None, type=int,
              help="Audit events to add [default: 3 per visit].")
@click.option("--long-term-visits", default=160, show_default=True,
              help="Visits of the long-term client (Ingrid Solberg, portal login).")
@click.option("--sheets", default=20, show_default=True,
              help="Aftercare sheets issued through the real PDF builder.")
@click.option("--seed", default=1, show_default=True, help="Random seed (same seed, same data).")
def scale_command(clients, visits_per_client, audit_rows, long_term_visits, sheets, seed):
    """Build a clinic in its fifth year for benchmarks, in bulk (refused in production)."""
    if not current_app.config.get("DEMO_ALLOWED"):
        raise click.ClickException("Demo data is refused under the production config.")
    import time as clock

    started = clock.perf_counter()
    try:
        summary = build_scale(clients=clients, visits_per_client=visits_per_client,
                              audit_rows=audit_rows, seed=seed,
                              long_term_visits=long_term_visits, sheets=sheets)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    counts = ", ".join(f"{v:,} {k}" for k, v in sorted(summary["counts"].items()))
    click.echo(f"{summary['clinic']}: {counts}; {summary['sheets']} sheets; audit chain of "
               f"{summary['chain']:,} events verified ({clock.perf_counter() - started:.0f} s).")
    click.echo(f"Logins (password {DEMO_PASSWORD!r}): admin@{DOMAIN}, therapist1..{THERAPISTS}"
               f"@{DOMAIN}, portal {LONG_TERM_EMAIL}.")
