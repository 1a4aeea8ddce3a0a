"""The Flask-free bundle builder: valid R4B, references resolve, values survive a round trip."""
from __future__ import annotations

import base64
import copy
import hashlib
from datetime import UTC, date, datetime

from notes_app.clinical.bodymap import AFTER_STATUSES
from notes_app.clinical.fhir import build_bundle, resource_counts
from notes_app.clinical.fhir_refs import fhir_id
from tests.records.fhir_checks import check_bundle, readable, resources

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
PDF = b"%PDF-1.4 fake sheet \xe2\x80\x94 bytes\n%%EOF"
SIGNATURE = "data:image/png;base64," + base64.b64encode(b"\x89PNG fake").decode()


def _record() -> dict:
    signed_at = datetime(2026, 11, 20, 17, 30, tzinfo=UTC)
    return {
        "generated_at": NOW,
        "clinic": {"id": "clinic_Id-1", "name": "Zürich Straße Massage", "address": "1 Quai",
                   "phone": "+41 44 000 00 00"},
        "client": {"id": "cli_ent-Pub1d", "first_name": "Zoë", "last_name": "Łukasiewicz",
                   "preferred_name": "Ελένη", "date_of_birth": date(1988, 3, 14),
                   "phone": "+44 7700 900123", "email": "zoe@example.org", "address": "",
                   "emergency_name": "Hằng Nguyễn", "emergency_relationship": "Sister",
                   "emergency_phone": "+44 7700 900999"},
        "practitioners": [{"id": "ther_apist1", "name": "Siobhán Ó Briain"}],
        "intakes": [{"id": "intake_v1", "version": 1,
                     "created_at": datetime(2026, 10, 1, 9, 0, tzinfo=UTC),
                     "signed_on": date(2026, 10, 1), "signed_name": "Zoë Łukasiewicz",
                     "guardian_name": "", "guardian_relationship": "", "consent_version": "2026-11",
                     "source": "therapist", "created_by_id": "ther_apist1",
                     "signature": SIGNATURE,
                     "data": {"reason": "Nacken – steif, Kopfschmerz ½ Tag",
                              "pain_areas": [{"region": "neck_back", "onset": "2026-09-01",
                                              "intensity": 6, "character": "ache"}],
                              "history": {"migraine": {"present": True, "details": "aura ×2"}},
                              "lifestyle": {"desk_hours": 8.5, "stress": 6,
                                            "jaw_clenching": True},
                              "new_question_from_the_future": "kept as text",
                              "consent": {"treatment": True, "deep_pressure": True,
                                          "intensity_ceiling": 6, "typed_name": "Zoë Ł.",
                                          "signed_on": "2026-10-01"}}}],
        "visits": [
            {"id": "visit_one", "status": "signed", "date": date(2026, 11, 20),
             "visit_number": 1, "duration_minutes": 60, "practitioner_id": "ther_apist1",
             "signed_by_id": "ther_apist1", "signed_at": signed_at, "content_hash": "ab" * 32,
             "pain_before": 7, "pain_after": 3, "pgic": 2,
             "rom": [{"movement": "Cervical rotation", "side": "R", "before": 55, "after": 65}],
             "soap": {"chief_complaint": "Kopfschmerz hinter dem rechten Auge",
                      "observations": "Aktiver TrP, rechts", "response": "Schmerz ↓4"},
             "techniques": [{"muscle_id": "UT", "side": "R", "technique": "ISC", "pressure": 4,
                             "client_intensity": 6, "minutes": None, "hold_seconds": 60,
                             "reps": 3, "response": "released"},
                            {"muscle_id": "upper_back", "side": "B", "technique": "EFF",
                             "pressure": 2, "client_intensity": None, "minutes": 8,
                             "hold_seconds": None, "reps": None, "response": ""}],
             "markers": [{"muscle_id": "UT", "side": "R", "kind": "active", "tenderness": 8,
                          "referral_reproduced": True, "referral_zone_ids": [],
                          "after_status": "reduced", "note": "reproduit la céphalée",
                          "knot_id": "knot_A1"}],
             "addenda": [{"id": "add_endum1", "kind": "late_entry", "reason": "Anruf",
                          "text": "Hat besser geschlafen – merci", "author_id": "ther_apist1",
                          "created_at": datetime(2026, 11, 21, 8, 0, tzinfo=UTC)}]},
            {"id": "visit_err", "status": "entered_in_error", "date": date(2026, 11, 22),
             "practitioner_id": "ther_apist1",
             "entered_in_error_at": datetime(2026, 11, 22, 9, 0, tzinfo=UTC),
             "entered_in_error_reason": "Written for the wrong client."},
            {"id": "visit_draft", "status": "draft", "date": date(2026, 11, 30),
             "practitioner_id": "ther_apist1", "soap": {"chief_complaint": "DRAFT-CANARY"}},
        ],
        "knots": [{"id": "knot_A1", "muscle_id": "UT", "side": "R", "status": "active",
                   "first_seen": date(2026, 11, 20), "resolved_on": None}],
        "sheets": [{"id": "sheet_1", "visit_id": "visit_one", "issued_at": signed_at,
                    "issued_by_id": "ther_apist1", "paper": "A4",
                    "sha256": hashlib.sha256(PDF).hexdigest(), "pdf": PDF,
                    "sections": ["After your session"]}],
    }


def _by_id(bundle, kind, rid):
    return next(r for r in resources(bundle, kind) if r["id"] == rid)


def test_the_bundle_is_valid_r4b_and_every_reference_resolves():
    bundle = build_bundle(_record())
    check_bundle(bundle)
    assert resource_counts(bundle) == {
        "BodyStructure": 1, "Consent": 1, "DocumentReference": 4, "Encounter": 2,
        "Observation": 4, "Organization": 1, "Patient": 1, "Practitioner": 1, "Procedure": 2,
        "Questionnaire": 1, "QuestionnaireResponse": 1}


def test_ids_are_the_public_ids_made_fhir_safe():
    bundle = build_bundle(_record())
    assert _by_id(bundle, "Patient", "cli.ent-Pub1d")
    assert _by_id(bundle, "Encounter", "visit.one")
    assert _by_id(bundle, "BodyStructure", "knot.A1")
    assert fhir_id("a_b-c") == "a.b-c"
    # Stable across exports: the same record gets the same entry URLs.
    assert [e["fullUrl"] for e in bundle["entry"]] == [
        e["fullUrl"] for e in build_bundle(_record())["entry"]]


def test_a_round_trip_keeps_every_value_including_letters_beyond_ascii():
    parsed = check_bundle(build_bundle(_record()))
    by_type: dict[str, list] = {}
    for entry in parsed.entry:
        by_type.setdefault(entry.resource.get_resource_type(), []).append(entry.resource)
    [patient] = by_type["Patient"]
    assert patient.name[0].family == "Łukasiewicz" and patient.name[0].given == ["Zoë"]
    assert patient.name[1].use == "usual" and patient.name[1].given == ["Ελένη"]
    assert patient.birthDate == date(1988, 3, 14)
    assert {(t.system, t.value) for t in patient.telecom} == {
        ("phone", "+44 7700 900123"), ("email", "zoe@example.org")}
    assert patient.contact[0].name.text == "Hằng Nguyễn"
    assert by_type["Organization"][0].name == "Zürich Straße Massage"
    assert by_type["Practitioner"][0].name[0].text == "Siobhán Ó Briain"

    obs = {o.id: o for o in by_type["Observation"]}
    before, after = obs["visit.one-pain-before"], obs["visit.one-pain-after"]
    assert (before.valueInteger, after.valueInteger) == (7, 3)
    assert before.code.coding[0].system == "http://loinc.org"
    assert before.code.coding[0].code == "72514-3"
    assert before.encounter.reference == after.encounter.reference
    assert obs["visit.one-pgic"].valueCodeableConcept.text == "2 - Much improved"
    finding = obs["visit.one-finding-1"]
    assert finding.bodySite.text == "Upper trapezius, right"
    assert finding.valueCodeableConcept.text == "Active trigger point"
    parts = {c.code.text: c for c in finding.component}
    assert parts["Tenderness (0-10)"].valueInteger == 8
    assert parts["Reproduces the familiar referred pain"].valueBoolean is True
    assert parts["After treatment"].valueCodeableConcept.text == dict(AFTER_STATUSES)["reduced"]
    assert finding.note[0].text == "reproduit la céphalée"
    knot_url = finding.bodySite.extension[0].valueReference.reference
    [knot_entry] = [e for e in parsed.entry if e.fullUrl == knot_url]
    assert knot_entry.resource.id == "knot.A1"

    procedures = {p.id: p for p in by_type["Procedure"]}
    isc = procedures["visit.one-technique-1"]
    assert isc.code.text == "Ischaemic compression"
    assert isc.bodySite[0].text == "Upper trapezius, right"
    assert isc.note[0].text == "Pressure 4 of 5 (Deep); 3 × 60 s hold; client intensity 6/10"
    assert isc.outcome.text == "Released"
    effleurage = procedures["visit.one-technique-2"]
    assert effleurage.note[0].text == "Pressure 2 of 5 (Light-medium); 8 min"
    assert procedures["visit.one-technique-2"].bodySite[0].text == "Upper back"

    docs = {d.id: d for d in by_type["DocumentReference"]}
    note = docs["visit.one-note"].content[0].attachment.data.decode()  # parsed: decoded bytes
    assert "Kopfschmerz hinter dem rechten Auge" in note and "Schmerz ↓4" in note
    assert "Cervical rotation (right), before 55°, after 65°" in note
    assert "ab" * 32 in docs["visit.one-note"].description
    addendum = docs["add.endum1"]
    assert addendum.type.text == "Late entry" and "Anruf" in addendum.description
    assert addendum.content[0].attachment.data.decode() == (
        "Late entry: Hat besser geschlafen – merci\n")
    sheet = docs["sheet.1"]
    pdf = sheet.content[0].attachment.data
    assert pdf == PDF and sheet.content[0].attachment.contentType == "application/pdf"
    assert hashlib.sha256(pdf).hexdigest() in sheet.description
    assert sheet.content[0].attachment.hash == hashlib.sha1(PDF).digest()  # noqa: S324
    assert sheet.identifier[0].value.startswith("ni:///sha-256;")


def test_the_intake_travels_as_a_questionnaire_response_with_typed_answers():
    bundle = build_bundle(_record())
    [questionnaire] = resources(bundle, "Questionnaire")
    [response] = resources(bundle, "QuestionnaireResponse")
    types = {}

    def collect(items):
        for item in items:
            types[item["linkId"]] = item["type"]
            collect(item.get("item") or [])
    collect(questionnaire["item"])

    answers = {}

    def gather(items):
        for item in items:
            assert item["linkId"] in types, item["linkId"]
            for answer in item.get("answer") or []:
                [(key, value)] = [(k, v) for k, v in answer.items() if k != "item"]
                expected = {"boolean": "valueBoolean", "integer": "valueInteger",
                            "decimal": "valueDecimal", "date": "valueDate",
                            "attachment": "valueAttachment"}.get(types[item["linkId"]],
                                                                 "valueString")
                assert key == expected, (item["linkId"], key, types[item["linkId"]])
                answers.setdefault(item["linkId"], []).append(value)
                gather(answer.get("item") or [])
            gather(item.get("item") or [])
    gather(response["item"])
    assert response["questionnaire"] == questionnaire["url"]
    assert answers["reason"] == ["Nacken – steif, Kopfschmerz ½ Tag"]
    assert answers["pain_areas.region"] == ["Back of the neck"]
    assert answers["pain_areas.onset"] == ["2026-09-01"]
    assert answers["pain_areas.intensity"] == [6]
    assert answers["pain_areas.character"] == ["Aching"]
    assert answers["history.migraine"] == [True]
    assert answers["history.migraine.details"] == ["aura ×2"]
    assert answers["lifestyle.desk_hours"] == [8.5] and answers["lifestyle.stress"] == [6]
    assert answers["new_question_from_the_future"] == ["kept as text"]
    assert answers["consent.signature"][0]["contentType"] == "image/png"
    # The whole form is described, answered or not.
    assert "history.pacemaker" in types and "lifestyle.sleep_hours" in types

    [consent] = resources(bundle, "Consent")
    assert consent["status"] == "active" and consent["dateTime"] == "2026-10-01"
    permits = {p["action"][0]["text"]: p["type"] for p in consent["provision"]["provision"]}
    assert permits["Deep pressure up to 6/10"] == "permit"
    assert permits["Work on sensitive areas"] == "deny"
    assert "6 out of 10" in consent["text"]["div"]


def test_an_answer_that_does_not_fit_its_question_travels_as_text():
    record = _record()
    record["intakes"][0]["data"]["lifestyle"]["stress"] = "quite high <b>"
    bundle = build_bundle(record)
    check_bundle(bundle)
    [response] = resources(bundle, "QuestionnaireResponse")
    lifestyle = next(i for i in response["item"] if i["linkId"] == "lifestyle")
    stress = next(i for i in lifestyle["item"] if i["linkId"] == "lifestyle.stress")
    assert stress["answer"] == [{"valueString": "quite high <b>"}]


def test_entered_in_error_is_marked_without_its_content_and_drafts_are_left_out():
    bundle = build_bundle(_record())
    check_bundle(bundle)
    error = _by_id(bundle, "Encounter", "visit.err")
    assert error["status"] == "entered-in-error"
    marker = _by_id(bundle, "DocumentReference", "visit.err-note")
    assert marker["status"] == "entered-in-error"
    assert "Written for the wrong client." in marker["description"]
    error_url = next(e["fullUrl"] for e in bundle["entry"] if e["resource"] is error)
    linked = [e["resource"]["id"] for e in bundle["entry"] if error_url in str(e["resource"])]
    assert linked == ["visit.err-note"]  # no scores, findings or techniques of that note
    text = readable(bundle)
    assert "visit.draft" not in text and "DRAFT-CANARY" not in text


def test_a_client_with_nothing_yet_still_exports_a_valid_bundle():
    record = _record()
    for key in ("intakes", "visits", "knots", "sheets", "practitioners"):
        record[key] = []
    bundle = build_bundle(record)
    check_bundle(bundle)
    assert resource_counts(bundle) == {"Organization": 1, "Patient": 1}
    only_intake = copy.deepcopy(_record())
    only_intake.update(visits=[], knots=[], sheets=[])
    assert resource_counts(check_bundle_and_return(only_intake)) == {
        "Consent": 1, "Organization": 1, "Patient": 1, "Practitioner": 1, "Questionnaire": 1,
        "QuestionnaireResponse": 1}


def check_bundle_and_return(record):
    bundle = build_bundle(record)
    check_bundle(bundle)
    return bundle


def test_a_minor_intake_names_the_guardian_who_signed():
    record = _record()
    record["intakes"][0].update(guardian_name="Ана Петрова", guardian_relationship="Mother")
    bundle = check_bundle_and_return(record)
    [guardian] = resources(bundle, "RelatedPerson")
    assert guardian["name"][0]["text"] == "Ана Петрова"
    [consent] = resources(bundle, "Consent")
    assert consent["performer"][0]["display"] == "Ана Петрова"
