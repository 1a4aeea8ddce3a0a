"""N_ marks vocabulary for translation (pybabel -k N_) without importing Flask into the core."""
from __future__ import annotations


def N_(text: str) -> str:  # noqa: N802 (gettext's conventional name for a no-op marker)
    """Return text unchanged; the form and page layers translate it for the reader."""
    return text
