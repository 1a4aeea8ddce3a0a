"""Busy pages at two data sizes: SQL statements, p50/p95 and the large/small ratio, in-process;
then throughput under gunicorn + wrk as a ratio to a bare Flask + SQLAlchemy + Jinja page.

    .venv/bin/python bench/pages_bench.py [--small 1000x10] [--large 10000x10] [--runs 60]
        [--no-wrk]

Databases are built once by `flask demo scale` code and cached (bench/scale_db.py). With
DATABASE_URL pointing at PostgreSQL the same runs follow on PostgreSQL. Only ratios measured in
one run mean anything on a shared machine.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import scale_db  # noqa: E402
from scale_db import Size, Subjects  # noqa: E402
from sqlalchemy import event  # noqa: E402

PASSWORD = "knotwork-demo"
MAX_STATEMENTS = 12
MAX_P95_RATIO = 1.3
AUTOSAVE_P95_MS = 50
# Throughput floors as a share of the bare page's requests per second (issue #11).
THROUGHPUT = {"client list": 0.5, "signed note": 0.5, "client page": 0.3, "note editor": 0.3}


@dataclass
class Page:
    """One benchmarked request: who asks, and how."""

    name: str
    who: str  # "therapist", "admin" or "portal"
    method: str
    path: str
    data: dict | None = None
    json: bool = False


def pages(s: Subjects) -> list[Page]:
    """Return the busy pages of the issue, addressed at the scale clinic's subjects."""
    return [
        Page("client list", "therapist", "GET", "/clients/"),
        Page("list search", "therapist", "POST", "/clients/", {"q": "nowak"}),
        Page("late list page", "therapist", "GET", late_path(s)),
        Page("client page", "therapist", "GET", f"/clients/{s.client_id}"),
        Page("note editor", "therapist", "GET", f"/sessions/{s.draft_id}"),
        Page("signed note", "therapist", "GET", f"/sessions/{s.signed_id}"),
        Page("aftercare preview", "therapist", "GET", f"/aftercare/session/{s.signed_id}/new"),
        Page("portal home", "portal", "GET", "/portal/"),
        Page("portal progress", "portal", "GET", "/portal/progress"),
        Page("audit, one client", "admin", "GET", f"/admin/audit?client={s.client_id}"),
        Page("autosave", "therapist", "PUT", f"/sessions/{s.draft_id}/draft", json=True),
    ]


def late_path(s: Subjects) -> str:
    """Return the keyset page after the client 90 % of the way through the list."""
    return f"/clients/?after={s.late_after}"


@dataclass
class Result:
    """What one page measured at one size."""

    statements: int
    times: list = field(default_factory=list)

    def pct(self, q: float) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000


class Drafts:
    """Autosave bodies that always change the note, with the version the editor holds."""

    def __init__(self, version: int):
        self.version = version
        self.n = 0

    def body(self):
        self.n += 1
        return {"note": {"observations": f"Hypertonic bands, upper trapezius (pass {self.n})."}}


def login(client, email: str) -> None:
    """Sign a test client in, failing loudly when the scale logins do not work."""
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    if response.status_code not in (302, 303):
        raise SystemExit(f"login as {email} failed: {response.status_code}")


class Runner:
    """One size's app with its signed-in test clients and its own statement counter."""

    def __init__(self, app, s: Subjects):
        from notes_app.extensions import db

        self.app, self.subjects, self.counter = app, s, []
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute",
                         lambda *a, **k: self.counter.append(1))
        users = {"therapist": s.therapist_email, "admin": s.admin_email,
                 "portal": s.portal_email}
        self.clients = {}
        for role, email in users.items():
            self.clients[role] = app.test_client()
            login(self.clients[role], email)
        self.drafts = Drafts(s.draft_version)
        self.pages = {page.name: page for page in pages(s)}

    def request(self, name: str) -> tuple[float, int]:
        """Ask for one page; return (seconds, statements)."""
        page = self.pages[name]
        kwargs = {}
        if page.json:
            kwargs = {"json": self.drafts.body(),
                      "headers": {"If-Match": f'"{self.drafts.version}"',
                                  "Accept": "application/json"}}
        elif page.data:
            kwargs = {"data": page.data}
        self.counter.clear()
        started = time.perf_counter()
        response = self.clients[page.who].open(page.path, method=page.method, **kwargs)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{page.name}: {page.path} answered {response.status_code}")
        if page.json:
            self.drafts.version = response.get_json()["version"]
        response.close()
        return elapsed, len(self.counter)


def measure(runners: list[Runner], runs: int) -> list[dict[str, Result]]:
    """Time every page at every size, the sizes' requests interleaved, so that the machine's
    load at any moment weighs on both sizes alike (only the ratio means anything)."""
    out = [{} for _ in runners]
    for name in runners[0].pages:
        results = [Result(0) for _ in runners]
        for i in range(runs + 3):
            for runner, result in zip(runners, results, strict=True):
                elapsed, statements = runner.request(name)
                if i >= 3:  # the first requests warm caches and compile templates
                    result.times.append(elapsed)
                    result.statements = statements
        for found, result in zip(out, results, strict=True):
            found[name] = result
    return out


def run_sizes(url_for, sizes: list[Size], runs: int) -> list[dict[str, Result]]:
    """Measure the sizes side by side on the databases url_for returns."""
    from notes_app import create_app
    from notes_app.extensions import db

    apps = [create_app(scale_db.bench_config(url_for(size))) for size in sizes]
    results = measure([Runner(app, scale_db.subjects(app)) for app in apps], runs)
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return results


def table(backend: str, sizes: list[Size], small: dict, large: dict) -> list[str]:
    """Format the per-page table and return the missed targets."""
    a, b = sizes[0].label, sizes[1].label
    print(f"\n## {backend}: sizes {a} and {b} (clients/visits)\n")
    print(f"| page | stmts {a} | stmts {b} | p50 {a} ms | p95 {a} ms | p50 {b} ms | "
          f"p95 {b} ms | p95 {b}/{a} |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    missed = []
    for name, s in small.items():
        big = large[name]
        ratio = big.pct(0.95) / s.pct(0.95)
        print(f"| {name} | {s.statements} | {big.statements} | {s.pct(0.5):.1f} | "
              f"{s.pct(0.95):.1f} | {big.pct(0.5):.1f} | {big.pct(0.95):.1f} | {ratio:.2f} |")
        if big.statements > MAX_STATEMENTS or big.statements != s.statements:
            missed.append(f"{backend} {name}: {s.statements}/{big.statements} statements")
        if ratio > MAX_P95_RATIO:
            missed.append(f"{backend} {name}: p95 ratio {ratio:.2f} > {MAX_P95_RATIO}")
    autosave = large["autosave"].pct(0.95)
    if autosave > AUTOSAVE_P95_MS:
        missed.append(f"{backend} autosave p95 {autosave:.0f} ms > {AUTOSAVE_P95_MS} ms")
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", default="1000x10", help="clients x visits (default 1000x10)")
    parser.add_argument("--large", default="10000x10", help="clients x visits (default 10000x10)")
    parser.add_argument("--runs", type=int, default=60, help="timed requests per page")
    parser.add_argument("--wrk-seconds", type=int, default=5, help="wrk duration per page")
    parser.add_argument("--no-wrk", action="store_true", help="skip the gunicorn + wrk part")
    args = parser.parse_args()
    import os

    sizes = [Size.parse(args.small), Size.parse(args.large)]
    print(f"# bench-pages on {os.cpu_count()} cores (shared: compare ratios only)")
    backends = [("SQLite", None)]
    if scale_db.postgres_url():
        backends.append(("PostgreSQL", scale_db.postgres_url()))
    missed = []
    for backend, pg in backends:
        small, large = run_sizes(lambda size, pg=pg: scale_db.database_for(size, pg), sizes,
                                 args.runs)
        missed += table(backend, sizes, small, large)
        if not args.no_wrk and shutil.which("wrk") is None:
            missed.append("throughput not measured: wrk is not installed (apt-get install wrk)")
        elif not args.no_wrk:
            from throughput import throughput_table

            url = scale_db.database_for(sizes[1], pg)
            app_subjects = _subjects_for(url)
            missed += throughput_table(backend, url, pages(app_subjects), app_subjects,
                                       THROUGHPUT, seconds=args.wrk_seconds)
    print()
    for line in missed:
        print(f"MISSED: {line}")
    print("All targets met." if not missed else f"{len(missed)} target(s) missed.")
    return 0


def _subjects_for(url: str) -> Subjects:
    from notes_app import create_app
    from notes_app.extensions import db

    app = create_app(scale_db.bench_config(url))
    found = scale_db.subjects(app)
    with app.app_context():
        db.engine.dispose()
    return found


if __name__ == "__main__":
    sys.exit(main())
