"""Outgoing mail: SMTP when configured, otherwise the outbox table the clinic admin can read."""
from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import after_this_request, current_app, has_request_context

from notes_app.extensions import db
from notes_app.outbox import OutboxMessage

log = logging.getLogger("knotwork.mail")

# With SMTP the outbox keeps only who/what/when: a stored live link would be a way into an account.
SMTP_BODY_PLACEHOLDER = "(Delivered by SMTP. The message text is not kept.)"


def smtp_settings() -> dict | None:
    """Return the SMTP settings of the current app, or None when mail goes to the outbox."""
    cfg = current_app.config
    if not cfg.get("MAIL_SERVER"):
        return None
    use_tls = bool(cfg.get("MAIL_USE_TLS"))
    return {
        "server": cfg["MAIL_SERVER"],
        "port": cfg.get("MAIL_PORT") or (587 if use_tls else 25),
        "username": cfg.get("MAIL_USERNAME"),
        "password": cfg.get("MAIL_PASSWORD"),
        "use_tls": use_tls,
        "sender": cfg.get("MAIL_FROM") or cfg.get("MAIL_USERNAME") or "knotwork@localhost",
    }


def deliver(settings: dict, to: str, subject: str, body: str) -> bool:
    """Hand one message to the SMTP server; return False (and log, without the body) on failure."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = settings["sender"], to, subject
    message.set_content(body)
    try:
        with smtplib.SMTP(settings["server"], settings["port"], timeout=15) as smtp:
            if settings["use_tls"]:
                smtp.starttls()
            if settings["username"]:
                smtp.login(settings["username"], settings["password"] or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        log.error("mail delivery failed: %s", type(exc).__name__)
        return False
    return True


def send_mail(to: str, subject: str, body: str, *, clinic_id: int | None = None,
              defer: bool = False) -> OutboxMessage:
    """Send a mail and record it in the outbox (the caller commits)."""
    settings = smtp_settings()
    row = OutboxMessage(clinic_id=clinic_id, to=to, subject=subject,
                        body=body if settings is None else SMTP_BODY_PLACEHOLDER,
                        sent_via="outbox" if settings is None else "smtp")
    db.session.add(row)
    if settings is None:
        return row
    # defer: hand the message to SMTP only after the response has gone out, so a page answers
    # in the same time whether or not it sent a mail (password reset, R-A7).
    if defer and has_request_context():
        @after_this_request
        def _send_after_response(response):
            response.call_on_close(lambda: deliver(settings, to, subject, body))
            return response
    elif not deliver(settings, to, subject, body):
        row.sent_via = "smtp-failed"
    return row


def link_base() -> str:
    """Return the base URL for links in mails: PUBLIC_URL, never the request's Host (#13)."""
    return current_app.config["PUBLIC_URL"]
