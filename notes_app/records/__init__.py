"""A client's record for other clinicians: the FHIR export (loader, staff download page)."""
