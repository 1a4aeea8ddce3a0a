"""The expected failures services raise and views turn into form errors (the DomainError family)."""
from __future__ import annotations


class DomainError(Exception):
    """An expected failure a view maps onto a form error."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ReauthRequired(DomainError):
    """The user has not confirmed their password in the last few minutes (R-A8)."""


class LinkError(Exception):
    """A link that cannot be used: kind is "unknown", "spent" or "expired"."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def show_on_form(form, exc: DomainError, fallback: str | None = None) -> None:
    """Put a DomainError's message on the form field it names, else on the fallback field.

    A dotted field ("consent.typed_name") reaches into a sub-form; with neither a matching field
    nor a fallback the message goes to the form's own error list.
    """
    target = _field(form, exc.field) if exc.field else None
    if target is None and fallback:
        target = _field(form, fallback)
    if target is None:
        form.form_errors.append(exc.message)
        return
    target.errors = [*target.errors, exc.message]


def _field(form, name: str):
    node = form
    for part in name.split("."):
        try:
            node = node[part]
        except (KeyError, TypeError):
            return None
    return node if hasattr(node, "errors") else None
