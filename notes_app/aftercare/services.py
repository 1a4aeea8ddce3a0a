"""Aftercare sheets: preview the selection for a signed session, issue and store the PDF, fetch it.

Every read of an issued sheet goes through a scoped getter that audits it (ids only, R-U1); the
stored bytes are what every later download returns, whatever the advice library says by then.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib import import_module
from importlib.util import find_spec

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from notes_app import audit
from notes_app.access import CLINICAL
from notes_app.aftercare.models import IssuedSheet
from notes_app.aftercare.pdf import build_sheet_pdf
from notes_app.aftercare.pdf_fonts import missing_glyphs
from notes_app.auth.models import Clinic
from notes_app.clinical import advice, advice_i18n, bodymap
from notes_app.clinical.contacts import contacts_for, water_guide_for
from notes_app.clinical.contraindications import RULES
from notes_app.clinical.intake_schema import cause_scores
from notes_app.clinical.muscles import MUSCLE_BY_ID, marker_position
from notes_app.dbtypes import new_public_id, utcnow
from notes_app.errors import DomainError
from notes_app.extensions import db
from notes_app.intake import services as intake
from notes_app.languages import check_language
from notes_app.sessions.models import TreatmentSession

NOTE_MAX, NEXT_VISIT_MAX = 2000, 200
# The one-page sheet is the default (issue 16, item 8); the longer one stays a choice.
LENGTHS = (advice.ONE_PAGE, advice.FULL)
SWITCHED_OFF = "switched off by the therapist"
ONE_PAGE_TRIM = "left off to keep the sheet to one page"
# Filled from the form fields below the section list, not switched on and off as sections.
TEXT_BLOCKS = ("THERAPIST-NOTE", "NEXT-VISIT")
FLAG_TITLES: dict[str, str] = {rule.code: rule.title for rule in RULES}
MARKER_KEYS = ("view", "x", "y", "side", "muscle_id", "kind", "tenderness", "status", "label")
_STATUSES = {code for code, _ in bodymap.AFTER_STATUSES}
_INTERVAL = re.compile(r"^\s*(?:in\s+)?(\d{1,2})\s*(day|week|month)s?\s*$", re.IGNORECASE)
_MUSCLE_TOKEN = re.compile(r"\b[A-Z]{2,4}\b")
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30}


@dataclass(frozen=True)
class SectionChoice:
    """One section the sheet would carry, why, and whether the therapist may switch it off."""

    id: str
    title: str
    reason: str
    locked: bool
    included: bool
    trimmed: bool = False  # the one-page word budget left it off: shown, not switchable


@dataclass(frozen=True)
class Suppression:
    """A section a contraindication flag kept off the sheet, in plain words."""

    block_id: str
    title: str
    flag_code: str
    flag_title: str


@dataclass(frozen=True)
class SheetInputs:
    """Everything a sheet is built from, plus the preview's view of the selection."""

    treatment_session: TreatmentSession
    cause_scores: dict
    treated: list
    map: dict
    flag_codes: list
    selection: advice.Selection
    sections: list
    suppressed: list
    next_visit_default: str

    excluded: frozenset = frozenset()  # the sections the therapist switched off

    @property
    def optional_ids(self) -> list[str]:
        """Return the ids of the sections the therapist may switch off."""
        return [s.id for s in self.sections if not s.locked and not s.trimmed]


def flag_title(code: str) -> str:
    """Return a flag code in the words the therapist sees on the intake."""
    return FLAG_TITLES.get(code, code.replace("_", " ").capitalize())


def block_title(block_id: str) -> str:
    """Return a library block's title, or its id if the library no longer has it."""
    block = advice.BLOCK_BY_ID.get(block_id)
    return block.title if block else block_id


def describe_suppressed(pairs) -> list[Suppression]:
    """Put (block_id, flag_code) pairs into the words the pages show."""
    return [Suppression(block_id, block_title(block_id), code, flag_title(code))
            for block_id, code in pairs]


def plain_reason(reason: str) -> str:
    """Spell out muscle ids in a selection reason ("treated UT" → "treated upper trapezius")."""
    def name(match: re.Match) -> str:
        muscle = MUSCLE_BY_ID.get(match.group())
        if muscle is None:
            return match.group()
        text = muscle.name
        return text[0].lower() + text[1:] if text[1:2].islower() else text
    return _MUSCLE_TOKEN.sub(name, reason)


def suggested_next_visit(treatment_session: TreatmentSession) -> str:
    """Turn the plan's interval ("2 weeks") into a line for the client, with an approximate date."""
    interval = (treatment_session.interval or "").strip()
    match = _INTERVAL.match(interval)
    if not match:
        return interval[:1].upper() + interval[1:] + ("." if interval[-1:].isalnum() else "")
    count, unit = int(match.group(1)), match.group(2).lower()
    day = treatment_session.session_date + timedelta(days=count * _UNIT_DAYS[unit])
    units = unit + ("s" if count != 1 else "")
    return f"In about {count} {units}, around {day:%A} {day.day} {day:%B}."


def treated_rows(treatment_session: TreatmentSession) -> list[dict]:
    """Return today's technique rows in the shape the advice selection reads."""
    return [{"muscle_id": r.muscle_id, "side": r.side, "technique": r.technique,
             "pressure": r.pressure} for r in treatment_session.technique_rows]


def _row_markers(treatment_session: TreatmentSession) -> list[dict]:
    """Place the treated catalogue muscles at their default map positions (no body map drawn)."""
    found: dict[tuple[str, str], dict] = {}
    for row in treatment_session.technique_rows:
        if row.muscle_id not in MUSCLE_BY_ID:
            continue  # a region such as "upper_back" has no single point to mark
        sides = ("L", "R") if row.side == "B" else (row.side if row.side in ("L", "R") else "R",)
        for side in sides:
            view = MUSCLE_BY_ID[row.muscle_id].view
            x, y = marker_position(row.muscle_id, side, view)
            marker = found.setdefault((row.muscle_id, side), {
                "view": view, "x": round(x, 4), "y": round(y, 4), "side": side,
                "muscle_id": row.muscle_id, "kind": "active", "tenderness": None,
                "status": "", "label": ""})
            if row.client_intensity is not None:
                marker["tenderness"] = row.client_intensity
            if row.response in _STATUSES:
                marker["status"] = row.response  # the last row on a muscle says how it ended
    return list(found.values())


def sheet_map(treatment_session: TreatmentSession) -> dict:
    """Return the small map's views and markers: the session's body map, else its rows."""
    markers: list[dict] = []
    # The body-map feature is built in parallel; until it lands, the rows give the points.
    if find_spec("notes_app.sessions.markers") is not None:
        module = import_module("notes_app.sessions.markers")
        markers = [{k: m.get(k) for k in MARKER_KEYS}
                   for m in module.markers_for(treatment_session)]
    if not markers:
        markers = _row_markers(treatment_session)
    views = [v for v in ("back", "front") if any(m.get("view") == v for m in markers)]
    return {"views": views, "markers": markers}


def sheet_contacts(clinic: Clinic | None) -> dict[str, str]:
    """Return the numbers a clinic's sheets print (its overrides, else its country's)."""
    if clinic is None:
        return contacts_for(None)
    return contacts_for(clinic.country, clinic.emergency_number or "", clinic.advice_number or "")


def sheet_water_guide(clinic: Clinic | None) -> str:
    """Return the drinking guidance a clinic's sheets print ('' when its country is not set)."""
    return water_guide_for(clinic.country if clinic is not None else None)


def check_length(length: str | None) -> str:
    """Return a sheet length (the one-page default when none is asked for); raises DomainError."""
    length = length or advice.ONE_PAGE
    if length not in LENGTHS:
        raise DomainError("Choose the one-page or the longer sheet.", field="length")
    return length


def build_sheet_inputs(actor, treatment_session: TreatmentSession, *, today: date,
                       exclude=frozenset(), note: str = "",
                       next_visit: str | None = None,
                       length: str = advice.ONE_PAGE) -> SheetInputs:
    """Gather a session's sheet inputs and select its blocks, as the preview shows them.

    The one-page sheet is the default; `length=advice.FULL` gives the longer one.
    """
    ts = treatment_session
    version = intake.current_intake_for(ts.client)
    scores = cause_scores(version.data if version else None)
    treated = treated_rows(ts)
    active = intake.current_flags_for(ts.client, today=today)
    flags = [f.code for f in active]
    flag_sites = {f.code: f.sites for f in active if f.sites}
    clinic = db.session.get(Clinic, ts.clinic_id)
    default_visit = suggested_next_visit(ts)
    choices = {"note": note, "next_visit": default_visit if next_visit is None else next_visit}

    def select_with(excluded: set, typed: dict = choices) -> advice.Selection:
        return advice.select_blocks(cause_scores=scores, treated=treated, flag_codes=flags,
                                    choices={**typed, "exclude": excluded},
                                    flag_sites=flag_sites, length=check_length(length),
                                    contacts=sheet_contacts(clinic),
                                    water_guide=sheet_water_guide(clinic))

    # The sections as the preview shows them before anything is typed; a long note may then
    # push optional ones off a one-page sheet (Selection.trimmed), never switch them.
    full = select_with(set(), {"note": "", "next_visit": default_visit})
    offered = {b.id for b in full} | set(full.trimmed)
    switched_off = set(exclude) & offered
    excluded = set(switched_off)
    selection = select_with(excluded)
    # Switching a stretch off would let the next-best one slide in unseen; keep what was shown.
    while extra := {b.id for b in selection if b.id not in offered | set(TEXT_BLOCKS)}:
        excluded |= extra
        selection = select_with(excluded)
    chosen = set(selection.ids)
    sections = [SectionChoice(b.id, b.block.title, plain_reason(b.reason),
                              b.block.mandatory or b.id == "ST-RULES", b.id in chosen)
                for b in full if b.id not in TEXT_BLOCKS]
    sections += [SectionChoice(block_id, block_title(block_id), ONE_PAGE_TRIM, False,
                               block_id in chosen, trimmed=True) for block_id in full.trimmed]
    return SheetInputs(ts, scores, treated, sheet_map(ts), flags, selection, sections,
                       describe_suppressed(full.suppressed), default_visit,
                       frozenset(switched_off))


def unprintable_fields(ts: TreatmentSession, clinic: Clinic, *,
                       texts: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """Return (field, characters) for sheet fields holding characters no bundled font prints."""
    fields = {"Client's name": ts.client.preferred_name or ts.client.first_name,
              "Therapist's name": ts.therapist.full_name, "Clinic name": clinic.name,
              "Clinic address": clinic.address, "Clinic phone": clinic.phone, **(texts or {})}
    found = [(label, "".join(missing_glyphs(value))) for label, value in fields.items()]
    return [(label, chars) for label, chars in found if chars]


def _checked_text(value: str | None, limit: int, field: str, label: str) -> str:
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > limit:
        raise DomainError(f"Keep the {label} under {limit} characters.", field=field)
    return text


def sheet_language(client, requested: str | None = None) -> str:
    """Return the language a sheet is issued in (asked for, else the client's); raises DomainError.

    Never falls back: a sheet is only issued in a language the advice library fully covers.
    """
    lang = check_language(requested or client.preferred_language or "en", field="language")
    if not advice_i18n.covers(lang):
        raise DomainError("The aftercare advice is not yet complete in this language; choose "
                          "another language for this sheet.", field="language")
    return lang


def _localised(inputs: SheetInputs, lang: str) -> tuple[list, list]:
    """Return the snapshot's blocks and treated rows in the sheet's language."""
    blocks = advice.snapshot_blocks(inputs.selection)
    treated = advice.summarise_treated(inputs.treated)
    areas = advice.today_areas(inputs.treated)
    try:
        return advice_i18n.translate_snapshot(blocks, treated, lang, areas=areas)
    except advice_i18n.MissingTranslation as exc:
        raise DomainError("Part of this sheet has no translation in this language yet; choose "
                          "another language for this sheet.", field="language") from exc


def _snapshot(ts: TreatmentSession, clinic: Clinic, inputs: SheetInputs, sheet_id: str,
              lang: str = "en", length: str = advice.ONE_PAGE) -> dict:
    """Return the dict the PDF is built from, as plain JSON (what the database gives back)."""
    client = ts.client
    blocks, treated = _localised(inputs, lang)
    sheet = {
        "clinic": {"name": clinic.name, "address": clinic.address, "phone": clinic.phone,
                   "paper": (clinic.paper_size or "A4").upper()},
        "client": {"preferred_name": client.preferred_name or client.first_name},
        "therapist": {"name": ts.therapist.full_name},
        "date": ts.session_date.isoformat(),
        "blocks": blocks,
        "map": inputs.map,
        "treated_summary": treated,
        "sheet_id": sheet_id,
        "language": lang,
        "length": length,
    }
    return json.loads(json.dumps(sheet, ensure_ascii=False))


def issue_sheet(actor, treatment_session: TreatmentSession, *, exclude=frozenset(),
                note: str = "", next_visit: str = "", today: date,
                now: datetime | None = None, language: str | None = None,
                length: str = advice.ONE_PAGE) -> IssuedSheet:
    """Build, store and audit the aftercare sheet of a signed session; raises DomainError.

    One page by default; `length=advice.FULL` issues the longer sheet.
    """
    ts = treatment_session
    if getattr(actor, "role", None) not in CLINICAL or actor.clinic_id != ts.clinic_id:
        raise DomainError("Only a therapist of this clinic can issue this sheet.")
    if not ts.is_signed:
        raise DomainError("Sign the session note before issuing an aftercare sheet.",
                          field="session")
    lang = sheet_language(ts.client, language)
    length = check_length(length)
    note = _checked_text(note, NOTE_MAX, "note", "note")
    next_visit = _checked_text(next_visit, NEXT_VISIT_MAX, "next_visit", "next visit")
    inputs = build_sheet_inputs(actor, ts, today=today, exclude=exclude, note=note,
                                next_visit=next_visit, length=length)
    words = advice.sheet_words(inputs.selection.blocks)
    if length == advice.ONE_PAGE and words > advice.ONE_PAGE_WORDS:
        # Only the always-printed sections and the therapist's words are left: the note is
        # what does not fit (issue 16, item 8: one page of at most 350 words).
        raise DomainError(f"The one-page sheet holds {advice.ONE_PAGE_WORDS} words and this one "
                          f"comes to {words}: shorten the note or use the longer sheet.",
                          field="note")
    clinic = db.session.get(Clinic, ts.clinic_id)
    public_id = new_public_id()
    snapshot = _snapshot(ts, clinic, inputs, public_id, lang, length)
    data = build_sheet_pdf(snapshot)
    reasons = [{"id": b.id, "reason": b.reason, "included": True} for b in inputs.selection]
    reasons += [{"id": s.id, "reason": SWITCHED_OFF if s.id in inputs.excluded else ONE_PAGE_TRIM,
                 "included": False} for s in inputs.sections if not s.included]
    listed = {s.id for s in inputs.sections}
    reasons += [{"id": block_id, "reason": ONE_PAGE_TRIM, "included": False}
                for block_id in inputs.selection.trimmed if block_id not in listed]
    sheet = IssuedSheet(
        public_id=public_id, clinic_id=ts.clinic_id, client_id=ts.client_id, session_id=ts.id,
        issued_by_id=actor.id, issued_at=now or utcnow(), paper=snapshot["clinic"]["paper"],
        library_version=inputs.selection.library_version, snapshot=snapshot, pdf=data,
        sha256=hashlib.sha256(data).hexdigest(), selection_reasons=reasons,
        suppressed=[list(pair) for pair in inputs.selection.suppressed])
    db.session.add(sheet)
    db.session.flush()
    audit.record(actor, "aftercare.issue", object_type="aftercare_sheet", object_id=sheet.id,
                 client=ts.client)
    return sheet


def _by_public_id(public_id: str) -> IssuedSheet | None:
    return db.session.scalar(select(IssuedSheet).where(IssuedSheet.public_id == str(public_id)))


def _deny(user, public_id: str, action: str):
    # Same answer whether the sheet is missing or belongs elsewhere (R-Z3).
    audit.record_refusal(user, action, object_type="aftercare_sheet",
                         object_id=str(public_id)[:64])
    abort(404)


def get_sheet_for(user, public_id: str, *, action: str = "aftercare.read") -> IssuedSheet:
    """Return an issued sheet of the therapist's clinic and audit the read; aborts 404 otherwise."""
    sheet = _by_public_id(public_id)
    if (sheet is None or getattr(user, "role", None) not in CLINICAL
            or sheet.clinic_id != user.clinic_id):
        _deny(user, public_id, action)
    audit.record(user, action, object_type="aftercare_sheet", object_id=sheet.id,
                 client=sheet.client)
    return sheet


def get_sheet_for_client(client, public_id: str, *, actor=None,
                         action: str = "aftercare.download") -> IssuedSheet:
    """Return one of the client's own sheets (audited when an actor is given); aborts 404."""
    sheet = _by_public_id(public_id)
    if sheet is None or client is None or sheet.client_id != client.id:
        if actor is not None:
            _deny(actor, public_id, action)
        abort(404)
    if actor is not None:
        audit.record(actor, action, object_type="aftercare_sheet", object_id=sheet.id,
                     client=client, clinic_id=client.clinic_id)
    return sheet


def list_sheets_for_client(client) -> list[IssuedSheet]:
    """Return the client's issued sheets, newest first."""
    return list(db.session.scalars(select(IssuedSheet).where(IssuedSheet.client_id == client.id)
                                   .options(joinedload(IssuedSheet.treatment_session),
                                            joinedload(IssuedSheet.issued_by))
                                   .order_by(IssuedSheet.issued_at.desc(),
                                             IssuedSheet.id.desc())))


def list_sheets_for_session(treatment_session: TreatmentSession) -> list[IssuedSheet]:
    """Return the sheets issued for one session, newest first."""
    return list(db.session.scalars(
        select(IssuedSheet).where(IssuedSheet.session_id == treatment_session.id)
        .order_by(IssuedSheet.issued_at.desc(), IssuedSheet.id.desc())))
