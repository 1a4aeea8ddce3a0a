"""A real gunicorn on a migrated, demo-seeded SQLite file: browser tests, bench/taps.py."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


@contextmanager
def serve(workdir: Path):
    """Migrate and seed a SQLite file in workdir, serve it with gunicorn, yield the base URL."""
    port = _free_port()
    env = {**os.environ, "FLASK_APP": "notes_app", "KNOTWORK_ENV": "development",
           "PUBLIC_URL": f"http://127.0.0.1:{port}",  # mailed links point at this server
           "DATABASE_URL": f"sqlite:///{workdir / 'e2e.sqlite'}",
           "SECRET_KEY": "e2e-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"}
    for args in (["db", "upgrade"], ["demo", "seed"]):
        subprocess.run([_bin("flask"), *args], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=300)
    pidfile = workdir / "gunicorn.pid"
    log = open(workdir / "gunicorn.log", "w")
    proc = subprocess.Popen(
        [_bin("gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "60",
         "--no-control-socket", "--pid", str(pidfile), "notes_app:create_app()"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    # Generous: eight test runs may share two cores, and two workers import the whole app.
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        proc.wait()
        log.close()
        raise RuntimeError("gunicorn did not come up: " + (workdir / "gunicorn.log").read_text())
    try:
        yield base
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
