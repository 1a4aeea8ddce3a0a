"""Backups: consistent copies, a canonical export to compare them, verify and restore (R-D1-D3)."""
