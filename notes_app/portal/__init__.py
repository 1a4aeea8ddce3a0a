"""The client portal: a client's own records, never anyone else's."""
