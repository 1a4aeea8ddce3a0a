"""A client's signed record as a FHIR R4B Bundle (type "collection"), built from plain data.

No Flask and no database: a loader gathers the rows into the dict shape `build_bundle` documents;
this module only shapes JSON-ready dicts. Codes come from clinical.fhir_codes (cited), else text.
"""
from __future__ import annotations

import base64
import hashlib
from datetime import datetime

from notes_app.clinical import fhir_codes as codes
from notes_app.clinical.bodymap import AFTER_STATUSES, KINDS, REFERRAL_ZONES
from notes_app.clinical.fhir_intake import intake_resources
from notes_app.clinical.fhir_refs import fhir_id, full_url, iso, prune, ref
from notes_app.clinical.muscles import MUSCLE_BY_ID
from notes_app.clinical.regions import REGION_BY_ID
from notes_app.clinical.techniques import PRESSURE_LEVELS, RESPONSES, TECHNIQUE_BY_CODE

SIDE_WORDS = {"L": "left", "R": "right", "B": "both sides", "M": "midline"}
PGIC_LABELS = {1: "Very much improved", 2: "Much improved", 3: "Minimally improved",
               4: "No change", 5: "Minimally worse", 6: "Much worse", 7: "Very much worse"}
ADDENDUM_LABELS = {"addendum": "Addendum", "late_entry": "Late entry", "correction": "Correction"}
SOAP_SECTIONS = (
    ("Subjective", (("chief_complaint", "Complaint"), ("changes_since_last", "Since last visit"),
                    ("response_to_last", "Response to last treatment"))),
    ("Objective", (("observations", "Observations"),)),
    ("Assessment", (("response", "Response"), ("goals_progress", "Progress towards goals"))),
    ("Plan", (("next_focus", "Next focus"), ("interval", "Interval"),
              ("home_care", "Home care"), ("referral", "Referral"))),
)


def text_concept(text: str, code: codes.Code | None = None) -> dict:
    """Return a CodeableConcept: the cited coding when there is one, always the text."""
    return {"coding": [code.coding()] if code else [], "text": text}


def area_label(area_id: str | None, side: str = "") -> str:
    """Return a muscle or region name with its side, in words."""
    muscle = MUSCLE_BY_ID.get(area_id or "")
    region = REGION_BY_ID.get(area_id or "")
    name = muscle.name if muscle else region.label if region else (area_id or "Unnamed area")
    return f"{name}, {SIDE_WORDS[side]}" if side in SIDE_WORDS and not region else name


def attachment(data: bytes, content_type: str, title: str, created: datetime | None) -> dict:
    """Return an Attachment carrying the bytes; hash is SHA-1 as FHIR defines Attachment.hash."""
    return {"contentType": content_type, "data": base64.b64encode(data).decode("ascii"),
            "size": len(data), "title": title, "creation": iso(created),
            "hash": base64.b64encode(hashlib.sha1(data).digest()).decode("ascii")}  # noqa: S324


def sha256_identifier(hex_digest: str) -> dict:
    """Return an Identifier naming content by its SHA-256 (RFC 6920 'ni' URI)."""
    raw = base64.urlsafe_b64encode(bytes.fromhex(hex_digest)).decode("ascii").rstrip("=")
    return {"system": codes.URI_SYSTEM, "value": f"ni:///sha-256;{raw}"}


class _Bundle:
    """Collects resources; the caller links them with ref()."""

    def __init__(self) -> None:
        self.entries: list[dict] = []

    def add(self, resource: dict) -> dict:
        resource = prune(resource)
        self.entries.append({"fullUrl": full_url(resource["resourceType"], resource["id"]),
                             "resource": resource})
        return resource


def _patient(client: dict, org: dict) -> dict:
    names = [{"use": "official", "family": client["last_name"], "given": [client["first_name"]],
              "text": f"{client['first_name']} {client['last_name']}"}]
    if client.get("preferred_name"):
        names.append({"use": "usual", "given": [client["preferred_name"]]})
    emergency = {"relationship": [{"text": client.get("emergency_relationship")
                                   or "Emergency contact"}],
                 "name": {"text": client.get("emergency_name")},
                 "telecom": [{"system": "phone", "value": client.get("emergency_phone")}]}
    return {"resourceType": "Patient", "id": fhir_id(client["id"]), "name": names,
            "birthDate": iso(client["date_of_birth"]),
            "telecom": [{"system": "phone", "value": client.get("phone")},
                        {"system": "email", "value": client.get("email")}],
            "address": [{"text": client.get("address")}],
            "contact": [emergency] if client.get("emergency_name") or client.get(
                "emergency_phone") else [],
            "managingOrganization": org}


def _organization(clinic: dict) -> dict:
    return {"resourceType": "Organization", "id": fhir_id(clinic["id"]), "name": clinic["name"],
            "telecom": [{"system": "phone", "value": clinic.get("phone")}],
            "address": [{"text": clinic.get("address")}]}


def _note_text(visit: dict) -> str:
    """Return the signed note as plain text, section by section (what the therapist wrote)."""
    soap = visit.get("soap") or {}
    lines = [f"Session note, visit {visit.get('visit_number') or ''} on {iso(visit['date'])}",
             f"Duration: {visit.get('duration_minutes')} min"]
    for title, fields in SOAP_SECTIONS:
        body = [f"  {label}: {soap[key]}" for key, label in fields if soap.get(key)]
        if title == "Objective":
            body += [f"  Range of motion: {_rom_line(r)}" for r in visit.get("rom") or []]
        if body:
            lines += ["", title, *body]
    return "\n".join(lines) + "\n"


def _rom_line(row: dict) -> str:
    side = SIDE_WORDS.get(row.get("side") or "", "")
    parts = [str(row.get("movement") or "Movement") + (f" ({side})" if side else "")]
    parts += [f"{k} {row[k]}°" for k in ("before", "after") if row.get(k) is not None]
    if row.get("limited_by_pain"):
        parts.append("limited by pain")
    return ", ".join(parts)


def _observation(oid, visit, subject, encounter, performer, code, category, **value) -> dict:
    return {"resourceType": "Observation", "id": oid, "status": "final",
            "category": [text_concept(category.display, category)], "code": code,
            "subject": subject, "encounter": encounter,
            "effectiveDateTime": iso(visit["date"]), "performer": [performer], **value}


def _scores(visit, vid, subject, encounter) -> list[dict]:
    # Pain and impression of change are the client's own ratings: the client is the performer.
    out = []
    for key, when in (("pain_before", "before"), ("pain_after", "after")):
        if visit.get(key) is not None:
            code = text_concept(f"Pain {when} treatment (0-10 numeric rating)", codes.PAIN_NRS)
            out.append(_observation(f"{vid}-{key.replace('_', '-')}", visit, subject, encounter,
                                    subject, code, codes.SURVEY, valueInteger=visit[key]))
    if visit.get("pgic") is not None:
        code = text_concept("Patient global impression of change (7-point, 1 = very much "
                            "improved, 7 = very much worse)")
        out.append(_observation(f"{vid}-pgic", visit, subject, encounter, subject, code,
                                codes.SURVEY, valueCodeableConcept={
                                    "text": f"{visit['pgic']} - {PGIC_LABELS[visit['pgic']]}"}))
    return out


def _finding(marker, index, visit, vid, subject, encounter, therapist) -> dict:
    kinds, after = dict(KINDS), dict(AFTER_STATUSES)
    components = []
    if marker.get("tenderness") is not None:
        components.append({"code": {"text": "Tenderness (0-10)"},
                           "valueInteger": marker["tenderness"]})
    components.append({"code": {"text": "Reproduces the familiar referred pain"},
                       "valueBoolean": bool(marker.get("referral_reproduced"))})
    if marker.get("after_status"):
        components.append({"code": {"text": "After treatment"}, "valueCodeableConcept": {
            "text": after.get(marker["after_status"], marker["after_status"])}})
    for zone in marker.get("referral_zone_ids") or []:
        label = REFERRAL_ZONES[zone].label if zone in REFERRAL_ZONES else zone
        components.append({"code": {"text": "Referred pain felt in"}, "valueString": label})
    site = {"text": area_label(marker.get("muscle_id"), marker.get("side") or ""),
            "extension": [{"url": codes.BODY_SITE_EXTENSION,
                           "valueReference": ref("BodyStructure", fhir_id(marker["knot_id"]))}]}
    return _observation(
        f"{vid}-finding-{index + 1}", visit, subject, encounter, therapist,
        {"text": "Trigger-point palpation finding"}, codes.EXAM,
        valueCodeableConcept={"text": kinds.get(marker["kind"], marker["kind"])},
        bodySite=site, component=components,
        note=[{"text": marker.get("note")}] if marker.get("note") else [])


def _procedure(row, index, visit, vid, subject, encounter, therapist) -> dict:
    technique = TECHNIQUE_BY_CODE.get(row["technique"])
    pressure = dict(PRESSURE_LEVELS).get(row["pressure"], "")
    dose = [f"Pressure {row['pressure']} of 5 ({pressure})"]
    if row.get("minutes") is not None:
        dose.append(f"{row['minutes']} min")
    if row.get("hold_seconds") is not None:
        dose.append(f"{row.get('reps') or 1} × {row['hold_seconds']} s hold")
    if row.get("client_intensity") is not None:
        dose.append(f"client intensity {row['client_intensity']}/10")
    return {"resourceType": "Procedure", "id": f"{vid}-technique-{index + 1}",
            "status": "completed",
            "code": {"text": technique.name if technique else row["technique"]},
            "subject": subject, "encounter": encounter, "performedDateTime": iso(visit["date"]),
            "performer": [{"actor": therapist}],
            "bodySite": [{"text": area_label(row["muscle_id"], row["side"])}],
            "outcome": {"text": dict(RESPONSES).get(row.get("response") or "", "")},
            "note": [{"text": "; ".join(dose)}]}


def _document(did, status, kind, subject, encounter, author, org, when, description,
              content, identifiers=()) -> dict:
    return {"resourceType": "DocumentReference", "id": did, "status": status,
            "identifier": list(identifiers), "type": {"text": kind}, "subject": subject,
            "date": iso(when), "author": [author] if author else [], "custodian": org,
            "description": description, "content": [{"attachment": content}],
            "context": {"encounter": [encounter]}}


def _visit(bundle, visit, subject, org, people) -> None:
    vid = fhir_id(visit["id"])
    therapist = people(visit.get("practitioner_id"))
    encounter = ref("Encounter", vid, f"Massage therapy visit {iso(visit['date'])}")
    in_error = visit["status"] == "entered_in_error"
    bundle.add({"resourceType": "Encounter", "id": vid,
                "status": "entered-in-error" if in_error else "finished",
                "class": codes.AMBULATORY.coding(), "type": [{"text": "Massage therapy session"}],
                "subject": subject, "participant": [{"individual": therapist}],
                "period": {"start": iso(visit["date"]), "end": iso(visit["date"])},
                "reasonCode": [] if in_error else [
                    {"text": (visit.get("soap") or {}).get("chief_complaint")}],
                "serviceProvider": org})
    if in_error:
        # Marked, not dropped; its content stays out (it may describe someone else).
        why = (f"This note was entered in error on {iso(visit.get('entered_in_error_at'))}. "
               f"Reason: {visit.get('entered_in_error_reason') or 'not given'}.")
        bundle.add(_document(f"{vid}-note", "entered-in-error", "Session note", subject,
                             encounter, therapist, org, visit.get("entered_in_error_at"), why,
                             attachment(why.encode(), "text/plain; charset=utf-8",
                                        "Entered in error", visit.get("entered_in_error_at"))))
        return
    signer = people(visit.get("signed_by_id")) or therapist
    for obs in _scores(visit, vid, subject, encounter):
        bundle.add(obs)
    for i, marker in enumerate(visit.get("markers") or []):
        bundle.add(_finding(marker, i, visit, vid, subject, encounter, therapist))
    for i, row in enumerate(visit.get("techniques") or []):
        bundle.add(_procedure(row, i, visit, vid, subject, encounter, therapist))
    note = _note_text(visit).encode("utf-8")
    bundle.add(_document(
        f"{vid}-note", "current", "Session note (SOAP)", subject, encounter, signer, org,
        visit.get("signed_at"),
        f"Signed session note. SHA-256 of the signed content: {visit.get('content_hash')}",
        attachment(note, "text/plain; charset=utf-8", "Session note", visit.get("signed_at"))))
    for addendum in visit.get("addenda") or []:
        label = ADDENDUM_LABELS.get(addendum.get("kind"), "Addendum")
        body = f"{label}: {addendum['text']}\n".encode()
        bundle.add(_document(
            fhir_id(addendum["id"]), "current", label, subject, encounter,
            people(addendum.get("author_id")), org, addendum.get("created_at"),
            f"{label} to the note of {iso(visit['date'])}. Reason: {addendum.get('reason')}",
            attachment(body, "text/plain; charset=utf-8", label, addendum.get("created_at"))))


def _knot(knot: dict, subject: dict) -> dict:
    where = area_label(knot.get("muscle_id"), knot.get("side") or "")
    course = [f"Trigger point followed across visits ({where})"]
    if knot.get("first_seen"):
        course.append(f"first recorded {iso(knot['first_seen'])}")
    course.append(f"resolved {iso(knot['resolved_on'])}" if knot.get("resolved_on")
                  else "still active" if knot.get("status") == "active" else "resolved")
    muscle = MUSCLE_BY_ID.get(knot.get("muscle_id") or "")
    return {"resourceType": "BodyStructure", "id": fhir_id(knot["id"]), "active": True,
            "morphology": {"text": "Myofascial trigger point"},
            "location": {"text": muscle.name if muscle else "Unnamed muscle"},
            "locationQualifier": [{"text": SIDE_WORDS.get(knot.get("side") or "")}]
            if knot.get("side") in SIDE_WORDS else [],
            "description": ", ".join(course), "patient": subject}


def _sheet(sheet, visits_by_id, subject, org, people) -> dict:
    visit = visits_by_id.get(sheet.get("visit_id"))
    note = " It was issued for a visit later entered in error." if visit and visit[
        "status"] == "entered_in_error" else ""
    sections = ", ".join(sheet.get("sections") or [])
    encounter = ref("Encounter", fhir_id(visit["id"])) if visit else None
    return _document(
        fhir_id(sheet["id"]), "current", "Aftercare sheet", subject, encounter,
        people(sheet.get("issued_by_id")), org, sheet["issued_at"],
        f"Aftercare sheet ({sheet.get('paper')}) handed to the client"
        + (f": {sections}." if sections else ".") + f" SHA-256 of the PDF: {sheet['sha256']}."
        + note,
        attachment(sheet["pdf"], "application/pdf", "Aftercare sheet", sheet["issued_at"]),
        [sha256_identifier(sheet["sha256"])])


def build_bundle(record: dict) -> dict:
    """Return the Bundle dict for one client's record.

    record = {"generated_at": aware datetime,
              "clinic": {id, name, address, phone}, "client": {id, first_name, last_name,
              preferred_name, date_of_birth, phone, email, address, emergency_*},
              "practitioners": [{id, name}], "intakes": [see fhir_intake.intake_resources],
              "visits": [{id, status "signed"|"entered_in_error", date, visit_number,
                          duration_minutes, practitioner_id, signed_by_id, signed_at,
                          content_hash, soap {field: text}, rom, pain_before, pain_after, pgic,
                          techniques [row dicts], markers [marker dicts with knot_id],
                          addenda [{id, kind, reason, text, author_id, created_at}],
                          entered_in_error_reason, entered_in_error_at}],
              "knots": [{id, muscle_id, side, status, first_seen, resolved_on}],
              "sheets": [{id, visit_id, issued_at, issued_by_id, paper, sha256, pdf, sections}]}
    Drafts must not be passed; any that are are left out all the same.
    """
    bundle = _Bundle()
    clinic, client = record["clinic"], record["client"]
    org = ref("Organization", fhir_id(clinic["id"]), clinic["name"])
    subject = ref("Patient", fhir_id(client["id"]),
                  f"{client['first_name']} {client['last_name']}")
    bundle.add(_patient(client, org))
    bundle.add(_organization(clinic))
    names = {p["id"]: p["name"] for p in record.get("practitioners") or []}

    def people(user_id):
        return ref("Practitioner", fhir_id(user_id), names[user_id]) if user_id in names else None

    for user_id, name in names.items():
        bundle.add({"resourceType": "Practitioner", "id": fhir_id(user_id),
                    "name": [{"text": name}]})
    for resource in intake_resources(record.get("intakes") or [], subject, org, people):
        bundle.add(resource)
    visits = [v for v in record.get("visits") or [] if v["status"] in ("signed",
                                                                       "entered_in_error")]
    knots = {m["knot_id"] for v in visits if v["status"] == "signed"
             for m in v.get("markers") or []}
    for knot in record.get("knots") or []:
        if knot["id"] in knots:
            bundle.add(_knot(knot, subject))
    for visit in visits:
        _visit(bundle, visit, subject, org, people)
    by_id = {v["id"]: v for v in visits}
    for sheet in record.get("sheets") or []:
        bundle.add(_sheet(sheet, by_id, subject, org, people))
    return {"resourceType": "Bundle", "id": fhir_id(client["id"]) + "-record",
            "meta": {"lastUpdated": iso(record["generated_at"])}, "type": "collection",
            "timestamp": iso(record["generated_at"]), "entry": bundle.entries}


def resource_counts(bundle: dict) -> dict[str, int]:
    """Return how many resources of each type a bundle holds."""
    counts: dict[str, int] = {}
    for entry in bundle.get("entry") or []:
        kind = entry["resource"]["resourceType"]
        counts[kind] = counts.get(kind, 0) + 1
    return dict(sorted(counts.items()))
