"""`flask backup`: byte-identical round trip, consistent under writes, checksums, encryption."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import threading
from datetime import date
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from notes_app import create_app
from notes_app.backup import engines
from notes_app.backup.canonical import export_chunks
from notes_app.extensions import db
from tests.conftest import make_config
from tests.reliability.conftest import on_postgres

CANARY = "Kowalczyk"  # a demo client's surname: must never appear in an encrypted backup


def _app(url):
    return create_app(make_config(url))


def _seeded(url):
    app = _app(url)
    with app.app_context():
        upgrade()
        assert app.test_cli_runner().invoke(args=["demo", "seed"]).exit_code == 0
        db.session.remove()
    return app


def _export(url) -> bytes:
    with engines.connect(url) as conn:
        return b"".join(export_chunks(conn))


def _cli(app, *args, env=None):
    result = app.test_cli_runner().invoke(args=["backup", *args], env=env or {})
    return result.exit_code, result.output


def _dispose(*apps):
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="module")
def seeded(module_database):
    """Yield (app, url) of a migrated database holding the demo clinics (one per module)."""
    url = module_database("source")
    app = _seeded(url)
    yield app, url
    _dispose(app)


def test_backup_verify_restore_round_trip_is_byte_identical(seeded, fresh_database, tmp_path):
    app, url = seeded
    before = _export(url)
    code, out = _cli(app, "create", "--to", str(tmp_path / "b"))
    assert code == 0, out
    data = Path(out.split()[0])
    assert data.exists() and data.name.startswith("knotwork-")
    assert data.with_name(data.name.split(".")[0] + ".sha256").exists()
    code, out = _cli(app, "verify", str(data))
    assert code == 0, out
    assert "migrates to head" in out
    target_url = fresh_database("target")
    target = _app(target_url)
    code, out = _cli(target, "restore", str(data))
    assert code == 0, out
    assert _export(target_url) == before  # byte for byte
    # A database holding data is refused unless --replace, which first backs it up.
    code, out = _cli(target, "restore", str(data))
    assert code == 1 and "not empty" in out
    code, out = _cli(target, "restore", "--replace", "--to", str(tmp_path / "kept"), str(data))
    assert code == 0, out
    assert "backed up to" in out and list((tmp_path / "kept").glob("*.sha256"))
    assert _export(target_url) == before
    _dispose(target)


def test_verify_fails_on_a_damaged_file_or_a_changed_export(seeded, tmp_path):
    app, _ = seeded
    code, out = _cli(app, "create", "--to", str(tmp_path))
    data = Path(out.split()[0])
    manifest = next(tmp_path.glob("*.manifest.json"))
    sidecar = next(tmp_path.glob("*.sha256"))
    original = data.read_bytes()
    data.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
    code, out = _cli(app, "verify", str(data))
    assert code == 1 and "Checksum mismatch" in out
    data.write_bytes(original)
    # A manifest whose export digest no longer matches (checksums re-made to hide it).
    info = json.loads(manifest.read_text())
    info["export_sha256"] = "0" * 64
    manifest.write_text(json.dumps(info))
    import hashlib
    sidecar.write_text("".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n"
                               for p in (data, manifest)))
    code, out = _cli(app, "verify", str(data))
    assert code == 1 and "differs" in out


def test_encrypted_backup_hides_the_records_and_needs_its_key(seeded, tmp_path):
    from cryptography.fernet import Fernet

    app, _ = seeded
    key = Fernet.generate_key().decode()
    code, out = _cli(app, "create", "--to", str(tmp_path), env={"KNOTWORK_BACKUP_KEY": key})
    assert code == 0, out
    data = Path(out.split()[0])
    assert data.name.endswith(".fernet")
    blob = data.read_bytes()
    assert CANARY.encode() not in blob and b"SQLite format" not in blob
    assert Fernet(key).decrypt(blob)  # decrypting with the key gives the database back
    code, out = _cli(app, "verify", str(data), env={"KNOTWORK_BACKUP_KEY": key})
    assert code == 0, out
    code, out = _cli(app, "verify", str(data), env={"KNOTWORK_BACKUP_KEY": ""})
    assert code == 1 and "KNOTWORK_BACKUP_KEY" in out
    code, out = _cli(app, "verify", str(data),
                     env={"KNOTWORK_BACKUP_KEY": Fernet.generate_key().decode()})
    assert code == 1 and "does not decrypt" in out


def test_backup_taken_while_a_writer_saves_restores_to_a_commit_point(seeded, fresh_database,
                                                                      tmp_path):
    from notes_app.audit import AuditEvent
    from notes_app.sessions import services
    from notes_app.sessions.models import DRAFT, TreatmentSession

    app, url = seeded
    stop, saves = threading.Event(), []

    def counts(ts):
        return ts.version, db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "session.save", AuditEvent.object_id == str(ts.id)))

    with app.app_context():
        base_version, base_audited = counts(
            db.session.scalar(select(TreatmentSession).filter_by(status=DRAFT)))
        db.session.remove()

    def writer():
        with app.app_context():
            ts = db.session.scalar(select(TreatmentSession).filter_by(status=DRAFT))
            while not stop.is_set() and len(saves) < 400:
                services.save_draft(ts.therapist, ts, {"chief_complaint": f"save {len(saves)}"},
                                    base_version=ts.version, today=date.today())
                db.session.commit()
                saves.append(ts.version)
            db.session.remove()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(saves) < 3:
            threading.Event().wait(0.01)
        code, out = _cli(app, "create", "--to", str(tmp_path))
    finally:
        stop.set()
        thread.join()
    assert code == 0, out
    target_url = fresh_database("target")
    target = _app(target_url)
    assert _cli(target, "restore", out.split()[0])[0] == 0
    with target.app_context():
        ts = db.session.scalar(select(TreatmentSession).filter_by(status=DRAFT))
        version, audited = counts(ts)
        # Each save commits its note version and its audit row together: the copy holds both.
        n = version - base_version
        assert n >= 3 and ts.chief_complaint == f"save {n - 1}"
        assert audited - base_audited == n
        db.session.remove()
    assert saves, "the writer never saved"
    _dispose(target)


def test_a_missing_pg_dump_is_named(monkeypatch, tmp_path):
    monkeypatch.setattr(engines.shutil, "which", lambda name: None)
    with pytest.raises(engines.BackupError, match="pg_dump is not installed"):
        engines.pg_dump("postgresql+psycopg://nobody@127.0.0.1:1/none", str(tmp_path / "x"),
                        lambda conn: {})


def test_a_restore_that_fails_half_way_leaves_the_database_as_it_was(seeded, fresh_database,
                                                                     tmp_path):
    """#12 item 6: dropping the old schema and replaying the dump are one transaction."""
    app, url = seeded
    target_url = fresh_database("target")
    target = _seeded(target_url)
    with target.app_context():
        db.session.execute(db.text("DELETE FROM outbox_messages"))  # tell the two apart
        db.session.commit()
    before = _export(target_url)
    assert before != _export(url)
    if on_postgres():
        with engines.connect(url) as conn:
            schema = engines.current_schema(conn)
        libpq, env = engines._libpq(url)
        dump = tmp_path / "plain.dump"
        subprocess.run(["pg_dump", "--format=custom", "--compress=0", "--no-owner",
                        f"--schema={schema}", f"--file={dump}", f"--dbname={libpq}"],
                       env=env, check=True)
        raw = dump.read_bytes()
        # A data row whose id is 10 (each row follows its length) gets a NULL id, same length
        # so the file stays readable: its COPY fails after the old schema was dropped.
        at = raw.index(b"\x00\x00\x0010\t") + 3
        dump.write_bytes(raw[:at] + b"\\N" + raw[at + 2:])
        with pytest.raises(engines.BackupError, match="rolled back"):
            engines.pg_restore(target_url, str(dump), schema)
    else:
        garbage = tmp_path / "not-a-database"
        garbage.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8192)
        with pytest.raises(sqlite3.DatabaseError):
            engines.sqlite_copy(str(garbage), engines.sqlite_path(target_url))
    assert _export(target_url) == before
    _dispose(target)
