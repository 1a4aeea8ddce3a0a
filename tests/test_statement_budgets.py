"""Statement budgets of the busy pages (issue #11): counting, not timing, so an N+1 can't return.

Built with `flask demo scale` on a small clinic; a page whose count grows with the data (a query
per row) blows its budget here long before a clinic notices.
"""
from __future__ import annotations

from sqlalchemy import event, select

from notes_app.extensions import db
from tests.conftest import login

# Statements per request, BEGINs excluded (SQLite sends them, PostgreSQL does not), measured
# the same on SQLite and PostgreSQL. Every page is within the 12 (#11): the login
# session loads with its user and clinic, a request's audit events are chained with one head
# read and stored in one INSERT, and each page section loads in one query per list. The audit
# pages check the chain from its checkpoint: the head and checkpoint in one read, the events since
# in one, the checkpoint moved in one (none when nothing is new).
_LOCKING = ("BEGIN", "SELECT PG_ADVISORY_XACT_LOCK")
BUDGETS = {
    "client list": 4,
    "list search": 5,
    "later list page": 6,
    "client page": 11,
    "audit page": 9,
    "note editor": 11,
    "signed note": 8,
    "aftercare preview": 6,
    "portal home": 6,
    "portal progress": 9,
    "audit, one client": 11,
    "autosave": 8,
}


def _subjects(app):
    from notes_app.clients.models import Client
    from notes_app.demo_scale import LONG_TERM_EMAIL
    from notes_app.sessions.models import SIGNED, TreatmentSession

    with app.app_context():
        client = db.session.scalar(select(Client).where(Client.email == LONG_TERM_EMAIL))
        draft = db.session.scalar(select(TreatmentSession).where(
            TreatmentSession.client_id == client.id, TreatmentSession.status == "draft"))
        signed = db.session.scalar(select(TreatmentSession).where(
            TreatmentSession.client_id == client.id, TreatmentSession.status == SIGNED)
            .order_by(TreatmentSession.session_date.desc()).limit(1))
        therapist = draft.therapist.email
        return client.public_id, draft.public_id, draft.version, signed.public_id, therapist


def test_busy_pages_stay_within_their_statement_budgets(app, runner):
    result = runner.invoke(args=["demo", "scale", "--clients", "60", "--visits-per-client", "3",
                                 "--audit-rows", "300", "--long-term-visits", "30",
                                 "--sheets", "3"])
    assert result.exit_code == 0, result.output
    client_id, draft_id, version, signed_id, therapist = _subjects(app)
    counted = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute",
                     lambda conn, cur, stmt, *a: counted.append(stmt))
    staff, admin, portal = app.test_client(), app.test_client(), app.test_client()
    for test_client, email in ((staff, therapist), (admin, "admin@scale.test"),
                               (portal, "longterm@scale.test")):
        assert login(test_client, email, "knotwork-demo").status_code == 302
    first = staff.get("/clients/").get_data(as_text=True)
    after = first.split('href="/clients/?after=', 1)[1].split('"', 1)[0]
    requests = {
        "client list": (staff, "GET", "/clients/", {}),
        "list search": (staff, "POST", "/clients/", {"data": {"q": "nowak"}}),
        "later list page": (staff, "GET", f"/clients/?after={after}", {}),
        "client page": (staff, "GET", f"/clients/{client_id}", {}),
        "audit page": (admin, "GET", "/admin/audit", {}),
        "note editor": (staff, "GET", f"/sessions/{draft_id}", {}),
        "signed note": (staff, "GET", f"/sessions/{signed_id}", {}),
        "aftercare preview": (staff, "GET", f"/aftercare/session/{signed_id}/new", {}),
        "portal home": (portal, "GET", "/portal/", {}),
        "portal progress": (portal, "GET", "/portal/progress", {}),
        "audit, one client": (admin, "GET", f"/admin/audit?client={client_id}", {}),
        "autosave": (staff, "PUT", f"/sessions/{draft_id}/draft", {
            "json": {"note": {"observations": "Taut band, left upper trapezius."}},
            "headers": {"If-Match": f'"{version}"', "Accept": "application/json"}}),
    }
    over = {}
    for name, (test_client, method, path, kwargs) in requests.items():
        counted.clear()
        response = test_client.open(path, method=method, **kwargs)
        assert response.status_code == 200, (name, response.status_code)
        response.close()
        # The audit chain's advisory lock is PostgreSQL's stand-in for SQLite's BEGIN IMMEDIATE.
        statements = [s for s in counted if not s.lstrip().upper().startswith(_LOCKING)]
        if len(statements) > BUDGETS[name]:
            over[name] = (len(statements), BUDGETS[name])
    assert not over, f"pages over their statement budget (count, budget): {over}"
