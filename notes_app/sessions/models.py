"""Models of the sessions feature."""
