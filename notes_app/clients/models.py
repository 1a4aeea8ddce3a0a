"""The Client record."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from notes_app.dbtypes import UTCDateTime, new_public_id, utcnow
from notes_app.extensions import db


class Client(db.Model):
    """A person treated by a clinic; addressed in URLs only by its public id."""

    __tablename__ = "clients"
    # The list's order (surname, first name, id) per clinic: keyset pages and counts use it.
    __table_args__ = (Index("ix_clients_clinic_list_order", "clinic_id", "archived", "last_name",
                            "first_name", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    preferred_name: Mapped[str] = mapped_column(String(100), default="")
    date_of_birth: Mapped[date] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    emergency_name: Mapped[str] = mapped_column(String(100), default="")
    emergency_relationship: Mapped[str] = mapped_column(String(60), default="")
    emergency_phone: Mapped[str] = mapped_column(String(40), default="")
    occupation: Mapped[str] = mapped_column(String(100), default="")
    # The portal, its mails and the client's aftercare sheets use this language (config LANGUAGES).
    preferred_language: Mapped[str] = mapped_column(String(10), default="en",
                                                    server_default="en")
    archived: Mapped[bool] = mapped_column(default=False, index=True)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # Accent- and case-folded names, email and phone digits, so "zoe" finds "Zoë".
    search_text: Mapped[str] = mapped_column(Text, default="")
    # The client's own portal login, if they have one (one login per client record).
    portal_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True,
                                                       unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    portal_user = relationship("User", foreign_keys=[portal_user_id])
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    @property
    def display_name(self) -> str:
        """Return the name to address the client by, with the surname."""
        return f"{self.preferred_name or self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ClientSearchTerm(db.Model):
    """One word a client is found by (folded name part, email, phone-digit tail), indexed.

    A search looks words up by prefix in the (clinic_id, term) index instead of scanning every
    client's text; services.index_client rewrites a client's terms on each change.
    """

    __tablename__ = "client_search_terms"
    __table_args__ = (Index("ix_client_search_terms_clinic_term", "clinic_id", "term"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    # Byte order on PostgreSQL too ("C"), so a prefix is one contiguous range of the index.
    term: Mapped[str] = mapped_column(
        String(120).with_variant(String(120, collation="C"), "postgresql"))
