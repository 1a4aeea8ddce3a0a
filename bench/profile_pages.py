"""Where a page's time goes: in-process ms per request beside the bare page, then a cProfile split
into signing in, the view's queries, rendering, the audit chain's append and the commit.

    .venv/bin/python bench/profile_pages.py [--size 10000x10] [--runs 200] [PAGE ...]

On the cached scale database (bench/scale_db.py); PostgreSQL when DATABASE_URL points at it.
The shares overlap where one part calls another (a template's lazy load is also SQL).
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import scale_db  # noqa: E402
from pages_bench import THROUGHPUT, Runner  # noqa: E402

# (label, how to find its functions in the profile: file part, function name; whether they
# nest, so that the outermost counts alone, or add up)
PARTS = [
    # The two-factor gate is what first asks for current_user, so it holds the sign-in.
    ("signing in (session, user, clinic) and the two-factor gate",
     [("notes_app/__init__.py", "load_user"), ("twofactor_views.py", "require_enrolment")],
     True),
    ("template rendering", [("flask/templating.py", "_render")], False),
    ("audit chain append", [("notes_app/auditchain.py", "write_pending")], False),
    ("database commit", [("sqlite3", "commit"), ("psycopg/connection.py", "commit")], False),
    ("SQL in the driver", [("sqlite3.Cursor", "execute"), ("sqlite3.Cursor", "fetchall"),
                           ("psycopg/cursor.py", "execute"), ("psycopg/cursor.py", "fetchall")],
     False),
]


def _share(stats: pstats.Stats, wanted: list[tuple[str, str]], nested: bool) -> float:
    found = []
    for (filename, _line, func), (_cc, _nc, _tt, cumulative, _callers) in stats.stats.items():
        if any(part in filename + func and (func == name or f"'{name}'" in func)
               for part, name in wanted):
            found.append(cumulative)
    return max(found, default=0.0) if nested else sum(found)


def _bare_ms(url: str, runs: int) -> float:
    import bare_app

    bare_app.prepare(url)
    client = bare_app.create(url).test_client()
    for _ in range(20):
        client.get("/")
    started = time.perf_counter()
    for _ in range(runs):
        client.get("/")
    return (time.perf_counter() - started) * 1000 / runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="10000x10")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("pages", nargs="*", default=list(THROUGHPUT))
    args = parser.parse_args()
    from notes_app import create_app

    pg = scale_db.postgres_url()
    url = scale_db.database_for(scale_db.Size.parse(args.size), pg)
    app = create_app(scale_db.bench_config(url))
    runner = Runner(app, scale_db.subjects(app))
    bare_url = pg or f"sqlite:///{tempfile.gettempdir()}/knotwork-bench-bare.sqlite"
    bare = _bare_ms(bare_url, args.runs)
    print(f"# where the time goes: {'PostgreSQL' if pg else 'SQLite'} at {args.size}, "
          f"in-process, {args.runs} requests per page\n")
    print(f"bare Flask + SQLAlchemy + Jinja page: {bare:.2f} ms per request\n")
    print("| page | ms/request | bare/page | " + " | ".join(part[0] for part in PARTS) + " |")
    print("|---|---:|---:|" + "---:|" * len(PARTS))
    for name in args.pages:
        for _ in range(10):
            runner.request(name)
        started = time.perf_counter()
        for _ in range(args.runs):
            runner.request(name)
        ms = (time.perf_counter() - started) * 1000 / args.runs
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.runs):
            runner.request(name)
        profile.disable()
        stats = pstats.Stats(profile)
        whole = stats.total_tt
        shares = " | ".join(f"{100 * _share(stats, wanted, nested) / whole:.0f} %"
                            for _, wanted, nested in PARTS)
        print(f"| {name} | {ms:.1f} | {bare / ms:.2f} | {shares} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
