"""The configured languages (en, fr, es to start): codes, names and the check of a chosen one."""
from __future__ import annotations

from babel import Locale
from flask import current_app

from notes_app.errors import DomainError


def languages() -> tuple[str, ...]:
    """Return the configured language codes, the default first."""
    return tuple(current_app.config["LANGUAGES"])


def default_language() -> str:
    """Return the default language code (the first configured one)."""
    return languages()[0]


def is_language(code: str | None) -> bool:
    """Say whether a code is one of the configured languages (exact, lower-case match)."""
    return isinstance(code, str) and code in languages()


def language_name(code: str) -> str:
    """Return a language's name in that language ("Français"), for pickers."""
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, TypeError):  # babel's UnknownLocaleError is a ValueError
        return str(code)
    return name[:1].upper() + name[1:]


def language_choices() -> list[tuple[str, str]]:
    """Return (code, own name) pairs of the configured languages, for select fields."""
    return [(code, language_name(code)) for code in languages()]


def check_language(code: str | None, *, field: str = "language") -> str:
    """Return a configured language code; raises DomainError for anything else."""
    if not isinstance(code, str) or code not in current_app.config["LANGUAGES"]:
        raise DomainError("Choose one of the languages offered.", field=field)
    return code
