"""Hostile input (#12 item 4): the tests/data corpus into every text field of every form and the
autosave JSON, staff and portal; 0 answers ≥ 500, 0 unescaped reflections, refusals change nothing.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fixtures.intake import valid_post
from tests.fixtures.sessions import full_note, put_draft
from tests.reliability import figures
from tests.reliability.hostile import corpus, encode, forms_on, snapshot, unescaped

pytestmark = pytest.mark.reliability

PAYLOADS = corpus()
# Sharp ones also go into each field alone, with every other field valid, so they get stored.
SHARP = [p for p in PAYLOADS if p in (
    "<script>alert(1)</script>", "<font size=200 color=red>BIG</font>", "\ud800", "a\x00b",
    "abc\u202edcba👩‍⚕️")]

# (who, page with forms, valid values for its fields): every POST form of the app is on one.
PAGES = [
    ("t1", "/clients/new", {"first_name": "Ana", "last_name": "Test",
                            "date_of_birth": "1990-01-01"}),
    ("t1", "/clients/{c1}/edit", {}),
    ("t1", "/clients/{c1}", {}),
    ("t1", "/clients/", {}),
    ("t1", "/intake/new/{c1}", valid_post()),
    ("t1", "/sessions/start/{c1}", {}),
    ("t1", "/sessions/{draft}", {}),
    ("t1", "/sessions/{draft}/sign", {}),
    ("t1", "/sessions/{recent}", {"reason": "Late detail", "text": "Added later."}),
    ("t1", "/aftercare/session/{recent}/new", {}),
    ("t1", "/account/password", {}),
    ("admin", "/admin/staff/new", {"full_name": "New Person", "email": "new@k.test"}),
    ("admin", "/admin/settings", {}),
    ("portal", "/portal/checkin/{recent}", {"soreness": "3", "pain": "2"}),
    ("portal", "/portal/intake", valid_post()),
    ("portal", "/portal/export", {}),
    ("portal", "/account/password", {}),
    (None, "/login", {}),
    (None, "/password/forgot", {}),
]


def _url(template, w):
    return template.format(c1=w.c1.public_id, draft=w.draft, recent=w.recent)


def _check(http, app, response, payload, before, problems, where):
    """Apply the invariants to one answer; return the snapshot to compare the next refusal with."""
    body = response.get_data(as_text=True)
    if response.status_code >= 500:
        problems.append(f"{where}: {response.status_code}")
    if "html" in (response.content_type or "") and unescaped(payload, body):
        problems.append(f"{where}: unescaped reflection")
    if response.status_code in (302, 303):
        page = http.get(response.headers["Location"])
        text = page.get_data(as_text=True)
        if page.status_code >= 500:
            problems.append(f"{where} → {response.headers['Location']}: {page.status_code}")
        if "html" in (page.content_type or "") and unescaped(payload, text):
            problems.append(f"{where} → page: unescaped reflection")
        return snapshot(app)
    after = snapshot(app)
    if after != before:
        problems.append(f"{where}: refused ({response.status_code}) but records changed")
    return after


@pytest.mark.parametrize("who, page, valid", PAGES, ids=[f"{w}:{p}" for w, p, _ in PAGES])
def test_corpus_into_every_text_field_of_every_form(portal, login_as, client, app, who, page,
                                                    valid):
    http = login_as(getattr(portal, who)) if who else client
    url = _url(page, portal)
    shown = http.get(url)
    assert shown.status_code == 200, (url, shown.status_code)
    forms = forms_on(shown.get_data(as_text=True), url)
    assert forms, f"no form with text fields on {url}"
    problems, tried, requests = [], 0, 0
    before = snapshot(app)
    for form in forms:
        base = {k: v for k, v in valid.items() if k in form["fields"] or k in form["multi"]}
        send = http.post if form["method"] == "post" else http.get
        for payload in PAYLOADS:
            values = {**base, **{name: payload for name in form["text"]}}
            response = send(form["action"], data=encode(form, values),
                            content_type="application/x-www-form-urlencoded") \
                if form["method"] == "post" else send(form["action"] + "?" + encode(
                    form, values).decode())
            before = _check(http, app, response, payload, before, problems,
                            f"{form['action']} all fields")
            tried += len(form["text"])
            requests += 1
        if form["method"] != "post":
            continue
        for name in form["text"]:
            for payload in SHARP:
                response = send(form["action"], data=encode(form, {**base, name: payload}),
                                content_type="application/x-www-form-urlencoded")
                before = _check(http, app, response, payload, before, problems,
                                f"{form['action']} {name}")
                requests += 1
    figures.add("hostile", pairs=tried, requests=requests, fields=sum(
        len(f["text"]) for f in forms), forms=len(forms), problems=len(problems))
    assert not problems, problems[:20]


AUTOSAVE_TEXT = ("chief_complaint", "changes_since_last", "response_to_last", "observations",
                 "response", "goals_progress", "next_focus", "home_care", "referral", "interval")


def test_corpus_into_every_text_field_of_the_autosave_json(portal, login_as, app):
    from tests.fixtures.sessions import full_note as _note  # noqa: F401  (shape reference)

    http = login_as(portal.t1)
    version, problems, tried = 2, [], 0
    for payload in PAYLOADS:
        note = full_note(**{k: payload for k in AUTOSAVE_TEXT})
        note["rom"][0]["movement"] = payload[:100]
        note["markers"] = []
        response = put_draft(http, portal.draft, note, version)
        tried += len(AUTOSAVE_TEXT) + 1
        if response.status_code >= 500:
            problems.append(f"autosave {response.status_code} for {payload[:40]!r}")
        elif response.status_code == 200:
            version = response.get_json()["version"]
            page = http.get(f"/sessions/{portal.draft}")
            if page.status_code >= 500 or unescaped(payload, page.get_data(as_text=True)):
                problems.append(f"editor after saving {payload[:40]!r}: {page.status_code}")
        elif response.status_code == 412:
            version = response.get_json()["current_version"]
    figures.add("hostile", pairs=tried, requests=len(PAYLOADS), fields=len(AUTOSAVE_TEXT) + 1,
                forms=1, problems=len(problems))
    assert not problems, problems[:20]


@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
@pytest.mark.parametrize("who, page, valid", PAGES, ids=[f"{w}:{p}" for w, p, _ in PAGES])
def test_generated_text_in_every_forms_fields(portal, login_as, client, app, who, page, valid,
                                              data):
    http = login_as(getattr(portal, who)) if who else client
    url = _url(page, portal)
    forms = forms_on(http.get(url).get_data(as_text=True), url)
    problems = []
    for form in forms:
        if form["method"] != "post":
            continue
        base = {k: v for k, v in valid.items() if k in form["fields"] or k in form["multi"]}
        values = {name: data.draw(st.text(max_size=300), label=name) for name in form["text"]}
        response = http.post(form["action"], data=encode(form, {**base, **values}),
                             content_type="application/x-www-form-urlencoded")
        if response.status_code >= 500:
            problems.append(f"{form['action']}: {response.status_code}")
    assert not problems, problems
