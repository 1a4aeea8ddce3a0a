"""A real gunicorn on a prepared database, started in its own process group so it can be killed."""
from __future__ import annotations

import http.client
import http.cookiejar
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRET = "reliability-secret-key-0123456789-abcdefghijklmnop"


def free_port() -> int:
    """Return a TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn serving notes_app on url with N workers; kill and restart at will."""

    def __init__(self, db_url: str, workdir: Path, workers: int = 2, env: str = "testing"):
        self.db_url, self.workdir, self.workers, self.kind = db_url, workdir, workers, env
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log = open(workdir / "gunicorn.log", "a")  # noqa: SIM115 (closed in stop)

    def start(self, timeout: float = 90) -> None:
        """Start gunicorn (app preloaded, so a killed worker is back at once) and wait for it."""
        env = {**os.environ, "KNOTWORK_ENV": self.kind, "DATABASE_URL": self.db_url,
               "SECRET_KEY": SECRET}
        self.proc = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(self.workers), "--preload", "--no-control-socket",
             "--timeout", "30", "--graceful-timeout", "2", "--pid",
             str(self.workdir / "gunicorn.pid"), "notes_app:create_app()"],
            cwd=ROOT, env=env, stdout=self.log, stderr=self.log, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}")
            if self.healthy():
                return
            time.sleep(0.1)
        raise RuntimeError("gunicorn did not answer /healthz in time")

    def healthy(self) -> bool:
        """Tell whether /healthz answers 200."""
        try:
            with urllib.request.urlopen(self.base + "/healthz", timeout=2) as r:
                return r.status == 200
        except (OSError, urllib.error.URLError):
            return False

    def worker_pids(self) -> list[int]:
        """Return the pids of the master's current workers."""
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.proc.pid)],
                             capture_output=True, text=True, check=False).stdout
        return [int(p) for p in out.split()]

    def kill_server(self) -> None:
        """SIGKILL the master and every worker at once, as a power cut to the process would."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        """Stop the server if it runs."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.log.close()


class Browserless:
    """A cookie-keeping HTTP client for scripts that act like the editor."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def login(self, email: str, password: str) -> None:
        """Sign in through the login form."""
        body = urllib.parse.urlencode({"email": email, "password": password}).encode()
        try:
            self.opener.open(self.base + "/login", data=body, timeout=10).read()
        except http.client.HTTPException as exc:
            raise ConnectionError(f"answer cut off: {exc!r}") from exc

    def put_json(self, path: str, payload: dict, headers: dict) -> tuple[int, dict]:
        """PUT JSON and return (status, parsed body); network failures raise OSError."""
        request = urllib.request.Request(
            self.base + path, data=json.dumps(payload).encode(), method="PUT",
            headers={"Content-Type": "application/json", "Accept": "application/json",
                     **headers})
        try:
            with self.opener.open(request, timeout=10) as r:
                return r.status, json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as exc:
            try:
                return exc.code, json.loads(exc.read() or b"{}")
            except http.client.HTTPException as cut:
                raise ConnectionError(f"answer cut off: {cut!r}") from cut
        except http.client.HTTPException as exc:
            # A worker killed mid-answer leaves a short body: the answer was lost, like a reset.
            raise ConnectionError(f"answer cut off: {exc!r}") from exc
