"""Backups a clinic can trust: create (with manifest and SHA-256 sidecar), verify, restore.

A backup is three files side by side: the database copy (optionally Fernet-encrypted), a
manifest with the canonical export's SHA-256, and a sha256sum-style sidecar covering both.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from notes_app.backup import engines
from notes_app.backup.canonical import export_summary
from notes_app.backup.engines import BackupError

SUFFIX = {"sqlite": ".sqlite", "postgresql": ".pgdump"}
ENCRYPTED = ".fernet"
NAME = re.compile(r"^(knotwork-\d{8}T\d{6}Z-[A-Za-z0-9_]+(?:-\d+)?)\.")


@dataclass
class Backup:
    """The files of one backup and what its manifest says."""

    data: Path
    manifest: Path
    sidecar: Path
    info: dict


def fernet_from(key: str | None) -> Fernet | None:
    """Return a Fernet for a key from the environment, None when no key is set."""
    if not key:
        return None
    try:
        return Fernet(key.encode() if isinstance(key, str) else key)
    except ValueError as exc:
        raise BackupError("KNOTWORK_BACKUP_KEY is not a Fernet key; make one with "
                          "`flask backup keygen`.") from exc


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_atomic(path: Path, data: bytes) -> None:
    # Written beside, flushed to disk, then renamed: a crash never leaves half a backup.
    part = path.with_name(path.name + ".part")
    with part.open("xb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    part.replace(path)


def _base_name(directory: Path, revision: str | None, now: datetime) -> str:
    stem = f"knotwork-{now.strftime('%Y%m%dT%H%M%SZ')}-{revision or 'norev'}"
    name, n = stem, 1
    while any(directory.glob(name + ".*")):
        n += 1
        name = f"{stem}-{n}"
    return name


def create_backup(url: str, directory: Path, *, fernet: Fernet | None = None,
                  now: datetime | None = None) -> Backup:
    """Make a consistent online backup of the database at url in directory."""
    dialect = engines.dialect_of(url)
    directory.mkdir(parents=True, exist_ok=True)
    now = now or datetime.now(UTC)
    with tempfile.TemporaryDirectory(dir=directory) as tmp:
        raw = Path(tmp) / "copy"
        if dialect == "sqlite":
            engines.sqlite_copy(engines.sqlite_path(url), str(raw))
            problems = engines.sqlite_checks(str(raw))
            if problems:
                raise BackupError("The copy fails SQLite's checks: " + "; ".join(problems[:5]))
            with engines.connect(f"sqlite:///{raw}") as conn:
                summary = export_summary(conn)
        else:
            summary = engines.pg_dump(url, str(raw), export_summary)
        payload = raw.read_bytes()
    base = _base_name(directory, summary["revision"], now)
    data = directory / (base + SUFFIX[dialect] + (ENCRYPTED if fernet else ""))
    _write_atomic(data, fernet.encrypt(payload) if fernet else payload)
    info = {"format": 1, "created_at": now.isoformat(timespec="seconds"), "dialect": dialect,
            "encrypted": fernet is not None, "file": data.name, **summary}
    manifest = directory / (base + ".manifest.json")
    _write_atomic(manifest, json.dumps(info, indent=2, sort_keys=True).encode() + b"\n")
    sidecar = directory / (base + ".sha256")
    lines = "".join(f"{_sha256_file(p)}  {p.name}\n" for p in (data, manifest))
    _write_atomic(sidecar, lines.encode())
    return Backup(data, manifest, sidecar, info)


def open_backup(path: Path) -> Backup:
    """Find a backup's files from any one of them and check the SHA-256 sidecar.

    :raises BackupError: a file is missing or a checksum differs.
    """
    match = NAME.match(path.name)
    if not match:
        raise BackupError(f"{path.name} is not named like a Knotwork backup.")
    base = path.parent / match.group(1)
    sidecar, manifest = Path(f"{base}.sha256"), Path(f"{base}.manifest.json")
    for needed in (sidecar, manifest):
        if not needed.exists():
            raise BackupError(f"{needed.name} is missing beside the backup.")
    expected = {}
    for line in sidecar.read_text().splitlines():
        digest, _, name = line.partition("  ")
        expected[name] = digest
    info = json.loads(manifest.read_text())
    data = path.parent / info["file"]
    for file in (data, manifest):
        if file.name not in expected:
            raise BackupError(f"The sidecar has no checksum for {file.name}.")
        if not file.exists():
            raise BackupError(f"{file.name} is missing.")
        if _sha256_file(file) != expected[file.name]:
            raise BackupError(f"Checksum mismatch: {file.name} is damaged or was changed.")
    return Backup(data, manifest, sidecar, info)


def plaintext(backup: Backup, fernet: Fernet | None) -> bytes:
    """Return the database copy, decrypted when the backup is encrypted."""
    blob = backup.data.read_bytes()
    if not backup.info.get("encrypted"):
        return blob
    if fernet is None:
        raise BackupError("This backup is encrypted: set KNOTWORK_BACKUP_KEY to its key.")
    try:
        return fernet.decrypt(blob)
    except InvalidToken as exc:
        raise BackupError("The backup key does not decrypt this backup (wrong key, or the "
                          "file was changed).") from exc
