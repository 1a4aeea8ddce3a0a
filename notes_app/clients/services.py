"""Client queries and changes, always scoped to the acting user's clinic."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import and_, func, select

from notes_app import audit
from notes_app.auth.models import User
from notes_app.auth.services import DomainError
from notes_app.clients.models import Client
from notes_app.dbtypes import utcnow
from notes_app.extensions import db
from notes_app.i18n.services import check_language

# Letters that Unicode does not decompose into base + accent.
_FOLD = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ß": "ss", "đ": "d", "Đ": "d",
                       "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "’": "'"})


def fold(text: str) -> str:
    """Return text case-folded without accents, for matching names typed any way."""
    text = (text or "").translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def search_text_for(client: Client) -> str:
    """Build the folded text a client is found by."""
    parts = [client.first_name, client.last_name, client.preferred_name, client.email]
    return " ".join(fold(p) for p in parts if p) + " " + _digits(client.phone)


def _is_staff_of_clinic(user: User, client: Client | None) -> bool:
    return client is not None and user.is_staff and client.clinic_id == user.clinic_id


def get_client_for(user: User, public_id: str) -> Client:
    """Return a client of the user's clinic; aborts 404 otherwise (R-Z3)."""
    client = db.session.scalar(select(Client).where(Client.public_id == public_id))
    if not _is_staff_of_clinic(user, client):
        # Denials are audited without confirming that the record exists elsewhere.
        audit.record(user, "client.read", object_type="client", object_id=public_id[:64],
                     outcome="denied")
        db.session.commit()
        abort(404)
    return client


@dataclass
class Page:
    """One page of results."""

    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def list_clients_for(user: User, *, query: str = "", page: int = 1, per_page: int = 20,
                     include_archived: bool = False) -> Page:
    """Return a page of the clinic's clients, optionally filtered by a search."""
    conditions = [Client.clinic_id == user.clinic_id]
    if not include_archived:
        conditions.append(Client.archived.is_(False))
    for term in fold(query).split():
        digits = _digits(term)
        if digits and len(digits) >= 3 and digits == term.replace("+", "").replace("-", ""):
            conditions.append(Client.search_text.contains(digits))
        else:
            conditions.append(Client.search_text.contains(term))
    where = and_(*conditions)
    total = db.session.scalar(select(func.count()).select_from(Client).where(where)) or 0
    page = max(1, min(page, max(1, -(-total // per_page))))
    items = db.session.scalars(
        select(Client).where(where).order_by(Client.last_name, Client.first_name, Client.id)
        .offset((page - 1) * per_page).limit(per_page)
    ).all()
    audit.record(user, "client.search" if query else "client.list", object_type="client")
    return Page(list(items), page, per_page, total)


def find_possible_duplicates(clinic_id: int, first_name: str, last_name: str,
                             date_of_birth: date, *, exclude_id: int | None = None) -> list[Client]:
    """Return clients of the clinic with the same folded name and date of birth."""
    rows = db.session.scalars(select(Client).where(
        Client.clinic_id == clinic_id, Client.date_of_birth == date_of_birth)).all()
    return [c for c in rows if c.id != exclude_id and fold(c.first_name) == fold(first_name)
            and fold(c.last_name) == fold(last_name)]


def _clean(data: dict) -> dict:
    if "preferred_language" in data:
        check_language(data["preferred_language"], field="preferred_language")
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}


def create_client(user: User, data: dict, *, confirm_duplicate: bool = False) -> Client:
    """Create a client in the user's clinic; raises DomainError on a likely duplicate."""
    data = _clean(data)
    dupes = find_possible_duplicates(user.clinic_id, data["first_name"], data["last_name"],
                                     data["date_of_birth"])
    if dupes and not confirm_duplicate:
        raise DomainError("A client with this name and date of birth already exists.",
                          field="confirm_duplicate")
    client = Client(clinic_id=user.clinic_id, created_by_id=user.id, **data)
    client.search_text = search_text_for(client)
    db.session.add(client)
    db.session.flush()
    audit.record(user, "client.create", object_type="client", object_id=client.id, client=client)
    return client


def update_client(user: User, client: Client, data: dict) -> Client:
    """Update a client's identity and contact details."""
    for key, value in _clean(data).items():
        setattr(client, key, value)
    client.search_text = search_text_for(client)
    db.session.flush()
    audit.record(user, "client.update", object_type="client", object_id=client.id, client=client)
    return client


def set_archived(user: User, client: Client, archived: bool) -> Client:
    """Archive or restore a client; records are never deleted here."""
    client.archived = archived
    client.archived_at = utcnow() if archived else None
    audit.record(user, "client.archive" if archived else "client.restore", object_type="client",
                 object_id=client.id, client=client)
    return client


def record_view(user: User, client: Client) -> None:
    """Audit that a user opened a client's record."""
    audit.record(user, "client.read", object_type="client", object_id=client.id, client=client)
