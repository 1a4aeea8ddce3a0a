"""Demo aftercare: every signed demo session gets its issued sheet (idempotent)."""
from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from notes_app.aftercare import services
from notes_app.aftercare.models import IssuedSheet
from notes_app.extensions import db
from notes_app.sessions.models import SIGNED, TreatmentSession


def seed(*, clinic, staff, clients) -> None:  # noqa: ARG001  (staff: the seeder contract)
    """Issue a sheet for each signed session of the clinic's demo clients that has none yet."""
    client_ids = [c.id for c in clients]
    if not client_ids:
        return
    done = select(IssuedSheet.session_id)
    pending = db.session.scalars(
        select(TreatmentSession).where(TreatmentSession.client_id.in_(client_ids),
                                       TreatmentSession.status == SIGNED,
                                       TreatmentSession.id.not_in(done))
        .order_by(TreatmentSession.session_date, TreatmentSession.id)).all()
    for ts in pending:
        # Issued by the note's therapist a few minutes after signing, as it would be in the room;
        # the flags are those of the session day, when the sheet was handed over.
        issued_at = (ts.signed_at or datetime.combine(ts.session_date, time(17, 30),
                                                      tzinfo=UTC))
        services.issue_sheet(
            ts.therapist, ts, note=ts.home_care or "", today=ts.session_date,
            next_visit=services.suggested_next_visit(ts),
            now=issued_at + timedelta(minutes=5))
    db.session.flush()
