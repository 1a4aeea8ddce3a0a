"""Accounts: clinics, users, login sessions, passwords and lockout."""
