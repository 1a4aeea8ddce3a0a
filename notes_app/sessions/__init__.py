"""sessions feature package."""
