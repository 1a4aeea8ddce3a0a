"""Race test (#12 item 3): tablets saving, editing markers and signing one draft, 1,000+ seeded
interleavings: 0 lost updates, every losing write kept as a side draft, signed notes frozen.
"""
from __future__ import annotations

import os
import random
import secrets
from datetime import date

import pytest
from sqlalchemy import func, select

from notes_app.extensions import db
from tests.fixtures.sessions import full_note
from tests.reliability import figures

pytestmark = pytest.mark.reliability

SCHEDULES = int(os.environ.get("RACE_SCHEDULES", "1000"))
FIELDS = ("observations", "chief_complaint", "techniques", "markers")


class Device:
    """One tablet: the version it loaded and the edits it has not saved yet."""

    def __init__(self, name: str):
        self.name, self.base, self.edits, self.done = name, None, {}, False


def _row(rng) -> dict:
    return {"muscle_id": rng.choice(["UT", "LS"]), "side": rng.choice(["L", "R"]),
            "technique": rng.choice(["ISC", "STP"]), "pressure": rng.randint(1, 3),
            "client_intensity": None, "minutes": rng.randint(1, 9), "hold_seconds": None,
            "reps": None, "response": "", "warning_ack": False}


def _marker(rng, knot: str) -> dict:
    return {"knot_id": knot, "view": "back", "x": round(rng.uniform(0.40, 0.45), 4),
            "y": round(rng.uniform(0.20, 0.24), 4), "muscle_id": "UT", "side": "R",
            "kind": rng.choice(["active", "latent", "taut_band"]), "tenderness": rng.randint(0, 9),
            "referral_reproduced": False, "referral_zone_ids": [], "after_status": None,
            "note": "", "warning_ack": False}


class Race:
    """Drives the services like the views do, and checks every outcome against a model."""

    def __init__(self, rng, actor, client):
        from notes_app.sessions import services
        from notes_app.sessions.content import note_content
        from notes_app.sessions.models import ConflictDraft

        self.rng, self.actor, self.client = rng, actor, client
        self.services, self.note_content, self.ConflictDraft = services, note_content, ConflictDraft
        self.stats = {"saves": 0, "applied": 0, "conflicts": 0, "kept_mine": 0, "signed": 0,
                      "refused_locked": 0, "unchanged": 0, "stale_sign": 0, "invalid": 0}
        self.problems: list[str] = []
        self.signed: list[tuple[int, dict]] = []
        self.new_note()

    def new_note(self):
        ts = self.services.start_session(self.actor, self.client, today=date.today(),
                                         idempotency_key=secrets.token_hex(8),
                                         copy_from_last=False)
        self.services.save_draft(self.actor, ts, full_note(), base_version=ts.version,
                                 today=date.today())
        db.session.commit()
        self.ts_id = ts.id
        self.model = {k: v for k, v in self.note_content(ts).items() if k in FIELDS}

    def ts(self):
        from notes_app.sessions.models import TreatmentSession
        db.session.expire_all()
        return db.session.get(TreatmentSession, self.ts_id)

    def side_drafts(self) -> int:
        return db.session.scalar(select(func.count()).select_from(self.ConflictDraft).where(
            self.ConflictDraft.session_id == self.ts_id))

    def stored(self) -> dict:
        return {k: v for k, v in self.note_content(self.ts()).items() if k in FIELDS}

    def load(self, device: Device):
        device.base, device.edits = self.ts().version, {}

    def edit(self, device: Device, step: str):
        field = self.rng.choice(FIELDS)
        if field == "techniques":
            device.edits[field] = [_row(self.rng) for _ in range(self.rng.randint(1, 3))]
        elif field == "markers":
            device.edits[field] = [_marker(self.rng, f"knot{device.name}{step}".ljust(16, "x"))]
        else:
            device.edits[field] = f"{field} by {device.name} at {step} ✓"

    def save(self, device: Device, resolve: bool = False):
        from notes_app.sessions.drafts import Conflict, NoteLocked
        from notes_app.sessions.validation import InvalidNote

        if device.base is None:
            self.load(device)
        # The note equals the model here (check() follows every save), so the model stands in
        # for a re-read of the note before the save.
        ts, before_drafts, current = self.ts(), self.side_drafts(), dict(self.model)
        self.stats["saves"] += 1
        try:
            self.services.save_draft(self.actor, ts, dict(device.edits), today=date.today(),
                                     base_version=device.base, resolve_conflict=resolve)
        except Conflict as exc:
            db.session.commit()  # the view commits the side draft and its audit row
            self.stats["conflicts"] += 1
            kept = db.session.scalar(select(self.ConflictDraft).where(
                self.ConflictDraft.session_id == self.ts_id).order_by(
                self.ConflictDraft.id.desc()))
            if self.side_drafts() != before_drafts + 1 or any(
                    kept.payload.get(k) != v for k, v in _plain(device.edits).items()):
                self.problems.append(f"{device.name}: a losing save was not kept as a side draft")
            if self.stored() != current:
                self.problems.append(f"{device.name}: a conflict changed the note")
            if self.rng.random() < 0.5:  # "Keep my version" on the conflict panel
                device.base = exc.current_version
                self.stats["kept_mine"] += 1
                self.save(device, resolve=True)
            else:  # "Load the saved version": the typed text is safe in the side draft
                self.load(device)
            return
        except NoteLocked:
            db.session.rollback()
            self.stats["refused_locked"] += 1
            device.done = True
            return
        except InvalidNote:  # e.g. a marker warning to acknowledge: refused, reported, unsaved
            db.session.rollback()
            self.stats["invalid"] += 1
            device.edits = {}
            return
        db.session.commit()
        after = self.ts()
        if after.version == device.base:
            self.stats["unchanged"] += 1
        else:
            self.stats["applied"] += 1
            self.model.update(_plain(device.edits))
        device.base, device.edits = after.version, {}

    def sign(self, device: Device):
        from notes_app.dbtypes import utcnow
        from notes_app.sessions.drafts import NoteLocked
        from notes_app.sessions.signing import StaleNote
        from notes_app.sessions.validation import InvalidNote

        try:
            self.services.sign_session(self.actor, self.ts(), now=utcnow(),
                                       base_version=device.base, reauthenticated=True)
        except StaleNote:
            db.session.rollback()
            self.stats["stale_sign"] += 1
            return
        except (NoteLocked, InvalidNote):
            db.session.rollback()
            return
        db.session.commit()
        self.stats["signed"] += 1
        self.signed.append((self.ts_id, self.stored()))

    def check(self, where: str):
        if self.stored() != self.model:
            self.problems.append(f"{where}: the note differs from the last applied saves")


def _plain(edits: dict) -> dict:
    """Return edits as stored (rows and markers come back with every key)."""
    return dict(edits)


def test_interleaved_saves_markers_and_signing_lose_nothing(clinic, app):
    from notes_app.auth.models import User
    from notes_app.clients.models import Client
    from notes_app.sessions.signing import verify_signed_sessions

    rng = random.Random(20261201)
    with app.app_context():
        race = Race(rng, db.session.get(User, clinic.t1.id), db.session.get(Client, clinic.c1.id))
        for n in range(SCHEDULES):
            devices = [Device(f"tab{k}") for k in range(rng.randint(2, 3))]
            for device in devices:
                race.load(device)
            # A schedule: each tablet edits and saves in a random interleaving; one may sign.
            steps = [d for d in devices for _ in range(2)]
            rng.shuffle(steps)
            for j, device in enumerate(steps):
                if device.done:
                    continue
                race.edit(device, f"{n}_{j}")
                if rng.random() < 0.8:
                    race.save(device)
                    race.check(f"schedule {n} step {j}")
                if rng.random() < 0.03:
                    race.sign(device)
            if race.ts().status != "draft":
                race.new_note()
        for ts_id, content in race.signed:
            race.ts_id = ts_id
            if race.stored() != content:
                race.problems.append(f"signed note {ts_id} changed")
        broken = verify_signed_sessions()
        db.session.remove()
    figures.add("race", schedules=SCHEDULES, **race.stats, problems=len(race.problems))
    assert not broken
    assert race.stats["conflicts"] > 100 and race.stats["signed"] > 10
    assert not race.problems, race.problems[:10]
