"""Aftercare sheets: choosing advice for a session, issuing the sheet and rendering its PDF."""
