"""Client records of a clinic: list, search, create, edit, archive."""
