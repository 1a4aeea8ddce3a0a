"""The client list pages by keyset and searches through the term index (issue #11)."""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import event

from notes_app.extensions import db

NEXT = re.compile(r'href="(/clients/\?after=[^"]+)"')
PREVIOUS = re.compile(r'href="(/clients/\?before=[^"]+)"')


def test_next_links_walk_every_client_once_in_order(world, login_as, make_client_record):
    for i in range(45):
        make_client_record(world.t1, f"Name{i:02d}", "Pager", date(1990, 1, 1 + i % 28))
    c = login_as(world.t1)
    seen, body = [], c.get("/clients/").get_data(as_text=True)
    assert "Page 1</span>" in body
    while True:
        seen += re.findall(r"<strong>([^<]+, [^<]+)</strong>", body)
        link = NEXT.search(body)
        if not link:
            break
        body = c.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    # Pages reached by cursor name their span instead of counting the rows before them.
    assert "Pager, Name38 – Pager, Name44</span>" in body and "Page 3" not in body
    assert len(seen) == 47 and len(set(seen)) == 47
    assert seen == sorted(seen, key=lambda n: (n.split(", ")[0], n.split(", ")[1]))
    back = []
    while link := PREVIOUS.search(body):  # and back again, to the first page
        body = c.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
        back = re.findall(r"<strong>([^<]+, [^<]+)</strong>", body) + back
    assert back == seen[:40] and "← Previous" not in body and "Next →" in body


def test_a_cursor_from_another_clinic_is_ignored(world, login_as):
    body = login_as(world.t1).get(f"/clients/?after={world.x.public_id}").get_data(as_text=True)
    assert "Kowalczyk" in body and "Elsewhere" not in body


def test_a_search_lists_a_client_once_and_pages_by_post(world, login_as, make_client_record):
    # "s" starts both "siobhan" and "sullivan" (from O'Sullivan): one row, not two.
    body = login_as(world.t1).post("/clients/", data={"q": "s"}).get_data(as_text=True)
    assert body.count("O&#39;Sullivan, Siobhán") == 1 and "1 match " in body
    for i in range(25):
        make_client_record(world.t1, f"Ana{i:02d}", "Searchpage", date(1990, 1, 1 + i % 28))
    c = login_as(world.t1)
    first = c.post("/clients/", data={"q": "searchp"}).get_data(as_text=True)
    cursor = re.search(r'name="after" value="([^"]+)"', first).group(1)
    second = c.post("/clients/", data={"q": "searchp", "after": cursor}).get_data(as_text=True)
    assert "Searchpage, Ana20 – Searchpage, Ana24 · 25 in all" in second
    assert "25 matches" in second and "Ana24" in second and "Next →" not in second


def test_terms_follow_an_edit(world, login_as, app):
    from notes_app.auth.models import User
    from notes_app.clients import services
    from notes_app.clients.models import Client

    with app.app_context():
        client = db.session.get(Client, world.c1.id)
        data = {k: getattr(client, k) for k in ("first_name", "preferred_name", "date_of_birth",
                                                "phone", "email")}
        services.update_client(db.session.get(User, world.t1.id), client,
                               {**data, "last_name": "Nowicka", "phone": "0161 496 0777"})
        db.session.commit()
    c = login_as(world.t1)
    assert "Nowicka" in c.post("/clients/", data={"q": "nowi"}).get_data(as_text=True)
    assert "Nowicka" in c.post("/clients/", data={"q": "4960777"}).get_data(as_text=True)
    assert "Nowicka" not in c.post("/clients/", data={"q": "kowal"}).get_data(as_text=True)


def test_search_reads_the_term_index_not_every_client(world, login_as, app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return  # the plan check is SQLite's EXPLAIN QUERY PLAN; PostgreSQL plans by statistics
    seen = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute",
                     lambda conn, cur, stmt, params, *a: seen.append((stmt, params)))
    login_as(world.t1).post("/clients/", data={"q": "kowal"})
    with app.app_context():
        queries = [(s, p) for s, p in seen if "client_search_terms" in s]
        assert queries
        for stmt, params in queries:
            plan = " | ".join(r[-1] for r in db.session.connection().exec_driver_sql(
                "EXPLAIN QUERY PLAN " + stmt, params).all())
            assert "USING INDEX ix_client_search_terms_clinic_term" in plan, plan
            assert "SCAN clients" not in plan and "(clinic_id=? AND archived=?)" not in plan, plan


def test_search_words_at_the_edges_of_unicode_find_and_never_fail(world, login_as,
                                                                    make_client_record):
    # U+10FFFF has no successor, U+D7FF's is a surrogate and NUL is refused by PostgreSQL text.
    make_client_record(world.t1, "Edge\U0010ffff", "Glyph", date(1990, 1, 1))
    make_client_record(world.t1, "Hangul\ud7ff", "Glyph", date(1990, 1, 2))
    c = login_as(world.t1)
    for query, found in (("\U0010ffff", None), ("edge\U0010ffff", "Edge"),
                         ("hangul\ud7ff", "Hangul"), ("hangul", "Hangul"),
                         ("\ufffd\U0010ffff\U0010ffff", None)):
        response = c.post("/clients/", data={"q": query})
        assert response.status_code == 200, query
        if found:
            assert found in response.get_data(as_text=True), query
    # NUL is refused with a clear 400 before any query runs.
    assert c.post("/clients/", data={"q": "gly\x00ph"}).status_code == 400


def test_successor_bounds_every_prefix_without_nul_or_surrogates():
    from notes_app.clients.search import _successor
    assert _successor("ab") == "ac"
    assert _successor("a\U0010ffff") == "b"
    assert _successor("\U0010ffff\U0010ffff") is None
    assert _successor("x\ud7ff") == "x\ue000"
    for prefix in ("zoë", "a\U0010ffff", "x\ud7ff", "900123"):
        upper = _successor(prefix)
        assert "\0" not in upper and upper > prefix + "\U0010ffff" * 3
        upper.encode("utf-8")
