"""The cross-cutting HTTP layer: request ids, security headers, error pages, health check."""
from __future__ import annotations

import io
import logging
import uuid
from datetime import date

from flask import Flask, g, jsonify, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import text
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wsgi import get_content_length

from notes_app import audit
from notes_app.access import PUBLIC, policy
from notes_app.extensions import db

log = logging.getLogger("knotwork")

# R-W2: no inline script anywhere, nothing from other origins (clinics may be offline).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)

ERROR_TEXT = {
    400: ("Bad request", "The request could not be understood. Go back and try again."),
    403: ("Not allowed", "Your account does not have access to this page."),
    404: ("Not found", "There is nothing here, or you do not have access to it."),
    405: ("Not allowed", "That action is not available here."),
    409: ("Conflict", "This record changed or is locked; reload it and try again."),
    413: ("Too large", "What you sent is larger than Knotwork accepts (2 MiB)."),
    429: ("Too many attempts", "Please wait a little and try again."),
    500: ("Something went wrong", "Nothing was saved from this request. Please try again."),
}


def assign_request_id() -> None:
    """Give every request an id that errors and audit rows can quote."""
    g.request_id = uuid.uuid4().hex[:16]


def set_security_headers(response):
    """Add the R-W2 headers; authenticated and dynamic pages are never cached."""
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    # frame-ancestors covers modern browsers; X-Frame-Options the ones that ignore CSP.
    response.headers["X-Frame-Options"] = "DENY"
    # same-origin, never no-referrer: Flask-WTF's SSL-strict check needs the Referer.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Request-Id"] = g.get("request_id", "")
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    from flask import current_app
    if current_app.config.get("HSTS"):
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return response


class ChunkedBodyLimit:
    """WSGI middleware: buffer a body sent without Content-Length, so one over the limit is
    refused with 413 instead of being cut at the limit and half-processed (#13 item 7)."""

    def __init__(self, wsgi_app, app: Flask):
        self.wsgi_app, self.app = wsgi_app, app

    def __call__(self, environ, start_response):
        limit = self.app.config.get("MAX_CONTENT_LENGTH")
        # gunicorn and Werkzeug's server de-chunk and mark the stream terminated.
        if (limit and environ.get("wsgi.input_terminated")
                and get_content_length(environ) is None):
            stream, body = environ["wsgi.input"], bytearray()
            while len(body) <= limit:
                chunk = stream.read(min(64 * 1024, limit + 1 - len(body)))
                if not chunk:
                    break
                body += chunk
            # A length one past the limit makes Werkzeug answer 413 as for a declared one.
            environ["wsgi.input"] = io.BytesIO(bytes(body))
            environ["CONTENT_LENGTH"] = str(len(body))
            environ.pop("HTTP_TRANSFER_ENCODING", None)
            del environ["wsgi.input_terminated"]
        return self.wsgi_app(environ, start_response)


def refuse_oversized_body() -> None:
    """Answer 413 for a body over the limit even when no form or JSON reader touches it."""
    from flask import abort, current_app

    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit and (request.content_length or 0) > limit:
        abort(413)


def wants_json() -> bool:
    """Tell whether the caller is a script that expects JSON rather than a page."""
    return request.is_json or request.accept_mimetypes.best == "application/json"


def render_error(code: int, message: str | None = None):
    """Render a fixed error page (or JSON) that leaks nothing but a request id (R-E1)."""
    title, default_text = ERROR_TEXT.get(code, ERROR_TEXT[500])
    body = message or default_text
    if wants_json():
        return jsonify(error=title, message=body, request_id=g.get("request_id", "")), code
    return render_template("errors/error.html", code=code, title=title, message=body), code


def handle_http_error(exc: HTTPException):
    """Map an HTTP error onto the error page."""
    return render_error(exc.code or 500)


def handle_csrf_error(exc: CSRFError):
    """A missing or stale CSRF token is a 400 with a plain explanation."""
    return render_error(400, "This form expired or was sent from elsewhere. "
                             "Reload the page and try again.")


def handle_unexpected(exc: Exception):
    """Roll back, log with the request id and answer a generic 500."""
    if isinstance(exc, HTTPException):
        return handle_http_error(exc)
    db.session.rollback()
    log.exception("unhandled error request_id=%s", g.get("request_id", ""))
    return render_error(500)


@policy(PUBLIC)
def healthz():
    """Answer 200 when the app can reach its database."""
    db.session.execute(text("SELECT 1"))
    return jsonify(status="ok")


def user_context():
    """Expose the current user's role to every template."""
    return {"is_staff": current_user.is_authenticated and current_user.is_staff,
            "today": date.today()}


def register_web(app: Flask) -> None:
    """Install request ids, headers, error handlers and /healthz on the app."""
    app.wsgi_app = ChunkedBodyLimit(app.wsgi_app, app)
    hops = app.config.get("TRUSTED_PROXIES") or 0
    if hops:
        # The client address (audit, throttle) and https come from the last `hops` proxies only.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    app.before_request(assign_request_id)
    app.before_request(refuse_oversized_body)
    app.after_request(set_security_headers)
    app.context_processor(user_context)
    # Refused attempts are audited after the request's own transaction ends (audit.py).
    app.teardown_request(audit.write_refusals)
    for code in (400, 403, 404, 405, 409, 413, 429, 500):
        app.register_error_handler(code, handle_http_error)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(Exception, handle_unexpected)
    app.add_url_rule("/healthz", "healthz", healthz)
