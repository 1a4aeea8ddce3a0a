"""Hostile input (#12 item 4): the tests/data corpus into every text field of every form and the
autosave JSON, staff and portal; 0 answers ≥ 500, 0 unescaped reflections, refusals change nothing.
"""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fixtures.intake import valid_post
from tests.fixtures.sessions import full_note, put_draft
from tests.reliability import figures, formwalk
from tests.reliability.hostile import (
    ChangeCounter,
    changed,
    corpus,
    encode,
    tagged,
    targets,
    unescaped,
)

pytestmark = pytest.mark.reliability

PAYLOADS = corpus()
# Sharp ones also go into each field alone, with every other field valid, so they get stored.
SHARP = [p for p in PAYLOADS if p in (
    "<script>alert(1)</script>", "<font size=200 color=red>BIG</font>", "\ud800", "a\x00b",
    "abc\u202edcba👩‍⚕️")]

# Valid values for a form's other fields, by the endpoint it posts to, so a payload in one field
# alone gets stored rather than refused for a missing neighbour.
VALID = {
    "clients.create": {"first_name": "Ana", "last_name": "Test", "date_of_birth": "1990-01-01"},
    "intake.create": valid_post(),
    "portal.intake_form": valid_post(),
    "sessions.addenda": {"reason": "Late detail", "text": "Added later."},
    "admin.add_staff": {"full_name": "New Person", "email": "new@k.test"},
    "portal.checkin": {"soreness": "3", "pain": "2"},
    "intake.clearances": {"cleared_by": "Dr B. Okafor, GP", "cleared_on": date.today().isoformat(),
                          "note": ""},
}


@pytest.fixture
def walk(portal, app, make_client_record):
    """Return every role's POST forms, found by GETting every page of the url_map as that role."""
    links = formwalk.tokens(app, portal, make_client_record)
    urls = sorted({*formwalk.page_urls(app, portal, links),
                   *formwalk.clearance_pages(app, portal, make_client_record)})
    return formwalk.once_each({who: formwalk.discover(app, portal, who, urls)
                               for who in formwalk.ROLES})


def test_the_walk_finds_a_form_for_every_post_endpoint(walk, app):
    forms = [f for found in walk.values() for f in found]
    assert not formwalk.uncovered(app, forms), "POST endpoints with no form found on any page"
    reached = {f["endpoint"] for f in forms}
    walked = {f["endpoint"] for f in forms if targets(f)}
    # The forms that moved or were missed before (#12): found where they live now, and fed.
    assert {"auth.change_password", "admin.settings", "auth.reset", "portal.accept",
            "auth.forgot", "sessions.sign", "sessions.addenda",
            "admin.two_factor_requirement", "intake.clearances",
            "intake.withdraw_clearance"} <= walked, walked
    assert not reached & set(formwalk.NOT_OFFERED), "a NOT_OFFERED form is offered now: walk it"


@pytest.fixture
def writes(app):
    """Return a ChangeCounter on the record tables (its triggers dropped afterwards)."""
    counter = ChangeCounter(app).install()
    yield counter
    counter.remove()


def test_the_counter_sees_one_changed_byte_but_not_the_lockout_count(world, app, writes):
    from sqlalchemy import text

    from notes_app.extensions import db

    before = writes.read()
    with app.app_context():
        db.session.execute(text("UPDATE users SET failed_logins = failed_logins + 1"))
        db.session.execute(text("UPDATE clients SET last_name = last_name"))
        db.session.commit()
    assert writes.read() == before
    with app.app_context():
        db.session.execute(text("UPDATE clients SET last_name = last_name || ' ' WHERE id = :i"),
                           {"i": world.c1.id})
        db.session.commit()
    assert changed(before, writes.read()) == ["clients"]


def _check(http, writes, response, sent, before, problems, where):
    """Apply the invariants to one answer; return the counts to compare the next refusal with."""
    if response.status_code >= 500:
        problems.append(f"{where}: {response.status_code}")
    # Only pages are read as text: the export answers with a file.
    if "html" in (response.content_type or "") and unescaped(sent, response.get_data(
            as_text=True)):
        problems.append(f"{where}: unescaped reflection")
    if response.status_code in (302, 303):
        page = http.get(response.headers["Location"])
        if page.status_code >= 500:
            problems.append(f"{where} → {response.headers['Location']}: {page.status_code}")
        if "html" in (page.content_type or "") and unescaped(sent, page.get_data(as_text=True)):
            problems.append(f"{where} → page: unescaped reflection")
        return writes.read()
    after = writes.read()
    if after != before:
        problems.append(f"{where}: refused ({response.status_code}) but "
                        f"{', '.join(changed(before, after))} changed")
    return after


def _post(http, form, values):
    return http.post(form["action"], data=encode(form, values),
                     content_type="application/x-www-form-urlencoded",
                     environ_base={**http.environ_base, **formwalk.fresh_address()})


# Forms that may change how the role signs in (a password changed, two-factor required) go last,
# so the role's other forms are not walked from a signed-out or half-signed-in browser.
LAST = ("auth.change_password", "twofactor.setup", "admin.two_factor_requirement")


# The therapist's forms are most of the walk: three shares (the intake form about one), so
# xdist workers split them.
SHARES = [(who, part, 3 if who == "t1" else 1) for who in formwalk.ROLES
          for part in range(3 if who == "t1" else 1)]


def share(forms: list[dict], part: int, parts: int) -> list[dict]:
    """Return one of `parts` shares of the forms, in order, balanced by posts × fields (a page
    re-rendered with the payload costs about as much as its fields)."""
    bins, load = [[] for _ in range(parts)], [0] * parts
    for form in sorted(forms, key=lambda f: -len(targets(f))):
        lightest = load.index(min(load))
        bins[lightest].append(id(form))
        fields = len(targets(form))
        load[lightest] += (len(PAYLOADS) + len(SHARP) * fields) * fields
    return [f for f in forms if id(f) in bins[part]]


@pytest.mark.parametrize(("who", "part", "parts"), SHARES,
                         ids=[f"{w}-{p + 1}of{n}" for w, p, n in SHARES])
def test_corpus_into_every_field_of_every_form(walk, portal, app, writes, who, part, parts):
    forms = sorted((f for f in walk[who] if targets(f)), key=lambda f: f["endpoint"] in LAST)
    forms = share(forms, part, parts)
    assert forms, f"no form with fields for {who}"
    problems, tried, requests = [], 0, 0
    http = formwalk.signed_in(app, portal, who)
    before = writes.read()
    for form in forms:
        # Anonymous forms (accept, reset) sign the browser in: each form gets a fresh one.
        http = formwalk.signed_in(app, portal, who) if who == "anon" else http
        names = targets(form)
        base = {k: v for k, v in VALID.get(form["endpoint"], {}).items()
                if k in form["fields"] or k in form["multi"]}
        stored_everywhere = set()
        for payload in PAYLOADS:
            sent = tagged(payload)
            response = _post(http, form, {**base, **{name: sent for name in names}})
            before = _check(http, writes, response, sent, before, problems,
                            f"{who} {form['action']} all fields")
            if response.status_code in (302, 303):
                stored_everywhere.add(payload)
            tried += len(names)
            requests += 1
        # Each sharp one alone, unless it was already stored in every field (or the form has
        # one field): the same post was made above.
        for name in names if len(names) > 1 else ():
            for payload in (p for p in SHARP if p not in stored_everywhere):
                sent = tagged(payload)
                response = _post(http, form, {**base, name: sent})
                before = _check(http, writes, response, sent, before, problems,
                                f"{who} {form['action']} {name}")
                requests += 1
    figures.add("hostile", pairs=tried, requests=requests, fields=sum(
        len(targets(f)) for f in forms), forms=len(forms), problems=len(problems))
    assert not problems, sorted(set(problems))[:30]


AUTOSAVE_TEXT = ("chief_complaint", "changes_since_last", "response_to_last", "observations",
                 "response", "goals_progress", "next_focus", "home_care", "referral", "interval")


def test_corpus_into_every_text_field_of_the_autosave_json(portal, login_as, app):
    http = login_as(portal.t1)
    version, problems, tried = 2, [], 0
    for payload in PAYLOADS:
        sent = tagged(payload)
        note = full_note(**{k: sent for k in AUTOSAVE_TEXT})
        note["rom"][0]["movement"] = sent[:100]
        note["markers"] = []
        response = put_draft(http, portal.draft, note, version)
        tried += len(AUTOSAVE_TEXT) + 1
        if response.status_code >= 500:
            problems.append(f"autosave {response.status_code} for {payload[:40]!r}")
        elif response.status_code == 200:
            version = response.get_json()["version"]
            page = http.get(f"/sessions/{portal.draft}")
            if page.status_code >= 500 or unescaped(sent, page.get_data(as_text=True)):
                problems.append(f"editor after saving {payload[:40]!r}: {page.status_code}")
        elif response.status_code == 412:
            version = response.get_json()["current_version"]
    figures.add("hostile", pairs=tried, requests=len(PAYLOADS), fields=len(AUTOSAVE_TEXT) + 1,
                forms=1, problems=len(problems))
    assert not problems, problems[:20]


@pytest.mark.parametrize("who", formwalk.ROLES)
def test_generated_text_in_every_forms_fields(walk, portal, app, who):
    # The forms are found once, before Hypothesis runs, so every example draws the same shape
    # (a form that vanishes after an earlier example signed the note made the strategy flaky).
    forms = [f for f in walk[who] if targets(f)]
    shape = st.tuples(*[st.fixed_dictionaries({n: st.text(max_size=300) for n in targets(f)})
                        for f in forms])

    http = formwalk.signed_in(app, portal, who)

    @settings(max_examples=10, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(drawn=shape)
    def run(drawn):
        problems = []
        for form, values in zip(forms, drawn, strict=True):
            base = {k: v for k, v in VALID.get(form["endpoint"], {}).items()
                    if k in form["fields"] or k in form["multi"]}
            response = _post(http, form, {**base, **values})
            if response.status_code >= 500:
                problems.append(f"{form['action']}: {response.status_code}")
        assert not problems, problems

    run()
