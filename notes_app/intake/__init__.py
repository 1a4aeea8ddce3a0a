"""intake feature package."""
