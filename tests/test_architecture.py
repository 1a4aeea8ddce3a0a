"""The shape docs/architecture.md describes, checked: layers, sections, one commit a request."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, audit_rows, login, make_config

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "notes_app"
TEMPLATES = ROOT / "templates"

# Lowest first. A module may import its own package and lower ones; see docs/architecture.md.
LAYERS = ("core", "clinical", "auth", "clients", "i18n", "intake", "sessions", "aftercare",
          "records", "portal", "admin")
# Composition roots: the app factory, the model registry, the demo seeders and the backup CLI
# build the whole app, so they may import every feature.
ROOTS = {"__init__.py", "models.py", "demo.py", "demo_scale.py", "demo_scale_names.py",
         "demo_scale_visits.py", "backup"}


def _package(path: Path) -> str:
    rel = path.relative_to(APP).parts
    return rel[0] if len(rel) > 1 else "core"


def _is_root(path: Path) -> bool:
    rel = path.relative_to(APP).parts
    return rel[0] in ROOTS if len(rel) > 1 else rel[0] in ROOTS


def _is_view(path: Path) -> bool:
    return path.name == "views.py" or path.name.endswith("_views.py")


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            yield node.lineno, [a.name for a in node.names]


def _target(module: str) -> tuple[str, str] | None:
    parts = module.split(".")
    if parts[0] != "notes_app" or len(parts) < 2:
        return None
    if (APP / parts[1]).is_dir():
        return parts[1], parts[2] if len(parts) > 2 else ""
    return "core", parts[1]


def layer_violations() -> list[str]:
    """Return every import that points up the layers (views may import higher `sections`)."""
    problems = []
    for path in sorted(APP.rglob("*.py")):
        if _is_root(path):
            continue
        own = _package(path)
        for lineno, names in _imports(path):
            for module in names:
                target = _target(module)
                if target is None or target[0] not in LAYERS or own not in LAYERS:
                    continue
                pkg, sub = target
                if LAYERS.index(pkg) <= LAYERS.index(own):
                    continue
                if _is_view(path) and sub == "sections":
                    continue  # a shared page's view composes it from each feature's sections
                problems.append(f"{path.relative_to(ROOT)}:{lineno} imports {module}")
                break
    return problems


def test_every_package_has_a_layer():
    packages = {p.name for p in APP.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages - set(LAYERS) - ROOTS == set()


def test_imports_point_down_the_layers():
    assert layer_violations() == []


def test_the_layer_check_catches_an_upward_import(tmp_path, monkeypatch):
    # The check itself must be able to fail: a clients module importing portal is reported.
    fake = tmp_path / "notes_app"
    (fake / "clients").mkdir(parents=True)
    (fake / "portal").mkdir()
    (fake / "clients" / "services.py").write_text("from notes_app.portal import services\n")
    (fake / "clients" / "views.py").write_text("from notes_app.portal import sections\n")
    monkeypatch.setitem(globals(), "APP", fake)
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    assert layer_violations() == [
        "notes_app/clients/services.py:1 imports notes_app.portal.services"]


# Where a commit may stand: views and CLI commands end a request or command; load_user stores a
# revocation or the once-a-minute touch; audit.write_refusals stores refused attempts.
COMMIT_ALLOWED = re.compile(r"(views\.py|_views\.py|cli\.py|/demo[a-z_]*\.py|^notes_app/"
                            r"__init__\.py|^notes_app/audit\.py"
                            r"|^notes_app/backup/.*|^notes_app/auditverify\.py)$")


def test_only_views_cli_and_the_audit_mechanism_commit():
    offenders = []
    for path in sorted(APP.rglob("*.py")):
        rel = str(path.relative_to(ROOT))
        if "db.session.commit()" in path.read_text() and not COMMIT_ALLOWED.search(rel):
            offenders.append(rel)
    assert offenders == []


def test_templates_include_only_partials_that_exist_and_run_no_loaders():
    problems = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text()
        rel = path.relative_to(TEMPLATES)
        if "ignore missing" in text:
            problems.append(f"{rel}: ignore missing")
        for name in re.findall(r'{%\s*include\s+"([^"]+)"', text):
            if not (TEMPLATES / name).exists():
                problems.append(f"{rel}: includes missing {name}")
    assert problems == []


def test_no_context_processor_or_hook_list_serves_feature_data():
    found = []
    for path in sorted(APP.rglob("*.py")):
        text = path.read_text()
        if path.name != "web.py" and ("context_processor" in text):
            found.append(f"{path.relative_to(ROOT)}: context processor")
        if re.search(r"extensions\.(setdefault|get)\(", text):
            found.append(f"{path.relative_to(ROOT)}: hook list in app.extensions")
    assert found == []


def _refusing_app(db_url):
    """An app with one extra route that changes a record, records a refusal, then 404s."""
    from flask import abort
    from flask_login import current_user

    from notes_app import audit, create_app
    from notes_app.access import STAFF, policy
    from notes_app.clients.models import Client
    from notes_app.extensions import db

    app = create_app(make_config(db_url))

    @policy(*STAFF)
    def half_done_then_refused(client_id):
        client = db.session.scalar(db.select(Client).where(Client.public_id == client_id))
        client.occupation = "changed by a refused request"
        db.session.flush()  # the change reached the database inside this transaction
        audit.record(current_user, "client.update", object_type="client", object_id=client.id)
        audit.record_refusal(current_user, "client.read", object_type="client",
                             object_id="refused-for-test")
        abort(404)

    @policy(*STAFF)
    def commits_twice():
        audit.record(current_user, "test.one", object_type="client")
        db.session.commit()
        audit.record(current_user, "test.two", object_type="client")
        db.session.commit()
        return "done"

    app.add_url_rule("/test-only/refuse/<client_id>", view_func=half_done_then_refused)
    app.add_url_rule("/test-only/commit-twice", view_func=commits_twice)
    return app


def test_a_refused_attempt_is_audited_while_the_request_rolls_back(app, world, db_url):
    from notes_app.clients.models import Client
    from notes_app.extensions import db

    refusing = _refusing_app(db_url)
    browser = refusing.test_client()
    try:
        assert login(browser, world.t1, PASSWORD).status_code == 302
        assert browser.get(f"/test-only/refuse/{world.c1.public_id}").status_code == 404
    finally:
        with refusing.app_context():
            db.session.remove()
            db.engine.dispose()  # this app's own pool; PostgreSQL otherwise keeps it open
    with app.app_context():
        assert db.session.get(Client, world.c1.id).occupation != "changed by a refused request"
    [row] = audit_rows(app, object_id="refused-for-test")
    assert (row.outcome, row.actor_id, row.clinic_id) == ("denied", world.t1.id, world.clinic.id)
    assert row.hash and row.prev_hash  # chained like every other event
    assert audit_rows(app, action="client.update") == []  # the request's own events rolled back


def test_the_commit_counter_catches_a_request_that_commits_twice(app, world, db_url):
    from notes_app.extensions import db
    from tests.conftest import EXTRA_COMMITS

    twice = _refusing_app(db_url)
    browser = twice.test_client()
    try:
        assert login(browser, world.t1, PASSWORD).status_code == 302
        assert EXTRA_COMMITS == []
        assert browser.get("/test-only/commit-twice").status_code == 200
        assert EXTRA_COMMITS == ["GET /test-only/commit-twice"]
    finally:
        EXTRA_COMMITS.clear()  # expected here; any other test's double commit fails it
        with twice.app_context():
            db.session.remove()
            db.engine.dispose()


def test_another_clinics_client_is_a_404_that_is_audited(client, world):
    assert login(client, world.t1).status_code == 302
    assert client.get(f"/clients/{world.x.public_id}").status_code == 404
    assert client.get("/clients/no-such-client").status_code == 404
    denied = audit_rows(client.application, action="client.read", outcome="denied")
    assert [r.object_id for r in denied] == [world.x.public_id, "no-such-client"]


@pytest.mark.parametrize("path", ["/clients/", "/account/password"])
def test_a_page_that_changes_nothing_writes_nothing_but_its_audit(client, world, path):
    from sqlalchemy import event

    from notes_app.extensions import db

    assert login(client, world.t1).status_code == 302
    client.get(path)  # the first page after sign-in may touch the login session
    writes = []
    with client.application.app_context():
        engine = db.engine

    def count(conn, cursor, statement, *args):  # noqa: ARG001
        if statement.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append(statement.split("(", 1)[0][:60])

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert all(w.startswith("INSERT INTO audit_events") for w in writes), writes


def test_every_requirement_code_the_code_cites_is_explained():
    listed = set(re.findall(r"\| (R-[A-Z]+[0-9]+) ", (ROOT / "docs" / "security.md").read_text()))
    cited = {}
    for path in [*APP.rglob("*.py"), *TEMPLATES.rglob("*.html"), *(ROOT / "tests").rglob("*.py")]:
        for code in re.findall(r"\bR-[A-Z]+[0-9]+\b", path.read_text()):
            cited.setdefault(code, str(path.relative_to(ROOT)))
    assert {c: p for c, p in cited.items() if c not in listed} == {}
