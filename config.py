"""Configuration classes; the environment is read here and nowhere else."""
from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
DEV_SECRET = "dev-only-secret-do-not-use-in-production"


def _sqlite_url(name: str) -> str:
    return f"sqlite:///{INSTANCE_DIR / name}"


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw and raw.isdigit() else default


def development_public_url() -> str:
    """Return the base of links in mails for local use: PUBLIC_URL, else SERVER_HOST:PORT."""
    if os.environ.get("PUBLIC_URL"):
        return os.environ["PUBLIC_URL"].rstrip("/")
    return f"http://{os.environ.get('SERVER_HOST') or '127.0.0.1'}:{_int_env('PORT', 5000)}"


def check_public_url(url: str) -> str:
    """Return an https:// base URL without a trailing slash, or raise RuntimeError."""
    parts = urlsplit(url or "")
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        raise RuntimeError(
            "PUBLIC_URL must be set to the site's https:// address, e.g. "
            "https://notes.clinic.example: links in mails are built from it, never from the "
            "request's Host header")
    return url.rstrip("/")


class Config:
    """Settings shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET)
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or _sqlite_url("knotwork.sqlite")
    SQLALCHEMY_ECHO = False
    # R-W4: bodies above 2 MiB are refused with 413 before a view sees them.
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # R-W1: the CSRF token lives as long as the login session, so a long note never dies at submit.
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)
    # R-S3 timeouts, in minutes; configurable per deployment.
    STAFF_IDLE_MINUTES = _int_env("STAFF_IDLE_MINUTES", 15)
    STAFF_ABSOLUTE_MINUTES = _int_env("STAFF_ABSOLUTE_MINUTES", 600)
    CLIENT_IDLE_MINUTES = _int_env("CLIENT_IDLE_MINUTES", 15)
    CLIENT_ABSOLUTE_MINUTES = _int_env("CLIENT_ABSOLUTE_MINUTES", 240)
    # R-A3: consecutive failures before a lock, and how long the lock lasts.
    LOCKOUT_THRESHOLD = 10
    LOCKOUT_MINUTES = 15
    # Per address: this many failed sign-ins or re-confirmations in the window → 429 (R-A3).
    IP_FAILURE_LIMIT = 100
    IP_FAILURE_WINDOW_MINUTES = 15
    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted (ProxyFix);
    # 0 = none: the header is ignored, so a client cannot pick its own address.
    TRUSTED_PROXIES = _int_env("TRUSTED_PROXIES", 0)
    # R-A1: argon2id at argon2-cffi's RFC 9106 low-memory defaults (t=3, m=64 MiB, p=4).
    ARGON2_PARAMS = {"time_cost": 3, "memory_cost": 65536, "parallelism": 4}
    INTAKE_MAX_AGE_MONTHS = _int_env("INTAKE_MAX_AGE_MONTHS", 12)
    # Outgoing mail: SMTP when MAIL_SERVER is set, otherwise mails land in the outbox table.
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = _int_env("MAIL_PORT", 0) or None
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1").strip().lower() not in {"0", "false", "no"}
    MAIL_FROM = os.environ.get("MAIL_FROM") or None
    # Links in mails are built from this base URL only, never from the request's Host header
    # (a forged Host would send reset links to another site, #13 item 1).
    PUBLIC_URL = development_public_url()
    CLIENTS_PER_PAGE = 20
    HSTS = False
    DEMO_ALLOWED = True


class DevelopmentConfig(Config):
    """Local use: embedded SQLite under instance/."""

    DEBUG = False


class TestingConfig(Config):
    """The test suite: cheap hashing, CSRF off unless a test turns it on."""

    TESTING = True
    SECRET_KEY = "testing-secret-key-not-for-production-0123456789"
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or _sqlite_url("test.sqlite")
    WTF_CSRF_ENABLED = False
    PUBLIC_URL = "http://localhost"  # the test client's host, so tests can follow mailed links
    # Tests hash hundreds of passwords; the production parameters are asserted separately.
    ARGON2_PARAMS = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}


class ProductionConfig(Config):
    """Clinic deployments behind gunicorn and TLS."""

    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-session"
    HSTS = True
    DEMO_ALLOWED = False

    @classmethod
    def check(cls) -> None:
        """Refuse to start with a weak secret or without an https:// PUBLIC_URL."""
        secret = os.environ.get("SECRET_KEY", "")
        if not secret or secret == DEV_SECRET or len(secret) < 32 or len(set(secret)) < 8:
            raise RuntimeError(
                "SECRET_KEY must be set to a random value of at least 32 characters "
                "(python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
        cls.SECRET_KEY = secret
        cls.PUBLIC_URL = check_public_url(os.environ.get("PUBLIC_URL") or "")


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    """Pick the config class named by KNOTWORK_ENV (default: development)."""
    return CONFIGS.get(os.environ.get("KNOTWORK_ENV", "development"), DevelopmentConfig)
