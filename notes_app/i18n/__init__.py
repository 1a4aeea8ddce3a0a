"""Languages: Flask-Babel set-up, whose language a request is in, and the compiled catalogs.

A client's pages follow the client record's preferred language, a staff member's their own
setting; before anyone signs in, the browser's Accept-Language picks among the configured ones.
"""
from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, g, request
from flask_babel import Babel, get_locale
from flask_login import current_user
from markupsafe import Markup

from notes_app.languages import is_language, language_name, languages

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"

babel = Babel()


def _client_language(user) -> str | None:
    from sqlalchemy import select

    from notes_app.clients.models import Client
    from notes_app.extensions import db

    return db.session.scalar(select(Client.preferred_language)
                             .where(Client.portal_user_id == user.id))


def select_locale() -> str:
    """Pick the request's language: the client's, the staff member's, else Accept-Language."""
    if "knotwork_locale" in g:
        return g.knotwork_locale
    code = None
    if current_user and current_user.is_authenticated:
        code = _client_language(current_user) if current_user.role == "client" \
            else current_user.language
    if not is_language(code):
        code = request.accept_languages.best_match(languages()) if request else None
    g.knotwork_locale = code if is_language(code) else current_app.config["BABEL_DEFAULT_LOCALE"]
    return g.knotwork_locale


# English keeps the house's day-month-year forms; other languages use Babel's patterns.
_DATE_STYLES = {
    "long": ("%d %B %Y", "long"),
    "weekday": ("%A %d %B", "EEEE d MMMM"),
    "weekday_long": ("%A %d %B %Y", "full"),
    "short": ("%d %b %Y", "medium"),
    "month": ("%B %Y", "LLLL y"),
}


def format_day(value, style: str = "long", locale: str | None = None) -> str:
    """Format a date for a language ("18 novembre 2026", "1er décembre", "18 de noviembre")."""
    from babel.dates import format_date

    if value is None:
        return ""
    code = str(locale or get_locale() or "en")
    english, pattern = _DATE_STYLES[style]
    if code == "en":
        return value.strftime(english)
    if code == "es" and style == "weekday":
        pattern = "EEEE d 'de' MMMM"
    if code == "es" and style == "month":
        pattern = "LLLL 'de' y"
    text = format_date(value, pattern, locale=code)
    if code == "fr" and value.day == 1:
        text = text.replace(" 1 ", " 1er ", 1) if not text.startswith("1 ") else "1er " + text[2:]
    return text


def tag(name: str, text, css_class: str = "", attribute: str = "") -> Markup:
    """Return text escaped inside one element, to fill a translated sentence's placeholder."""
    attrs = (f' class="{css_class}"' if css_class else "") + (f" {attribute}" if attribute else "")
    return Markup(f"<{name}{attrs}>{{}}</{name}>").format(text)


def compile_catalogs(directory: Path = TRANSLATIONS_DIR, *, force: bool = False) -> list[Path]:
    """Compile every messages.po whose .mo is missing or older; return the files written."""
    written = []
    for po_path in sorted(directory.glob("*/LC_MESSAGES/messages.po")):
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        written.append(mo_path)
    return written


def init_app(app: Flask) -> None:
    """Bind Flask-Babel, compiling the catalogs first when a fresh clone has no .mo files."""
    try:
        compile_catalogs()
    except OSError:  # a read-only install: the install step compiled them
        app.logger.warning("translation catalogs could not be compiled")
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(TRANSLATIONS_DIR))
    app.jinja_env.globals["language_name"] = language_name
    app.jinja_env.globals["page_language"] = lambda: str(get_locale() or "en")
    app.jinja_env.filters["day"] = format_day
    app.jinja_env.globals["tag"] = tag
