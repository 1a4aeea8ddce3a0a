"""Catalog quality: every marked string translated in every language, placeholders kept."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from config import Config
from notes_app.i18n import TRANSLATIONS_DIR

ROOT = Path(__file__).resolve().parents[2]
LANGS = [code for code in Config.LANGUAGES if code != Config.BABEL_DEFAULT_LOCALE]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{(\w*)\}")
TAG = re.compile(r"</?([a-z]+)[^>]*>")


def catalog(lang: str):
    with (TRANSLATIONS_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=lang)


def pairs(message):
    """Yield (source, translation) pairs of a message, plural forms included."""
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strs = message.string if isinstance(message.string, tuple) else (message.string,)
    for i, text in enumerate(strs):
        yield ids[min(i, len(ids) - 1)], text


def extracted_ids(tmp_path) -> set:
    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), "extract", "-F", "babel.cfg", "-k", "_l", "-k", "N_",
                    "--no-location", "--ignore-dirs", ".* __pycache__", "-o", str(pot),
                    "notes_app", "templates"],
                   cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as f:
        return {m.id for m in read_po(f) if m.id}


@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_is_translated_and_none_is_fuzzy(lang):
    cat = catalog(lang)
    messages = [m for m in cat if m.id]
    assert len(messages) > 0
    untranslated = [m.id for m in messages if not all(t.strip() for _, t in pairs(m))]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert untranslated == [] and fuzzy == []
    assert not cat.obsolete, "run make translations (obsolete entries)"


@pytest.mark.parametrize("lang", LANGS)
def test_placeholders_and_markup_match_the_english(lang):
    for message in catalog(lang):
        if not message.id:
            continue
        for source, text in pairs(message):
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), \
                (message.id, text)
            assert TAG.findall(text) == TAG.findall(source), (message.id, text)


def test_catalogs_hold_every_string_marked_in_the_sources(tmp_path):
    marked = extracted_ids(tmp_path)
    for lang in LANGS:
        have = {m.id for m in catalog(lang) if m.id}
        assert sorted(map(str, marked - have)) == [], f"{lang}: run make translations"


def test_every_configured_language_has_a_catalog():
    for lang in LANGS:
        assert (TRANSLATIONS_DIR / lang / "LC_MESSAGES" / "messages.po").exists()
