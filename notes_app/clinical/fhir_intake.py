"""The intake in FHIR: a Questionnaire describing our form, one QuestionnaireResponse per version,
the Consent each version records, and the guardian who signed for a minor.

Answers keep their type (boolean, integer, decimal, date) where every version agrees with the
form; anything else travels as readable text, so no answer is ever dropped.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from notes_app.clinical import fhir_codes as codes
from notes_app.clinical.fhir_refs import fhir_id, full_url, narrative, ref
from notes_app.clinical.intake_schema import (
    CONSENT_TEXT_VERSION,
    FIELD_LABELS,
    HEALTH_HISTORY,
    MEDICATION_FLAGS,
    SECTION_LABELS,
    TODAY_CHECKS,
    VALUE_LABELS,
    consent_text,
)

QUESTIONNAIRE_ID = "knotwork-intake"
ENTRY_FIELDS = {
    "pain_areas": ("region", "onset", "intensity", "character", "aggravating", "easing"),
    "surgeries": ("region", "date", "details"), "injuries": ("region", "date", "kind", "details"),
    "scars": ("region", "healed"), "skin": ("region", "contagious", "widespread", "details"),
    "devices": ("region", "kind"),
}
GROUP_FIELDS = {
    "history_today": tuple(k for k, _ in TODAY_CHECKS),
    "medications": ("text", *(k for k, _, _ in MEDICATION_FLAGS)),
    "allergies": ("items", "other"), "pregnancy": ("pregnant", "weeks", "high_risk",
                                                      "weeks_since_birth", "caesarean"),
    "preferences": ("pressure", "avoid_regions", "sensitive_consent", "notes"),
    "lifestyle": ("occupation", "desk_hours", "screen_setup", "monitor_position", "phone_hours",
                  "phone_cradling", "driving_hours", "repetitive_tasks", "repetitive_hours",
                  "break_frequency", "stretches", "stress", "jaw_clenching",
                  "headaches_per_week", "activity_minutes_week", "sitting_hours",
                  "fluid_litres", "often_thirsty", "sleep_position", "pillow_type",
                  "pillow_age_years", "wake_stiff", "arm_overhead", "sleep_hours",
                  "previous_injuries"),
    "consent": ("version", "treatment", "deep_pressure", "intensity_ceiling", "sensitive_areas",
                "marks", "typed_name", "signed_on", "guardian_name", "guardian_relationship"),
}
SECTION_ORDER = ("reason", "goals", "pain_areas", "history", "history_today", "medications",
                 "allergies", "pregnancy", "surgeries", "injuries", "scars", "skin", "devices",
                 "preferences", "lifestyle", "consent")
BOOLEAN = {"healed", "contagious", "widespread", "pregnant", "high_risk", "caesarean",
           "phone_cradling",
           "stretches", "jaw_clenching", "often_thirsty", "wake_stiff", "arm_overhead",
           "treatment", "deep_pressure", "sensitive_areas", "marks",
           *GROUP_FIELDS["history_today"], *GROUP_FIELDS["medications"][1:]}
INTEGER = {"intensity", "weeks", "weeks_since_birth", "stress", "headaches_per_week",
           "activity_minutes_week", "intensity_ceiling"}
DECIMAL = {"desk_hours", "phone_hours", "driving_hours", "repetitive_hours", "sitting_hours",
           "fluid_litres", "pillow_age_years", "sleep_hours"}
DATES = {"onset", "date", "signed_on"}
LISTS = {"items", "avoid_regions", "sensitive_consent", "repetitive_tasks"}
VALUE_KEYS = {"boolean": "valueBoolean", "integer": "valueInteger", "decimal": "valueDecimal",
              "date": "valueDate", "string": "valueString", "text": "valueString",
              "attachment": "valueAttachment"}


def _declared(key: str) -> str:
    if key in BOOLEAN:
        return "boolean"
    if key in INTEGER:
        return "integer"
    if key in DECIMAL:
        return "decimal"
    return "date" if key in DATES else "string"


def _natural(key: str, value: Any) -> str:
    """Return the FHIR answer type a stored value has on its own."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "decimal"
    if key in DATES and isinstance(value, str):
        try:
            date.fromisoformat(value)
            return "date"
        except ValueError:
            return "string"
    return "string"


def _label(key: str) -> str:
    return FIELD_LABELS.get(key, key.replace("_", " ").capitalize())


def _shown(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    vocab = VALUE_LABELS.get(key, {})
    return vocab.get(value, str(value)) if isinstance(value, str) else str(value)


def _leaf(link: str, key: str, value: Any) -> dict | None:
    """Return a response node for one answer (None when unanswered)."""
    values = value if isinstance(value, (list, tuple)) else [value]
    values = [v for v in values if v not in (None, "")]
    if not values:
        return None
    return {"link": link, "key": key, "text": _label(key), "values": values}


def _walk(data: Mapping) -> list[dict]:
    """Turn an intake dict into response nodes, in the form's order, unknown keys last."""
    nodes: list[dict] = []
    for section in [*SECTION_ORDER, *sorted(k for k in data if k not in SECTION_ORDER)]:
        if section not in data:
            continue
        value, title = data[section], SECTION_LABELS.get(section, _label(section))
        if isinstance(value, Mapping):
            children = []
            for key, answer in value.items():
                if section == "history" and isinstance(answer, Mapping):
                    item = next((h for h in HEALTH_HISTORY if h.key == key), None)
                    node = _leaf(f"history.{key}", key, answer.get("present"))
                    if node:
                        node["text"] = item.label if item else _label(key)
                        details = _leaf(f"history.{key}.details", "details",
                                        answer.get("details"))
                        node["children"] = [details] if details else []
                        children.append(node)
                elif not isinstance(answer, Mapping):
                    children.append(_leaf(f"{section}.{key}", key, answer))
            children = [c for c in children if c]
            if children:
                nodes.append({"link": section, "text": title, "children": children})
        elif isinstance(value, list) and all(isinstance(v, Mapping) for v in value):
            for entry in value:
                children = [_leaf(f"{section}.{k}", k, v) for k, v in entry.items()
                            if not isinstance(v, (Mapping, list))]
                if any(children):
                    nodes.append({"link": section, "text": title, "repeats": True,
                                  "children": [c for c in children if c]})
        else:
            node = _leaf(section, section, value)
            if node:
                node["text"] = title
                nodes.append(node)
    return nodes


def _skeleton() -> list[dict]:
    """Return the form's questions as Questionnaire nodes (every known field)."""
    out = []
    for section in SECTION_ORDER:
        title = SECTION_LABELS[section]
        if section in ("reason", "goals"):
            out.append({"link": section, "text": title, "type": "text"})
        elif section == "history":
            out.append({"link": section, "text": title, "children": [
                {"link": f"history.{h.key}", "text": h.label, "type": "boolean",
                 "children": [{"link": f"history.{h.key}.details", "text": "Details",
                               "type": "string"}] if h.takes_details else []}
                for h in HEALTH_HISTORY]})
        else:
            fields = ENTRY_FIELDS.get(section) or GROUP_FIELDS[section]
            out.append({"link": section, "text": title, "repeats": section in ENTRY_FIELDS,
                        "children": [{"link": f"{section}.{k}", "text": _label(k),
                                      "type": _declared(k), "repeats": k in LISTS}
                                     for k in fields]})
    consent = next(n for n in out if n["link"] == "consent")
    consent["children"].append({"link": "consent.signature", "text": "Signature",
                                "type": "attachment"})
    return out


def _merge(form: list[dict], nodes: list[dict], types: dict[str, set]) -> None:
    """Add answered questions the form does not know yet, and note each answer's type."""
    for node in nodes:
        known = next((q for q in form if q["link"] == node["link"]), None)
        if known is None:
            known = {"link": node["link"], "text": node["text"],
                     "repeats": node.get("repeats", False),
                     "type": None if "values" not in node else _declared(node["key"])}
            if "values" in node and node["key"] not in DATES | BOOLEAN | INTEGER | DECIMAL:
                known["type"] = _natural(node["key"], node["values"][0])
            form.append(known)
        if "values" in node:
            types.setdefault(node["link"], set()).update(
                _natural(node["key"], v) for v in node["values"])
            known["repeats"] = known.get("repeats") or len(node["values"]) > 1
        _merge(known.setdefault("children", []), node.get("children") or [], types)


def _settle(form: list[dict], types: dict[str, set]) -> dict[str, str]:
    """Fix each question's type: the declared one if every answer fits, else string."""
    final = {}
    for q in form:
        if q.get("type") and q["type"] != "attachment":
            seen = types.get(q["link"], set())
            fits = seen <= {q["type"]} or (q["type"] == "decimal" and seen <= {"decimal",
                                                                              "integer"})
            q["type"] = q["type"] if fits else "string"
            final[q["link"]] = q["type"]
        final.update(_settle(q.get("children") or [], types))
    return final


def _answer(node: dict, kind: str) -> list[dict]:
    if kind in ("string", "text"):
        return [{"valueString": _shown(node["key"], v)} for v in node["values"]]
    if kind == "decimal":
        return [{"valueDecimal": float(v)} for v in node["values"]]
    return [{VALUE_KEYS[kind]: v} for v in node["values"]]


def _response_items(nodes: list[dict], final: dict[str, str]) -> list[dict]:
    items = []
    for node in nodes:
        item = {"linkId": node["link"], "text": node["text"]}
        children = _response_items(node.get("children") or [], final)
        if "values" in node:
            item["answer"] = _answer(node, final[node["link"]])
            if children:
                item["answer"][0]["item"] = children  # details belong to the "yes" answer
        else:
            item["item"] = children
        items.append(item)
    return items


def _questionnaire_items(form: list[dict]) -> list[dict]:
    return [{"linkId": q["link"], "text": q["text"], "type": q.get("type") or "group",
             "repeats": True if q.get("repeats") else None,
             "item": _questionnaire_items(q.get("children") or [])} for q in form]


def _signature(intake: dict) -> dict | None:
    url = intake.get("signature") or ""
    head, _, data = url.partition(",")
    if not head.startswith("data:") or ";base64" not in head or not data:
        return None
    return {"linkId": "consent.signature", "text": "Signature", "answer": [{"valueAttachment": {
        "contentType": head[5:].split(";")[0], "data": data,
        "title": f"Signature of {intake.get('signed_name') or 'the client'}"}}]}


def _consent(intake, iid, latest, subject, org, qr_ref, guardian) -> dict:
    data = intake.get("data") or {}
    given = data.get("consent") if isinstance(data.get("consent"), Mapping) else {}
    ceiling = given.get("intensity_ceiling")
    ceiling = ceiling if isinstance(ceiling, int) and not isinstance(ceiling, bool) else 7
    parts, wording = [], []
    for key, label in (("treatment", "Massage, including deep-tissue and trigger-point work"),
                       ("deep_pressure", f"Deep pressure up to {ceiling}/10"),
                       ("sensitive_areas", "Work on sensitive areas"),
                       ("marks", "Techniques that can leave marks (cupping, tools)")):
        agreed = given.get(key) is True
        parts.append({"type": "permit" if agreed else "deny", "action": [{"text": label}]})
        wording.append(("Agreed: " if agreed else "Not agreed: ") + consent_text(key, ceiling))
    # The client read and signed the texts in their own language: the record carries those.
    read = intake.get("consent_read") if isinstance(intake.get("consent_read"), Mapping) else {}
    if read.get("texts"):
        wording.append(f"The client read and signed these texts in language "
                       f"\"{read.get('language')}\":")
        wording += [str(read["texts"].get(key) or "") for key in
                    ("treatment", "deep_pressure", "sensitive_areas", "marks")]
    return {"resourceType": "Consent", "id": f"{iid}-consent",
            "text": narrative(wording), "status": "active" if latest else "inactive",
            "scope": {"coding": [codes.CONSENT_TREATMENT.coding()], "text": "Treatment"},
            "category": [{"coding": [codes.CONSENT_DOCUMENT.coding()],
                          "text": f"Massage therapy consent (text version "
                                  f"{intake.get('consent_version') or CONSENT_TEXT_VERSION})"}],
            "patient": subject, "dateTime": intake["signed_on"].isoformat(),
            "performer": [guardian or subject], "organization": [org],
            "sourceReference": qr_ref,
            "provision": {"type": "permit", "provision": parts}}


def intake_resources(intakes: list[dict], subject: dict, org: dict, people) -> list[dict]:
    """Return the Questionnaire, and per intake its response, Consent and any guardian.

    intakes = [{id, version, created_at, signed_on (date), signed_name, guardian_name,
                guardian_relationship, consent_version, source, created_by_id, data, signature}]
    """
    if not intakes:
        return []
    walked = [_walk(i.get("data") if isinstance(i.get("data"), Mapping) else {})
              for i in intakes]
    form, types = _skeleton(), {}
    for nodes in walked:
        _merge(form, nodes, types)
    final = _settle(form, types)
    url = full_url("Questionnaire", QUESTIONNAIRE_ID)
    out = [{"resourceType": "Questionnaire", "id": QUESTIONNAIRE_ID, "url": url,
            "version": CONSENT_TEXT_VERSION, "name": "KnotworkIntake",
            "title": "Knotwork massage therapy intake", "status": "active",
            "subjectType": ["Patient"], "item": _questionnaire_items(form)}]
    newest = max(i["version"] for i in intakes)
    for intake, nodes in zip(intakes, walked, strict=True):
        iid = fhir_id(intake["id"])
        items = _response_items(nodes, final)
        signature = _signature(intake)
        consent_item = next((i for i in items if i["linkId"] == "consent"), None)
        if signature and consent_item is None:
            consent_item = {"linkId": "consent", "text": SECTION_LABELS["consent"], "item": []}
            items.append(consent_item)
        if signature:
            consent_item["item"].append(signature)
        guardian = None
        if intake.get("guardian_name"):
            out.append({"resourceType": "RelatedPerson", "id": f"{iid}-guardian",
                        "patient": subject, "name": [{"text": intake["guardian_name"]}],
                        "relationship": [{"text": intake.get("guardian_relationship")
                                          or "Guardian"}]})
            guardian = ref("RelatedPerson", f"{iid}-guardian", intake["guardian_name"])
        author = people(intake.get("created_by_id")) if intake.get("source") != "client" \
            else subject
        out.append({"resourceType": "QuestionnaireResponse", "id": iid, "questionnaire": url,
                    "status": "completed", "subject": subject,
                    "authored": intake["created_at"].isoformat(), "author": author,
                    "source": guardian or subject, "item": items})
        out.append(_consent(intake, iid, intake["version"] == newest, subject, org,
                            ref("QuestionnaireResponse", iid), guardian))
    return out
