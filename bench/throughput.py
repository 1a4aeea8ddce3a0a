"""Serve the app and the bare page with gunicorn and drive both with wrk, in the same run.

Ports 5140 (app) and 5141 (bare) are the perf engineer's range; both servers are stopped by pid.
"""
from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

BENCH = Path(__file__).resolve().parent
APP_PORT, BARE_PORT = 5140, 5141
WORKERS = 2


def _serve(module: str, port: int, env: dict, pidfile: str) -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    proc = subprocess.Popen(
        [gunicorn, "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--timeout", "60",
         "--no-control-socket", "--pid", pidfile, "--chdir", str(BENCH), "--log-level",
         "warning", module], env={**os.environ, **env}, start_new_session=True)
    deadline = time.monotonic() + 150  # a loaded 2-core machine boots workers slowly
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz" if "wsgi_bench" in module else "/")
            conn.getresponse().read()
            return proc
        except OSError as exc:
            if proc.poll() is not None:
                raise SystemExit(f"gunicorn {module} exited with {proc.returncode}") from exc
            time.sleep(0.3)
    _stop(proc)
    raise SystemExit(f"gunicorn {module} did not answer on port {port}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def login_cookie(email: str, password: str) -> str:
    """Sign in over HTTP and return the Cookie header that carries the login."""
    conn = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=30)
    body = urllib.parse.urlencode({"email": email, "password": password})
    conn.request("POST", "/login", body,
                 {"Content-Type": "application/x-www-form-urlencoded"})
    response = conn.getresponse()
    response.read()
    cookies = [h.split(";", 1)[0] for k, h in response.getheaders() if k.lower() == "set-cookie"]
    if response.status not in (302, 303) or not cookies:
        raise SystemExit(f"wrk login as {email} failed: {response.status}")
    return "; ".join(cookies)


def wrk(port: int, path: str, seconds: int, *, cookie: str = "", method: str = "GET",
        form: dict | None = None) -> tuple[float, int]:
    """Return (requests per second, non-2xx answers) of wrk -t2 -c8 against one URL."""
    cmd = ["wrk", "-t2", "-c8", f"-d{seconds}s"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    script = None
    if method != "GET":
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        body = urllib.parse.urlencode(form or {})
        script.write(f'wrk.method = "{method}"\nwrk.body = "{body}"\n'
                     'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n')
        script.close()
        cmd += ["-s", script.name]
    out = subprocess.run([*cmd, f"http://127.0.0.1:{port}{path}"], capture_output=True,
                         text=True, timeout=seconds + 60).stdout
    if script:
        os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rps, int(bad.group(1)) if bad else 0


def _bare_url(url: str) -> str:
    if url.startswith("sqlite"):
        return f"sqlite:///{tempfile.gettempdir()}/knotwork-bench-bare.sqlite"
    return url  # PostgreSQL: the bare table sits beside the scale schema's tables


def throughput_table(backend: str, url: str, pages, subjects, floors: dict, *,
                     seconds: int = 5) -> list[str]:
    """Print each GET page's req/s under gunicorn as a ratio to the bare page; return misses."""
    import bare_app

    bare_url = _bare_url(url)
    bare_app.prepare(bare_url)
    tmp = tempfile.mkdtemp(prefix="knotwork-bench-")
    app = _serve("wsgi_bench:app", APP_PORT, {"BENCH_DATABASE_URL": url}, f"{tmp}/app.pid")
    bare = None
    missed = []
    try:
        bare = _serve("bare_app:app", BARE_PORT, {"BARE_DATABASE_URL": bare_url},
                      f"{tmp}/bare.pid")
        cookies = {"therapist": login_cookie(subjects.therapist_email, "knotwork-demo"),
                   "admin": login_cookie(subjects.admin_email, "knotwork-demo"),
                   "portal": login_cookie(subjects.portal_email, "knotwork-demo")}
        floor_before, _ = wrk(BARE_PORT, "/", seconds)
        rows = []
        for page in pages:
            if page.method == "PUT":
                continue  # the autosave's round trip is timed in-process and under load
            rps, bad = wrk(APP_PORT, page.path, seconds, cookie=cookies[page.who],
                           method=page.method, form=page.data)
            rows.append((page.name, rps, bad))
        floor_after, _ = wrk(BARE_PORT, "/", seconds)
        floor = (floor_before + floor_after) / 2
        print(f"\n## {backend}: gunicorn {WORKERS} sync workers, wrk -t2 -c8 -d{seconds}s, "
              f"large size\n")
        print(f"bare Flask + SQLAlchemy + Jinja page: {floor_before:.0f} req/s before, "
              f"{floor_after:.0f} after\n")
        print("| page | req/s | × bare | target | non-2xx |")
        print("|---|---:|---:|---:|---:|")
        for name, rps, bad in rows:
            target = floors.get(name)
            ratio = rps / floor
            print(f"| {name} | {rps:.0f} | {ratio:.2f} | {f'≥ {target}' if target else '—'} "
                  f"| {bad} |")
            if target and ratio < target:
                missed.append(f"{backend} {name}: throughput {ratio:.2f}× bare < {target}×")
            if bad:
                missed.append(f"{backend} {name}: {bad} non-2xx answers under wrk")
    finally:
        _stop(app)
        if bare is not None:
            _stop(bare)
    return missed
