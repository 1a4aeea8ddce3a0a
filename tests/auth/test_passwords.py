"""The password policy (R-A2) and the users CLI."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from notes_app.auth.models import User
from notes_app.auth.passwords import common_passwords, policy_problems
from notes_app.extensions import db


@pytest.mark.parametrize("password, ok", [
    ("a" * 11, False),
    ("kiwi lantern z", True),
    ("Password123456", False),
    ("qwertyuiopasdf", False),  # a keyboard walk (zxcvbn, #13 item 5)
    ("onlylowercaseletters", True),
    ("ünïcødé-ßtrïñg-漢字-" * 6 + "xy", True),
    ("x" * 129, False),
    ("harbourstreet2024!", False),
    ("my massage sessions", False),
])
def test_policy(password, ok):
    problems = policy_problems(password, context_words=("Harbour Street", "harbourstreet"))
    assert (problems == []) is ok, problems


def test_common_list_is_large():
    assert len(common_passwords()) >= 19000


def test_long_passwords_are_not_truncated(world, app):
    from notes_app.auth.passwords import hash_password, verify_password

    base = "p" * 63
    with app.app_context():
        stored = hash_password(base + "a")
        assert verify_password(stored, base + "a")
        assert not verify_password(stored, base + "b")


def test_cli_creates_a_user_after_prompting(runner, app, make_clinic):
    make_clinic("Cli Clinic")
    result = runner.invoke(args=["users", "create", "--email", "New@Cli.Test",
                                 "--name", "New Person", "--role", "therapist",
                                 "--clinic", "Cli Clinic"],
                           input="lantern kiwi orbit\nlantern kiwi orbit\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "new@cli.test"))
        assert user.role == "therapist" and user.clinic.name == "Cli Clinic"


def test_cli_refuses_a_weak_password(runner, app, make_clinic):
    make_clinic("Cli Clinic")
    result = runner.invoke(args=["users", "create", "--email", "w@cli.test", "--name", "W",
                                 "--role", "admin", "--clinic", "Cli Clinic"],
                           input="short\nshort\n")
    assert result.exit_code != 0 and "at least 12" in result.output
