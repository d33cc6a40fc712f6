"""The HTTP API: assess, self-check, free text, FHIR and CDS Hooks."""
