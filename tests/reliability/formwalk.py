"""Find every form of the app from its url_map: GET each page as each role, keep the forms found.

A hard-coded list of pages let moved forms drop out of the hostile-input walk unnoticed; walking
the url_map means a moved form is found where it now lives, and `uncovered` names any POST
endpoint that no page offered a form for.
"""
from __future__ import annotations

import itertools
from urllib.parse import urljoin, urlsplit

from werkzeug.exceptions import HTTPException

from tests.conftest import login
from tests.fixtures.intake import minimal_intake
from tests.portal.mailbox import link_path, outbox_messages
from tests.reliability.hostile import forms_on

# Anonymous first: the forms anyone may use (login, reset, accept) are walked signed out.
ROLES = ("anon", "t1", "admin", "portal")
# Pages not worth a GET: files, downloads, probes.
SKIP_PAGE = (".pdf", ".csv", "/static/", "/healthz", "/logout")
# POST endpoints whose form only shows in a state the walk's world does not set up, with why.
NOT_OFFERED = {
    "auth.logout": "left out on purpose: it would sign the walking role out (button, no fields)",
    "admin.enable": "shown only for a disabled staff member (button, no fields)",
    "admin.resend_invite": "shown only for a staff invitation not yet accepted (button)",
    "clients.restore": "shown only on an archived client (button)",
    "twofactor.code": "shown only half-way through a two-factor login",
}
# An intake the clinical rules answer with two DEFER-until-clearance cautions (tests/intake's
# phrasings): a recent clot on treatment, and an inflamed vein.
CLEARABLE_INTAKE = {
    "history": {"dvt_history": {"present": True, "details": "recent DVT, on rivaroxaban"},
                "phlebitis": {"present": True, "details": "inflamed vein behind the right knee"}},
    "medications": {"text": "Rivaroxaban 20 mg"},
}


def tokens(app, world, make_client_record) -> dict[str, str]:
    """Mail a reset link (to t2) and a portal invitation (to a new client); return their paths."""
    c = app.test_client()
    c.post("/password/forgot", data={"email": world.t2.email})
    reset = link_path(outbox_messages(app)[-1])
    invitee = make_client_record(world.t1, "Ingrid", "Brønstad", email="ingrid@example.org")
    staff = app.test_client()
    login(staff, world.t1)
    assert staff.post(f"/portal/invite/{invitee.public_id}").status_code == 302
    return {"reset": reset, "invite": link_path(outbox_messages(app)[-1])}


def clearance_pages(app, world, make_client_record) -> list[str]:
    """Add a client with a cleared clot and a vein still waiting; return its clearance page.

    Both clearance forms show only there: recording (a caution waits) and withdrawing (one is
    on record). A client of its own keeps c1's session start free of a waiting caution.
    """
    from datetime import date, timedelta

    from notes_app.auth.models import User
    from notes_app.clients.models import Client
    from notes_app.extensions import db
    from notes_app.intake import clearance, services

    cleared = make_client_record(world.t1, "Maren", "Lindqvist")
    with app.app_context():
        t1, client = db.session.get(User, world.t1.id), db.session.get(Client, cleared.id)
        services.create_intake_version(t1, client, {**minimal_intake(), **CLEARABLE_INTAKE},
                                       today=date.today())
        clearance.record_clearance(t1, client, flag_code="clot_recent",
                                   cleared_by="Dr A. Rahman, GP", today=date.today(),
                                   cleared_on=date.today() - timedelta(days=2))
        waiting = [f.code for f in clearance.waiting_for_clearance(client, today=date.today())]
        assert waiting == ["phlebitis"], waiting
        db.session.commit()
    return [f"/intake/client/{cleared.public_id}/clearances"]


def page_urls(app, world, links: dict[str, str]) -> list[str]:
    """Return one or more concrete URLs for every GET rule of the url_map."""
    values = {"client_id": [world.c1.public_id], "session_id": [world.draft, world.recent],
              "sheet_id": world.sheets1[:1], "version_id": [world.intake1]}
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or any(s in rule.rule for s in SKIP_PAGE):
            continue
        if "<token>" in rule.rule:
            urls += [p for p in links.values() if p.startswith(rule.rule.split("<")[0])]
            continue
        unknown = set(rule.arguments) - set(values)
        assert not unknown, f"formwalk: no value for {unknown} in {rule.rule}; add one"
        combos = [{}]
        for name in sorted(rule.arguments):
            combos = [{**c, name: v} for c in combos for v in values[name]]
        with app.test_request_context():
            from flask import url_for
            urls += [url_for(rule.endpoint, **c) for c in combos]
    return sorted(set(urls))


_ADDRESSES = itertools.count(1)


def fresh_address() -> dict:
    """Return an environ with a new source address: 270 wrong passwords from one address would
    hit the per-address throttle (429) and leave the rest of the corpus untried."""
    n = next(_ADDRESSES)
    return {"REMOTE_ADDR": f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"}


def signed_in(app, world, who):
    """Return a test client signed in as a role of the world (anonymous for "anon")."""
    c = app.test_client()
    c.environ_base.update(fresh_address())
    if who != "anon":
        response = login(c, getattr(world, who))
        assert response.status_code == 302, (who, response.status_code)
    return c


def endpoint_of(app, action: str) -> str | None:
    """Return the endpoint a form's action posts to, or None if it is not one of ours."""
    try:
        endpoint, _ = app.url_map.bind("localhost").match(urlsplit(action).path, method="POST")
    except HTTPException:
        return None
    return endpoint


def discover(app, world, who: str, urls: list[str]) -> list[dict]:
    """Return the distinct POST forms the role sees on any page, each with its endpoint."""
    http, found, seen = signed_in(app, world, who), [], set()
    for url in urls:
        page = http.get(url)
        if page.status_code != 200 or "html" not in (page.content_type or ""):
            continue
        for form in forms_on(page.get_data(as_text=True), url, keep_textless=True):
            form["action"] = urljoin(url, form["action"])
            form["endpoint"] = endpoint_of(app, form["action"])
            key = (form["action"], tuple(sorted(form["fields"])), tuple(sorted(form["multi"])))
            if form["method"] == "post" and key not in seen:
                seen.add(key)
                found.append(form)
    return found


def once_each(found: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Keep each endpoint's forms for the first role (in ROLES order) offered them.

    Every page offers the reset and invitation forms, staff share the client forms: walking the
    same form once per role would double the run (the intake form alone takes 740 posts).
    """
    owner: dict[str | None, str] = {}
    for who in ROLES:
        for form in found[who]:
            owner.setdefault(form["endpoint"], who)
    return {who: [f for f in found[who] if owner[f["endpoint"]] == who] for who in ROLES}


def uncovered(app, forms: list[dict]) -> set[str]:
    """Return the POST endpoints no discovered form posts to (NOT_OFFERED ones excepted)."""
    posts = {r.endpoint for r in app.url_map.iter_rules() if "POST" in r.methods}
    return posts - {f["endpoint"] for f in forms} - set(NOT_OFFERED)
