"""Issue 16: every rule and advice block names a source and a review; every block reads at grade 6.

Readability is measured with textstat 0.7.3 (Flesch-Kincaid grade), the same figure the issue uses.
"""
from __future__ import annotations

import dataclasses
import re

import pytest
import textstat

from notes_app.clinical import advice
from notes_app.clinical.advice_blocks import BLOCKS
from notes_app.clinical.contraindications import RULES
from notes_app.clinical.rule_types import SOURCES, cite, provenance_problems

FIELDS = {"emergency": "999", "advice": "NHS 111",
          "water_guide": "A rough guide is 6 to 8 glasses of drinks a day."}
MAX_GRADE = 6.0
MAX_SENTENCE_WORDS = 15


def test_every_rule_has_a_source_and_a_review():
    assert provenance_problems(RULES) == []


def test_every_advice_block_has_a_source_and_a_review():
    assert provenance_problems(BLOCKS) == []


@pytest.mark.parametrize("field, value", [("source", ""), ("reviewed_by", " "),
                                          ("reviewed_on", "not a date"),
                                          ("reviewed_on", "2999-01-01")])
def test_the_check_fails_when_provenance_is_missing(field, value):
    broken_rule = dataclasses.replace(RULES[0], **{field: value})
    broken_block = dataclasses.replace(BLOCKS[0], **{field: value})
    assert provenance_problems([broken_rule]) and provenance_problems([broken_block])


def test_every_rule_states_its_class_and_why():
    for rule in RULES:
        assert rule.why.startswith(rule.cls), rule.code


def test_citations_expand_known_keys_only():
    assert cite("NG158: 1.1.1").startswith(SOURCES["NG158"])
    with pytest.raises(KeyError):
        cite("NOT-A-SOURCE")


def _rendered(block):
    codes = frozenset({"neck_work", "marks_techniques"})
    rendered = advice._render(block, codes, FIELDS)
    extra = [c.text for c in block.cautions] + [s.text for s in block.swaps]
    extra += [t for g in block.groups for _, t in g.conditional]
    return advice.block_text(rendered, extra)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?:])\s+", text) if s.strip()]


@pytest.mark.parametrize("block", [b for b in BLOCKS if not b.dynamic or b.paragraphs],
                         ids=lambda b: b.id)
def test_every_block_reads_at_grade_six_in_short_sentences(block):
    text = _rendered(block)
    assert textstat.flesch_kincaid_grade(text) <= MAX_GRADE, text
    long = [s for s in _sentences(text) if len(s.split()) > MAX_SENTENCE_WORDS]
    assert long == []


def test_readability_measure_is_real():
    hard = ("Contraindications necessitate individualised consideration of haemodynamic "
            "instability, anticoagulation intensity and thromboembolic recurrence probability.")
    assert textstat.flesch_kincaid_grade(hard) > 12
