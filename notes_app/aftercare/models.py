"""Issued aftercare sheets: the stored PDF bytes with the snapshot they were built from.

An issued sheet is a record of what the client was handed, so it is never changed or deleted.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from notes_app.dbtypes import UTCDateTime, new_public_id, utcnow
from notes_app.extensions import db


class IssuedSheet(db.Model):
    """One aftercare sheet as issued: the PDF bytes, their SHA-256 and the inputs snapshot."""

    __tablename__ = "issued_sheets"
    __table_args__ = (Index("ix_issued_sheets_client_issued", "client_id", "issued_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("treatment_sessions.id"), index=True)
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    paper: Mapped[str] = mapped_column(String(10))
    library_version: Mapped[str] = mapped_column(String(20))
    # The complete dict handed to build_sheet_pdf, block texts included, so the sheet can be
    # explained (and rebuilt identically) after the advice library has moved on.
    snapshot: Mapped[dict] = mapped_column(JSON)
    # Deferred: lists and pages need the metadata, only the download needs the bytes.
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    sha256: Mapped[str] = mapped_column(String(64))
    selection_reasons: Mapped[list] = mapped_column(JSON, default=list)
    suppressed: Mapped[list] = mapped_column(JSON, default=list)

    client = relationship("Client")
    treatment_session = relationship("TreatmentSession")
    issued_by = relationship("User")


@event.listens_for(IssuedSheet, "before_update")
@event.listens_for(IssuedSheet, "before_delete")
def _refuse_change(mapper, connection, target):  # noqa: ARG001
    # What the client took home must stay provable: a changed row would break its SHA-256.
    raise RuntimeError("issued aftercare sheets are never changed")
