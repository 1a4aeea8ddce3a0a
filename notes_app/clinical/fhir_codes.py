"""Every coded value the FHIR export uses, each with the source it was taken from.

Rule (issue 15): no code from memory. A concept without an entry here travels as text only
(CodeableConcept.text), which every FHIR reader can show. Add a code only with its source URL.
"""
from __future__ import annotations

from typing import NamedTuple

FHIR_VERSION = "4.3.0"  # R4B: the release fhir.resources 7.x/8.x validates (R4 4.0.1 only in 5.x)


class Code(NamedTuple):
    """One coding and where it was read."""

    system: str
    code: str
    display: str | None
    source: str

    def coding(self) -> dict:
        """Return the FHIR Coding dict (display only where the source gives it)."""
        out = {"system": self.system, "code": self.code}
        if self.display:
            out["display"] = self.display
        return out


# Given by issue 15: the 0-10 numeric pain rating.
PAIN_NRS = Code("http://loinc.org", "72514-3", None,
                "issue 15; https://loinc.org/72514-3/")
# Encounter.class (1..1 in R4B): care in a clinic on a non-resident basis.
AMBULATORY = Code("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory",
                  "https://terminology.hl7.org/CodeSystem-v3-ActCode.html#v3-ActCode-AMB")
# Observation.category: pain and impression-of-change scores vs findings under the hands.
SURVEY = Code("http://terminology.hl7.org/CodeSystem/observation-category", "survey", "Survey",
              "https://hl7.org/fhir/R4/codesystem-observation-category.html")
EXAM = Code("http://terminology.hl7.org/CodeSystem/observation-category", "exam", "Exam",
            "https://hl7.org/fhir/R4/codesystem-observation-category.html")
# Consent.scope (1..1) and Consent.category (1..*), as in the specification's own example.
CONSENT_TREATMENT = Code("http://terminology.hl7.org/CodeSystem/consentscope", "treatment",
                         "Treatment",
                         "https://terminology.hl7.org/CodeSystem-consentscope.html; "
                         "https://hl7.org/fhir/R4B/consent-example.json.html")
CONSENT_DOCUMENT = Code("http://loinc.org", "59284-0", None,
                        "https://hl7.org/fhir/R4B/consent-example.json.html")

# Structural URLs from the FHIR specification itself (not code systems).
BODY_SITE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/bodySite"  # Reference(BodyStructure)
BODY_SITE_SOURCE = "https://hl7.org/fhir/R4B/extension-bodysite.html"
URI_SYSTEM = "urn:ietf:rfc:3986"  # Identifier.system: "the value is a URI"
URI_SYSTEM_SOURCE = "https://terminology.hl7.org/NamingSystem-uri.html"

ALL_CODES = (PAIN_NRS, AMBULATORY, SURVEY, EXAM, CONSENT_TREATMENT, CONSENT_DOCUMENT)
