"""Ids, entry URLs and references shared by the FHIR export's builders (no Flask, no database)."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from html import escape
from typing import Any

# uuid5 namespace for entry fullUrls: the same record always gets the same urn:uuid.
NAMESPACE = uuid.UUID("0b6f7c7e-2f55-5d1e-9a7e-6b6e6f74776b")


def fhir_id(public_id: str) -> str:
    """Return a public id as a FHIR id: '_' is not allowed there, '.' never occurs in ours."""
    return public_id.replace("_", ".")


def full_url(resource_type: str, rid: str) -> str:
    """Return the stable urn:uuid that names a resource inside every export of it."""
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{resource_type}/{rid}')}"


def ref(resource_type: str, rid: str, display: str | None = None) -> dict:
    """Return a Reference to a resource of this bundle."""
    out = {"reference": full_url(resource_type, rid)}
    if display:
        out["display"] = display
    return out


def prune(value: Any) -> Any:
    """Drop None, empty strings, lists and dicts: FHIR refuses empty values."""
    if isinstance(value, dict):
        out = {k: prune(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [v for v in (prune(v) for v in value) if v not in (None, "", [], {})]
    return value


def iso(value: date | datetime | None) -> str | None:
    """Return an ISO date or timezone-aware datetime for FHIR, or None."""
    return value.isoformat() if value is not None else None


def narrative(paragraphs: list[str]) -> dict:
    """Return a Narrative whose XHTML holds the paragraphs, escaped."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs if p)
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>'}
