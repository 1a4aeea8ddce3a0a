"""Models of the admin feature."""
