"""#12 item 5: a tab's own earlier save is not "changed on another device"; another tab's is."""
from __future__ import annotations

from tests.fixtures.sessions import put_draft

TAB, OTHER = "tab-aaaaaaaaaaaaaaaa", "tab-bbbbbbbbbbbbbbbb"


def test_a_stale_save_after_only_this_tabs_own_writes_is_applied(clinic, svc, login_as):
    note = svc.start(clinic.t1, clinic.c1)
    http = login_as(clinic.t1)
    # The page-hide save of the old page lands after the reload's GET had read v1 ...
    first = put_draft(http, note.public_id, {"observations": "typed before the reload"}, 1,
                      **{"X-Knotwork-Writer": TAB})
    assert first.status_code == 200 and first.get_json()["version"] == 2
    # ... so the reloaded page, still at v1, saves again: the same tab, not a conflict.
    again = put_draft(http, note.public_id, {"observations": "typed after the reload"}, 1,
                      **{"X-Knotwork-Writer": TAB})
    assert again.status_code == 200, again.get_json()
    assert svc.get(note.public_id, "observations") == "typed after the reload"
    kept = http.get(f"/sessions/{note.public_id}/conflicts",
                    headers={"Accept": "application/json"}).get_json()["conflicts"]
    assert [c["payload"]["observations"] for c in kept] == ["typed before the reload"]


def test_another_tab_still_conflicts(clinic, svc, login_as):
    note = svc.start(clinic.t1, clinic.c1)
    http = login_as(clinic.t1)
    assert put_draft(http, note.public_id, {"observations": "tablet A"}, 1,
                     **{"X-Knotwork-Writer": TAB}).status_code == 200
    other = put_draft(http, note.public_id, {"observations": "tablet B"}, 1,
                      **{"X-Knotwork-Writer": OTHER})
    assert other.status_code == 412
    # Once another tab wrote, the first tab's stale save conflicts too.
    assert put_draft(http, note.public_id, {"observations": "tablet B again"}, 2,
                     **{"X-Knotwork-Writer": OTHER}).status_code == 200
    assert put_draft(http, note.public_id, {"observations": "tablet A late"}, 2,
                     **{"X-Knotwork-Writer": TAB}).status_code == 412
    assert svc.get(note.public_id, "observations") == "tablet B again"


def test_a_save_without_a_writer_id_conflicts_as_before(clinic, svc, login_as):
    note = svc.start(clinic.t1, clinic.c1)
    http = login_as(clinic.t1)
    assert put_draft(http, note.public_id, {"observations": "one"}, 1).status_code == 200
    assert put_draft(http, note.public_id, {"observations": "two"}, 1).status_code == 412
