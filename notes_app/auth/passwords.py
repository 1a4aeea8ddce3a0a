"""Password hashing (argon2id, R-A1) and the password policy (R-A2)."""
from __future__ import annotations

import gzip
import re
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 128
_COMMON_FILE = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt.gz"
# Words that make a password guessable for this product whatever else surrounds them.
PRODUCT_WORDS = ("massage", "knotwork", "therapist", "password")
# zxcvbn score 0–4; 3 means about 10^8 guesses or more, "safely unguessable" for an online attack
# and a slow offline one (argon2id).
MIN_STRENGTH = 3


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """Return the bundled list of ~20,000 common passwords, lower-cased."""
    with gzip.open(_COMMON_FILE, "rt", encoding="utf-8") as fh:
        return frozenset(line.strip().lower() for line in fh if line.strip())


def hasher() -> PasswordHasher:
    """Return an argon2id hasher with the app's configured parameters."""
    params = current_app.config["ARGON2_PARAMS"]
    return PasswordHasher(**params)


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Check a password against a stored hash without raising."""
    try:
        return hasher().verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Tell whether a hash was made with weaker parameters than configured now."""
    try:
        return hasher().check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


@lru_cache(maxsize=4)
def _dummy_hash(params: tuple) -> str:
    return PasswordHasher(**dict(params)).hash("dummy password for timing equalisation")


def burn_verify(password: str) -> None:
    """Run one verify against a dummy hash so unknown users cost the same time (R-A4)."""
    params = tuple(sorted(current_app.config["ARGON2_PARAMS"].items()))
    verify_password(_dummy_hash(params), password)


def policy_problems(password: str, *, context_words: tuple[str, ...] = ()) -> list[str]:
    """Return what is wrong with a new password, empty when it is acceptable."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Use at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        problems.append(f"Use at most {MAX_LENGTH} characters.")
    lowered = password.lower()
    # "Password123456" is the list's "password" with digits bolted on: still guessable.
    core = re.sub(r"[\d\W_]+$", "", lowered)
    common = common_passwords()
    if lowered in common or (len(core) >= 4 and core in common):
        problems.append("This password is too common; choose a longer phrase of unrelated words.")
    words = [w.lower() for w in (*PRODUCT_WORDS, *context_words) if w and len(w) >= 4]
    strength = _estimate(password, words) if MIN_LENGTH <= len(password) <= MAX_LENGTH else None
    for word in words:
        squashed = re.sub(r"\s+", "", word)
        if word in lowered or squashed in lowered or (strength and strength["personal"]):
            problems.append("Don't build the password from your name, email or the clinic's name.")
            break
    if strength and strength["score"] < MIN_STRENGTH and not problems:
        problems.append(" ".join(filter(None, (
            "This password is too easy to guess.", strength["warning"],
            strength["suggestion"] or "A few unrelated words make a strong, memorable password."))))
    return problems


def _estimate(password: str, words: list[str]) -> dict:
    # zxcvbn finds dictionary words, keyboard walks, repeats, sequences, dates and l33t
    # spellings, also of the user's own words (user_inputs), so "K3lpStr33t" is caught.
    result = zxcvbn(password, user_inputs=words, max_length=MAX_LENGTH)
    personal = any(m.get("dictionary_name") == "user_inputs" for m in result["sequence"])
    feedback = result["feedback"]
    return {"score": result["score"], "personal": personal,
            "warning": feedback.get("warning") or "",
            "suggestion": (feedback.get("suggestions") or [""])[0]}
