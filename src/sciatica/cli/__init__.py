"""The `sciatica` command line: a thin adapter around `sciatica.assess` and the knowledge base."""
