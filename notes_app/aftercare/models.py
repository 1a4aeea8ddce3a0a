"""Models of the aftercare feature."""
