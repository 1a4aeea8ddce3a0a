"""Who may call which route: one policy decorator every view declares (R-Z1, R-Z2)."""
from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user

from notes_app.extensions import login_manager

PUBLIC = "public"
STAFF = ("admin", "therapist")
CLINICAL = ("therapist",)
CLIENT = ("client",)
ANY_USER = ("admin", "therapist", "client")


def policy(*roles: str):
    """Declare who may call a view: "public", or the roles allowed after login."""
    allowed = tuple(roles)

    def decorator(view):
        if allowed == (PUBLIC,):
            view.access_policy = allowed
            return view

        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        wrapped.access_policy = allowed
        return wrapped

    return decorator
