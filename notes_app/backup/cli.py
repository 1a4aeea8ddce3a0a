"""`flask backup create|verify|restore|keygen`: backups a clinic can run from cron."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from notes_app.backup.archive import create_backup, fernet_from
from notes_app.backup.engines import BackupError
from notes_app.backup.restore import restore_backup, verify_backup

KEY_ENV = "KNOTWORK_BACKUP_KEY"

backup_cli = AppGroup("backup", help="Back up, verify and restore the database.")


def _url() -> str:
    return current_app.config["SQLALCHEMY_DATABASE_URI"]


def _default_dir() -> Path:
    return Path(current_app.instance_path) / "backups"


def _fail(exc: BackupError):
    click.echo(f"error: {exc}", err=True)
    sys.exit(1)


def check_migrations(scratch_url: str) -> None:
    """Upgrade a scratch database to head and check the models match it (flask db check)."""
    from flask_migrate import check, upgrade

    from config import DevelopmentConfig
    from notes_app import create_app
    from notes_app.extensions import db

    scratch = create_app(type("ScratchConfig", (DevelopmentConfig,), {
        "SQLALCHEMY_DATABASE_URI": scratch_url,
        "SECRET_KEY": current_app.config["SECRET_KEY"]}))
    with scratch.app_context():
        try:
            upgrade()
            check()
        except Exception as exc:  # alembic raises several kinds; all mean "not sound"
            raise BackupError(f"The restored copy does not migrate cleanly: {exc}") from exc
        finally:
            db.session.remove()
            db.engine.dispose()


@backup_cli.command("create")
@click.option("--to", "directory", type=click.Path(file_okay=False, path_type=Path),
              help="Directory for the backup (default instance/backups).")
def create_command(directory):
    """Make a consistent online backup while the app serves."""
    try:
        backup = create_backup(_url(), directory or _default_dir(),
                               fernet=fernet_from(os.environ.get(KEY_ENV)))
    except BackupError as exc:
        _fail(exc)
    rows = sum(backup.info["rows"].values())
    click.echo(f"{backup.data}  ({rows} rows, revision {backup.info['revision']}, "
               f"{'encrypted' if backup.info['encrypted'] else 'not encrypted'})")


@backup_cli.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify_command(file):
    """Restore a backup into scratch and compare it with what was backed up."""
    try:
        info = verify_backup(file, server_url=_url(),
                             fernet=fernet_from(os.environ.get(KEY_ENV)),
                             check_migrations=check_migrations)
    except BackupError as exc:
        _fail(exc)
    click.echo(f"ok: {file.name} restores to the same {sum(info['rows'].values())} rows "
               f"(export SHA-256 {info['export_sha256'][:16]}…) and migrates to head")


@backup_cli.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Replace a database that holds data (it is "
                                              "backed up first).")
@click.option("--to", "directory", type=click.Path(file_okay=False, path_type=Path),
              help="Where the backup of a replaced database goes (default instance/backups).")
def restore_command(file, replace, directory):
    """Restore a backup into the configured database (an empty one unless --replace)."""
    try:
        info, kept = restore_backup(file, url=_url(), fernet=fernet_from(os.environ.get(KEY_ENV)),
                                    replace=replace, safety_dir=directory or _default_dir())
    except BackupError as exc:
        _fail(exc)
    if kept:
        click.echo(f"the replaced data was backed up to {kept.data}")
    click.echo(f"restored {sum(info['rows'].values())} rows at revision {info['revision']}; "
               f"run `flask db upgrade` before starting the app")


@backup_cli.command("keygen")
def keygen_command():
    """Print a new encryption key for KNOTWORK_BACKUP_KEY (keep it away from the backups)."""
    from cryptography.fernet import Fernet

    click.echo(Fernet.generate_key().decode())
