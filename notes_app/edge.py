"""The edge (#13): refuse bodies and query strings that are not valid Unicode before any view runs,
read JSON bodies safely, and render text already stored with lone surrogates without failing.
"""
from __future__ import annotations

from urllib.parse import unquote_to_bytes

from flask import Flask, jsonify, request
from markupsafe import Markup

from notes_app import jsondata
from notes_app.web import render_error

FORM = "application/x-www-form-urlencoded"


def _bad_pair(raw: bytes) -> str | None:
    """Return the name of the first urlencoded field that is not valid UTF-8, else None."""
    for pair in raw.split(b"&"):
        name, _, value = pair.partition(b"=")
        decoded_name = unquote_to_bytes(name.replace(b"+", b" "))
        try:
            decoded_name.decode("utf-8")
            unquote_to_bytes(value.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            return decoded_name.decode("utf-8", "replace")[:60] or "form"
    return None


def _refuse(field: str, status: int = 400, message: str | None = None):
    message = message or f"The text in “{field}” is not valid Unicode (UTF-8); nothing was saved."
    if request.is_json or request.accept_mimetypes.best == "application/json":
        return jsonify(jsondata.InvalidJSON(field, message, status).as_dict()), status
    return render_error(status, message)


def check_request():
    """Refuse a query string, form or JSON body holding text that is not valid Unicode."""
    bad = _bad_pair(request.query_string)
    if bad:
        return _refuse(bad)
    if request.mimetype == FORM:
        bad = _bad_pair(request.get_data(cache=True))
        if bad:
            return _refuse(bad)
    elif request.is_json and request.content_length != 0:
        raw = request.get_data(cache=True)
        if raw.strip():
            try:
                jsondata.loads(raw)  # also caps depth and refuses NaN; views then check a schema
            except jsondata.InvalidJSON as exc:
                return _refuse(exc.field, exc.status, exc.message)
    return None


def safe_output(value):
    """Replace lone surrogates in template output so bad stored text renders instead of failing."""
    # Most output is ASCII, which holds no surrogate: skip the search (a page has thousands).
    if isinstance(value, str) and not value.isascii() and jsondata.SURROGATE.search(value):
        replaced = jsondata.SURROGATE.sub("\ufffd", value)
        return Markup(replaced) if isinstance(value, Markup) else replaced
    return value


def register_edge(app: Flask) -> None:
    """Install the Unicode check before every request and the defensive template output."""
    app.before_request(check_request)
    app.jinja_env.finalize = safe_output
