"""Client queries and changes, always scoped to the acting user's clinic."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import and_, func, select, tuple_
from sqlalchemy.orm import joinedload

from notes_app import audit
from notes_app.auth.models import User
from notes_app.clients.models import Client
from notes_app.clients.search import digits, fold, index_client, matching_ids
from notes_app.dbtypes import utcnow
from notes_app.errors import DomainError
from notes_app.extensions import db
from notes_app.languages import check_language


def search_text_for(client: Client) -> str:
    """Build the folded text a client is found by."""
    parts = [client.first_name, client.last_name, client.preferred_name, client.email]
    return " ".join(fold(p) for p in parts if p) + " " + digits(client.phone)


def _is_staff_of_clinic(user: User, client: Client | None) -> bool:
    return client is not None and user.is_staff and client.clinic_id == user.clinic_id


def get_client_for(user: User, public_id: str) -> Client:
    """Return a client of the user's clinic; aborts 404 otherwise (R-Z3)."""
    # With the portal login (if any), which the client page and portal actions look at: the
    # later db.session.get(User, client.portal_user_id) finds it in the identity map.
    client = db.session.scalar(select(Client).where(Client.public_id == public_id)
                               .options(joinedload(Client.portal_user)))
    if not _is_staff_of_clinic(user, client):
        # Denials are audited without confirming that the record exists elsewhere.
        audit.record_refusal(user, "client.read", object_type="client", object_id=public_id[:64])
        abort(404)
    return client


@dataclass
class Page:
    """One page of results; keyset pages also carry their neighbour cursors."""

    items: list
    page: int
    per_page: int
    total: int | None  # None: not counted (the whole client list)
    after: str | None = None  # cursor of the next page: its items follow this public id
    before: str | None = None  # cursor of the previous page
    keyset: bool = False  # the pager links carry cursors
    # A page reached by cursor is not numbered (counting the rows before it grew with the
    # list, issue #11): it names its span and knows its neighbours instead.
    span: str | None = None
    more_before: bool = False
    more_after: bool = False

    @property
    def pages(self) -> int | None:
        """Return how many pages there are, or None for an uncounted list."""
        return None if self.total is None else max(1, -(-self.total // self.per_page))

    @property
    def paged(self) -> bool:
        """Tell whether there is more than this one page (the pager shows)."""
        return self.has_prev or self.has_next

    @property
    def has_prev(self) -> bool:
        if self.keyset:
            return self.more_before
        return self.page > 1

    @property
    def has_next(self) -> bool:
        if self.keyset:
            return self.more_after
        return self.page < self.pages


LIST_ORDER = (Client.last_name, Client.first_name, Client.id)


def _cursor(user: User, public_id: str | None) -> Client | None:
    if not public_id:
        return None
    return db.session.scalar(select(Client).where(Client.public_id == public_id[:64],
                                                  Client.clinic_id == user.clinic_id))


def _keyset(base, cursor: Client, forward: bool, per_page: int) -> tuple[list[Client], bool]:
    # Seek past the cursor in the list's index instead of counting OFFSET rows (issue #11);
    # one row more than the page tells whether another page follows.
    key, at = tuple_(*LIST_ORDER), tuple_(cursor.last_name, cursor.first_name, cursor.id)
    order = LIST_ORDER if forward else tuple(c.desc() for c in LIST_ORDER)
    rows = db.session.scalars(base(Client).where(key > at if forward else key < at)
                              .order_by(*order).limit(per_page + 1)).all()
    more, rows = len(rows) > per_page, rows[:per_page]
    return list(rows if forward else reversed(rows)), more


def _name(client: Client) -> str:
    return f"{client.last_name}, {client.first_name}"


def _any_beyond(base, edge: Client, forward: bool) -> bool:
    # One index seek: is there a listed client past this page's edge?
    key, at = tuple_(*LIST_ORDER), tuple_(edge.last_name, edge.first_name, edge.id)
    return db.session.scalar(select(base(Client.id).where(key > at if forward else key < at)
                                    .exists())) or False


def list_clients_for(user: User, *, query: str = "", page: int = 1, per_page: int = 20,
                     include_archived: bool = False, after: str | None = None,
                     before: str | None = None) -> Page:
    """Return a page of the clinic's clients, optionally filtered by a search.

    `after`/`before` are a listed client's public id (the pager's links); `page` jumps.
    """
    conditions = [Client.clinic_id == user.clinic_id]
    if not include_archived:
        conditions.append(Client.archived.is_(False))
    where, matches = and_(*conditions), matching_ids(user.clinic_id, query)

    def base(*columns):
        query = select(*columns).select_from(Client)
        if matches is not None:
            query = query.join(matches, matches.c.client_id == Client.id)
        return query.where(where)

    # A search counts its matches; the whole list is not counted: that count read every client
    # of the clinic on each view, the one part of the list that grew with the clinic (#11).
    total = (db.session.scalar(base(func.count())) or 0) if matches is not None else None
    audit.record(user, "client.search" if query else "client.list", object_type="client")
    cursor = _cursor(user, after or before)
    if cursor is None:
        return _numbered(base, page, per_page, total)
    forward = bool(after)
    items, more = _keyset(base, cursor, forward, per_page)
    if not items:  # past either end: show the nearest full page instead of nothing
        forward = not forward
        items, more = _keyset(base, cursor, forward, per_page)
    if not items:
        return Page([], 1, per_page, total, keyset=True, span="")
    # The way back: the cursor came from there, but it may have been archived since.
    back = _any_beyond(base, items[-1] if not forward else items[0], not forward)
    return Page(items, 1, per_page, total, items[-1].public_id, items[0].public_id,
                keyset=True, span=f"{_name(items[0])} – {_name(items[-1])}",
                more_before=back if forward else more, more_after=more if forward else back)


def _numbered(base, page: int, per_page: int, total: int | None) -> Page:
    # A numbered page (the first, or a jump): OFFSET, one row more telling whether more follow.
    if total is not None:
        page = max(1, min(page, max(1, -(-total // per_page))))
    rows = list(db.session.scalars(base(Client).order_by(*LIST_ORDER)
                                   .offset((page - 1) * per_page).limit(per_page + 1)))
    if not rows and page > 1:  # a jump past the end of an uncounted list: the first page
        return _numbered(base, 1, per_page, total)
    items = rows[:per_page]
    return Page(items, page, per_page, total,
                items[-1].public_id if items else None, items[0].public_id if items else None,
                keyset=True, more_before=page > 1, more_after=len(rows) > per_page)


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
    index_client(client)
    audit.record(user, "client.create", object_type="client", object_id=client.id, client=client)
    return client


def sync_portal_language(client: Client) -> None:
    """Give the client's portal login the client record's language (its mails follow it)."""
    if client.portal_user_id is not None:
        login = db.session.get(User, client.portal_user_id)
        if login is not None:
            login.language = client.preferred_language


def update_client(user: User, client: Client, data: dict) -> Client:
    """Update a client's identity and contact details."""
    for key, value in _clean(data).items():
        setattr(client, key, value)
    client.search_text = search_text_for(client)
    sync_portal_language(client)
    db.session.flush()
    index_client(client)
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
