"""Patient records on the web: their pages and their REST API (the storage itself, with its rules
of access, is `sciatica.records`)."""
