"""Client search through an index of words: folded name parts, email and phone-digit tails.

Each query word must prefix one of a client's terms, so "zoe" finds "Zoë", "kowal" finds
"Kowalczyk" and "900123" finds "+44 7700 900123" — by index range, never by scanning clients.
"""
from __future__ import annotations

import re
import unicodedata

from sqlalchemy import delete, insert, intersect, select

from notes_app.clients.models import Client, ClientSearchTerm
from notes_app.extensions import db

TERM_MAX, MIN_DIGITS = 120, 3
# Letters that Unicode does not decompose into base + accent.
_FOLD = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ß": "ss", "đ": "d", "Đ": "d",
                       "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "’": "'"})
_PARTS = re.compile(r"[-'.]+")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


def fold(text: str) -> str:
    """Return text case-folded without accents, for matching names typed any way."""
    text = (text or "").translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def digits(text: str) -> str:
    """Return only the digits of a text (phone numbers are matched on digits)."""
    return re.sub(r"\D", "", text or "")


def terms_for(client) -> set[str]:
    """Return the words a client is found by."""
    terms = set()
    for name in (client.first_name, client.last_name, client.preferred_name):
        for word in fold(name).split():
            terms.add(word)
            terms.update(p for p in _PARTS.split(word) if p)  # "o'sullivan" → "sullivan"
    email = fold(client.email).strip()
    if email:
        terms.update((email, email.split("@", 1)[0]))
    phone = digits(client.phone)
    # Every tail of the digits, so any run of its last digits (or all of them) is a prefix.
    terms.update(phone[i:] for i in range(max(0, len(phone) - MIN_DIGITS + 1)))
    return {t[:TERM_MAX] for t in terms if t}


def index_client(client: Client) -> None:
    """Rewrite a client's search terms (call after every change to names, email or phone)."""
    db.session.execute(delete(ClientSearchTerm).where(ClientSearchTerm.client_id == client.id))
    rows = [{"clinic_id": client.clinic_id, "client_id": client.id, "term": t}
            for t in sorted(terms_for(client))]
    if rows:
        db.session.execute(insert(ClientSearchTerm), rows)


def _successor(prefix: str) -> str | None:
    """Return the smallest string above every string that starts with prefix, or None if none is."""
    # Code-point order matches UTF-8 byte order. Trailing U+10FFFF cannot grow, so carry left;
    # never return NUL (PostgreSQL text refuses it) or a lone surrogate (UTF-8 cannot hold it).
    stem = prefix.rstrip("\U0010ffff")
    if not stem:
        return None
    following = ord(stem[-1]) + 1
    return stem[:-1] + chr(0xE000 if 0xD800 <= following <= 0xDFFF else following)


def query_words(query: str) -> list[str]:
    """Return the folded words of a search, phone numbers reduced to their digits."""
    words = []
    # NUL and other controls cannot be in a term (PostgreSQL text refuses NUL outright).
    for word in _CONTROLS.sub("", fold(query)).split():
        number = digits(word)
        if len(number) >= MIN_DIGITS and number == word.replace("+", "").replace("-", ""):
            word = number
        words.append(word[:TERM_MAX])
    return words


def matching_ids(clinic_id: int, query: str):
    """Return a subquery of the ids of clients whose terms every query word prefixes, or None.

    Joined (not IN) so the planner starts from the few matching terms, not from every client.
    """
    t = ClientSearchTerm
    selects = []
    for word in query_words(query):
        upper = _successor(word)
        bounds = [t.term >= word] + ([t.term < upper] if upper is not None else [])
        selects.append(select(t.client_id).where(t.clinic_id == clinic_id, *bounds))
    if not selects:
        return None
    # One row per client: several of a client's terms can start with the same word.
    return (selects[0].distinct() if len(selects) == 1 else intersect(*selects)).subquery("matches")
