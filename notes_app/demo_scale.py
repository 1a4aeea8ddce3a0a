"""A clinic in its fifth year for benchmarks (`flask demo scale`): bulk Core inserts, not services.

Rows are built from the same note, row and marker generators as `flask demo seed`, within each
intake's flags, and signed with the real content hash, so `verify_signed_sessions()` passes.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from types import SimpleNamespace

import click
from flask import current_app
from sqlalchemy import func, insert, select, text

from notes_app.audit import AuditEvent
from notes_app.auth import services as auth_services
from notes_app.auth.models import Clinic, User
from notes_app.clients.models import Client
from notes_app.clients.services import search_text_for
from notes_app.clinical import contraindications
from notes_app.clinical.contraindications import DEFER
from notes_app.clinical.intake_schema import CONSENT_TEXT_VERSION
from notes_app.dbtypes import new_public_id
from notes_app.demo import DEMO_PASSWORD, demo_cli
from notes_app.extensions import db
from notes_app.intake.demo import profiles, signature_for
from notes_app.intake.models import IntakeVersion
from notes_app.portal.models import CheckIn
from notes_app.sessions.content import SCALAR_FIELDS, row_content, sha256_json
from notes_app.sessions.demo import ROWS, _note
from notes_app.sessions.demo_markers import knots_for, map_payload
from notes_app.sessions.markers import FIELDS as MARKER_FIELDS
from notes_app.sessions.marker_models import ACTIVE, RESOLVED, Knot, Marker
from notes_app.sessions.models import (
    ENTERED_IN_ERROR, SIGNED, Addendum, TechniqueRow, TreatmentSession,
)
from notes_app.sessions.safety import SafetyRules, row_warnings
from notes_app.sessions.signing import addendum_hash

CLINIC_NAME = "Riverside Scale Clinic"
DOMAIN = "scale.test"
LONG_TERM_EMAIL = f"longterm@{DOMAIN}"
THERAPISTS = 5
BATCH = 4000
FIRST = ("Zoë", "Amara", "Paweł", "Siobhán", "Mateo", "Margaret", "Hằng", "Eleni", "Henrik",
         "Jonas", "Rhys", "Chiara", "Dmitri", "Aisha", "Björn", "Chloé", "Dáithí", "Emeka",
         "Fatima", "Giulia", "Hiroshi", "Ines", "Jakub", "Kalani", "Leilani", "Małgorzata",
         "Nikolai", "Oisín", "Priya", "Quentin", "Renée", "Søren", "Tomás", "Ursula", "Vikram",
         "Wen", "Ximena", "Yusuf", "Zainab", "Ålfrida", "Ngozi", "Olamide", "Sipho", "Thandiwe",
         "Mei", "Jun", "Ananya", "Rohan", "Lars", "Astrid", "Noah", "Olivia", "Liam", "Emma",
         "Sean", "Aoife", "Mohammed", "Sara", "Ömer", "Zeynep")
LAST = ("Kowalczyk", "Okafor", "Łukasiewicz", "O'Sullivan", "García Álvarez", "D'Arcy",
        "Nguyễn", "Papadopoulou", "Østergaard", "Müller-Brandt", "Llewellyn", "Bianchi",
        "Volkov", "Smith", "Jones", "Williams", "Brown", "Taylor", "Davies", "Evans", "Wilson",
        "Thomas", "Roberts", "Johnson", "Patel", "Khan", "Singh", "Ahmed", "Ali", "Murphy",
        "Kelly", "Byrne", "Walsh", "Ryan", "O'Brien", "Nowak", "Wiśniewska", "Dąbrowski",
        "Schmidt", "Schneider", "Fischer", "Weber", "Rossi", "Russo", "Ferrari", "Esposito",
        "Martínez", "López", "Fernández", "González", "Dubois", "Lefèvre", "Moreau", "Yılmaz",
        "Kaya", "Demir", "Tanaka", "Suzuki", "Wang", "Li", "Zhang", "Chen", "Adeyemi", "Mensah",
        "Novák", "Horváth", "Nielsen", "Hansen", "Johansson", "Virtanen", "Ivanova", "Cohen")
OCCUPATIONS = ("Software developer", "Nurse (night shifts)", "Primary school teacher",
               "Warehouse team lead", "Cycle courier", "Bus driver", "Violinist", "Barista",
               "Chef", "Architect", "Plumber", "Retired", "Student", "Dentist", "Electrician",
               "Hairdresser", "Accountant", "Physiotherapy student", "Farmer", "Call-centre agent")
AUDIT_ACTIONS = ("client.read", "session.read", "session.list", "session.save", "client.list",
                 "intake.read", "aftercare.preview", "client.search", "login", "logout")


@dataclass
class Template:
    """One intake shape with its signature and the safety rules it implies."""

    data: dict
    signature: str
    rules: SafetyRules
    pool: list = field(default_factory=list)
    complaint_name: str = ""


@dataclass
class Ids:
    """The next free id per table: explicit ids let every insert be a plain executemany."""

    next: dict = field(default_factory=dict)

    def take(self, table) -> int:
        value = self.next[table.name]
        self.next[table.name] = value + 1
        return value


def _templates(today: date) -> list[Template]:
    pools = list(ROWS.items())
    out = []
    for i, ((first, _last), versions) in enumerate(sorted(profiles(today).items())):
        data = versions[-1][1]
        flags = contraindications.evaluate(
            {k: v for k, v in data.items() if k != "history_today"}, today=today)
        if any(f.cls == DEFER for f in flags):
            continue  # a "do not treat" intake would have no visits to show
        name, pool = pools[i % len(pools)]
        out.append(Template(data, signature_for(first), SafetyRules.from_flags(flags), pool, name))
    return out


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
            "created_at": datetime.combine(signed, time(9), tzinfo=timezone.utc)}


def _script(template: Template, plateau: bool) -> list[tuple[dict, list, list, dict]]:
    """Return a 12-visit course (note, rows with warnings, markers, decisions) for a template.

    Knot ids are placeholders ("k0".."k3") that each client's course replaces with its own;
    the flag and marker geometry checks run once per template instead of once per visit.
    """
    key = (id(template), plateau)
    if key in _SCRIPTS:
        return _SCRIPTS[key]
    knots = knots_for(template.pool)
    for i, knot in enumerate(knots):
        knot["knot_id"] = f"k{i}"
    course = []
    for visit in range(CYCLE):
        note = _note(template.complaint_name, visit, CYCLE, template.rules, plateau)
        note.update(map_payload(knots, visit, template.rules, note["techniques"]))
        rows = [{**r, "warning_text": " ".join(row_warnings(r, template.rules))}
                for r in note.pop("techniques")]
        course.append((note, rows, note.pop("markers"), note.pop("continued")))
    _SCRIPTS[key] = course
    return course


_SCRIPTS: dict = {}
CYCLE = 12


def _visits_for(client: dict, template: Template, ctx, total: int, first_day: date) -> None:
    """Queue one client's signed visits: note, technique rows, markers, knots and the hash."""
    rng, ids = ctx.rng, ctx.ids
    therapist = ctx.therapists[client["id"] % len(ctx.therapists)]
    course = _script(template, plateau=client["id"] % 3 == 0)
    knot_rows: dict[str, dict] = {}
    step = max(7, min(30, (ctx.today - first_day).days // max(total, 1)))
    previous_id, names = None, {}
    for visit in range(total):
        if visit % CYCLE == 0:  # a new course of treatment finds new knots
            names = {f"k{i}": new_public_id() for i in range(4)}
        note, rows, markers, continued = course[visit % CYCLE]
        continued = {names[k]: v for k, v in continued.items()}
        day = min(first_day + timedelta(days=step * visit + rng.randint(0, 3)),
                  ctx.today - timedelta(days=2))
        signed_at = datetime.combine(day, time(17, 30), tzinfo=timezone.utc)
        ts_id = ids.take(TreatmentSession.__table__)
        ts = {"id": ts_id, "public_id": new_public_id(), "client_id": client["id"],
              "therapist_id": therapist.id, "clinic_id": client["clinic_id"], "session_date": day,
              "status": SIGNED, "visit_number": visit + 1, "rom": [], "pgic": None,
              "copied_from_id": previous_id, "copied_fields": [], "version": 3,
              "idempotency_key": f"scale-{ts_id}", "defer_override_id": None,
              "signed_at": signed_at, "signed_by_id": therapist.id, "reauth_event_id": None,
              "entered_in_error_reason": "", "entered_in_error_at": None,
              "entered_in_error_by_id": None, "created_at": signed_at - timedelta(hours=1),
              "updated_at": signed_at, **note}
        row_dicts = [{"id": ids.take(TechniqueRow.__table__), "session_id": ts_id, "position": i,
                      **r} for i, r in enumerate(rows)]
        marker_dicts, resolved = [], []
        for i, m in enumerate(markers):
            public = names[m["knot_id"]]
            knot = knot_rows.get(public)
            if knot is None:
                knot = knot_rows[public] = {
                    "id": ids.take(Knot.__table__), "public_id": public,
                    "client_id": client["id"], "muscle_id": m["muscle_id"], "side": m["side"],
                    "first_seen_session_id": ts_id, "resolved_session_id": None,
                    "status": ACTIVE, "created_at": signed_at}
            marker_dicts.append({**m, "id": ids.take(Marker.__table__), "session_id": ts_id,
                                 "knot_id": knot["id"], "knot_public_id": public, "position": i,
                                 "warning_text": "", "continuation": continued.get(public, "")})
        for public, decision in continued.items():
            if decision == "resolved" and public in knot_rows:
                knot_rows[public].update(status=RESOLVED, resolved_session_id=ts_id)
                resolved.append(public)
        ts["content_hash"] = _content_hash(ts, row_dicts, marker_dicts, resolved)
        ctx.pending.append((ts, row_dicts, marker_dicts))
        previous_id = ts_id
    ctx.pending_knots.extend(knot_rows.values())


def _content_hash(ts: dict, rows: list, markers: list, resolved: list) -> str:
    """Return the signature hash of a note held as plain rows.

    Mirrors sessions.content.canonical_record for speed (no ORM objects); the scale tests run
    verify_signed_sessions() over a built clinic, so a drift between the two fails loudly.
    """
    record = {k: ts[k] for k in SCALAR_FIELDS}
    continued = {m["knot_public_id"]: m["continuation"] for m in markers if m["continuation"]}
    continued.update({k: "resolved" for k in resolved})
    record.update(
        session_date=ts["session_date"].isoformat(), positions=list(ts["positions"] or []),
        rom=[dict(r) for r in ts["rom"] or []],
        techniques=[{**row_content(r), "warning_text": r["warning_text"]} for r in rows],
        markers=[{**{k: m[k] for k in MARKER_FIELDS if k != "knot_id"},
                  "knot_id": m["knot_public_id"],
                  "referral_zone_ids": list(m["referral_zone_ids"] or []),
                  "continuation": m["continuation"], "warning_text": m["warning_text"],
                  "position": m["position"]} for m in markers],
        continued=continued, public_id=ts["public_id"], client_id=ts["client_id"],
        therapist_id=ts["therapist_id"], clinic_id=ts["clinic_id"],
        visit_number=ts["visit_number"], copied_from_id=ts["copied_from_id"],
        copied_fields=sorted(ts["copied_fields"] or []),
        defer_override_id=ts["defer_override_id"], signed_by_id=ts["signed_by_id"],
        signed_at=ts["signed_at"].isoformat())
    return sha256_json(record)


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


def _write_pending(ctx: Context, client: dict, portal_client: bool) -> None:
    rng, ids, out = ctx.rng, ctx.ids, ctx.out
    for ts, rows, markers in ctx.pending:
        if rng.random() < 0.003 and ts["visit_number"] > 1 and not portal_client:
            ts.update(status=ENTERED_IN_ERROR, entered_in_error_reason="Written under the wrong "
                      "client; see the note of the same day.",
                      entered_in_error_at=ts["signed_at"] + timedelta(hours=2),
                      entered_in_error_by_id=ts["therapist_id"], version=4)
        out.add(TreatmentSession.__table__, ts)
        for row in rows:
            out.add(TechniqueRow.__table__, row)
        if rng.random() < 0.01:
            addendum = {"id": ids.take(Addendum.__table__), "public_id": new_public_id(),
                        "session_id": ts["id"], "author_id": ts["therapist_id"],
                        "created_at": ts["signed_at"] + timedelta(days=1), "kind": "late_entry",
                        "reason": "Client phoned the next day.",
                        "text": "Soreness settled overnight; no bruising."}
            addendum["content_hash"] = addendum_hash(SimpleNamespace(**addendum),
                                                     ts["content_hash"])
            out.add(Addendum.__table__, addendum)
        if ts["status"] == SIGNED and (portal_client or rng.random() < 0.05):
            out.add(CheckIn.__table__, {
                "id": ids.take(CheckIn.__table__), "public_id": new_public_id(),
                "client_id": client["id"], "session_id": ts["id"],
                "created_at": ts["signed_at"] + timedelta(days=1),
                "soreness": rng.randint(0, 6), "pain": max(0, (ts["pain_after"] or 3) - 1),
                "advice_followed": [], "points": [], "note": ""})
    for knot in ctx.pending_knots:
        out.add(Knot.__table__, knot)
    for ts, _rows, markers in ctx.pending:
        for marker in markers:
            out.add(Marker.__table__, {k: v for k, v in marker.items() if k != "knot_public_id"})
    ctx.pending.clear()
    ctx.pending_knots.clear()


def _audit_rows(ctx: Context, clinic: Clinic, count: int, clients: list, admin) -> None:
    """Write audit events spread over the clinic's years: reads, saves, lists, logins."""
    rng, start = ctx.rng, ctx.today - timedelta(days=5 * 365)
    table = AuditEvent.__table__
    for _ in range(count):
        action = rng.choice(AUDIT_ACTIONS)
        client_id, actor = rng.choice(clients), rng.choice(ctx.therapists)
        if action in ("client.list", "client.search", "login", "logout"):
            client_id = None
        if action == "login" and rng.random() < 0.1:
            actor = admin
        at = datetime.combine(start + timedelta(days=rng.randint(0, 5 * 365)),
                              time(8 + rng.randint(0, 10), rng.randint(0, 59)),
                              tzinfo=timezone.utc)
        ctx.out.add(table, {"id": ctx.ids.take(table), "occurred_at": at, "actor_id": actor.id,
                            "actor_role": actor.role, "clinic_id": clinic.id, "action": action,
                            "object_type": "client" if client_id else "", "object_id":
                            str(client_id or ""), "client_id": client_id, "outcome": "success",
                            "request_id": "", "source_ip": "127.0.0.1"})


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
    ctx = Context(random.Random(seed), _next_ids(), Writer(), therapists, today)
    templates, client_ids, long_term = _templates(today), [], None
    for n in range(max(clients, 1)):
        created = datetime.combine(today - timedelta(days=ctx.rng.randint(30, 5 * 365)),
                                   time(9), tzinfo=timezone.utc)
        client = _client_row(ctx.rng, ctx.ids, clinic, therapists[0].id, n, created)
        total = _visit_count(ctx.rng, visits_per_client)
        if n == 0:  # the long-term client: years of visits and a portal login
            client.update(first_name="Ingrid", last_name="Solberg", preferred_name="",
                          archived=False, portal_user_id=portal.id, email=LONG_TERM_EMAIL,
                          created_at=datetime.combine(today - timedelta(days=6 * 365), time(9),
                                                      tzinfo=timezone.utc))
            client["search_text"] = search_text_for(SimpleNamespace(**client))
            total, long_term = long_term_visits, client
        ctx.out.add(Client.__table__, client)
        client_ids.append(client["id"])
        template = templates[n % len(templates)]
        first_day = client["created_at"].date()
        ctx.out.add(IntakeVersion.__table__,
                    _intake_row(ctx.ids, client, template, therapists[0].id, first_day))
        _visits_for(client, template, ctx, total, first_day)
        _write_pending(ctx, client, portal_client=n == 0)
    ctx.out.flush()
    audit_rows = 3 * clients * visits_per_client if audit_rows is None else audit_rows
    _audit_rows(ctx, clinic, audit_rows, client_ids, admin)
    ctx.out.flush()
    _fix_sequences()
    extras = _through_services(long_term["id"], therapists, sheets, ctx.rng)
    return {"clinic": clinic.name, "counts": dict(ctx.out.counts), **extras,
            "long_term_client": long_term["public_id"]}


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
    click.echo(f"{summary['clinic']}: {counts}; {summary['sheets']} sheets "
               f"({clock.perf_counter() - started:.0f} s).")
    click.echo(f"Logins (password {DEMO_PASSWORD!r}): admin@{DOMAIN}, therapist1..{THERAPISTS}"
               f"@{DOMAIN}, portal {LONG_TERM_EMAIL}.")
