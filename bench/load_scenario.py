"""Load: virtual therapists on gunicorn (PostgreSQL by default) — open clients, start notes, type
with autosave every few seconds, place markers, sign, issue a sheet. A benchmark, not a test.

    .venv/bin/python bench/load_scenario.py [--users 50] [--seconds 300] [--size 10000x10]

A stdlib equivalent of a locust scenario (threads + http.client, no extra dependency): each
virtual therapist is one thread with its own login. Prints requests, errors (goal 0) and p95 per
request type (autosave goal < 300 ms). Serves on port 5142 and stops the server by its pid.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import statistics
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale_db  # noqa: E402
import throughput  # noqa: E402

PORT = 5142
RUN = secrets.token_hex(4)
PASSWORD = "knotwork-demo"


class Therapist(threading.Thread):
    """One virtual therapist working through clients until the deadline."""

    def __init__(self, n: int, email: str, deadline: float, stats, clients: list[str], *,
                 saves: tuple[int, int] = (6, 12), reading: tuple[float, float] = (0.5, 1.5)):
        super().__init__(daemon=True)
        self.saves, self.reading = saves, reading
        self.n, self.email, self.deadline, self.stats = n, email, deadline, stats
        self.clients, self.rng, self.cookie = clients, random.Random(n), ""

    def call(self, kind: str, method: str, path: str, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        started = time.perf_counter()
        try:
            conn.request(method, path, body, {"Cookie": self.cookie, **(headers or {})})
            response = conn.getresponse()
            data = response.read()
            status = response.status
        except OSError:
            status, data, response = 0, b"", None
        self.stats.add(kind, time.perf_counter() - started, status)
        if response is not None:
            for k, v in response.getheaders():
                if k.lower() == "set-cookie":
                    self.cookie = v.split(";", 1)[0]
        return status, data, response

    def form(self, kind: str, path: str, fields: dict):
        return self.call(kind, "POST", path, urllib.parse.urlencode(fields),
                         {"Content-Type": "application/x-www-form-urlencoded"})

    def run(self) -> None:
        self.form("login", "/login", {"email": self.email, "password": PASSWORD})
        visit = 0
        while time.monotonic() < self.deadline:
            visit += 1
            client = self.rng.choice(self.clients)
            self.call("client list", "GET", "/clients/")
            self.read()
            self.call("client page", "GET", f"/clients/{client}")
            self.read()
            # The run's own nonce: a seeded key repeats the last run's, and the start would
            # (rightly) hand back that run's signed note instead of a new draft.
            key = f"load{RUN}{self.n:03d}x{visit:05d}{self.rng.randrange(10**6):06d}"
            status, _, response = self.form("start note", f"/sessions/start/{client}",
                                            {"idempotency_key": key, "copy_forward": "y"})
            location = response.getheader("Location", "") if response else ""
            match = re.search(r"/sessions/([A-Za-z0-9_-]+)$", location)
            if status != 302 or not match:
                continue  # a client who may not be treated today (flags): the next one
            note = match.group(1)
            _, page, _ = self.call("note editor", "GET", f"/sessions/{note}")
            version = int((re.search(rb'name="version" value="(\d+)"', page) or [0, b"1"])[1])
            # A note is typed over minutes with an autosave every few seconds: six to twelve
            # saves per note is still far fewer than a real note's (issue #11).
            for i in range(self.rng.randint(*self.saves)):
                time.sleep(self.rng.uniform(2, 4))  # typing between autosaves
                note_body = {"chief_complaint": f"Neck and shoulders tight, day {i}.",
                             "pain_before": 5, "pain_after": 3,
                             "techniques": [{"muscle_id": "UT", "side": "R", "technique": "ISC",
                                             "pressure": 2, "hold_seconds": 60, "reps": 2,
                                             "warning_ack": True}]}
                if i == 1:
                    note_body["markers"] = [{"knot_id": key[:24], "view": "back", "x": 0.42,
                                             "y": 0.2, "muscle_id": "UT", "side": "R",
                                             "kind": "active", "tenderness": 6,
                                             "warning_ack": True}]
                status, data, _ = self.call(
                    "autosave", "PUT", f"/sessions/{note}/draft", json.dumps({"note": note_body}),
                    {"Content-Type": "application/json", "Accept": "application/json",
                     "If-Match": f'"{version}"'})
                if status == 200:
                    version = json.loads(data)["version"]
            status, _, _ = self.form("sign", f"/sessions/{note}/sign",
                                     {"password": PASSWORD, "version": version})
            if status == 302:
                self.form("issue sheet", f"/aftercare/session/{note}/new", {"note": ""})
            self.call("signed note", "GET", f"/sessions/{note}")
            self.read()

    def read(self) -> None:
        """Pause as a therapist does to read a page before the next tap."""
        time.sleep(self.rng.uniform(*self.reading))


class Stats:
    """Thread-safe timings and failures per request type."""

    def __init__(self):
        self.lock, self.times, self.errors = threading.Lock(), defaultdict(list), defaultdict(int)

    def add(self, kind: str, seconds: float, status: int) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if status == 0 or status >= 500 or (status >= 400 and kind != "start note"):
                self.errors[kind] += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--size", default="10000x10")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--spawn-rate", type=float, default=5, help="therapists started per s")
    parser.add_argument("--saves", default="6-12", help="autosaves per note, min-max")
    parser.add_argument("--read", default="0.5-1.5", help="seconds reading each page, min-max")
    args = parser.parse_args()
    saves = tuple(int(n) for n in args.saves.split("-", 1))
    reading = tuple(float(n) for n in args.read.split("-", 1)) if "-" in args.read \
        else (float(args.read),) * 2
    pg = scale_db.postgres_url() or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    if os.environ.get("LOAD_SQLITE") == "1":
        pg = None
    url = scale_db.database_for(scale_db.Size.parse(args.size), pg)
    from sqlalchemy import select

    from notes_app import create_app
    from notes_app.clients.models import Client
    from notes_app.extensions import db

    app = create_app(scale_db.bench_config(url))
    with app.app_context():
        clients = list(db.session.scalars(select(Client.public_id).where(
            Client.archived.is_(False)).limit(2000)))
        db.engine.dispose()
    throughput.APP_PORT, throughput.WORKERS = PORT, args.workers
    server = throughput._serve("wsgi_bench:app", PORT, {"BENCH_DATABASE_URL": url},
                               f"/tmp/knotwork-load-{os.getpid()}.pid")
    stats = Stats()
    try:
        deadline = time.monotonic() + args.seconds
        users = [Therapist(n, f"therapist{n % 5 + 1}@scale.test", deadline, stats, clients,
                           saves=saves, reading=reading) for n in range(args.users)]
        for user in users:  # five therapists a second, as locust's spawn rate would
            user.start()
            time.sleep(1 / args.spawn_rate)
        for user in users:
            user.join(timeout=args.seconds + 120)
    finally:
        throughput._stop(server)
    print(f"\n{args.users} virtual therapists, {args.seconds} s, gunicorn {args.workers} workers, "
          f"{'PostgreSQL' if pg else 'SQLite'} at {args.size}, {os.cpu_count()} cores; "
          f"{args.saves} autosaves per note, {args.read} s reading each page\n")
    print("| request | count | errors | p50 ms | p95 ms |")
    print("|---|---:|---:|---:|---:|")
    for kind, times in sorted(stats.times.items()):
        ordered = sorted(times)
        p95 = ordered[int(0.95 * (len(ordered) - 1))] * 1000
        print(f"| {kind} | {len(times)} | {stats.errors[kind]} | "
              f"{statistics.median(times) * 1000:.0f} | {p95:.0f} |")
    total, errors = sum(map(len, stats.times.values())), sum(stats.errors.values())
    print(f"\n{total} requests, {errors} errors (goal 0)")
    autosave = sorted(stats.times.get("autosave", [0]))
    p95 = autosave[int(0.95 * (len(autosave) - 1))] * 1000
    print(f"autosave p95 {p95:.0f} ms (goal < 300 ms): {'met' if p95 < 300 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
