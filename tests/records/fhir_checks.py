"""Checks shared by the FHIR export tests: validation, reference resolution, codings used."""
from __future__ import annotations

from fhir.resources.R4B.bundle import Bundle

from notes_app.clinical import fhir_codes


def walk(value, path=""):
    """Yield (path, key, value) for every key of nested dicts and lists."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield path, key, item
            yield from walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from walk(item, f"{path}[{i}]")


def validate(bundle: dict) -> Bundle:
    """Parse the bundle with fhir.resources (R4B); raises on anything the spec refuses."""
    return Bundle.model_validate(bundle)


def unresolved_references(bundle: dict) -> list[str]:
    """Return every reference (and questionnaire canonical) with no entry in the bundle."""
    urls = {e["fullUrl"] for e in bundle["entry"]}
    canonicals = {e["resource"].get("url") for e in bundle["entry"]}
    bad = []
    for path, key, value in walk(bundle):
        if key == "reference" and value not in urls:
            bad.append(f"{path}: {value}")
        if key == "questionnaire" and value not in canonicals:
            bad.append(f"{path}: {value}")
    return bad


def codings(bundle: dict) -> set[tuple[str, str]]:
    """Return every (system, code) pair used in the bundle."""
    return {(v.get("system"), v.get("code")) for _, key, value in walk(bundle)
            if key == "coding" for v in value} | {
        (v["system"], v["code"]) for _, key, v in walk(bundle)
        if key == "class" and isinstance(v, dict)}


def cited() -> set[tuple[str, str]]:
    """Return the codes the repository's cited list allows."""
    return {(c.system, c.code) for c in fhir_codes.ALL_CODES}


def resources(bundle: dict, kind: str) -> list[dict]:
    """Return the bundle's resources of one type."""
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def check_bundle(bundle: dict) -> Bundle:
    """Run every structural check and return the parsed bundle."""
    parsed = validate(bundle)
    assert bundle["type"] == "collection"
    assert unresolved_references(bundle) == []
    full_urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(full_urls) == len(set(full_urls))
    keys = [(e["resource"]["resourceType"], e["resource"]["id"]) for e in bundle["entry"]]
    assert len(keys) == len(set(keys))
    assert codings(bundle) <= cited(), codings(bundle) - cited()
    return parsed


def readable(bundle: dict) -> str:
    """Return the bundle as text with every attachment decoded, to search for what it holds."""
    import base64
    import json

    parts = [json.dumps(bundle, ensure_ascii=False)]
    for _, key, value in walk(bundle):
        if key in ("attachment", "valueAttachment") and value.get("data"):
            parts.append(base64.b64decode(value["data"]).decode("utf-8", "replace"))
    return "\n".join(parts)
