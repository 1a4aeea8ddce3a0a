"""admin feature package."""
