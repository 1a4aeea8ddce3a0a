"""Models of the portal feature."""
