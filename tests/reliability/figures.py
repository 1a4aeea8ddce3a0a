"""Figures the reliability families report (kills, saves, schedules, payloads × fields, 5xx)."""
from __future__ import annotations

import json
import os
from pathlib import Path

FILE = Path(os.environ.get("KNOTWORK_FIGURES", "test-artifacts/reliability-figures.jsonl"))


def add(family: str, **numbers) -> None:
    """Append one test's figures to the run's figures file."""
    FILE.parent.mkdir(parents=True, exist_ok=True)
    with FILE.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"family": family, **numbers}) + "\n")


def totals() -> dict[str, dict[str, int]]:
    """Return each family's summed figures from this run's file."""
    out: dict[str, dict[str, int]] = {}
    if not FILE.exists():
        return out
    for line in FILE.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        family = out.setdefault(item.pop("family"), {})
        for key, value in item.items():
            family[key] = family.get(key, 0) + value
    return out
