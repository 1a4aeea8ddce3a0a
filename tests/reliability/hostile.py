"""Helpers for the hostile-input family: the payload corpus, a form scraper, the invariants."""
from __future__ import annotations

import json
import secrets
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import text

from notes_app.extensions import db

CORPUS_FILE = Path(__file__).resolve().parent.parent / "data" / "hostile_strings.jsonl"
TEXT_TYPES = {"text", "email", "tel", "search", "hidden", "url", "number", "date", "password", "",
              None}
SKIP_FIELDS = {"csrf_token"}
# Tables holding clinical records: a refused input must leave every one byte-identical.
RECORD_TABLES = ("clients", "intake_versions", "treatment_sessions", "technique_rows",
                 "session_markers", "session_addenda", "check_ins", "issued_sheets", "knots",
                 "medical_clearances", "defer_overrides", "users", "clinics")


def corpus() -> list[str]:
    """Return the hostile strings of tests/data/ (long ones expanded)."""
    out = []
    for line in CORPUS_FILE.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        out.append(item["repeat"] * item["times"] if isinstance(item, dict) else item)
    return out


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._textarea, self._select = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "method": (a.get("method") or
                                                                      "get").lower(),
                          "fields": {}, "text": [], "multi": {}, "boxes": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            name = a["name"]
            if kind in ("checkbox", "radio"):
                if name not in self._form["boxes"]:
                    self._form["boxes"].append(name)
                if "checked" in a:
                    self._form["multi"].setdefault(name, []).append(a.get("value", "on"))
                elif kind == "radio" and name not in self._form["multi"]:
                    self._form["multi"][name] = [a.get("value", "")]
            elif kind in ("submit", "button", "image", "file", "reset"):
                return
            else:
                self._form["fields"].setdefault(name, a.get("value", ""))
                if kind in TEXT_TYPES and name not in SKIP_FIELDS:
                    self._form["text"].append(name)
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._form["fields"][self._textarea] = ""
            self._form["text"].append(self._textarea)
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select:
            if self._select not in self._form["fields"] or "selected" in a:
                self._form["fields"][self._select] = a.get("value", "")

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def forms_on(page: str, base_url: str, *, keep_textless: bool = False) -> list[dict]:
    """Return the forms of a page (action resolved, logout left out) with their fields."""
    parser = _Forms()
    parser.feed(page)
    found = []
    for form in parser.forms:
        form["action"] = form["action"] or base_url
        if form["action"].endswith("/logout") or not (form["text"] or keep_textless):
            continue
        found.append(form)
    return found


def encode(form: dict, values: dict) -> bytes:
    """Return a urlencoded body like a browser's; lone surrogates go out as the raw bytes."""
    pairs = [(k, v) for k, v in {**form["fields"], **values}.items()]
    pairs += [(k, v) for k, vs in form["multi"].items() for v in vs]
    return urlencode(pairs, errors="surrogatepass").encode()


# Bookkeeping a refusal is meant to change: a wrong password counts toward the lockout (R-A3).
VOLATILE = {"users": {"failed_logins", "locked_until"}}


def snapshot(app) -> list:
    """Return every record table's rows, for byte-identical comparisons."""
    with app.app_context():
        rows = []
        for table in RECORD_TABLES:
            result = db.session.execute(text(f"SELECT * FROM {table} ORDER BY 1"))
            keep = [i for i, name in enumerate(result.keys())
                    if name not in VOLATILE.get(table, ())]
            rows.append([tuple(row[i] for i in keep) for row in result])
        db.session.rollback()
        return rows


LOG = "kw_walk_changes"


def _triggers(dialect: str, table) -> list[str]:
    """Return the statements that count one table's inserted, deleted and changed rows."""
    cols = [c.name for c in table.columns if c.name not in VOLATILE.get(table.name, ())]
    name = table.name
    if dialect == "postgresql":
        # As text: PostgreSQL's json type has no equality, and text compares byte for byte.
        differs = " OR ".join(f'OLD."{c}"::text IS DISTINCT FROM NEW."{c}"::text' for c in cols)
        run = "FOR EACH ROW EXECUTE FUNCTION kw_walk_bump()"
        return [f'CREATE TRIGGER kw_walk_{name}_w AFTER INSERT OR DELETE ON "{name}" {run}',
                f'CREATE TRIGGER kw_walk_{name}_u AFTER UPDATE ON "{name}" FOR EACH ROW '
                f"WHEN ({differs}) EXECUTE FUNCTION kw_walk_bump()"]
    bump = f"BEGIN UPDATE {LOG} SET n = n + 1 WHERE tbl = '{name}'; END"
    differs = " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in cols)
    return [f'CREATE TRIGGER kw_walk_{name}_i AFTER INSERT ON "{name}" {bump}',
            f'CREATE TRIGGER kw_walk_{name}_d AFTER DELETE ON "{name}" {bump}',
            f'CREATE TRIGGER kw_walk_{name}_u AFTER UPDATE ON "{name}" WHEN {differs} {bump}']


# The walk checks the records after each of ~9,000 requests. Reading every row back (PDFs
# included) each time cost more than the requests; triggers count the writes as they happen.
class ChangeCounter:
    """Counts, by record table, every row inserted, deleted or changed (volatile columns aside)."""

    def __init__(self, app):
        self.app = app

    def _run(self, statements) -> None:
        with self.app.app_context():
            for sql in statements:
                db.session.connection().exec_driver_sql(sql)
            db.session.commit()

    def install(self) -> ChangeCounter:
        """Create the counting table and its triggers; return self."""
        with self.app.app_context():
            dialect = db.engine.dialect.name
            tables = [db.metadata.tables[name] for name in RECORD_TABLES]
        statements = [f"CREATE TABLE {LOG} (tbl VARCHAR(64) PRIMARY KEY, n INTEGER NOT NULL)",
                      *(f"INSERT INTO {LOG} VALUES ('{name}', 0)" for name in RECORD_TABLES)]
        if dialect == "postgresql":
            statements.append(
                "CREATE FUNCTION kw_walk_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"UPDATE {LOG} SET n = n + 1 WHERE tbl = TG_TABLE_NAME; RETURN NULL; END $$")
        self._run(statements + [sql for t in tables for sql in _triggers(dialect, t)])
        return self

    def remove(self) -> None:
        """Drop the triggers and the counting table."""
        with self.app.app_context():
            dialect = db.engine.dialect.name
        if dialect == "postgresql":
            self._run(["DROP FUNCTION IF EXISTS kw_walk_bump() CASCADE", f"DROP TABLE {LOG}"])
            return
        self._run([f"DROP TRIGGER IF EXISTS kw_walk_{name}_{op}"
                   for name in RECORD_TABLES for op in "idu"] + [f"DROP TABLE {LOG}"])

    def read(self) -> dict[str, int]:
        """Return how many rows of each record table were written so far."""
        with self.app.app_context():
            counts = dict(db.session.execute(text(f"SELECT tbl, n FROM {LOG}")).all())
            db.session.rollback()
            return counts


def changed(before: dict, after: dict) -> list[str]:
    """Return the record tables written between two readings of a ChangeCounter."""
    return sorted(name for name in after if before.get(name) != after[name])


def targets(form: dict) -> list[str]:
    """Return the fields hostile text goes into: the text ones, else the choices (select, box)."""
    if form["text"]:
        return form["text"]
    names = dict.fromkeys([*form["fields"], *form["multi"], *form["boxes"]])
    return [n for n in names if n not in SKIP_FIELDS]


def markup(payload: str) -> bool:
    """Tell whether a payload carries characters that matter when reflected unescaped."""
    return any(c in payload for c in "<>\"'&") and len(payload) >= 2


def tagged(payload: str) -> str:
    """Return the payload between a fresh nonce, if it bears markup, so only this send matches.

    Pages list earlier entries (addenda, notes): without the nonce an earlier `<script>` stored
    and rightly shown as `&lt;script&gt;` equals a later payload `&lt;script&gt;` sent raw. The
    nonce on both sides also stops `&amp;` matching inside its own escaping `&amp;amp;`.
    """
    if not markup(payload):
        return payload
    nonce = "zq" + secrets.token_hex(4)
    return f"{nonce}{payload}{nonce}"


def unescaped(sent: str, body: str) -> bool:
    """Tell whether markup-bearing text sent in this request came back raw in an HTML page."""
    return markup(sent) and sent in body
